// Benchmark: the parallel search's speed-up. Runs golden cases with `-p 1`
// and `-p N` (default 2) in the same loop, their runs alternating, and
// prints per case the median search time (`elapsed`) of each, the speed-up,
// the serial fraction it implies (Amdahl: s = (N / speed-up - 1) / (N - 1))
// and the speed-up that fraction predicts on 8 and 16 cores. It also checks
// that both print the same result but for `nprocesses` and `elapsed`.
//
//   node scripts/bench-threads.mjs [--runs N] [--threads N] [--gate X] [--bin PATH/nndf] [CASE ...]
//
// Run it on an idle machine: on a busy one the extra threads wait for a core.
// The host of a VM may give its cores less than it says
// (scripts/bench-capacity.mjs). With --gate X, a pair of runs is kept only
// if N busy loops ran at least X times as fast as one just before and just
// after it, and a pair left out is run again, up to four times --runs pairs
// in all (the default, 0, keeps every pair). The `kept` column says how
// many pairs of how many counted. On 2026-12-03, --gate 1.8 kept 7 of 44
// pairs per case: the host was giving less most of the time.
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { casesNamed, median, timedSearch } from './golden-cases.mjs';
import { option } from './bench-args.mjs';
import { capacityLine, gateOption, gatedRuns } from './bench-capacity.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const VALUED = ['--runs', '--threads', '--gate', '--bin'];
const runs = Number(option('--runs', '5'));
const threads = Number(option('--threads', '2'));
const gate = gateOption(option('--gate', null), 'bench-threads');
const bin = option('--bin', join(root, 'build/native/nndf'));
const only = argv.filter((a, i) => !a.startsWith('--') && !VALUED.includes(argv[i - 1]));
const DEFAULT_CASES = ['isca16_alex_b16_exhaustive', 'alex_b16_tangram_8x8', 'googlenet_b4_4x4_bufshr'];

for (const [name, value, min] of [['--runs', runs, 1], ['--threads', threads, 2]]) {
  if (!Number.isInteger(value) || value < min) {
    console.error(`bench-threads: ${name} must be a whole number from ${min}`);
    process.exit(1);
  }
}
if (!existsSync(bin)) {
  console.error(`bench-threads: ${bin} does not exist (npm run build:native)`);
  process.exit(1);
}
const cases = casesNamed(only.length > 0 ? only : DEFAULT_CASES, 'bench-threads');

const withoutRunFacts = (/** @type {string} */ text) =>
  text.replace(/"elapsed": [^,]*,/, '').replace(/"nprocesses": \d+,/, '');

const amdahl = (/** @type {number} */ s, /** @type {number} */ n) => 1 / (s + (1 - s) / n);

console.log(`cores ${availableParallelism()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${runs} runs each, alternating`);
console.log(await capacityLine(threads));
const header = ['case', 'kept', '-p 1 s', `-p ${threads} s`, 'speed-up', 'serial', 'on 8', 'on 16'];
const rows = [header];
for (const c of cases) {
  const { kept, calls: pairs } = await gatedRuns({ runs, gate, threads }, () => {
    const a = timedSearch(bin, c.args, 1);
    const b = timedSearch(bin, c.args, threads);
    if (withoutRunFacts(a.text) !== withoutRunFacts(b.text)) {
      console.error(`bench-threads: ${c.name}: -p 1 and -p ${threads} print different results`);
      process.exit(1);
    }
    return [a.elapsed, b.elapsed];
  });
  const one = kept.map(([a]) => a);
  const many = kept.map(([, b]) => b);
  if (one.length === 0) {
    rows.push([c.name, `0/${pairs}`, '-', '-', '-', '-', '-', '-']);
    continue;
  }
  const t1 = median(one);
  const tn = median(many);
  const speedup = t1 / tn;
  const serial = Math.min(1, Math.max(0, (threads / speedup - 1) / (threads - 1)));
  rows.push([c.name, `${one.length}/${pairs}`, t1.toFixed(4), tn.toFixed(4), `${speedup.toFixed(2)}x`, `${(serial * 100).toFixed(1)}%`,
    `${amdahl(serial, 8).toFixed(1)}x`, `${amdahl(serial, 16).toFixed(1)}x`]);
}
const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((v, i) => v.padEnd(widths[i])).join('  '));
console.log(`load average after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(await capacityLine(threads));
