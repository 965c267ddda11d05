#!/usr/bin/env node
// Runs build/native/nndf on every golden case (scripts/golden-cases.mjs) and
// compares each result with its golden file (scripts/golden-diff.mjs, strict).
// Prints one row per case: name, match / differs / error, and the run time.
// Exit status 1 if any case differs or fails.
//
// usage: node scripts/golden-all.mjs [CASE...] [--nndf PATH] [--show N]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { readCases, repoRoot } from './golden-cases.mjs';
import { goldenDiff, parsePyJson } from './golden-diff.mjs';

const repo = (/** @type {string} */ p) => fileURLToPath(new URL(`../${p}`, import.meta.url));

const argv = process.argv.slice(2);
let nndf = repo('build/native/nndf');
let show = 5;
/** @type {string[]} */
const only = [];
for (let i = 0; i < argv.length; ++i) {
  if (argv[i] === '--nndf') nndf = argv[++i];
  else if (argv[i] === '--show') show = Number(argv[++i]);
  else only.push(argv[i]);
}

const cases = readCases().filter(({ name }) => only.length === 0 || only.includes(name));
for (const name of only) {
  if (!cases.some((c) => c.name === name)) {
    process.stderr.write(`golden-all: no golden case '${name}'\n`);
    process.exit(2);
  }
}

const rows = [];
let failures = 0;
for (const { name, args } of cases) {
  const t0 = process.hrtime.bigint();
  const run = spawnSync(nndf, ['search', ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (run.error) {
    process.stderr.write(`golden-all: cannot run ${nndf}: ${run.error.message} (npm run build:native?)\n`);
    process.exit(2);
  }
  let status;
  let details = [];
  const stderr = run.stderr.trim();
  if (run.status !== 0) {
    status = `error (exit ${run.status})`;
    details = [stderr];
    failures += 1;
  } else {
    const gold = parsePyJson(readFileSync(repo(`tests/golden/${name}.json`), 'utf8'));
    const { bad } = goldenDiff(gold, parsePyJson(run.stdout), { strict: true });
    status = bad.length ? `differs (${bad.length})` : 'match';
    details = bad;
    if (bad.length) failures += 1;
  }
  rows.push({ name, status, seconds, details });
}

const w1 = Math.max(4, ...rows.map((r) => r.name.length));
const w2 = Math.max(6, ...rows.map((r) => r.status.length));
const line = (/** @type {string} */ a, /** @type {string} */ b, /** @type {string} */ c) => `${a.padEnd(w1)}  ${b.padEnd(w2)}  ${c.padStart(8)}\n`;
process.stdout.write(line('case', 'result', 'time/s'));
process.stdout.write(line('-'.repeat(w1), '-'.repeat(w2), '-'.repeat(8)));
for (const r of rows) {
  process.stdout.write(line(r.name, r.status, r.seconds.toFixed(2)));
  for (const d of r.details.slice(0, show)) process.stdout.write(`    ${d}\n`);
}
process.stdout.write(`${rows.length} cases: ${rows.length - failures} match, ${failures} fail\n`);
process.exitCode = failures ? 1 : 0;
