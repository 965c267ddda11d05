// Row stationary, step by step, in Chromium: the animation in a layer's
// detail steps by keyboard and by button, plays and pauses, labels every PE
// with what it holds (the ifmap rows along the diagonals), and under
// prefers-reduced-motion never moves by itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { repoPath } from '../js/support.mjs';
import { runEnded, useFreshPage } from './support.mjs';

const site = useFreshPage();

/** The default configuration's result, with the detail of `layer` open on its animation. */
async function openAnimation(layer, { reducedMotion = 'no-preference' } = {}) {
  const { page, errors } = await site.open('', { beforeLoad: (p) => p.emulateMedia({ reducedMotion }) });
  assert.match(await runEnded(page), /Done/);
  await page.getByRole('tab', { name: 'Layer detail' }).click();
  await page.locator('#detail-layer').selectOption(layer);
  await page.waitForFunction((n) => document.querySelector('#detail-body h3')?.textContent === n
    && document.querySelector('#detail-body .rs-figure') !== null, layer);
  const section = page.locator('.rs-animation');
  await section.scrollIntoViewIfNeeded();
  return { page, errors, section };
}

/** "Step k of n" of the step sentence, as [k, n]. */
async function stepOf(section) {
  const [, k, n] = (await section.getByTestId('rs-step').textContent()).match(/^Step (\d+) of (\d+): /);
  return [Number(k), Number(n)];
}

/** The three labels of every PE, by PE row and column (from 1), e.g. {'1,2': ['filter row 1', 'ifmap row 5', 'psum —']}. */
const labels = (section) => section.locator('.rs-picture .holds').evaluate((g) => {
  const lines = [...g.querySelectorAll('.line text')].map((t) => t.textContent);
  const names = [...g.ownerSVGElement.querySelectorAll('.pe-name')].map((t) => t.textContent.replace('PE ', ''));
  return Object.fromEntries(names.map((name, k) => [name, lines.slice(3 * k, 3 * k + 3)]));
});

test('the animation steps by keyboard and buttons, plays and pauses, and labels each PE', async () => {
  const { page, errors, section } = await openAnimation('conv1_a');
  const figure = section.locator('.rs-figure');
  const play = section.getByRole('button', { name: /Play|Pause/ });
  const [first, total] = await stepOf(section);
  assert.equal(first, 1);
  assert.match(await section.getByTestId('rs-slice').textContent(), /a slice: filter rows 1–5 of 11, ofmap rows 1–6 of 55/);
  assert.ok(Object.values(await labels(section)).every(([f, i, p]) => f === 'filter row —' && i === 'ifmap row —' && p === 'psum —'));
  const pes = Object.keys(await labels(section)).length;
  assert.equal(pes, 5 * 6);

  // Tab from the speed choice reaches the picture, which shows its focus; arrows step.
  await section.locator('#rs-speed').focus();
  await page.keyboard.press('Tab');
  assert.ok(await figure.evaluate((el) => el === document.activeElement && el.matches(':focus-visible')
    && getComputedStyle(el).outlineStyle !== 'none' && parseFloat(getComputedStyle(el).outlineWidth) > 0));
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await stepOf(section), [2, total]);
  for (const [pe, [filter]] of Object.entries(await labels(section))) assert.equal(filter, `filter row ${pe.split(',')[0]}`, pe);

  // The ifmap rows run along the diagonals: down a column +1, across a row +stride (4, AlexNet conv1's).
  await page.keyboard.press('ArrowRight');
  const held = await labels(section);
  const ifmapRow = (i, j) => Number(held[`${i},${j}`][1].replace('ifmap row ', ''));
  for (let i = 1; i <= 5; i += 1) for (let j = 1; j <= 6; j += 1) assert.equal(ifmapRow(i, j), i + 4 * (j - 1), `PE ${i},${j}`);
  assert.match(await section.getByTestId('rs-step').textContent(), /diagonals/);
  // The table beside the picture says the same.
  await section.getByText('What each PE holds, as a table').click();
  const table = section.locator('.rs-table table');
  assert.match(await table.locator('caption').textContent(), /after step 3$/);
  assert.equal(await table.locator('tbody tr').nth(1).locator('td').nth(2).textContent(), `filter row 2; ifmap row ${ifmapRow(2, 3)}`);

  // The buttons step too; the partial sums appear, then move up.
  await section.getByRole('button', { name: 'Forward ▶' }).click();
  assert.deepEqual(await stepOf(section), [4, total]);
  assert.ok(Object.values(await labels(section)).every(([, , p]) => /^psum row \d$/.test(p)));
  const badges = () => section.locator('.rs-picture .badge text').allTextContents();
  const macsEach = Number((await badges())[0]);
  assert.ok((await badges()).every((b) => Number(b) === macsEach));
  await section.getByRole('button', { name: 'Forward ▶' }).click();
  assert.equal((await badges()).filter((b) => Number(b) === 2 * macsEach).length, 6);
  assert.equal(await section.locator('.rs-picture .token').count(), 6);
  assert.equal(await section.locator('.rs-picture .token').first().evaluate((el) => getComputedStyle(el).animationName), 'rs-rise');
  await section.getByRole('button', { name: '◀ Back' }).click();
  assert.deepEqual(await stepOf(section), [4, total]);
  await section.getByRole('button', { name: '↺ Reset' }).click();
  assert.deepEqual(await stepOf(section), [1, total]);
  assert.equal(await section.getByRole('button', { name: '◀ Back' }).isDisabled(), true);

  // Play moves on by itself (fast), Pause stops it.
  await section.locator('#rs-speed').selectOption('fast');
  await play.click();
  assert.equal(await play.textContent(), '‖ Pause');
  await page.waitForFunction(() => /^Step ([3-9]|\d\d) of/.test(document.querySelector('[data-testid=rs-step]').textContent));
  await play.click();
  assert.equal(await play.textContent(), '▶ Play');
  const [paused] = await stepOf(section);
  await page.waitForTimeout(1200);
  assert.deepEqual(await stepOf(section), [paused, total]);

  // Space plays and pauses; End shows the last step, every ofmap value of the slice written.
  await figure.focus();
  await page.keyboard.press('Space');
  assert.equal(await play.textContent(), '‖ Pause');
  await page.waitForFunction((k) => Number(document.querySelector('[data-testid=rs-step]').textContent.match(/^Step (\d+)/)[1]) > k, paused);
  await page.keyboard.press('Space');
  assert.equal(await play.textContent(), '▶ Play');
  await page.keyboard.press('End');
  assert.deepEqual(await stepOf(section), [total, total]);
  assert.equal(await section.locator('.rs-picture .ofmap .cell.done').count(), 6 * 4);
  assert.equal(await section.getByRole('button', { name: 'Forward ▶' }).isDisabled(), true);
  assert.equal(await section.getByTestId('rs-step').getAttribute('aria-live'), 'polite');

  await section.screenshot({ path: repoPath('build/e2e-rs-animation.png') });
  // Another layer replaces the animation; a playing one stops with it.
  await play.click();
  await page.locator('#detail-layer').selectOption('conv2_a');
  await page.waitForFunction(() => document.querySelector('#detail-body h3')?.textContent === 'conv2_a'
    && document.querySelector('#detail-body .rs-figure') !== null);
  assert.deepEqual(await stepOf(section), [1, (await stepOf(section))[1]]);
  await page.waitForTimeout(600);
  assert.equal((await stepOf(section))[0], 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('with reduced motion the animation never moves by itself: Play is off, keys and buttons step', async () => {
  const { page, errors, section } = await openAnimation('conv1_a', { reducedMotion: 'reduce' });
  const play = section.getByRole('button', { name: /Play|Pause/ });
  assert.equal(await play.isDisabled(), true);
  assert.equal(await section.locator('.rs-reduced').isVisible(), true);
  const [, total] = await stepOf(section);
  // Space steps once instead of playing.
  await section.locator('.rs-figure').focus();
  await page.keyboard.press('Space');
  assert.deepEqual(await stepOf(section), [2, total]);
  await page.waitForTimeout(2500);
  assert.deepEqual(await stepOf(section), [2, total]);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await section.getByRole('button', { name: 'Forward ▶' }).click();
  assert.deepEqual(await stepOf(section), [5, total]);
  // A hop: the arrows say where the partial sums go; no token travels.
  assert.ok(await section.locator('.rs-picture .arrow.psum').count() > 0);
  assert.ok(await section.locator('.rs-picture .token').evaluateAll((els) => els.every((el) => getComputedStyle(el).display === 'none')));
  // Motion allowed again: Play comes back.
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await page.waitForFunction(() => !document.querySelector('.rs-controls [data-action=play]').disabled);
  assert.equal(await section.locator('.rs-reduced').isVisible(), false);
  assert.deepEqual(errors, []);
  await page.close();
});
