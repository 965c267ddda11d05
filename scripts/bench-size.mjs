// Benchmark: how a search's cost grows with the network. Generates chains of
// identical FC layers and a wide fan-in (an eltwise reading many small layers
// of the input) as network files, runs `nndf search` on each (one core) and
// prints per network: wall time of the whole process, its CPU time (user +
// system: on a busy machine the wall time also counts waiting for a core),
// search time (the result's `elapsed`), search time per layer and peak memory
// (max RSS).
//
//   node scripts/bench-size.mjs [--sizes 100,200,400,1000,2000] [--fanin 256]
//        [--configs base,hybrid,ilp] [--timeout S] [--bin PATH/nndf] [--keep]
//
// Configurations: base = one node, hybrid = 2x2 nodes with hybrid
// partitioning, ilp = 2x2 nodes with inter-layer pipelining. A run that
// exceeds the timeout (default 600 s) is stopped and shown as such, so an old
// build's growth can still be measured.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { runTimed } from './run-timed.mjs';
import { option } from './bench-args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const argv = process.argv.slice(2);
const sizes = option('--sizes', '100,200,400,1000,2000').split(',').filter(Boolean).map(Number);
const fanin = Number(option('--fanin', '256'));
const configNames = option('--configs', 'base,hybrid,ilp').split(',').filter(Boolean);
const timeoutS = Number(option('--timeout', '600'));
const cli = option('--bin', join(root, 'build/native/nndf'));
const keep = argv.includes('--keep');

const common = ['--batch', '8', '--array', '16', '16', '--regf', '512', '--gbuf', '131072',
  '--solve-loopblocking', '-p', '1'];
/** @type {Record<string, string[]>} */
const configs = {
  base: ['--nodes', '1', '1'],
  hybrid: ['--nodes', '2', '2', '--hybrid-partition'],
  ilp: ['--nodes', '2', '2', '--hybrid-partition', '--interlayer-partition'],
};
for (const c of configNames) {
  if (!configs[c]) {
    console.error(`bench-size: unknown configuration '${c}' (expected ${Object.keys(configs).join(', ')})`);
    process.exit(1);
  }
}
if (!existsSync(cli)) {
  console.error(`bench-size: ${cli} is missing; run npm run build:native first`);
  process.exit(1);
}
const timeBin = '/usr/bin/time';
if (!existsSync(timeBin)) {
  console.error('bench-size: /usr/bin/time is missing (Debian package "time"); run npm run setup');
  process.exit(1);
}

/** A chain of n FC layers 256 -> 256 on a 256-channel 1x1 input. */
function chain(/** @type {number} */ n) {
  const layers = [];
  for (let i = 0; i < n; ++i) layers.push({ name: `fc${i}`, type: 'fc', nifm: 256, nofm: 256 });
  return { format: 'nndf-network/1', name: `chain${n}`, input: { nofm: 256, sofm: 1 }, layers };
}

/** n small FC layers of the input, merged by one eltwise layer. */
function fanIn(/** @type {number} */ n) {
  const layers = [];
  for (let i = 0; i < n; ++i) {
    layers.push({ name: `br${i}`, type: 'fc', nifm: 256, nofm: 8, prevs: ['__INPUT__'] });
  }
  layers.push({ name: 'merge', type: 'eltwise', nofm: 8, sofm: 1, nreg: n,
    prevs: layers.map((l) => l.name) });
  return { format: 'nndf-network/1', name: `fanin${n}`, input: { nofm: 256, sofm: 1 }, layers };
}

/**
 * Runs one search; resolves with wall time, CPU time, search time and max
 * RSS, or a reason it has none (timeout, failure).
 * @returns {Promise<{wall: number, cpu: number | null, elapsed: number | null, rssKb: number | null, error: string | null}>}
 */
async function run(/** @type {string} */ file, /** @type {string[]} */ args, /** @type {string} */ rssFile) {
  const r = await runTimed(timeBin, ['-f', '%M %U %S', '-o', rssFile, cli, 'search', file, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeoutMs: timeoutS * 1000,
    // Stop nndf itself (time(1)'s child, by its id); time then reports.
    stop: (child) => {
      const kids = `/proc/${child.pid}/task/${child.pid}/children`;
      const ids = existsSync(kids) ? readFileSync(kids, 'utf8').trim().split(/\s+/).filter(Boolean) : [];
      for (const id of ids) process.kill(Number(id), 'SIGTERM');
    },
  });
  // The last line (time(1) may first say how the command ended).
  const timeText = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n').pop() : '';
  const tm = /^(\d+) ([0-9.]+) ([0-9.]+)$/.exec(timeText ?? '');
  const rssKb = tm ? Number(tm[1]) : null;
  const cpu = tm ? Number(tm[2]) + Number(tm[3]) : null;
  const m = /"elapsed": ([0-9.eE+-]+)/.exec(r.stdout);
  let error = null;
  if (r.timedOut) error = `stopped after ${timeoutS} s`;
  else if (r.status !== 0) error = `exit ${r.status}: ${r.stderr.trim().split('\n').pop()}`;
  else if (!m) error = 'no result';
  return { wall: r.seconds, cpu, elapsed: m ? Number(m[1]) : null, rssKb, error };
}

const dir = mkdtempSync(join(tmpdir(), 'nndf-bench-size-'));
/** @type {{name: string, layers: number, file: string}[]} */
const nets = [];
for (const n of sizes) {
  const file = join(dir, `chain${n}.json`);
  writeFileSync(file, JSON.stringify(chain(n)));
  nets.push({ name: `chain ${n}`, layers: n, file });
}
if (fanin > 0) {
  const file = join(dir, `fanin${fanin}.json`);
  writeFileSync(file, JSON.stringify(fanIn(fanin)));
  nets.push({ name: `fan-in ${fanin}`, layers: fanin + 1, file });
}

const pad = (/** @type {unknown} */ s, /** @type {number} */ n) => String(s).padEnd(n);
const lpad = (/** @type {unknown} */ s, /** @type {number} */ n) => String(s).padStart(n);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`bench-size: ${cli}, ${cpus().length} cores, load average ${load()}`);
for (const cname of configNames) {
  const args = [...common, ...configs[cname]];
  console.log(`\n${cname}: nndf search NET.json ${args.join(' ')}`);
  console.log(`${pad('network', 14)} ${lpad('layers', 6)} ${lpad('wall s', 9)} ${lpad('cpu s', 9)} ${lpad('search s', 9)} ${lpad('ms/layer', 9)} ${lpad('max RSS MB', 11)}`);
  for (const net of nets) {
    const r = await run(net.file, args, join(dir, 'rss.txt'));
    const perLayer = r.elapsed === null ? '-' : (r.elapsed * 1000 / net.layers).toFixed(3);
    const rss = r.rssKb === null ? '-' : (r.rssKb / 1024).toFixed(1);
    const elapsed = r.elapsed === null ? '-' : r.elapsed.toFixed(3);
    const cpu = r.cpu === null ? '-' : r.cpu.toFixed(2);
    console.log(`${pad(net.name, 14)} ${lpad(net.layers, 6)} ${lpad(r.wall.toFixed(3), 9)} ${lpad(cpu, 9)} ${lpad(elapsed, 9)} ${lpad(perLayer, 9)} ${lpad(rss, 11)}${r.error ? `  (${r.error})` : ''}`);
  }
}
console.log(`\nload average after: ${load()}`);
if (keep) console.log(`networks kept in ${dir}`);
else rmSync(dir, { recursive: true, force: true });
