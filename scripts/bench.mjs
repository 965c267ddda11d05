// Benchmark: nndf search on every golden case against the reference's
// recorded search time (`elapsed` in the golden file, one core of this
// machine kind), and the wasm build on the same cases under Node.
//
//   node scripts/bench.mjs [--runs N] [--no-wasm] [CASE ...]
//
// Prints per case the median search time of N runs (the `elapsed` field, which
// like the reference's excludes start-up and output), the reference's time
// and the ratio; the same field for the wasm build.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { goldenDir, readCases, repoRoot } from './golden-cases.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'build/native/nndf');

const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
const withWasm = !argv.includes('--no-wasm');
const only = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs');

if (!existsSync(cli)) {
  console.error('bench: build/native/nndf is missing; run npm run build:native first');
  process.exit(1);
}

const cases = readCases().filter((c) => only.length === 0 || only.includes(c.name));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Parses the Python-style JSON the engine writes (bare Infinity/NaN). */
const parsePy = (text) => JSON.parse(text.replace(/\bNaN\b|-?\bInfinity\b/g, 'null'));

/** The run document of a case's command line, for the wasm engine. */
function runDocument(args) {
  // A network file (a path from the repository root) goes in as its document.
  const network = args[0].includes('/') || args[0].endsWith('.json')
    ? JSON.parse(readFileSync(join(repoRoot, args[0]), 'utf8'))
    : args[0];
  const doc = { network, cost: {}, options: {} };
  const flags = {
    '--batch': ['batch', 1], '--word': ['word', 1], '--nodes': ['nodes', 2], '--array': ['array', 2],
    '--regf': ['regf', 1], '--gbuf': ['gbuf', 1], '--bus-width': ['bus_width', 1],
    '--dram-bw': ['dram_bw', 1], '--mem-type': ['mem_type', 1, String],
    '--op-cost': ['cost.op', 1], '--hier-cost': ['cost.hier', 4], '--hop-cost': ['cost.hop', 1],
    '--unit-idle-cost': ['cost.unit_idle', 1], '-g': ['options.goal', 1, String],
    '--goal': ['options.goal', 1, String], '-t': ['options.top', 1], '--top': ['options.top', 1],
    '--layer-pipeline-time-overhead': ['options.layer_pipeline_time_overhead', 1],
    '--layer-pipeline-max-degree': ['options.layer_pipeline_max_degree', 1],
  };
  const switches = ['solve-loopblocking', 'enable-access-forwarding', 'enable-gbuf-sharing',
    'enable-save-writeback', 'disable-interlayer-opt', 'hybrid-partition', 'batch-partition',
    'ifmaps-partition', 'interlayer-partition'];
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    const set = (path, v) => {
      const [k1, k2] = path.split('.');
      if (k2) doc[k1][k2] = v; else doc[k1] = v;
    };
    if (flags[a]) {
      const [path, n, conv = Number] = flags[a];
      const vals = args.slice(i + 1, i + 1 + n).map(conv);
      set(path, n === 1 ? vals[0] : vals);
      i += n;
    } else if (a === '--disable-bypass') {
      doc.options.disable_bypass = [];
      while (i + 1 < args.length && !args[i + 1].startsWith('-')) doc.options.disable_bypass.push(args[++i]);
    } else if (switches.includes(a.slice(2))) {
      doc.options[a.slice(2).replaceAll('-', '_')] = true;
    } else {
      throw new Error(`bench: unknown flag ${a}`);
    }
  }
  return doc;
}

let wasm = null;
if (withWasm) {
  const mjs = join(root, 'build/wasm/nndf.mjs');
  if (existsSync(mjs)) {
    const { default: create } = await import(mjs);
    wasm = await create({ wasmBinary: readFileSync(join(root, 'build/wasm/nndf.wasm')) });
  } else {
    console.error('bench: build/wasm/nndf.mjs is missing; skipping wasm (npm run build:wasm)');
  }
}

const pad = (s, n) => String(s).padEnd(n);
const num = (x, d = 4) => (x === null ? '-' : x.toFixed(d));
console.log(`${pad('case', 32)} ${pad('native s', 10)} ${pad('reference s', 12)} ${pad('ratio', 9)} ${pad('wasm s', 9)} ${pad('wasm/native', 12)} wasm 1st run s`);
let worstRatio = Infinity;
for (const c of cases) {
  const golden = JSON.parse(readFileSync(join(goldenDir, `${c.name}.json`), 'utf8').replace(/\bNaN\b|-?\bInfinity\b/g, 'null'));
  const times = [];
  for (let r = 0; r < runs; r++) {
    const out = execFileSync(cli, ['search', ...c.args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(parsePy(out).elapsed);
  }
  const native = median(times);
  const ratio = golden.elapsed / native;
  worstRatio = Math.min(worstRatio, ratio);
  let wasmTime = null;
  let wasmFirst = null;
  if (wasm) {
    const doc = JSON.stringify(runDocument(c.args));
    const wt = [];
    // The first calls run in V8's baseline tier; report the first separately.
    const first = parsePy(wasm.search(doc, null));
    if (!first.ok) throw new Error(`wasm failed on ${c.name}: ${first.error.message}`);
    wasmFirst = first.result.elapsed;
    parsePy(wasm.search(doc, null));
    for (let r = 0; r < runs; r++) {
      const env = parsePy(wasm.search(doc, null));
      if (!env.ok) throw new Error(`wasm failed on ${c.name}: ${env.error.message}`);
      wt.push(env.result.elapsed);
    }
    wasmTime = median(wt);
  }
  console.log(`${pad(c.name, 32)} ${pad(num(native), 10)} ${pad(num(golden.elapsed, 2), 12)} ${pad(ratio.toFixed(0) + 'x', 9)} ${pad(num(wasmTime), 9)} ${pad(wasmTime === null ? '-' : (wasmTime / native).toFixed(2), 12)} ${num(wasmFirst)}`);
}
console.log(`\nmedian of ${runs} runs (wasm after 2 warm-up runs); search time only, as the`);
console.log(`reference's elapsed; worst ratio ${worstRatio.toFixed(0)}x. Run on an idle machine.`);
