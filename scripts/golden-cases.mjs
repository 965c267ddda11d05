// The golden cases: tests/golden/CASES.tsv (shared), CASES_EXTRA.tsv (made
// here with the reference) and CASES_SLOW.tsv (made here; seconds even for
// us, so the unit tests leave them out), one per line: name, tab, the
// command line. The network is a built-in name or a network file; a file's
// path is relative to the repository root (tests/golden/nets/), so run the
// command lines from there (cwd: repoRoot).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
