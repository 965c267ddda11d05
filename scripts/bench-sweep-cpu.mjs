#!/usr/bin/env node
// Benchmark: where the CPU of a page's sweep goes, thread by thread, with
// one pool size and another. Not a test: it prints figures, it does not
// judge them.
//
//   node scripts/bench-sweep-cpu.mjs [--workers 1,2] [--sweeps 6] [--dir build/web]
//
// For each pool size, a visit of its own (a fresh Chromium profile,
// `?sweepWorkers=W`) sets up scripts/bench-sweep.mjs's 64 points (AlexNet,
// batch 16, gbuf 16 kB .. 2 MB x2 by hop_cost 1 .. 8), waits until the page
// works offline, and runs the sweep --sweeps times in a row. Per sweep: the
// wall time from the click to Done (timed in the page) and the CPU time
// (Linux /proc, scripts/chromium-cpu.mjs) of the pool's workers, of V8's
// background threads (its optimizing compiles of the engine's hot code,
// and garbage collection), of the page's thread, and of the rest of the
// browser. Two workers on two cores can end a sweep no sooner than half
// the CPU it needs, all threads together: so the speed-up of two workers
// over one is at most the one-worker time over that half, the ceiling
// printed for each sweep, with the two parts of that CPU: the workers'
// (more than one worker's for the same points when a busy core slows its
// sibling: the host's share, scripts/bench-capacity.mjs) and the browser's
// own threads'. What the browser's own threads take is what
// keeps a page's speed-up below a native one on a machine with as many
// cores as workers (docs/web.md, "Where a sweep's CPU goes").
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { option } from './bench-args.mjs';
import {
  launchProfile, openingResult, SETTLE_MS, startServer,
} from './bench-browser.mjs';
import {
  BENCH_SWEEP, armSweepTimer, setUpSweep, sweepDone, sweepMs,
} from './bench-sweep-page.mjs';
import { chromiumThreadCpu, cpuBetween } from './chromium-cpu.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pools = option('--workers', '1,2').split(',').map(Number);
const sweeps = Number(option('--sweeps', '6'));
const dir = resolve(option('--dir', join(root, 'build/web')));
if (!pools.every((w) => Number.isInteger(w) && w >= 1) || !(Number.isInteger(sweeps) && sweeps >= 1)) {
  console.error('bench-sweep-cpu: --workers is a list of whole numbers from 1 (1,2), --sweeps a whole number from 1');
  process.exit(1);
}

/** The groups a sweep's CPU is told in, by `kind:thread` (chromium-cpu.mjs). @type {[string, (key: string) => boolean][]} */
const GROUPS = [
  // /proc keeps the first 15 characters of a thread's name: `DedicatedWorker thread` reads `DedicatedWorker`.
  ['workers', (/** @type {string} */ k) => k === 'renderer:DedicatedWorker'],
  ['V8 background', (/** @type {string} */ k) => k.startsWith('renderer:ThreadPoolForeg')],
  ['page thread', (/** @type {string} */ k) => k === 'renderer:chromium'],
];
/** @typedef {{wall: number, cpu: Record<string, number>, all: number}} Sweep */

/** One visit with `workers` in the pool: its sweeps' figures. */
async function visit(/** @type {string} */ url, /** @type {number} */ workers) {
  const profile = await mkdtemp(join(tmpdir(), 'nndf-bench-sweep-cpu-'));
  const context = await launchProfile(profile);
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.waitForTimeout(SETTLE_MS);
    await page.goto(`${url}?sweepWorkers=${workers}`);
    await openingResult(page);
    await page.getByTestId('offline-ready').waitFor({ timeout: 60_000 });
    await setUpSweep(page, BENCH_SWEEP);
    await page.waitForTimeout(2000);
    /** @type {Sweep[]} */
    const figures = [];
    for (let n = 0; n < sweeps; n += 1) {
      await armSweepTimer(page);
      const before = chromiumThreadCpu(profile);
      await page.getByTestId('sweep-run').click();
      // Looked for often, so that the CPU read counts little past Done.
      await sweepDone(page, 10);
      const used = cpuBetween(before, chromiumThreadCpu(profile));
      const all = [...used.values()].reduce((a, b) => a + b, 0);
      /** @type {Record<string, number>} */
      const cpu = {};
      for (const [name, has] of GROUPS) cpu[name] = [...used].filter(([k]) => has(k)).reduce((a, [, ms]) => a + ms, 0);
      cpu.other = all - Object.values(cpu).reduce((a, b) => a + b, 0);
      figures.push({ wall: await sweepMs(page), cpu, all });
      await page.waitForTimeout(1000);
    }
    return figures;
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

const server = await startServer(dir);
try {
  /** @type {Map<number, Sweep[]>} */
  const by = new Map();
  for (const workers of pools) {
    const figures = await visit(server.url, workers);
    by.set(workers, figures);
    figures.forEach((s, n) => {
      const parts = Object.entries(s.cpu).map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(', ');
      console.log(`${workers} worker${workers > 1 ? 's' : ''}, sweep ${n + 1}: ${(s.wall / 1000).toFixed(2)} s; CPU ms: ${parts}; all ${s.all.toFixed(0)} (workers ${((100 * s.cpu.workers) / s.all).toFixed(0)}%)`);
    });
  }
  const one = by.get(1);
  const two = by.get(2);
  if (one && two) {
    for (let n = 0; n < sweeps; n += 1) {
      const ceiling = one[n].wall / (two[n].all / 2);
      const others = two[n].all - two[n].cpu.workers;
      console.log(`sweep ${n + 1}: 2 workers ${(one[n].wall / two[n].wall).toFixed(2)}x as fast as 1; on 2 cores at most ${ceiling.toFixed(2)}x `
        + `(1 worker's ${(one[n].wall / 1000).toFixed(2)} s over half the ${(two[n].all / 1000).toFixed(2)} s of CPU the 2-worker sweep took: `
        + `its workers' ${(two[n].cpu.workers / 1000).toFixed(2)} s, ${(two[n].cpu.workers / one[n].cpu.workers).toFixed(2)} times the 1 worker's, and the browser's own ${(others / 1000).toFixed(2)} s)`);
    }
  }
} finally {
  await server.stop();
}
