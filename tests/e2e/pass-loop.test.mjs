// A grouped (depthwise) convolution and an attention matmul on the layer
// detail's PE array and node grid (issue 12, "On the page"): the page says
// what one pass holds and that the pass repeats, with the numbers of the
// result it shows (its exported document), marks every node as running all
// passes, and calls a matmul's filters its right operand in every table.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { parsePyJson } from '../../web/py-json.js';
import { runCli } from '../js/support.mjs';
import { runEnded, useFreshPage } from './support.mjs';
import { axeViolations, describeViolations } from './axe.mjs';

const site = useFreshPage({ plain: true, serviceWorkers: 'block' });

/** A fresh page that has run preset `id` (a click on it, then on the Run its notice offers). */
async function openPreset(id) {
  const { page, errors } = await site.open('', { waitForRun: true });
  await page.locator(`[data-preset="${id}"]`).click();
  const runIt = page.locator('#preset-notice').getByRole('button', { name: /^Run / });
  if (await runIt.count() > 0) await runIt.click();
  await page.waitForFunction(() => !document.getElementById('cancel').disabled, null, { timeout: 5_000 }).catch(() => {});
  await runEnded(page, 180_000);
  assert.match(await page.locator('#progress-label').textContent(), /^Done/);
  return { page, errors };
}

/** The result document the page shows, as it exports it. */
async function shownResult(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  return parsePyJson(await readFile(await download.path(), 'utf8'));
}

/** Opens layer `name` in the detail tab from the layer table and waits for its PE array. */
async function openDetail(page, name) {
  await page.locator('#result-tabs').getByRole('tab', { name: 'Layers', exact: true }).click();
  await page.getByTestId('layer-table').getByRole('button', { name, exact: true }).click();
  await page.waitForFunction((n) => document.querySelector('#detail-body h3')?.textContent === n
    && document.querySelector('#detail-body svg.pe-array') !== null, name, { timeout: 60_000 });
  return page.locator('#detail-body');
}

/** The CLI's layer list of a built-in network. */
function layersOf(net) {
  const cli = runCli(['layers', net, '--json']);
  assert.equal(cli.status, 0, cli.stderr);
  return new Map(JSON.parse(cli.stdout).map((l) => [l.name, l]));
}

/** Every busy node of the grid carries the pass count; the legend and the grid's note say it. */
async function checkGrid(detail, passes, inTurn = 'one after another') {
  const grid = detail.locator('svg.node-grid');
  const busy = grid.locator('.node:not(.idle)');
  assert.ok(await busy.count() > 0);
  for (const mark of await busy.all()) assert.equal(Number(await mark.getAttribute('data-passes')), passes);
  assert.match(await detail.getByTestId('passes-legend').textContent(), new RegExp(`^×${passes}each node runs all ${passes} passes, ${inTurn}`));
  assert.match(await detail.locator('svg.node-grid + figcaption').textContent(), new RegExp(`every node runs the ${passes} passes, ${inTurn}`));
  assert.match(await busy.first().getAttribute('aria-label'), new RegExp(`It runs all ${passes} passes`));
}

/** The mapping table's value of a row. */
const mappingRow = (detail, row) => detail.locator('table', { has: detail.page().locator('caption', { hasText: 'Row-stationary mapping' }) })
  .locator('tr', { has: detail.page().locator('th', { hasText: row }) }).locator('td').textContent();

test('MobileNet v2: a depthwise layer\'s PE array is one round of its groups side by side, its busy PEs explained, and every node runs all passes', async () => {
  const { page, errors } = await openPreset('mobilenet-v2-tangram');
  const doc = await shownResult(page);
  const layers = layersOf('mobilenet_v2');
  const name = 'b16_dw';
  const shape = layers.get(name);
  const scheme = doc.schedules[name][0];
  assert.equal(shape.groups, shape.nifm);  // depthwise
  assert.equal(scheme.groups, shape.groups);
  // One pass has work for one copy of the PE set: the engine runs a round of groups in the others.
  const together = scheme.passes_together;
  assert.ok(together > 1, 'the result runs groups side by side');
  const rounds = scheme.passes / together;

  const detail = await openDetail(page, name);
  const caption = detail.getByTestId('pass-caption');
  assert.equal(Number(await caption.getAttribute('data-passes')), scheme.passes);
  assert.equal(Number(await caption.getAttribute('data-groups')), scheme.groups);
  assert.equal(Number(await caption.getAttribute('data-together')), together);
  assert.match(await caption.textContent(), new RegExp(`^One round of ${scheme.groups} groups: the array runs ${together} groups at once, each in its own copies of this mapping, and the round repeats ${rounds} times.*\\(depthwise: one channel per group\\)`));
  assert.equal(Number(await mappingRow(detail, 'Passes side by side (a round)')), together);
  assert.equal(Number(await mappingRow(detail, 'Rounds, one after another')), rounds);

  // The busy PEs the note gives are the result's, of its array; every copy with work is one group's.
  const pes = doc.resource.dim_array[0] * doc.resource.dim_array[1];
  const busy = doc.active_node_pes[name];
  const note = await detail.getByTestId('depthwise-note').textContent();
  assert.match(note, new RegExp(`${Number(busy.toPrecision(3))} of a node's ${pes} PEs busy on average`));
  const [rows, cols] = (await mappingRow(detail, 'Replication (rows, columns)')).split(' × ').map(Number);
  assert.match(note, new RegExp(`enough for one of the ${rows * cols} copies .*; so ${together} groups run side by side in ${together} copies`));
  assert.ok(together <= rows * cols);
  assert.equal(await detail.locator('svg.pe-array .block:not(.idle-copy)').count(), together);
  assert.equal(await detail.locator('svg.pe-array .block.idle-copy').count(), rows * cols - together);
  // The loop nest: the rounds outermost, the round's groups a spatial loop on the PE array.
  const nest = detail.getByTestId('loop-nest');
  const groupLoops = nest.locator('.loop[data-dim="group"]');
  assert.equal(Number(await nest.locator('[data-level="DRAM"] .loop[data-dim="group"]').getAttribute('data-count')), rounds);
  const onArray = nest.locator('[data-level="PE array"] .loop.spatial[data-dim="group"]');
  assert.equal(Number(await onArray.getAttribute('data-count')), together);
  assert.match(await onArray.textContent(), /groups side by side/);
  assert.equal(await groupLoops.count(), 2);

  // The nodes: all passes each; their output channels count within a group, whose size times the groups is the layer's.
  await checkGrid(detail, scheme.passes, `${together} at a time side by side, in ${rounds} rounds`);
  const cells = await detail.locator('.node-table tbody td').allTextContents();
  const perGroup = cells.map((c) => /each group's (\d+)/.exec(c)?.[1]).filter(Boolean).map(Number);
  assert.ok(perGroup.length > 0);
  for (const n of perGroup) assert.equal(n * scheme.groups, shape.nofm);
  assert.match(await detail.getByTestId('pass-grid').textContent(), new RegExp(`^Every node works on all ${scheme.groups} groups, ${rounds} rounds of ${together} groups side by side`));

  const violations = await axeViolations(page, { include: '#detail-body' });
  assert.deepEqual(violations, [], describeViolations(violations));

  // A plain layer of the same network says nothing of passes.
  await openDetail(page, 'b2_project');
  assert.equal(await page.getByTestId('pass-caption').count(), 0);
  assert.equal(await page.getByTestId('passes-legend').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('BERT-base: an attention matmul runs one pass per head and sample, on every node, and its tables call its filters the right operand', async () => {
  const { page, errors } = await openPreset('bert-base-tangram');
  const doc = await shownResult(page);
  const layers = layersOf('bert_base');
  const name = 'l0_scores';
  const scheme = doc.schedules[name][0];
  assert.equal(scheme.heads, layers.get(name).heads);

  const detail = await openDetail(page, name);
  const caption = detail.getByTestId('pass-caption');
  assert.equal(Number(await caption.getAttribute('data-passes')), scheme.passes);
  assert.equal(Number(await caption.getAttribute('data-heads')), scheme.heads);
  assert.equal(Number(await caption.getAttribute('data-samples')), doc.batch);
  assert.match(await caption.textContent(), new RegExp(`^One pass per head and sample: ${scheme.heads} heads × ${doc.batch} samples = ${scheme.passes} passes`));
  assert.equal(Number(await mappingRow(detail, 'Passes, one after another')), scheme.passes);
  await checkGrid(detail, scheme.passes);
  // Each node's batch is the pass's sample; its channels count within a head, whose size times the heads is the layer's.
  const rows = await detail.locator('.node-table tbody tr').all();
  assert.match(await rows[0].locator('td').nth(0).textContent(), new RegExp(`one sample a pass, all ${doc.batch} in turn`));
  const perHead = (await detail.locator('.node-table tbody td').allTextContents()).map((c) => /each head's (\d+)/.exec(c)?.[1]).filter(Boolean).map(Number);
  assert.ok(perHead.length > 0);
  const shape = layers.get(name);
  for (const n of perHead) assert.ok(n * scheme.heads === shape.nofm || n * scheme.heads === shape.nifm, String(n));

  // Every table of the detail, and the loop nest, in the matmul's words.
  const tables = await detail.locator('table').allTextContents();
  assert.ok(tables.length >= 5);
  for (const text of tables) assert.doesNotMatch(text, /filter/i);
  assert.doesNotMatch(await detail.getByTestId('loop-nest').textContent(), /filter/i);
  assert.match(await detail.locator('table.hops tbody').textContent(), /^Right operand/);
  assert.match(await detail.getByTestId('reuse-table').locator('thead').textContent(), /^Right operand/);
  assert.match(await detail.getByTestId('buffer-table').locator('thead').textContent(), /Right operand/);
  assert.match(await mappingRow(detail, 'Logical PE set'), /right-operand rows × ofmap rows/);

  const violations = await axeViolations(page, { include: '#detail-body' });
  assert.deepEqual(violations, [], describeViolations(violations));

  // A conv layer of the same network keeps its filters.
  await openDetail(page, 'l0_q');
  assert.match(await page.getByTestId('reuse-table').locator('thead').textContent(), /^Filters/);
  assert.equal(await page.getByTestId('pass-caption').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
