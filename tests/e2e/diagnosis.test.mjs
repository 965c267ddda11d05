// A failed search explains itself (docs/diagnosis.md): the default
// configuration with a 16 kB global buffer has no dataflow; the page names
// the failing layer and why, in bytes, and offers a button, reached and
// pressed with the keyboard, that applies the engine's change and runs it
// to a result, with no console error.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { runEnded, useFreshPage } from './support.mjs';

const site = useFreshPage();

test('a 16 kB buffer: the diagnosis names the layer, and its change runs to a result', async () => {
  const { page, errors } = await site.open();
  assert.match(await runEnded(page), /Done/);
  assert.equal(await page.getByTestId('diagnosis').isVisible(), false, 'no diagnosis with a result');

  await page.getByRole('tab', { name: 'Hardware' }).click();
  await page.locator('#field-gbuf').fill('16384');
  await page.getByTestId('run').click();
  assert.match(await runEnded(page), /No valid dataflow/);

  const box = page.getByTestId('diagnosis');
  await box.waitFor({ state: 'visible' });
  const layer = await box.locator('[data-testid=diagnosis-layer] strong').textContent();
  assert.ok(layer && layer.length > 0, 'names a layer');
  const text = await box.textContent();
  assert.match(text, /Global buffer per node/);
  assert.match(text, /16 kB \(16384 B\)/, 'what the run has, in kB and bytes');

  // The need in the table is what the button applies, and it is larger.
  const needCell = box.locator('tr[data-field=gbuf] td').nth(1);
  const need = Number((await needCell.textContent()).match(/\((\d+) B\)/)[1]);
  assert.ok(need > 16384, `needs more than it has: ${need}`);
  const button = page.locator('#apply-diagnosis');
  assert.match(await button.textContent(), /^Apply: global buffer per node 16 kB → .* kB, and run$/);

  // Keyboard: focus the button and press Enter.
  await button.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#field-gbuf').inputValue(), String(need), 'the change is in the form');
  assert.match(await runEnded(page), /Done/);
  assert.equal(await box.isVisible(), false, 'the diagnosis goes with the failure');
  assert.ok(Number(await page.getByTestId('total-cost').getAttribute('data-value')) > 0);
  assert.deepEqual(errors, []);
  await page.close();
});
