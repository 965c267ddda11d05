#!/usr/bin/env node
// Benchmark: the page's time from navigation to its first result (the
// default configuration, which the page runs on opening), in Debian's
// Chromium, headless, with a cold cache: each run launches the browser on a
// fresh profile, so neither the HTTP cache nor V8's code cache holds
// anything. Not a test: it prints times, it does not judge them.
//
//   node scripts/bench-page.mjs [--runs N] [--settle MS] [--later N] [--dir build/web ...] [--hash '#...'] [--waterfall]
//
// The browser is launched, then left alone for --settle ms (default
// SETTLE_MS, 5000, scripts/bench-browser.mjs says why) before the
// navigation. --settle 0 measures from the launch as before 2026-12-03.
//
// With --later N, each run's profile has first had N visits (each waits for
// the first result and the offline cache, and stays open 3 s), so the run
// is a returning person's: the service worker answers from its cache and
// Chrome may hold the code V8 compiled on an earlier visit (docs/web.md).
//
// Per run: the page's `nndf:first-result` mark (set when the first result is
// on view; its time counts from navigation start), with milestones on the way:
// the wasm file received, the search's own time (`elapsed`, from the status
// line) and the result shown. Then the median of the runs. Given several
// --dir, the builds take turns run by run (fairer on a busy machine), and
// each gets its median. --waterfall lists every request and status change.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { SETTLE_MS, launchProfile, startServer } from './bench-browser.mjs';
import { option } from './bench-args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const runs = Number(option('--runs', '5'));
const dirs = argv.flatMap((a, i) => (a === '--dir' && i + 1 < argv.length ? [resolve(argv[i + 1])] : []));
if (dirs.length === 0) dirs.push(join(root, 'build/web'));
const hash = option('--hash', '');
const waterfall = argv.includes('--waterfall');
const later = Number(option('--later', '0'));
const settle = Number(option('--settle', String(SETTLE_MS)));
for (const [name, value, min] of [['--runs', runs, 1], ['--later', later, 0], ['--settle', settle, 0]]) {
  if (!Number.isInteger(value) || value < min) {
    console.error(`bench-page: ${name} must be a whole number from ${min}`);
    process.exit(1);
  }
}

/** The visits before a later one: each waits for the first result and the offline cache, and stays open 3 s. */
async function earlierVisits(/** @type {string} */ profile, /** @type {string} */ url) {
  for (let n = 0; n < later; n += 1) {
    const context = await launchProfile(profile);
    const page = context.pages()[0] ?? await context.newPage();
    await page.goto(`${url}${hash}`);
    await page.waitForFunction(() => performance.getEntriesByName('nndf:first-result').length > 0, null, { timeout: 60_000 });
    await page.getByTestId('offline-ready').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(3000);
    await context.close();
  }
}

/**
 * One run: a fresh browser profile (after `later` earlier visits), the page
 * opened, its first result awaited. Returns the milestones in ms from
 * navigation start.
 */
async function measuredRun(/** @type {string} */ url) {
  const profile = await mkdtemp(join(tmpdir(), 'nndf-bench-page-'));
  await earlierVisits(profile, url);
  const context = await launchProfile(profile);
  try {
    const page = context.pages()[0] ?? await context.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    /** @type {string[]} */
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    // The page says when its first run has ended, through a binding: waiting
    // with Playwright's waitForFunction would first send its injected script
    // (330 kB) into the page and run it there, which a trace showed taking
    // about 100 ms of the page's thread during the opening search.
    /** @type {() => void} */
    let ended = () => {};
    const runEnded = new Promise((resolve) => { ended = () => resolve(undefined); });
    await page.exposeBinding('nndfBenchEnded', () => ended());
    // The status line's changes, timed in the page ("Starting the search…" marks the run's start).
    await page.addInitScript(() => {
      const w = /** @type {any} */ (window);
      /** @type {[number, string][]} */
      const statuses = [];
      w.nndfBenchStatuses = statuses;
      new PerformanceObserver((list) => {
        if (list.getEntries().some((e) => e.name === 'nndf:first-result')) w.nndfBenchEnded();
      }).observe({ type: 'mark' });
      const watch = () => {
        const label = document.getElementById('progress-label');
        if (!label) return;
        new MutationObserver(() => {
          const text = label.textContent ?? '';
          statuses.push([performance.now(), text]);
          if (/did not run|No valid|Fix the|could not start/.test(text)) w.nndfBenchEnded();
        }).observe(label, { childList: true, characterData: true, subtree: true });
      };
      document.addEventListener('DOMContentLoaded', watch);
    });
    /** @type {{url: string, start: number, end: number}[]} */
    const requests = [];
    context.on('requestfinished', (request) => {
      const t = request.timing();
      requests.push({ url: request.url(), start: t.startTime, end: t.startTime + t.responseEnd });
    });
    await page.waitForTimeout(settle);
    await page.goto(`${url}${hash}`);
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const late = new Promise((_, fail) => { timer = setTimeout(() => fail(new Error('no first result in 60 s')), 60_000); });
    await Promise.race([runEnded, late]).finally(() => clearTimeout(timer));
    const m = await page.evaluate(() => {
      const at = (/** @type {string} */ name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
      const label = document.getElementById('progress-label')?.textContent ?? '';
      const nav = /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType('navigation')[0]);
      return {
        first: at('nndf:first-result'),
        domContentLoaded: nav?.domContentLoadedEventEnd ?? null,
        origin: performance.timeOrigin,
        statuses: /** @type {[number, string][]} */ (/** @type {any} */ (window).nndfBenchStatuses),
        searchStart: (/** @type {any} */ (window).nndfBenchStatuses.find((/** @type {[number, string]} */ [, text]) => text.startsWith('Starting'))?.[0]) ?? null,
        runSeconds: Number(label.match(/Done in ([\d.]+) s/)?.[1] ?? NaN),
        // The engine's own search time (the result's `elapsed`), if the page records it.
        searchSeconds: Number(/** @type {PerformanceMark | undefined} */ (performance.getEntriesByName('nndf:first-result')[0])?.detail?.elapsed ?? NaN),
        label,
      };
    });
    if (m.first === null) throw new Error(`no result: ${m.label} ${errors.join('; ')}`);
    // The last wasm file received (each engine worker may fetch its own), from navigation start.
    if (waterfall) {
      for (const r of requests.sort((a, b) => a.start - b.start)) {
        console.log(`  ${(r.start - m.origin).toFixed(0).padStart(6)} .. ${(r.end - m.origin).toFixed(0).padStart(6)} ms  ${r.url.replace(url, '')}`);
      }
      for (const [t, text] of m.statuses) console.log(`  ${t.toFixed(0).padStart(6)} ms  status: ${text}`);
    }
    const wasmEnds = requests.filter((r) => r.url.endsWith('.wasm')).map((r) => r.end - m.origin);
    return { ...m, wasmReceived: wasmEnds.length ? Math.max(...wasmEnds) : null, wasmFetches: wasmEnds.length };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const ms = (/** @type {number | null} */ x) => (x === null || Number.isNaN(x) ? '-' : x.toFixed(0)).padStart(8);

const servers = await Promise.all(dirs.map(startServer));
try {
  console.log(`bench-page: ${runs} ${later ? `later runs (fresh profile each, ${later} earlier visit${later > 1 ? 's' : ''})` : 'cold runs (fresh profile each)'}, navigating ${settle} ms after the launch${hash ? `, ${hash}` : ''}`);
  console.log(`${'build, run'.padEnd(12)} ${'first result ms'.padStart(16)} ${'DOM ready ms'.padStart(13)} ${'wasm in ms'.padStart(11)} ${'wasm fetches'.padStart(13)} ${'run starts ms'.padStart(14)} ${'check+search ms'.padStart(16)} ${'search ms'.padStart(10)}`);
  /** @type {number[][]} */
  const firsts = dirs.map(() => /** @type {number[]} */ ([]));
  for (let i = 1; i <= runs; i += 1) {
    for (let k = 0; k < dirs.length; k += 1) {
      const m = await measuredRun(servers[k].url);
      firsts[k].push(/** @type {number} */ (m.first));
      console.log(`${`${k + 1}, ${i}`.padEnd(12)} ${ms(m.first).padStart(16)} ${ms(m.domContentLoaded).padStart(13)} ${ms(m.wasmReceived).padStart(11)} ${String(m.wasmFetches).padStart(13)} ${ms(m.searchStart).padStart(14)} ${ms(m.runSeconds * 1000).padStart(16)} ${ms(m.searchSeconds * 1000).padStart(10)}`);
    }
  }
  dirs.forEach((dir, k) => {
    const xs = firsts[k];
    console.log(`build ${k + 1} ${dir}: median first result ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`);
  });
} finally {
  await Promise.all(servers.map((server) => server.stop()));
}
