// Benchmark: two builds of nndf side by side (a change against the build
// before it). Runs golden cases with each binary at `-p 1` and `-p N`
// (default 2), all four alternating run by run, and prints per case the
// median search time (`elapsed`) of each, each binary's speed-up and the
// new binary's time over the old one's. It also checks that both print the
// same result but for `elapsed`.
//
//   node scripts/bench-ab.mjs --old PATH/nndf [--new PATH/nndf] [--runs N] [--threads N] [CASE ...]
//
// `--new` defaults to this checkout's build; the old one is, say, a
// worktree of the commit before built with `npm run build:native`. Run it
// on an idle machine.
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';

import { casesNamed, median, repoRoot, timedSearch } from './golden-cases.mjs';
import { option } from './bench-args.mjs';

const argv = process.argv.slice(2);
const VALUED = ['--runs', '--threads', '--old', '--new'];
const runs = Number(option('--runs', '9'));
const threads = Number(option('--threads', '2'));
const bins = { old: option('--old', ''), new: option('--new', join(repoRoot, 'build/native/nndf')) };
const only = argv.filter((a, i) => !a.startsWith('--') && !VALUED.includes(argv[i - 1]));

for (const [name, value, min] of [['--runs', runs, 1], ['--threads', threads, 2]]) {
  if (!Number.isInteger(value) || value < min) {
    console.error(`bench-ab: ${name} must be a whole number from ${min}`);
    process.exit(1);
  }
}
for (const [which, bin] of Object.entries(bins)) {
  if (!bin || !existsSync(bin)) {
    console.error(`bench-ab: --${which} ${bin || '(missing)'}: no such nndf binary`);
    process.exit(1);
  }
}
const cases = casesNamed(only.length > 0 ? only : ['alex_b16_tangram_8x8'], 'bench-ab');

const withoutElapsed = (/** @type {string} */ text) => text.replace(/"elapsed": [^,]*,/, '');

console.log(`cores ${availableParallelism()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${runs} runs each, alternating`);
console.log(`old ${bins.old}\nnew ${bins.new}`);
const header = ['case', 'old -p 1 s', `old -p ${threads} s`, 'old x', 'new -p 1 s', `new -p ${threads} s`, 'new x', 'new/old -p 1', `new/old -p ${threads}`];
const rows = [header];
for (const c of cases) {
  /** @type {Record<string, number[]>} */
  const times = {};
  for (let r = 0; r < runs; r += 1) {
    for (const p of [1, threads]) {
      /** @type {Record<string, string>} */
      const texts = {};
      for (const [which, bin] of Object.entries(bins)) {
        const { elapsed, text } = timedSearch(bin, c.args, p);
        (times[`${which}${p}`] ??= []).push(elapsed);
        texts[which] = withoutElapsed(text);
      }
      if (texts.old !== texts.new) throw new Error(`${c.name} -p ${p}: the two binaries print different results`);
    }
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const [o1, on, n1, nn] = [m.old1, m[`old${threads}`], m.new1, m[`new${threads}`]];
  rows.push([c.name, o1.toFixed(4), on.toFixed(4), `${(o1 / on).toFixed(2)}x`, n1.toFixed(4), nn.toFixed(4), `${(n1 / nn).toFixed(2)}x`,
    (n1 / o1).toFixed(3), (nn / on).toFixed(3)]);
}
const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((v, i) => v.padEnd(widths[i])).join('  '));
console.log(`load average after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
