// Today's built-in networks on the page (issue 12): BERT-base's attention
// matmul shows its heads and its right operand, and the summary counts MACs
// apart from the ops of softmax, layernorm and gelu (the engine's own
// numbers: the CLI's layer list gives both).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { runCli } from '../js/support.mjs';
import { useFreshPage } from './support.mjs';

const site = useFreshPage({ plain: true, serviceWorkers: 'block' });

test('BERT-base: a matmul layer names its heads and its right operand; the summary\'s MACs leave out the normalization ops', async () => {
  const cli = runCli(['layers', 'bert_base', '--batch', '1', '--json']);
  assert.equal(cli.status, 0, cli.stderr);
  const layers = JSON.parse(cli.stdout);
  const normTypes = ['SoftmaxLayer', 'LayerNormLayer', 'GELULayer'];
  const macs = layers.filter((l) => !normTypes.includes(l.type)).reduce((s, l) => s + l.total_ops_batch1, 0);
  const scores = layers.find((l) => l.name === 'l0_scores');
  assert.equal(scores.type, 'MatmulLayer');

  const { page, errors } = await site.open('#v=2&network=bert_base&batch=1&view=detail&layer=l0_scores');
  await page.waitForFunction(() => document.querySelector('#detail-body h3')?.textContent === 'l0_scores', null, { timeout: 120_000 });
  const detail = /** @type {string} */ (await page.locator('#detail-body').textContent());
  assert.match(detail, new RegExp(`matmul, ${scores.nifm} → ${scores.nofm} channels.*\\(${scores.heads} heads\\)`));
  assert.match(detail, /for head in \[0:12\) heads/);
  assert.match(await page.locator('table.hops tbody').textContent(), /^Right operand/);
  await page.waitForFunction((n) => document.getElementById('summary')?.textContent?.includes(n), macs.toLocaleString('en-US'), { timeout: 30_000 });
  assert.match(await page.locator('#summary').textContent(), /ops of softmax, layernorm and gelu/);
  assert.deepEqual(errors, []);
  await page.close();
});
