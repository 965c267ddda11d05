// Benchmark: nndf search on every golden case against the reference's
// recorded search time (`elapsed` in the golden file, one core of this
// machine kind), and the wasm build on the same cases under Node.
//
//   node scripts/bench.mjs [--runs N] [--no-wasm] [--baseline PATH/nndf] [CASE ...]
//
// Prints per case the median search time of N runs (the `elapsed` field, which
// like the reference's excludes start-up and output), the reference's time
// and the ratio; the same field for the wasm build. With --baseline, another
// nndf binary (an older build, say) runs the same cases in the same loop,
// its runs alternating with this build's, and the ratio of the two shows.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parsePyJson } from '../web/py-json.js';
import { goldenDir, readCases, repoRoot } from './golden-cases.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'build/native/nndf');

const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
const withWasm = !argv.includes('--no-wasm');
const baselineAt = argv.indexOf('--baseline');
const baseline = baselineAt >= 0 ? argv[baselineAt + 1] : null;
const only = argv.filter((a, i) => !a.startsWith('--') && !['--runs', '--baseline'].includes(argv[i - 1]));
if (baseline !== null && !existsSync(baseline)) {
  console.error(`bench: --baseline ${baseline} does not exist`);
  process.exit(1);
}

if (!existsSync(cli)) {
  console.error('bench: build/native/nndf is missing; run npm run build:native first');
  process.exit(1);
}

const cases = readCases().filter((c) => only.length === 0 || only.includes(c.name));

const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/**
 * The run document of a case's command line, for the wasm engine: the CLI
 * writes it (`nndf search ARGS --print-run`), so the flags are read by the
 * one parser that owns them.
 */
function runDocument(/** @type {string[]} */ args) {
  return execFileSync(cli, ['search', ...args, '--print-run'], { encoding: 'utf8', cwd: repoRoot });
}

/** @type {import('../web/worker-handler.js').NndfModule | null} */
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

const pad = (/** @type {unknown} */ s, /** @type {number} */ n) => String(s).padEnd(n);
const num = (/** @type {number | null} */ x, d = 4) => (x === null ? '-' : x.toFixed(d));
const baselineHead = baseline === null ? '' : `${pad('baseline s', 11)} ${pad('this/base', 10)} `;
console.log(`${pad('case', 32)} ${pad('native s', 10)} ${baselineHead}${pad('reference s', 12)} ${pad('ratio', 9)} ${pad('wasm s', 9)} ${pad('wasm/native', 12)} wasm 1st run s`);
let worstRatio = Infinity;
for (const c of cases) {
  const golden = parsePyJson(readFileSync(join(goldenDir, `${c.name}.json`), 'utf8'));
  /**
   * The search time of one run of a native binary on the case, on one thread
   * like the reference's recorded run and the wasm module here
   * (bench:threads compares thread counts).
   */
  const nativeRun = (/** @type {string} */ bin) => parsePyJson(execFileSync(bin, ['search', ...c.args, '-p', '1'],
    { encoding: 'utf8', maxBuffer: 1 << 28, cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })).elapsed;
  /** The baseline's time, or null where it cannot run the case (an older build that failed on it). */
  const baselineRun = () => {
    try {
      return nativeRun(/** @type {string} */ (baseline));
    } catch {
      return null;
    }
  };
  const times = [];
  /** @type {(number | null)[]} */
  const baseTimes = [];
  for (let r = 0; r < runs; r++) {
    times.push(nativeRun(cli));
    if (baseline !== null) baseTimes.push(baselineRun());
  }
  const native = median(times);
  const baseOk = baseTimes.every((t) => t !== null);
  const base = baseOk ? median(/** @type {number[]} */ (baseTimes)) : null;
  const baseCell = baseline === null ? ''
    : `${pad(base === null ? 'fails' : num(base), 11)} ${pad(base === null ? '-' : (native / base).toFixed(2), 10)} `;
  const ratio = golden.elapsed / native;
  worstRatio = Math.min(worstRatio, ratio);
  let wasmTime = null;
  let wasmFirst = null;
  if (wasm) {
    const doc = runDocument(c.args);
    const engine = wasm;
    /** The search time of one wasm run of the case (the engine's `elapsed`). */
    const timed = () => {
      const envelope = JSON.parse(engine.search(doc, null, true));
      if (!envelope.ok) throw new Error(`wasm failed on ${c.name}: ${envelope.error.message}`);
      return envelope.elapsed;
    };
    const wt = [];
    // The first calls run in V8's baseline tier; report the first separately.
    wasmFirst = timed();
    timed();
    for (let r = 0; r < runs; r++) wt.push(timed());
    wasmTime = median(wt);
  }
  console.log(`${pad(c.name, 32)} ${pad(num(native), 10)} ${baseCell}${pad(num(golden.elapsed, 2), 12)} ${pad(ratio.toFixed(0) + 'x', 9)} ${pad(num(wasmTime), 9)} ${pad(wasmTime === null ? '-' : (wasmTime / native).toFixed(2), 12)} ${num(wasmFirst)}`);
}
console.log(`\nmedian of ${runs} runs (wasm after 2 warm-up runs); search time only, as the`);
console.log(`reference's elapsed; worst ratio ${worstRatio.toFixed(0)}x. Run on an idle machine.`);
