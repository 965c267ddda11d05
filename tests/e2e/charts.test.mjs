// The result charts in Chromium: the energy chart's axes with units and its
// share labels readable without hovering (and agreeing with its table), and
// the timeline's one bar per layer for a pipelined preset and for one
// without pipelining, reachable by keyboard, at desktop and phone widths.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  DESKTOP, PHONE, runEnded, useFreshPage,
} from './support.mjs';

const site = useFreshPage();
/** A page at `viewport`, with the opening configuration's result shown (no saved draft). */
const open = (viewport) => site.open('', { viewport, waitForRun: true });

/**
 * Applies a preset and runs it; fails at the step that went wrong (the
 * preset not applied, the run not ended with a result of the form's
 * configuration) rather than later in what the chart shows.
 */
async function runPreset(page, id, errors) {
  const button = page.locator(`[data-preset="${id}"]`);
  const name = await button.textContent();
  await button.click();
  const applied = await page.locator('#preset-notice').filter({ hasText: `Applied the preset ${name}` })
    .waitFor({ timeout: 5_000 }).then(() => true, () => false);
  assert.ok(applied, `the preset ${name} was not applied: ${await page.locator('#preset-notice').textContent()}; page errors ${JSON.stringify(errors)}`);
  await page.getByTestId('run').click();
  await page.waitForFunction(() => !document.getElementById('cancel').disabled, null, { timeout: 5_000 }).catch(() => {});
  const label = await runEnded(page);
  assert.match(label ?? '', /^Done/, `the run of ${name} ended so; page errors ${JSON.stringify(errors)}`);
  assert.equal(await page.locator('#result-source .stale').count(), 0, 'the result is of the form\'s configuration');
}

/** Every text of an SVG that a person sees: its words, size in px and whether it lies inside the drawing. */
const visibleTexts = (svg) => svg.evaluate((el) => {
  const box = el.getBoundingClientRect();
  return [...el.querySelectorAll('text')].map((t) => {
    const r = t.getBoundingClientRect();
    return {
      text: t.textContent,
      cls: t.getAttribute('class') ?? '',
      size: parseFloat(getComputedStyle(t).fontSize) * (box.width / el.width.baseVal.value),
      inside: r.width > 0 && r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5,
    };
  });
});

/** The pairs of an SVG's tick numbers that overlap (a crowded axis). */
const crowdedTicks = (svg) => svg.evaluate((el) => [...el.querySelectorAll('.axis')].flatMap((axis) => {
  const boxes = [...axis.querySelectorAll('.tick text')].map((t) => [t.textContent, t.getBoundingClientRect()]);
  return boxes.slice(1).filter(([, r], i) => r.left < boxes[i][1].right + 2).map(([text], i) => `${boxes[i][0]}|${text}`);
}));

const percent = (text) => (text === '< 0.1%' ? 0 : Number(text.replace('%', '')));

for (const viewport of [DESKTOP, PHONE]) {
  const size = `${viewport.width}x${viewport.height}`;
  test(`energy chart at ${size}: axes with units, share labels without hovering, the network on its own axis`, async () => {
    const { page, errors } = await open(viewport);
    const layerChart = page.getByTestId('energy-layer-svg');
    const networkChart = page.getByTestId('energy-network-svg');
    const layers = await page.locator('#energy-table tbody tr').count();
    assert.ok(layers > 1);
    for (const chart of [layerChart, networkChart]) {
      const texts = await visibleTexts(chart);
      assert.ok(texts.every((t) => t.size >= 11 && t.inside), JSON.stringify(texts.filter((t) => t.size < 11 || !t.inside)));
      const titles = texts.filter((t) => t.cls === 'axis-title').map((t) => t.text);
      assert.ok(titles.length >= 1 && titles.every((t) => /^Energy \((cost units|[pnµm]?J)\)$/.test(t)), titles.join());
      assert.ok(await chart.locator('.axis .tick').count() >= 3);
      assert.deepEqual(await crowdedTicks(chart), []);
    }
    // One share after each layer's bar, the same as the table's, adding up to 100.
    const labels = (await visibleTexts(layerChart)).filter((t) => t.cls === 'end-label').map((t) => t.text);
    const tableShares = await page.locator('#energy-table tbody tr td:last-child').allTextContents();
    assert.deepEqual(labels, tableShares);
    assert.equal(labels.length, layers);
    assert.ok(Math.abs(labels.map(percent).reduce((a, b) => a + b, 0) - 100) < 0.05, labels.join(' '));
    // The cost parts' shares: in the legend, inside the network's bar where they fit, and in the table's last row.
    const legend = await page.locator('#energy-legend .share').allTextContents();
    const partRow = await page.locator('#energy-table tfoot tr:last-child td').allTextContents();
    assert.deepEqual(legend, partRow.slice(0, legend.length));
    assert.ok(Math.abs(legend.map(percent).reduce((a, b) => a + b, 0) - 100) < 0.05, legend.join(' '));
    const inBar = (await visibleTexts(networkChart)).filter((t) => t.cls === 'piece-label').map((t) => t.text);
    assert.ok(inBar.length >= 2, inBar.join());
    for (const text of inBar) assert.ok(legend.includes(text.split(' ').pop()), text);
    // The network's bar spans most of its own axis, unlike on the layers' scale.
    const [barEnd, axisEnd] = await networkChart.evaluate((el) => [
      Math.max(...[...el.querySelectorAll('.piece rect')].map((r) => r.getBoundingClientRect().right)),
      Math.max(...[...el.querySelectorAll('.axis-line')].map((r) => r.getBoundingClientRect().right))]);
    const axisStart = await networkChart.evaluate((el) => el.querySelector('.axis-line').getBoundingClientRect().left);
    assert.ok(barEnd - axisStart > (axisEnd - axisStart) / 2);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scrolling');
    // The layers' bars by keyboard: one Tab stop, ArrowDown to the second layer, Enter opens its schedule.
    const second = await page.locator('#energy-table tbody th').nth(1).textContent();
    await layerChart.locator('.bar[tabindex="0"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelector('#detail-body h3')?.textContent === n, second);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test(`timeline at ${size}: one bar per layer, with and without pipelining, by keyboard`, async () => {
    const { page, errors } = await open(viewport);
    await page.getByRole('tab', { name: 'Layers' }).click();
    const layerCount = async () => page.getByTestId('layer-table').locator('tbody tr').count();
    const gantt = page.getByTestId('gantt');
    // The opening configuration has no pipelining: the bars follow each other.
    assert.equal(await gantt.locator('.bar').count(), await layerCount());
    assert.equal(await gantt.locator('.segment').count(), 0);

    await runPreset(page, 'tangram-8x8', errors);
    await page.getByRole('tab', { name: 'Layers' }).click();
    const bars = gantt.locator('.bar');
    assert.equal(await bars.count(), await layerCount());
    assert.equal(await page.getByTestId('gantt-table').locator('tbody tr').count(), await bars.count());
    assert.deepEqual(await gantt.locator('.row-label').allTextContents(),
      await page.getByTestId('gantt-table').locator('tbody th').allTextContents());
    assert.equal(await gantt.locator('.segment').count(), await page.getByTestId('segment-table').locator('tr.pipelined').count());
    const texts = await visibleTexts(gantt);
    assert.ok(texts.every((t) => t.size >= 11 && t.inside), JSON.stringify(texts.filter((t) => t.size < 11 || !t.inside)));
    assert.ok(texts.some((t) => t.cls === 'axis-title' && t.text === 'Time (cycles)'));
    assert.deepEqual(await crowdedTicks(gantt), []);
    // fc1 and fc2 share a segment on their own node regions: fc1 from its start, fc2 up to its end.
    const box = async (name) => gantt.locator(`.bar[data-layer="${name}"] rect.span`).boundingBox();
    const [fc1, fc2] = [await box('fc1'), await box('fc2')];
    const segment = await gantt.locator('.segment').last().boundingBox();
    assert.ok(Math.abs(fc1.x - segment.x) < 1.5 && Math.abs(fc2.x + fc2.width - (segment.x + segment.width)) < 1.5);
    // Keyboard: a focused bar shows its numbers and marks its table row; Enter opens its schedule.
    // One Tab stop for the chart; End goes to the last bar (fc3), ArrowUp to fc2.
    assert.equal(await gantt.locator('.bar[tabindex="0"]').count(), 1);
    await bars.first().focus();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.layer), 'fc2');
    assert.match(await page.locator('.gantt-info').textContent(), /^fc2: segment 13 of 14, slot 2 of 2, 20 nodes; drawn from about cycle [\d,]+ to 1,025,884 \(53,248 cycles\)$/);
    assert.equal(await page.getByTestId('gantt-table').locator('tr.marked').getAttribute('data-layer'), 'fc2');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scrolling');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#detail-body h3')?.textContent === 'fc2');
    assert.deepEqual(errors, []);
    await page.close();
  });
}
