#!/usr/bin/env node
// Benchmark: `nndf search` as a whole process against its search alone.
//
//   node scripts/bench-startup.mjs [--runs N] [--threads N] [--bin PATH/nndf] [--baseline PATH/nndf ...] [CASE ...]
//
// Per case (default: the isca16 exhaustive case and a few others of
// tests/golden/CASES.tsv): the median wall time of N runs of the whole
// process (spawned from here and waited for; output read through a pipe),
// less the launcher's own cost, the median of the search's own `elapsed`
// field, and their difference, the overhead: process start, network
// loading, building and printing the result document, exit.
// Node's spawnSync costs several ms itself (it forks this large process), so
// `/bin/true` is timed in the same loop and its median, the launcher, is
// subtracted from every process time. `nndf --version` gives the floor of
// nndf (a process that starts and exits). Each --baseline, another binary,
// runs the same cases in the same loop, its runs alternating with this one's.
// Run it on an idle machine; medians of a busy one mostly show the load.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parsePyJson } from '../web/py-json.js';
import { casesNamed, median, repoRoot } from './golden-cases.mjs';
import { option } from './bench-args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const VALUED = ['--runs', '--bin', '--baseline', '--threads'];
const runs = Number(option('--runs', '21'));
// `-p` of every search; by default the tool's own (every core).
const threads = option('--threads', null);
const bin = option('--bin', join(root, 'build/native/nndf'));
const baselines = argv.flatMap((a, i) => (a === '--baseline' && i + 1 < argv.length ? [argv[i + 1]] : []));
const only = argv.filter((a, i) => !a.startsWith('--') && !VALUED.includes(argv[i - 1]));
const LAUNCHER = '/bin/true';
const DEFAULT_CASES = ['isca16_alex_b16_exhaustive', 'isca16_alex_b16_solver', 'isscc16_alex_b4', 'googlenet_b2_2x2', 'resnet50_b1_solver'];

if (!Number.isInteger(runs) || runs < 1) {
  console.error('bench-startup: --runs must be a whole number from 1');
  process.exit(1);
}
for (const b of [bin, ...baselines, LAUNCHER]) {
  if (b !== null && !existsSync(b)) {
    console.error(`bench-startup: ${b} does not exist (npm run build:native)`);
    process.exit(1);
  }
}
const cases = casesNamed(only.length > 0 ? only : DEFAULT_CASES, 'bench-startup');


/** One run of `binary args`: its wall time in ms and its standard output. */
function timed(/** @type {string} */ binary, /** @type {string[]} */ args) {
  const t0 = process.hrtime.bigint();
  const run = spawnSync(binary, args, {
    cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'],
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (run.status !== 0) throw new Error(`${binary} ${args.join(' ')} exited with ${run.status}`);
  return { ms, stdout: run.stdout };
}

/**
 * Median process times (launcher's subtracted) and search times of
 * `binaries` on `args`, runs interleaved with the launcher's.
 */
function measure(/** @type {string[]} */ binaries, /** @type {string[]} */ args, /** @type {boolean} */ search) {
  const walls = binaries.map(() => /** @type {number[]} */ ([]));
  const searches = binaries.map(() => /** @type {number[]} */ ([]));
  /** @type {number[]} */
  const launcher = [];
  for (let i = 0; i < runs; i += 1) {
    launcher.push(timed(LAUNCHER, []).ms);
    binaries.forEach((b, k) => {
      const { ms, stdout } = timed(b, args);
      walls[k].push(ms);
      if (search) searches[k].push(parsePyJson(stdout).elapsed * 1000);
    });
  }
  const floor = median(launcher);
  return {
    launcher: floor,
    times: binaries.map((_, k) => ({ wall: median(walls[k]) - floor, search: search ? median(searches[k]) : 0 })),
  };
}

const binaries = [/** @type {string} */ (bin), ...baselines];
const names = binaries.map((b, k) => (k === 0 ? '' : ` (baseline${baselines.length > 1 ? ` ${k}` : ''})`));
const pad = (/** @type {unknown} */ s, /** @type {number} */ n) => String(s).padEnd(n);
const num = (/** @type {number} */ x) => x.toFixed(1).padStart(9);
console.log(`bench-startup: ${runs} runs each, medians in ms, the launcher's (${LAUNCHER}) subtracted`);
binaries.forEach((b, k) => console.log(`  ${k === 0 ? 'nndf' : `baseline${baselines.length > 1 ? ` ${k}` : ''}`}: ${b}`));
console.log(`${pad('case', 46)} ${'process'.padStart(9)} ${'search'.padStart(9)} ${'overhead'.padStart(9)} ${'launcher'.padStart(9)}`);
const floor = measure(binaries, ['--version'], false);
floor.times.forEach((f, k) => console.log(`${pad(`(start and exit: nndf --version)${names[k]}`, 46)} ${num(f.wall)} ${num(0)} ${num(f.wall)} ${num(floor.launcher)}`));
for (const c of cases) {
  const m = measure(binaries, ['search', ...c.args, ...(threads ? ['-p', threads] : [])], true);
  m.times.forEach((x, k) => console.log(`${pad(`${c.name}${names[k]}`, 46)} ${num(x.wall)} ${num(x.search)} ${num(x.wall - x.search)} ${num(m.launcher)}`));
}
