// Softmax, layernorm and gelu on the page: a transformer block typed into
// the network editor lists them with their own names, their ops apart from
// the MACs, and their detail says what each reads, on the loop nest and on
// the PE array. Screenshots go to build/ (and, when asked, to the notes).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { formatCompact } from '../../web/format.js';
import { repoPath } from '../js/support.mjs';
import { fillNetworkEditor, runEnded, useFreshPage } from './support.mjs';

const BLOCK = await readFile(repoPath('tests/data/networks/transformer_block.json'), 'utf8');
// Where the screenshots go: build/ by default, NNDF_SCREENS=dir to keep them.
const SCREENS = process.env.NNDF_SCREENS ?? repoPath('build');

// The one-thread module (no isolation): this checks the views, and the
// search gives the same result on either module (threads.test.mjs).
const site = useFreshPage({ plain: true, serviceWorkers: 'block' });

/** Waits until the detail tab shows layer `name` with its PE array drawn. */
async function detailOf(page, name) {
  await page.getByRole('tab', { name: 'Layers' }).click();
  await page.getByTestId('layer-table').getByRole('button', { name, exact: true }).click();
  await page.waitForFunction((n) => document.querySelector('#detail-body h3')?.textContent === n
    && document.querySelector('#detail-body svg.pe-array') !== null, name);
  return page.locator('#detail-body');
}

const count = (/** @type {string} */ text) => Number(text.replace(/[^0-9]/g, ''));

test('a transformer block: the kinds in the network table, the detail, the PE array and the node grid', async (t) => {
  const { page, errors } = await site.open('', { waitForRun: true });
  await page.locator('#field-network').selectOption('custom');
  await fillNetworkEditor(page, BLOCK);
  const rows = page.locator('#network-layers tbody tr');
  await page.waitForFunction(() => [...document.querySelectorAll('#network-layers tbody th')].map((th) => th.textContent).join(' ')
    === 'ln1 q scores probs context proj res1 ln2 fc1 act fc2 res2');

  // Their own names, what they read in the window column, ops apart from MACs.
  /** @type {string[][]} */
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
  const byName = new Map(cells.map((c) => [c[1], c]));
  assert.deepEqual(['ln1', 'probs', 'act', 'q', 'res1'].map((n) => byName.get(n)?.[2]), ['layernorm', 'softmax', 'gelu', 'conv', 'eltwise']);
  assert.equal(byName.get('probs')?.[5], 'over groups of 32 channels, 4 groups');
  assert.equal(byName.get('ln1')?.[5], 'over all 64 channels, 128 parameters');
  assert.equal(byName.get('act')?.[5], 'element-wise');
  assert.equal(byName.get('q')?.[5], '1×1');
  assert.match(byName.get('ln1')?.[7] ?? '', /\(\+128 scale, shift\)/);
  const ops = cells.filter((c) => c[6].endsWith(' ops'));
  assert.deepEqual(ops.map((c) => c[1]), ['ln1', 'probs', 'ln2', 'act']);
  // The summary's MACs are the other layers' sum; the new kinds' ops are said apart.
  const batch = Number(await page.locator('#field-batch').inputValue());
  const macs = cells.filter((c) => !c[6].endsWith(' ops')).reduce((n, c) => n + count(c[6]), 0);
  const otherOps = ops.reduce((n, c) => n + count(c[6]), 0);
  const summary = await page.locator('#network-summary').textContent();
  assert.ok(summary?.includes(`${formatCompact(macs)} MACs for a batch of ${batch}`), summary ?? '');
  assert.ok(summary?.includes(`4 softmax, layernorm and gelu layers add ${formatCompact(otherOps)} ops (not MACs) and 256 normalization parameters`), summary ?? '');

  await page.getByTestId('run').click();
  await runEnded(page);
  await page.locator('#network-summary').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/normlayers-network.png`, fullPage: false });
  let detail = await detailOf(page, 'probs');
  assert.match(await detail.locator('h3 + p').textContent() ?? '', /^softmax, 128 → 128 channels, 32×1 ofmap \(over groups of 32 channels, 4 groups\)/);
  assert.match(await detail.getByTestId('kind-loop').textContent() ?? '', /g runs over the 32 channels of an output's group.*costs 32 ops/);
  assert.match(await detail.getByTestId('kind-mapping').textContent() ?? '', /^Softmax maps as a local region of 32 channels × 1 × 1/);
  // The loop nest's region-channel loops multiply to the group.
  const g = await detail.locator('[data-testid=loop-nest] .loop[data-dim=rchan]').evaluateAll((ls) => ls.map((l) => Number(l.getAttribute('data-count'))));
  assert.equal(g.reduce((a, b) => a * b, 1), 32);
  assert.equal(await detail.locator('[data-testid=nest-shapes] tfoot th').textContent(), 'Ops (not MACs)');
  await detail.getByTestId('kind-loop').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/normlayers-softmax-detail.png`, fullPage: false });
  await detail.locator('svg.pe-array').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/normlayers-softmax-array.png`, fullPage: false });

  detail = await detailOf(page, 'ln1');
  assert.match(await detail.getByTestId('kind-loop').textContent() ?? '', /all 64 channels.*costs 64 ops/);
  detail = await detailOf(page, 'act');
  assert.match(await detail.getByTestId('kind-loop').textContent() ?? '', /^GELU: g has one channel/);
  detail = await detailOf(page, 'q');
  assert.equal(await detail.getByTestId('kind-loop').count(), 0);
  assert.equal(await detail.getByTestId('kind-mapping').count(), 0);
  assert.equal(await detail.locator('[data-testid=nest-shapes] tfoot th').textContent(), 'MACs');

  // On a 2x2 grid with hybrid partitioning: the node-grid note is there exactly
  // when the layer's output channels are split over nodes (its cells say '#part').
  await page.getByRole('tab', { name: 'Hardware' }).click();
  await page.locator('#field-nodes').fill('2x2');
  await page.getByRole('tab', { name: 'Options' }).click();
  await page.locator('#field-hybrid_partition').check();
  await page.getByTestId('run').click();
  await runEnded(page);
  let splits = 0;
  for (const name of ['ln1', 'probs', 'ln2', 'act']) {
    detail = await detailOf(page, name);
    const headers = await detail.locator('.node-table thead th').allTextContents();
    const column = headers.indexOf('output channels');
    const cells = await detail.locator('.node-table tbody tr').evaluateAll((trs, c) => trs.map((tr) => tr.children[c].textContent ?? ''), column);
    const split = cells.some((c) => c.startsWith('#'));
    const note = detail.getByTestId('kind-grid');
    assert.equal(await note.count(), split && name !== 'act' ? 1 : 0, name);
    if (split && name !== 'act') {
      splits += 1;
      assert.match(await note.textContent() ?? '', /output channels are split over \d+ parts/);
      await note.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENS}/normlayers-${name}-grid.png`, fullPage: false });
    }
  }
  t.diagnostic(`layers with their channels split on the 2x2 grid: ${splits}`);
  assert.deepEqual(errors, []);
  await page.close();
});
