#!/usr/bin/env node
// Benchmark: the speed-up of two threads over one, natively (nndf search
// -p 1 / -p 2) and in the page's threaded wasm module in headless Chromium
// (served cross-origin isolated by scripts/serve.mjs), side by side in one
// run, so that both see the same machine load.
//
//   node scripts/bench-wasm-threads.mjs [--runs N] [--gate X] [CASE ...]
//
// Cases are golden case names (tests/golden/CASES*.tsv); the default three
// are the issue's. Each time is the median of N runs of the search alone (the
// result's `elapsed`, start-up and output excluded); a run is the case with 1
// and 2 threads, native then wasm, one after the other. With --gate X, a run
// is kept only if the machine gave at least X on 2 cores just before and just
// after it, as in scripts/bench-threads.mjs (the `kept` column: runs kept of
// runs made). Needs npm run build (build/native/nndf and build/web).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { parsePyJson } from '../web/py-json.js';
import { readCases, repoRoot } from './golden-cases.mjs';
import { launchProfile, openingResult, startServer } from './bench-browser.mjs';
import { capacityLine, gateOption, gatedRuns } from './bench-capacity.mjs';
import { option } from './bench-args.mjs';

const DEFAULT_CASES = ['googlenet_b4_4x4_bufshr', 'alex_b16_tangram_8x8', 'isca16_alex_b16_exhaustive'];
const THREADS = [1, 2];
const cli = join(repoRoot, 'build/native/nndf');
const web = join(repoRoot, 'build/web');

const argv = process.argv.slice(2);
const runs = Number(option('--runs', '3'));
const gate = gateOption(option('--gate', null), 'bench-wasm-threads');
const names = argv.filter((a, i) => !a.startsWith('--') && !['--runs', '--gate'].includes(argv[i - 1]));
const wanted = names.length > 0 ? names : DEFAULT_CASES;
const cases = wanted.map((name) => {
  const found = readCases().find((c) => c.name === name);
  if (!found) {
    console.error(`bench-wasm-threads: no golden case '${name}'`);
    process.exit(1);
  }
  return found;
});
if (!Number.isInteger(runs) || runs < 1) {
  console.error('bench-wasm-threads: --runs needs a whole number from 1');
  process.exit(1);
}
for (const file of [cli, join(web, 'nndf-mt.wasm')]) {
  if (!existsSync(file)) {
    console.error(`bench-wasm-threads: ${file} is missing (npm run build)`);
    process.exit(1);
  }
}

const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** The search time of one native run, s. */
const nativeRun = (/** @type {string[]} */ args, /** @type {number} */ threads) => parsePyJson(execFileSync(
  cli, ['search', ...args, '-p', String(threads)],
  { encoding: 'utf8', maxBuffer: 1 << 28, cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
)).elapsed;

// scripts/serve.mjs, with its COOP/COEP headers.
const server = await startServer(web);
const { url } = server;
const profile = await mkdtemp(join(tmpdir(), 'nndf-bench-chromium-'));
const context = await launchProfile(profile);
try {
  const page = await context.newPage();
  await page.goto(url);
  // The page runs its default search on opening; wait for it to end.
  await openingResult(page);
  const isolated = await page.evaluate(() => crossOriginIsolated);
  if (!isolated) throw new Error('the served page is not cross-origin isolated');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  // One search worker per thread count, on the threaded module (engine.js).
  await page.evaluate(async (threads) => {
    const engineModule = './engine.js'; // the page's, resolved against the page's URL
    const { EngineClient, searchWorker } = await import(engineModule);
    /** @type {any} */ (window).benchEngines = Object.fromEntries(threads.map((/** @type {number} */ t) => [t, new EngineClient(searchWorker(String(t)))]));
  }, THREADS);
  /** The search time of one wasm run, s, and the threads it ran on. */
  const wasmRun = (/** @type {string} */ doc, /** @type {number} */ threads) => page.evaluate(async ([d, t]) => {
    const answer = await /** @type {any} */ (window).benchEngines[t].search(d);
    // Python's JSON spelling (Infinity): read the one number needed.
    return { elapsed: answer.elapsed, nprocesses: Number(/"nprocesses": (\d+)/.exec(answer.resultText)?.[1]) };
  }, /** @type {[string, number]} */ ([doc, threads]));

  const docs = cases.map((c) => execFileSync(cli, ['search', ...c.args, '--print-run'], { encoding: 'utf8', cwd: repoRoot }));
  const load = [loadavg()[0]];
  console.log(`load average (1 min) at start: ${load[0].toFixed(2)}; ${cores} cores in Chromium; ${runs} runs each`);
  console.log(await capacityLine(2));
  // A warm-up run of every case in each worker: the first calls of a wasm
  // module run in V8's baseline tier.
  for (const doc of docs) {
    for (const t of THREADS) {
      const { nprocesses } = await wasmRun(doc, t);
      if (nprocesses !== Math.min(t, cores)) throw new Error(`the wasm search ran on ${nprocesses} threads, not ${t}`);
    }
  }
  /** @type {Record<string, {kept: Record<string, number>[], calls: number}>} case -> its runs, each "native1" | "wasm2"... -> s */
  const times = {};
  for (const [i, c] of cases.entries()) {
    times[c.name] = await gatedRuns({ runs, gate, threads: 2 }, async () => {
      /** @type {Record<string, number>} */
      const run = {};
      for (const t of THREADS) {
        run[`native${t}`] = nativeRun(c.args, t);
        run[`wasm${t}`] = (await wasmRun(docs[i], t)).elapsed;
      }
      return run;
    });
    load.push(loadavg()[0]);
  }

  const pad = (/** @type {unknown} */ s, /** @type {number} */ n) => String(s).padEnd(n);
  const s = (/** @type {number} */ x) => x.toFixed(3);
  console.log(`\n${pad('case', 28)} ${pad('kept', 6)} ${pad('native -p1 s', 13)} ${pad('native -p2 s', 13)} ${pad('native x', 9)} `
    + `${pad('wasm p1 s', 10)} ${pad('wasm p2 s', 10)} ${pad('wasm x', 7)} wasm x / native x`);
  for (const c of cases) {
    const { kept, calls } = times[c.name];
    if (kept.length === 0) {
      console.log(`${pad(c.name, 28)} ${pad(`0/${calls}`, 6)} (no run kept: the machine never gave ${gate}x)`);
      continue;
    }
    const m = Object.fromEntries(Object.keys(kept[0]).map((k) => [k, median(kept.map((r) => r[k]))]));
    const nx = m.native1 / m.native2;
    const wx = m.wasm1 / m.wasm2;
    console.log(`${pad(c.name, 28)} ${pad(`${kept.length}/${calls}`, 6)} ${pad(s(m.native1), 13)} ${pad(s(m.native2), 13)} ${pad(`${nx.toFixed(2)}x`, 9)} `
      + `${pad(s(m.wasm1), 10)} ${pad(s(m.wasm2), 10)} ${pad(`${wx.toFixed(2)}x`, 7)} ${(wx / nx).toFixed(2)}`);
  }
  console.log(`\nmedian of ${runs} runs, search time only (elapsed); wasm: the threaded module in a page`);
  console.log(`worker (nndf-mt, processes 1 and 2). Load average (1 min) after each case: ${load.map((l) => l.toFixed(2)).join(', ')}.`);
  console.log('Ratios need an otherwise idle machine: on a busy one a second thread finds no free core.');
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
  await server.stop();
}
