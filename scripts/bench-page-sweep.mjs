#!/usr/bin/env node
// Benchmark: the Sweep tab's pool, 2 workers against 1 on the same sweep,
// in Debian's Chromium, headless, and the page's input delay while a sweep
// runs. Not a test: it prints figures, it does not judge them.
//
//   node scripts/bench-page-sweep.mjs [--runs N] [--network alex_net] [--batch 16]
//     [--field1 gbuf] [--values1 '16 kB .. 2 MB x2'] [--field2 hop_cost] [--values2 '1 .. 8 +1'] [--at-once]
//     [--gate X]
//
// The default sweep is scripts/bench-sweep.mjs's 64 points (AlexNet, batch
// 16, gbuf x hop_cost), so the page's figure stands beside the CLI's.
// Each measured page is a visit in a browser of its own, on a fresh
// profile, of one of two kinds:
// - a first visit: V8 compiles the engine's hot code with its optimizing
//   tier while the first sweep runs, in background threads, on the cores
//   the workers want (about 2 s of CPU for this sweep);
// - a later visit, after two earlier ones that ran the same sweep: the
//   service worker's cache holds the site, and Chrome has kept the code V8
//   compiled with the cached wasm file (docs/web.md). This is what a
//   returning person sees.
// Each measured visit navigates SETTLE_MS after the browser's launch (its
// own start-up work is not the page's, scripts/bench-browser.mjs), and
// sweeps once the page says it works offline: the service worker fetches
// the site's hundred-odd files after the first result, which a person
// setting up a sweep never sees, but which ran during a sweep clicked at
// once (--at-once does that). Per run, for each kind, a page with
// `?sweepWorkers=W` (W = 1, then 2), the sweep set up in the tab, timed in
// the page from the click on Run sweep
// to the status that says "Done" (the pool's whole work: every search and
// every line); then the same sweep again on the same page. A third sweep
// measures the page's responsiveness (not timed: Playwright's typing runs
// on the same two cores): a key is pressed in a text field every 150 ms;
// the page records each keydown's input delay (`performance.now() -
// event.timeStamp`: from the input to its handler) and the lateness of a
// 50 ms timer (how long the main thread was busy). Prints each run, the
// medians, the speed-ups and the worst delays. With --gate X, a visit's two
// timed sweeps count only if the machine gave at least X on 2 cores just
// before the first and just after the second (scripts/bench-capacity.mjs);
// a visit that does not count is made again, up to 4 times.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  SETTLE_MS, launchProfile, openingResult, startServer,
} from './bench-browser.mjs';
import { capacityLine, gateOption, machineGives } from './bench-capacity.mjs';
import { option } from './bench-args.mjs';
import {
  BENCH_SWEEP, armSweepTimer, setUpSweep, sweepDone, sweepMs,
} from './bench-sweep-page.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A fresh profile: {dir, remove}. */
async function freshProfile() {
  const dir = await mkdtemp(join(tmpdir(), 'nndf-bench-sweep-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Headless Chromium on `profile`, a page opened on the site with `workers`
 * sweep workers and its default result shown. `settle`: ms to leave the
 * browser alone first (SETTLE_MS for a measured visit).
 */
async function visit(/** @type {string} */ profile, /** @type {number} */ workers, settle = 0) {
  const context = await launchProfile(profile);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.waitForTimeout(settle);
  await page.goto(`${server.url}?sweepWorkers=${workers}`);
  await openingResult(page);
  return { context, page };
}

/** Clicks Run sweep and waits for the status that says Done. */
async function runSweep(/** @type {import('playwright-core').Page} */ page) {
  await armSweepTimer(page);
  await page.getByTestId('sweep-run').click();
  await sweepDone(page);
}

/**
 * The two visits before a later one, each running the sweep twice and
 * staying open 3 s: the first fills the service worker's cache, and from
 * the second on Chrome keeps the code V8 compiled with the cached wasm file
 * (V8 hands it over 2 s after its last optimizing compile). Found by trial:
 * with a first visit that only waited for the cache, or a single sweep a
 * visit, the third visit compiled everything again in 3 tries out of 4.
 */
async function earlierVisits(/** @type {string} */ profile) {
  for (const n of [1, 2]) {
    const { context, page } = await visit(profile, 2);
    await setUpSweep(page, sweep);
    await runSweep(page);
    await runSweep(page);
    if (n === 1) await page.getByTestId('offline-ready').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(3000);
    await context.close();
  }
}

const argv = process.argv.slice(2);
const runs = Number(option('--runs', '3'));
const sweep = {
  network: option('--network', BENCH_SWEEP.network),
  batch: option('--batch', BENCH_SWEEP.batch),
  field1: option('--field1', BENCH_SWEEP.field1),
  values1: option('--values1', BENCH_SWEEP.values1),
  field2: option('--field2', BENCH_SWEEP.field2),
  values2: option('--values2', BENCH_SWEEP.values2),
};
const atOnce = argv.includes('--at-once');
const gate = gateOption(option('--gate', null), 'bench-page-sweep');
const MAX_TRIES = 4;
/**
 * The gate's look at the machine, taken after a second of the page left
 * alone: just after a sweep, V8 still compiles in the browser's background
 * threads, and a look then measured the page, not the host (a later visit
 * with 2 workers failed it 4 times in a row with its sweeps' times steady).
 */
const pageQuietGives = async (/** @type {import('playwright-core').Page} */ page) => {
  if (gate === 0) return true;
  await page.waitForTimeout(1000);
  return machineGives(gate, 2);
};

const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(await capacityLine(2));
console.log(atOnce ? 'Each measured visit sweeps as soon as its first result is shown (--at-once).' : 'Each measured visit sweeps once the page says it works offline.');
const server = await startServer(join(root, 'build/web'));
const KINDS = /** @type {const} */ (['first visit', 'later visit']);
/** @returns {Record<number, number[][]>} The first and the second sweep's seconds, by pool size: none yet. */
const noTimes = () => ({ 1: [[], []], 2: [[], []] });
/** By kind of visit. */
const times = Object.fromEntries(KINDS.map((kind) => [kind, noTimes()]));
/** @type {number[]} */
const delays = [];
/** @type {number[]} */
const lateness = [];
try {
  for (let run = 0; run < runs; run += 1) {
    for (const kind of KINDS) for (const workers of [1, 2]) for (let tries = 1; tries <= MAX_TRIES; tries += 1) {
      const profile = await freshProfile();
      if (kind === 'later visit') await earlierVisits(profile.dir);
      const { context, page } = await visit(profile.dir, workers, SETTLE_MS);
      if (!atOnce) await page.getByTestId('offline-ready').waitFor({ timeout: 60_000 });
      await setUpSweep(page, sweep);
      /** The two timed sweeps' seconds. */
      const seconds = [];
      let gave = await pageQuietGives(page);
      // Two timed sweeps (the page otherwise left alone: the script only
      // waits for the status, four times a second), then one with typing
      // for the input delay.
      for (const round of [0, 1, 2]) {
        const typed = round === 2;
        await page.evaluate(() => {
          const w = /** @type {any} */ (window);
          w.benchDelays = [];
          w.benchLate = [];
          if (!w.benchKeys) {
            w.benchKeys = true;
            document.addEventListener('keydown', (e) => w.benchDelays.push(performance.now() - e.timeStamp), true);
          }
          let last = performance.now();
          w.benchTimer = setInterval(() => {
            const now = performance.now();
            w.benchLate.push(now - last - 50);
            last = now;
          }, 50);
        });
        await armSweepTimer(page);
        await page.getByTestId('sweep-run').click();
        const typing = (async () => {
          const box = page.locator('#sweep-values-2');
          while (typed && !/^Done|^Cancelled/.test(await page.getByTestId('sweep-status').textContent() ?? '')) {
            await box.press('End');
            await page.waitForTimeout(150);
          }
        })();
        await sweepDone(page);
        await typing;
        const { d, l, status } = await page.evaluate(() => {
          const w = /** @type {any} */ (window);
          clearInterval(w.benchTimer);
          return { d: w.benchDelays, l: w.benchLate, status: document.querySelector('[data-testid="sweep-status"]')?.textContent };
        });
        const secs = (await sweepMs(page)) / 1000;
        lateness.push(...l);
        if (typed) {
          delays.push(...d);
          console.log(`run ${run + 1}, ${kind}, ${workers} worker${workers > 1 ? 's' : ''}, typing: input delay max ${Math.max(...d).toFixed(1)} ms over ${d.length} keys; timer late max ${Math.max(...l).toFixed(1)} ms`);
        } else {
          seconds.push(secs);
          if (round === 1) gave = gave && await pageQuietGives(page);
          console.log(`run ${run + 1}, ${kind}, ${workers} worker${workers > 1 ? 's' : ''}, ${round === 0 ? 'first' : 'again'}: ${secs.toFixed(2)} s (${status}); timer late max ${Math.max(...l).toFixed(1)} ms`);
        }
      }
      await context.close();
      await profile.remove();
      if (gave) {
        seconds.forEach((x, round) => times[kind][workers][round].push(x));
        break;
      }
      console.log(`  (not counted: the machine gave less than ${gate}x on 2 cores around these sweeps${tries === MAX_TRIES ? '; no more tries' : '; again'})`);
    }
  }
} finally {
  await server.stop();
}
for (const kind of KINDS) {
  for (const [round, name] of /** @type {[number, string][]} */ ([[0, 'first sweep'], [1, 'the same sweep again']])) {
    const [ones, twos] = [times[kind][1][round], times[kind][2][round]];
    if (ones.length === 0 || twos.length === 0) {
      console.log(`median, ${kind}, ${name}: no visit counted`);
      continue;
    }
    const [one, two] = [median(ones), median(twos)];
    console.log(`median, ${kind}, ${name}: 1 worker ${one.toFixed(2)} s, 2 workers ${two.toFixed(2)} s: ${(one / two).toFixed(2)}x (visits counted: ${ones.length} and ${twos.length})`);
  }
}
console.log(await capacityLine(2));
const sorted = [...delays].sort((a, b) => a - b);
console.log(`input delay while sweeping: ${delays.length} keys, median ${median(delays).toFixed(1)} ms, 95th ${sorted[Math.floor(sorted.length * 0.95)].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms; 50 ms timer late at most ${Math.max(...lateness).toFixed(1)} ms`);
