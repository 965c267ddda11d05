// The golden cases: tests/golden/CASES.tsv (shared), CASES_EXTRA.tsv (made
// here with the reference) and CASES_SLOW.tsv (made here; seconds even for
// us, so the unit tests leave them out), one per line: name, tab, the
// command line. The network is a built-in name or a network file; a file's
// path is relative to the repository root (tests/golden/nets/), so run the
// command lines from there (cwd: repoRoot).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { parsePyJson } from '../web/py-json.js';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));
export const goldenDir = fileURLToPath(new URL('../tests/golden/', import.meta.url));

/** Every case as {name, args, file}, shared cases first. */
export function readCases() {
  return ['CASES.tsv', 'CASES_EXTRA.tsv', 'CASES_SLOW.tsv']
    .filter((f) => existsSync(goldenDir + f))
    .flatMap((f) =>
      readFileSync(goldenDir + f, 'utf8')
        .split('\n')
        .filter((line) => line.includes('\t'))
        .map((line) => {
          const [name, args] = line.split('\t');
          return { name, args: args.trim().split(/\s+/), file: f };
        }),
    );
}

/** The cases of these names, in file order; exits with a message naming `tool` if one is missing. */
export function casesNamed(/** @type {string[]} */ names, /** @type {string} */ tool) {
  const cases = readCases().filter((c) => names.includes(c.name));
  const unknown = names.filter((w) => !cases.some((c) => c.name === w));
  if (unknown.length > 0) {
    console.error(`${tool}: no case ${unknown.join(', ')} in tests/golden/CASES*.tsv`);
    process.exit(1);
  }
  return cases;
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(/** @type {number[]} */ xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * One `nndf search` of a case's command line with `-p p`, by the binary
 * `bin`, from the repository root: its search time (`elapsed`, s) and its
 * printed text. Throws with nndf's message if it fails.
 */
export function timedSearch(/** @type {string} */ bin, /** @type {string[]} */ args, /** @type {number} */ p) {
  const r = spawnSync(bin, ['search', ...args, '-p', String(p)], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${bin} search ${args.join(' ')} -p ${p} failed: ${r.stderr}`);
  return { elapsed: /** @type {number} */ (parsePyJson(r.stdout).elapsed), text: r.stdout };
}
