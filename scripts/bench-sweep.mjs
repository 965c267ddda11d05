// Benchmark: `nndf sweep` (docs/sweep.md).
// 1. A 64-point sweep (AlexNet, batch 16, exhaustive search: about 0.1 s a
//    point) with `-p 1` and `-p N` (default 2), runs alternating; prints the
//    median wall time of each, the speed-up (target: 1.8x or more on 2 cores)
//    and the CPU time, and checks that both print the same bytes.
// 2. A 10,000-point sweep of AlexNet with the loop-blocking solver, run to
//    completion with `-p N`: its time and peak memory, beside a 1,000-point
//    sweep of the same kind (flat memory: the peaks are about the same).
//
//   node scripts/bench-sweep.mjs [--runs N] [--threads N] [--bin PATH/nndf] [--skip-large]
//
// Run it on an idle machine: on a busy one the second thread waits for a core.
import { spawnSync } from 'node:child_process';
import {
  existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option } from './bench-args.mjs';
import { capacityLine } from './bench-capacity.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const runs = Number(option('--runs', '3'));
const threads = Number(option('--threads', '2'));
const bin = option('--bin', join(root, 'build/native/nndf'));
for (const [name, value, min] of [['--runs', runs, 1], ['--threads', threads, 2]]) {
  if (!Number.isInteger(value) || value < min) {
    console.error(`bench-sweep: ${name} must be a whole number from ${min}`);
    process.exit(1);
  }
}
if (!existsSync(bin)) {
  console.error(`bench-sweep: ${bin} does not exist (npm run build:native)`);
  process.exit(1);
}
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) {
  console.error(`bench-sweep: ${TIME} is missing (the Debian package "time"): it measures peak memory`);
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'nndf-bench-sweep-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const ALEX = {
  network: 'alex_net', nodes: [1, 1], array: [16, 16],
};
const SWEEP_64 = {
  version: 1,
  base: { ...ALEX, batch: 16, regf: 512 },
  axes: [
    { path: 'gbuf', range: { from: 16384, to: 2097152, times: 2 } },
    { path: 'hop_cost', range: { from: 1, to: 8, steps: 8 } },
  ],
};
/** An AlexNet solver sweep of 10 x 10 x `hops` points. */
const solverSweep = (/** @type {number} */ hops) => ({
  version: 1,
  base: { ...ALEX, batch: 1, solve_loopblocking: true },
  axes: [
    { path: 'gbuf', range: { from: 16384, to: 1048576, steps: 10, scale: 'geometric' } },
    { path: 'regf', range: { from: 64, to: 640, steps: 10 } },
    { path: 'hop_cost', range: { from: 0.1, to: 10, steps: hops } },
  ],
});

/**
 * One run of `nndf sweep` under /usr/bin/time -v: wall and CPU seconds, peak
 * resident memory (kB) and the lines' text.
 */
function timedSweep(/** @type {object} */ doc, /** @type {number} */ p, /** @type {string} */ name) {
  const file = join(dir, `${name}.json`);
  const out = join(dir, `${name}-p${p}.jsonl`);
  writeFileSync(file, JSON.stringify(doc));
  rmSync(out, { force: true });
  const r = spawnSync(TIME, ['-v', bin, 'sweep', file, '-p', String(p), '--out', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`nndf sweep ${name} -p ${p} failed: ${r.stderr}`);
  const field = (/** @type {string} */ label) => {
    const m = r.stderr.match(new RegExp(`${label}: (.*)`));
    if (!m) throw new Error(`no "${label}" in the output of ${TIME} -v`);
    return m[1].trim();
  };
  const wall = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)').split(':').reduce((t, x) => t * 60 + Number(x), 0);
  const cpu = Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)'));
  return {
    wall, cpu, peakKb: Number(field('Maximum resident set size \\(kbytes\\)')), text: readFileSync(out, 'utf8'),
  };
}

const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const table = (/** @type {string[][]} */ rows) => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
};

console.log(`cores ${availableParallelism()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(await capacityLine(threads));
console.log(`\n64-point sweep (AlexNet b16, exhaustive), ${runs} runs each, alternating:`);
const one = [];
const many = [];
for (let i = 0; i < runs; i++) {
  const a = timedSweep(SWEEP_64, 1, 'sweep64');
  const b = timedSweep(SWEEP_64, threads, 'sweep64');
  if (a.text !== b.text) {
    console.error(`bench-sweep: -p 1 and -p ${threads} print different lines`);
    process.exit(1);
  }
  one.push(a);
  many.push(b);
}
const w1 = median(one.map((r) => r.wall));
const wn = median(many.map((r) => r.wall));
table([
  ['run', 'wall s', 'CPU s', 'peak MB'],
  ['-p 1', w1.toFixed(2), median(one.map((r) => r.cpu)).toFixed(2), (median(one.map((r) => r.peakKb)) / 1024).toFixed(1)],
  [`-p ${threads}`, wn.toFixed(2), median(many.map((r) => r.cpu)).toFixed(2), (median(many.map((r) => r.peakKb)) / 1024).toFixed(1)],
]);
console.log(`speed-up ${(w1 / wn).toFixed(2)}x (target 1.8x on 2 cores); same lines: yes`);

if (!argv.includes('--skip-large')) {
  console.log(`\nAlexNet solver sweeps, -p ${threads}, run to completion:`);
  const rows = [['points', 'wall s', 'CPU s', 'ms/point', 'peak MB', 'statuses']];
  for (const hops of [10, 100]) {
    const r = timedSweep(solverSweep(hops), threads, `solver${hops}`);
    const lines = r.text.split('\n').filter(Boolean);
    /** @type {Record<string, number>} */
    const statuses = {};
    for (const l of lines) {
      const { status } = JSON.parse(l);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    if (lines.length !== hops * 100) throw new Error(`expected ${hops * 100} lines, got ${lines.length}`);
    rows.push([String(lines.length), r.wall.toFixed(1), r.cpu.toFixed(1), (r.wall / lines.length * 1000).toFixed(1),
      (r.peakKb / 1024).toFixed(1), Object.entries(statuses).map(([k, v]) => `${k} ${v}`).join(', ')]);
  }
  table(rows);
}
