// What the page's sweep benchmarks (bench-page-sweep, bench-sweep-redraw)
// share: the sweep set up in the Sweep tab as a person would, the wait for
// its Done, and the sweep timed inside the page from the click on Run sweep
// to the status that says Done (polling from outside would add up to a
// poll's interval).

/** @typedef {import('playwright-core').Page} Page */

/** Sets the sweep up in the Sweep tab: the network and batch in the form, then the two fields and their values. */
export async function setUpSweep(/** @type {Page} */ page, /** @type {{network: string, batch: string, field1: string, values1: string, field2: string, values2: string}} */ {
  network, batch, field1, values1, field2, values2,
}) {
  await page.locator('#field-network').selectOption(network);
  await page.locator('#field-batch').fill(batch);
  await page.getByRole('tab', { name: 'Sweep' }).click();
  await page.locator('#sweep-field-1').selectOption(field1);
  await page.locator('#sweep-values-1').fill(values1);
  await page.locator('#sweep-field-2').selectOption(field2);
  await page.locator('#sweep-values-2').fill(values2);
}

/** The sweep the page benchmarks time: scripts/bench-sweep.mjs's 64 points (AlexNet, batch 16, gbuf by hop cost), as the Sweep tab's fields. */
export const BENCH_SWEEP = /** @type {{network: string, batch: string, field1: string, values1: string, field2: string, values2: string}} */ (Object.freeze({
  network: 'alex_net', batch: '16', field1: 'gbuf', values1: '16 kB .. 2 MB x2', field2: 'hop_cost', values2: '1 .. 8 +1',
}));

/**
 * Waits for the sweep status that says Done (emptied before the click, by
 * armSweepTimer or the caller), looking every `polling` ms: less often
 * costs the page less, more often sees Done sooner.
 */
export const sweepDone = (/** @type {Page} */ page, polling = 250) => page.waitForFunction(
  () => /^Done/.test(document.querySelector('[data-testid="sweep-status"]')?.textContent ?? ''),
  null,
  { timeout: 600_000, polling },
);

/** Before a click on Run sweep: empties the status (it then says Done only for that sweep) and times the sweep in the page. */
export const armSweepTimer = (/** @type {Page} */ page) => page.evaluate(() => {
  const w = /** @type {any} */ (window);
  const status = /** @type {HTMLElement} */ (document.querySelector('[data-testid="sweep-status"]'));
  status.textContent = '';
  w.benchStart = null;
  w.benchDone = null;
  document.querySelector('[data-testid="sweep-run"]')?.addEventListener('click', () => { w.benchStart = performance.now(); }, { once: true, capture: true });
  const watch = new MutationObserver(() => {
    if (/^Done/.test(status.textContent ?? '')) {
      w.benchDone = performance.now();
      watch.disconnect();
    }
  });
  watch.observe(status, { childList: true, characterData: true, subtree: true });
});

/** The armed sweep's time in ms, from the click to Done (after sweepDone). */
export const sweepMs = (/** @type {Page} */ page) => page.evaluate(() => {
  const w = /** @type {any} */ (window);
  return /** @type {number} */ (w.benchDone - w.benchStart);
});
