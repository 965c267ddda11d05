#!/usr/bin/env node
// Benchmark: what a running sweep costs the page's own thread, for one or
// more builds of the site side by side (their runs taking turns). Not a
// test: it prints figures, it does not judge them.
//
//   node scripts/bench-sweep-redraw.mjs [--runs N] [--workers 2] [--network alex_net] [--batch 16]
//     [--values2 '1 .. 32 +1'] [--dir build/web ...]
//
// Each run opens each build in a fresh Chromium profile at 1400x1000 (the
// Sweep tab at the top of the screen, as a person starts a sweep), sets up
// AlexNet at batch 16, gbuf 16 kB .. 2 MB x2 by hop_cost (default 1 .. 32
// +1: 256 points; `--network mlp_s --batch 1 --values2 '1 .. 249 +1'`:
// 1,992 quick points, for the drawing of thousands), and sweeps twice: the
// first sweep on the page, then the same again (a sweep of more than 2,000
// points is let run when it asks). Per sweep it prints the wall time from
// the click to the
// status that says Done (timed in the page), the CPU time of the renderer's
// main thread (Linux: /proc, every Chromium process's thread named
// `chromium` of type renderer; from the click to Done seen, so it includes
// up to 250 ms after Done), and the long tasks the page saw (over 50 ms:
// how many, the longest, their sum). Then what a person waits for once it
// ends: the longest task of the last drawing (from Done to 1.5 s after) and
// of the redraw when the plotted metric changes (energy to time and back).
// Then the medians per build.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { option } from './bench-args.mjs';
import { launchProfile, openingResult, startServer } from './bench-browser.mjs';
import { chromiumThreadCpu } from './chromium-cpu.mjs';
import {
  BENCH_SWEEP, armSweepTimer, setUpSweep, sweepDone, sweepMs,
} from './bench-sweep-page.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const runs = Number(option('--runs', '3'));
const workers = Number(option('--workers', '2'));
const values2 = option('--values2', '1 .. 32 +1');
const network = option('--network', BENCH_SWEEP.network);
const batch = option('--batch', BENCH_SWEEP.batch);
const dirs = argv.flatMap((a, i) => (a === '--dir' && i + 1 < argv.length ? [resolve(argv[i + 1])] : []));
if (dirs.length === 0) dirs.push(join(root, 'build/web'));
for (const [name, value] of /** @type {[string, number][]} */ ([['--runs', runs], ['--workers', workers]])) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`bench-sweep-redraw: ${name} must be a whole number from 1`);
    process.exit(1);
  }
}

/** CPU time (ms) used so far by the renderers' main threads: the threads named `chromium` in Chromium processes of type renderer. */
const rendererMainCpu = () => chromiumThreadCpu().get('renderer:chromium') ?? 0;

/** @typedef {{wall: number, cpu: number, longTasks: number, longest: number, inLong: number, end: number, metric: number}} Sweep */

/** The longest task (ms) the page saw from `from` (its clock) on, 0 for none. */
const longestSince = (/** @type {import('playwright-core').Page} */ page, /** @type {number} */ from) => page.evaluate((at) => Math.max(0, .../** @type {[number, number][]} */ (/** @type {any} */ (window).benchLong)
  .filter(([start]) => start >= at).map(([, duration]) => duration)), from);

/** A long task's end settles: what follows a change is measured this long. */
const SETTLE_AFTER_MS = 1500;

/** One visit of the site at `url`: the two sweeps' figures. */
async function visit(/** @type {string} */ url) {
  const profile = await mkdtemp(join(tmpdir(), 'nndf-bench-redraw-'));
  const context = await launchProfile(profile);
  try {
    await context.addInitScript(() => {
      const w = /** @type {any} */ (window);
      w.benchLong = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) w.benchLong.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
    });
    const page = await context.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`${url}?sweepWorkers=${workers}`);
    await openingResult(page);
    await page.getByTestId('offline-ready').waitFor({ timeout: 60_000 });
    await setUpSweep(page, {
      ...BENCH_SWEEP, network, batch, values2,
    });
    const question = page.getByTestId('sweep-question');
    /** @type {Sweep[]} */
    const sweeps = [];
    for (let round = 0; round < 2; round += 1) {
      await page.evaluate(() => { /** @type {any} */ (window).benchLong = []; });
      await armSweepTimer(page);
      const before = rendererMainCpu();
      await page.getByTestId('sweep-run').click();
      await Promise.race([sweepDone(page), question.waitFor({ state: 'visible', timeout: 600_000 })
        .then(() => question.getByRole('button', { name: 'Run them all' }).click()).then(() => sweepDone(page))]);
      const cpu = rendererMainCpu() - before;
      const wall = await sweepMs(page);
      const long = await page.evaluate(() => /** @type {[number, number][]} */ (/** @type {any} */ (window).benchLong).map(([, d]) => d));
      await page.waitForTimeout(SETTLE_AFTER_MS);
      // Tasks that start up to 50 ms before Done is seen belong to the last points' redraw and the drawing at the end.
      const end = await longestSince(page, await page.evaluate(() => /** @type {any} */ (window).benchDone - 50));
      let metric = 0;
      for (const value of ['time', 'cost']) {
        const from = await page.evaluate(() => performance.now());
        await page.locator('#sweep-metric').selectOption(value);
        await page.waitForTimeout(SETTLE_AFTER_MS);
        metric = Math.max(metric, await longestSince(page, from));
      }
      sweeps.push({
        wall, cpu, longTasks: long.length, longest: Math.max(0, ...long), inLong: long.reduce((a, b) => a + b, 0), end, metric,
      });
    }
    return sweeps;
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (/** @type {Sweep} */ s) => `wall ${(s.wall / 1000).toFixed(2)} s, main thread ${s.cpu} ms CPU, ${s.longTasks} long tasks (longest ${s.longest.toFixed(0)} ms, ${s.inLong.toFixed(0)} ms in all); then the longest task of the last drawing ${s.end.toFixed(0)} ms, of a metric change ${s.metric.toFixed(0)} ms`;
const ROUNDS = ['first sweep', 'again'];

const servers = await Promise.all(dirs.map((d) => startServer(d)));
/** @type {Sweep[][][]} By build, by round: each run's figures. */
const all = dirs.map(() => ROUNDS.map(() => /** @type {Sweep[]} */ ([])));
try {
  console.log(`${workers} worker${workers > 1 ? 's' : ''}, ${network} b${batch}, gbuf 16 kB .. 2 MB x2 by hop_cost ${values2}, 1400x1000`);
  for (let run = 1; run <= runs; run += 1) {
    for (const [k, server] of servers.entries()) {
      const sweeps = await visit(server.url);
      sweeps.forEach((s, r) => {
        all[k][r].push(s);
        console.log(`run ${run}, build ${k + 1}, ${ROUNDS[r]}: ${row(s)}`);
      });
    }
  }
  dirs.forEach((dir, k) => {
    console.log(`build ${k + 1} ${dir}:`);
    ROUNDS.forEach((name, r) => {
      const xs = all[k][r];
      const m = (/** @type {keyof Sweep} */ key) => median(xs.map((s) => s[key]));
      console.log(`  median, ${name}: ${row({
        wall: m('wall'), cpu: m('cpu'), longTasks: m('longTasks'), longest: m('longest'), inLong: m('inLong'), end: m('end'), metric: m('metric'),
      })}`);
    });
  });
} finally {
  await Promise.all(servers.map((s) => s.stop()));
}
