// "Why this schedule" in the layer detail: the page asks the engine for a
// layer's best schedules; the first is the result's own at the result's
// cost (as the CLI's document has it), the others cost no less.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parsePyJson } from '../../web/py-json.js';
import { cliSearchConfig, repoPath } from '../js/support.mjs';
import { runEnded, useFreshPage } from './support.mjs';

const site = useFreshPage();

test('a layer\'s alternatives: the result\'s schedule first at its cost, the others cost no less', async () => {
  const { page, errors } = await site.open();
  assert.match(await runEnded(page), /Done/);
  const { status, stdout, stderr } = await cliSearchConfig(await page.getByTestId('run-json').textContent());
  assert.equal(status, 0, stderr);
  const doc = parsePyJson(stdout);

  const layer = 'conv2_a';
  await page.getByRole('tab', { name: 'Layers' }).click();
  await page.getByTestId('layer-table').getByRole('button', { name: layer }).click();
  await page.waitForFunction((n) => document.querySelector('#detail-body h3')?.textContent === n, layer);
  const detail = page.locator('#detail-body');
  assert.equal(await detail.getByRole('heading', { name: 'Why this schedule' }).count(), 1);
  // By keyboard: the button is focusable and answers Enter.
  const button = detail.getByTestId('alternatives-button');
  await button.focus();
  await page.keyboard.press('Enter');
  const table = detail.getByTestId('alternatives-table');
  await table.waitFor({ timeout: 60_000 });

  const rows = table.locator('tbody tr[data-cost]');
  const count = await rows.count();
  assert.ok(count >= 2, `${count} rows`);
  const costs = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-cost'))));
  const own = doc.schedules[layer][0].cost;
  assert.ok(Math.abs(costs[0] - own) <= 1e-9 * own, `${costs[0]} vs ${own}`);
  assert.equal(await rows.first().locator('th').textContent(), '1the result’s');
  assert.equal(await table.locator('tbody.is-result').count(), 1);
  for (const c of costs.slice(1)) assert.ok(c >= costs[0]);
  // Each other row says what differs, or that nothing listed does.
  const differs = table.locator('tr.differs');
  assert.equal(await differs.count(), count);
  for (let k = 1; k < count; ++k) assert.match(await differs.nth(k).textContent(), /→|none of the choices listed/);
  assert.match(await detail.getByTestId('alternatives').textContent(), /ranks it first, at the same cost/);
  await detail.getByRole('heading', { name: 'Why this schedule' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: repoPath('build/e2e-alternatives.png'), fullPage: false });
  assert.deepEqual(errors, []);
  await page.close();
});
