// The page on a phone (390x844, Chromium): after a run the result is on
// screen or one tap away, and in every view (views.mjs) nothing scrolls
// sideways, the text of charts and pictures is 11 px or more as drawn (its
// font size times the SVG's scale on screen), and axe finds no serious or
// critical violation (boxes that scroll only at this width). Each view is
// saved as build/e2e-phone-<view>.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { axeViolations, describeViolations } from './axe.mjs';
import { repoPath } from '../js/support.mjs';
import {
  DESKTOP, PHONE, runEnded, useFreshPage,
} from './support.mjs';
import { VIEWS } from './views.mjs';

const site = useFreshPage();
/** A fresh page (no saved draft) at phone size opened with `hash`, its opening run done. */
const open = (hash = '') => site.open(hash, { viewport: PHONE, waitForRun: true });

/** Whether an element's box lies wholly inside the window. */
const onScreen = (locator) => locator.evaluate((el) => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;
});

test('after a run on a phone the result is on screen or one tap away', async () => {
  const { page, errors } = await open();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('run').click();
  await page.waitForFunction(() => !document.getElementById('cancel').disabled, null, { timeout: 5_000 }).catch(() => {});
  await runEnded(page);
  const firstNumber = page.locator('#summary .stat').first();
  if (!(await onScreen(firstNumber))) {
    // The results lie under the form: the button beside Run is on screen, and one tap shows them.
    const jump = page.getByTestId('to-results');
    assert.ok(await onScreen(jump), 'the button to the result is on screen');
    await jump.click();
    await page.waitForFunction(() => document.activeElement?.id === 'results-title');
    assert.ok(await onScreen(firstNumber), 'one tap shows the result');
    assert.ok(await onScreen(page.locator('#results-title')));
    // Once the result is on screen the button goes.
    await page.waitForFunction(() => document.getElementById('to-results').hidden);
  }
  // Where the result sits beside the form (wide), there is nothing to jump to.
  await page.setViewportSize(DESKTOP);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => document.getElementById('to-results').hidden);
  assert.ok(await onScreen(firstNumber));
  assert.deepEqual(errors, []);
  await page.close();
});

for (const view of VIEWS) {
  test(`phone: the view "${view.name}" does not scroll sideways, its chart text is 11 px or more, axe finds nothing serious`, async () => {
    const { page, errors } = await open(view.hash);
    await view.show(page);
    const holder = page.locator(view.selector).first();
    await holder.scrollIntoViewIfNeeded();
    assert.ok(await holder.isVisible(), `${view.selector} on screen`);
    const widths = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, window: innerWidth }));
    assert.ok(widths.scroll <= widths.window, `the page scrolls sideways: ${widths.scroll} px in a ${widths.window} px window`);
    // Each drawn SVG text: its font size times the scale from its SVG's units to screen pixels.
    const small = await page.evaluate(() => [...document.querySelectorAll('svg text')]
      .filter((t) => t.getClientRects().length > 0 && t.getBoundingClientRect().width > 0 && t.textContent.trim() !== '')
      .map((t) => {
        const m = /** @type {DOMMatrix} */ (/** @type {SVGTextElement} */ (t).getScreenCTM());
        const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
        return { text: t.textContent, px: Math.round(px * 10) / 10, in: t.ownerSVGElement?.getAttribute('class') ?? '' };
      })
      .filter((t) => t.px < 11));
    assert.deepEqual(small, [], `chart text under 11 px: ${JSON.stringify(small.slice(0, 8))}`);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], describeViolations(violations));
    await page.screenshot({ path: repoPath(`build/e2e-phone-${view.name}.png`) });
    assert.deepEqual(errors, []);
    await page.close();
  });
}
