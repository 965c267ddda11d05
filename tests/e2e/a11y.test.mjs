// Accessibility in Chromium: axe-core's WCAG 2 A and AA rules find no
// serious or critical violation in any view of the page (views.mjs brings
// each on screen), and a box that scrolls is a named Tab stop exactly while
// it scrolls (scroll-region.js). The phone width is in phone.test.mjs.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { axeViolations, describeViolations } from './axe.mjs';
import { fillNetworkEditor, useFreshPage } from './support.mjs';
import { VIEWS } from './views.mjs';

const site = useFreshPage();
/** A fresh page (no saved draft) at 1400x1000 opened with `hash`, its opening run done. */
const open = (hash = '') => site.open(hash, { waitForRun: true });

for (const view of VIEWS) {
  test(`axe: no serious or critical violation in the view "${view.name}"`, async () => {
    const { page, errors } = await open(view.hash);
    await view.show(page);
    assert.ok(await page.locator(view.selector).first().isVisible(), `${view.selector} on screen`);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], describeViolations(violations));
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('a box that scrolls is a named Tab stop while it scrolls, and the keyboard scrolls it', async () => {
  const { page, errors } = await open();
  await page.locator('.run-document > summary').first().click();
  const box = page.getByTestId('run-json');
  const state = () => box.evaluate((el) => ({
    scrolls: el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1,
    tabindex: el.getAttribute('tabindex'),
    role: el.getAttribute('role'),
    name: el.getAttribute('aria-label'),
  }));
  const settled = (tabStop) => page.waitForFunction((want) => document.querySelector('[data-testid="run-json"]').hasAttribute('tabindex') === want, tabStop);
  // The run document of a built-in network is longer than its box: a named region in the Tab order.
  await settled(true);
  assert.deepEqual(await state(), {
    scrolls: true, tabindex: '0', role: 'region', name: 'Run document',
  });
  // Reached with Tab from the control before it, and scrolled with the keyboard.
  await box.evaluate((el) => {
    const tabbable = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
      .filter((e) => /** @type {HTMLElement} */ (e).tabIndex >= 0 && !(/** @type {any} */ (e).disabled) && e.getClientRects().length > 0);
    /** @type {HTMLElement} */ (tabbable[tabbable.indexOf(el) - 1]).focus();
  });
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Run document');
  await page.keyboard.press('PageDown');
  await page.waitForFunction(() => document.querySelector('[data-testid="run-json"]').scrollTop > 0);
  // An empty network of one's own has no run document yet: one short line that fits, no Tab stop.
  await page.locator('#field-network').selectOption('custom');
  await fillNetworkEditor(page, '');
  await settled(false);
  assert.deepEqual(await state(), {
    scrolls: false, tabindex: null, role: null, name: null,
  });
  assert.deepEqual(errors, []);
  await page.close();
});
