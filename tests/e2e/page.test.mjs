// The page in Chromium, as a person uses it: run the default configuration
// and agree with the CLI, apply presets, share a link (and open one of the
// page's first version), cancel a long run, see the engine's problems beside
// their fields, build the form from the engine's schema, and survive a
// hostile network file.
import assert from 'node:assert/strict';
import {
  cp, mkdtemp, readFile, rm, writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { PRESETS, runsAtOnce } from '../../web/presets.js';
import { parsePyJson } from '../../web/py-json.js';
import {
  builtinNetworkNames, cliSearchConfig, repoPath, withoutRunFacts,
} from '../js/support.mjs';
import {
  fillNetworkEditor, networkEditorText, openFreshPage, runEnded, startLongSearch, startServer, useFreshPage,
} from './support.mjs';

const HOSTILE = '<img src=x onerror=alert(1)>';
/** The ISSCC'16 preset with HOSTILE_NETWORK at batch 3, as the page's first version (links v=1) wrote it. */
const V1_LINK = '#v=1&net=custom&batch=3&word=16&nodes=1x1&array=12x14&regf=522&gbuf=110592&bus=0&dram_bw=inf&mem=2D&op_cost=2e-12&dram_cost=4.6e-10&gbuf_cost=1.5e-11&array_cost=4e-12&rf_cost=1e-12&hop_cost=0&idle_cost=1.5e-10&no_bypass=iof&solver=0&access_fwd=0&gbuf_sharing=0&save_writeback=0&hybrid=0&batch_part=0&ifmaps_part=0&interlayer=0&basic_interlayer=0&pipe_overhead=inf&pipe_degree=inf&goal=e&top=1&netz=fY9BCoMwEEX3OcWQVQWh1YKLoF33DqULCVECMQlJWiri3YuJ1bS2Xf7Hn3kzAwLAsu4YJoDPyjouGJSWGq7dqRbMuF2elPsZ4HSqc6lvDhMYEMA0rZoOEzimIdo55ghg9H1R98xYTODiG2Es0pa8a8EaWj1ASWaMMlUwZ0kw-rbrtW9TJe8rlTyWr9dkxUKWg1bScDERn8f0-1VaKbG1v9OfspgY1mIC-V9ZQ7eqmM1vRmtf6sPnV1kRTAjgisYn';
const HOSTILE_NETWORK = JSON.stringify({
  name: 'Hostile <script>alert(2)</script>',
  input: { nofm: 3, sofm: 32 },
  layers: [
    { name: HOSTILE, type: 'conv', nifm: 3, nofm: 16, sofm: 32, sfil: 3 },
    { name: 'pool', type: 'pool', nofm: 16, sofm: 16, sreg: 2 },
    { name: 'fc', type: 'fc', nifm: 16, nofm: 10, sfil: 16 },
  ],
}, null, 2);

const site = useFreshPage();
let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nndf-e2e-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const totalCost = (page) => page.getByTestId('total-cost').getAttribute('data-value');

/** Waits for a run to end and returns the total cost shown (a string, full precision). */
async function resultOf(page, timeout = 20_000) {
  const status = await runEnded(page, timeout);
  // Else the wait for the total below times out saying nothing of why (a clean CI run did).
  assert.match(status ?? '', /^Done/, `the run ended without a result: "${status}"`);
  return totalCost(page);
}

/** Clicks Run (which marks the run started at once) and waits for its end. */
async function runAndWait(page) {
  await page.getByTestId('run').click();
  return resultOf(page);
}

/** What `nndf search --config` says for the run document the page shows. */
async function cliResult(page) {
  const { status, stdout, stderr } = await cliSearchConfig(await page.getByTestId('run-json').textContent());
  assert.equal(status, 0, stderr);
  return { doc: parsePyJson(stdout), text: stdout };
}

/** Waits until the detail tab shows layer `name` with its pictures drawn (the engine explains it first). */
async function detailOf(page, name) {
  await page.waitForFunction((n) => document.querySelector('#detail-body h3')?.textContent === n
    && document.querySelector('#detail-body svg.pe-array') !== null, name);
  return page.locator('#detail-body');
}

/** Waits for the text of a locator to match `pattern` (the engine's checks come back a moment after an edit). */
async function textOf(locator, pattern) {
  const handle = await locator.elementHandle();
  await locator.page().waitForFunction(([el, source]) => new RegExp(source).test(el.textContent), [handle, pattern.source]);
  return locator.textContent();
}

/** The text form of every field control, to compare configurations. */
const formValues = (page) => page.evaluate(() => Object.fromEntries(
  [...document.querySelectorAll('[data-field]')].map((row) => {
    const inputs = [...row.querySelectorAll('input, select')];
    return [row.dataset.field, inputs.map((i) => (i.type === 'checkbox' ? i.checked : i.value)).join('|')];
  }),
));

test('the default configuration runs on opening and agrees with the CLI', async (t) => {
  const { page, errors } = await site.open();
  const shown = await resultOf(page);
  const opened = await page.evaluate(() => performance.getEntriesByName('nndf:first-result')[0].startTime);
  t.diagnostic(`opening the page to the default result: ${opened.toFixed(0)} ms`);

  const cli = await cliResult(page);
  assert.equal(Number(shown), cli.doc.total_cost);
  assert.equal(await page.getByTestId('total-time').getAttribute('data-value'), String(cli.doc.total_time));
  assert.match(await page.getByTestId('total-cost').textContent(), /8\.374 × 10¹⁰ units/);
  assert.match(await page.locator('#version').textContent(), /^nndf \d+\.\d+\.\d+$/);
  // The built-in networks (nns/) and the editor's own network.
  assert.equal(await page.locator('#field-network option').count(), builtinNetworkNames().length + 1);
  // The form's fields are the engine's schema's: labels, help, defaults, units.
  assert.equal(await page.locator('label[for="field-gbuf"]').textContent(), 'Global buffer per node (bytes)');
  assert.equal(await page.locator('[data-field="gbuf"] .size-note').textContent(), ' = 128 kB');
  assert.equal(await page.locator('#field-hier_cost').inputValue(), '200');
  assert.equal(await page.locator('#field-hier_cost-3').inputValue(), '1');
  assert.match(await page.locator('#field-enable_gbuf_sharing-help').textContent(), /^Nodes share their global buffers/);
  assert.equal(await page.locator('#network-layers tbody tr').count(), 19);
  // Every control has a name a screen reader can say.
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
      || (el.tagName === 'BUTTON' && el.textContent.trim())))
    .map((el) => el.id || el.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);

  // Every chart has a table of its numbers; the layer table sorts by keyboard too.
  assert.equal(await page.locator('#energy-table tbody tr').count(), 19);
  assert.ok(await page.locator('#energy-layer-chart svg title').count() > 19 * 3);
  await page.getByRole('tab', { name: 'Layers' }).click();
  const table = page.getByTestId('layer-table');
  assert.equal(await table.locator('tbody tr').count(), 19);
  await table.getByRole('button', { name: 'Energy' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await table.locator('tbody tr').first().locator('th').textContent(), 'fc1');
  assert.equal(await table.locator('th[aria-sort="descending"]').count(), 1);

  // The layer detail: loop nest and the PE array picture with its table.
  await table.getByRole('button', { name: 'conv1_a' }).click();
  assert.equal(await page.getByRole('tab', { name: 'Layer detail' }).getAttribute('aria-selected'), 'true');
  assert.match(await (await detailOf(page, 'conv1_a')).textContent(), /Folding \(rows, columns\)1 × 4/);
  assert.equal(await page.locator('#detail-body svg.pe-array .block').count(), 1);
  // The engine's loop nest adds up: per dimension, the counts of the loops
  // shown multiply to the product shown beside the node's share, which equals
  // it or covers it with a partial last iteration.
  const dims = await page.evaluate(() => [...document.querySelectorAll('[data-testid="nest-shapes"] tbody tr')].map((tr) => {
    const { dim } = /** @type {HTMLElement} */ (tr).dataset;
    const loops = [...document.querySelectorAll('[data-testid="loop-nest"] .loop[data-dim]')]
      .filter((l) => /** @type {HTMLElement} */ (l).dataset.dim === dim || (dim === 'orow' && /** @type {HTMLElement} */ (l).dataset.dim === 'fold'));
    const cells = /** @type {HTMLTableRowElement} */ (tr).cells;
    return {
      dim,
      counts: loops.reduce((n, l) => n * Number(/** @type {HTMLElement} */ (l).dataset.count), 1),
      node: Number(cells[2].textContent),
      shown: cells[3].textContent,
      relation: cells[4].textContent,
    };
  }));
  assert.ok(dims.length >= 7, JSON.stringify(dims));
  for (const d of dims) {
    assert.equal(Number(d.shown.split('=').pop()), d.counts, d.dim);
    if (d.relation === '=') assert.equal(d.counts, d.node, d.dim);
    else assert.ok(d.counts > d.node && /partial/.test(d.relation), d.dim);
  }
  assert.ok(dims.filter((d) => d.relation === '=').length >= 5);
  // The reuse panel shows the result's own accesses; the buffers fit.
  const reuse = page.getByTestId('reuse-table');
  const access = cli.doc.schedules.conv1_a[0].access;
  for (const [l, level] of ['DRAM', 'GBUF', 'ITCN', 'REGF'].entries()) {
    for (const [d, data] of ['filters', 'ifmaps', 'ofmaps'].entries()) {
      assert.equal(Number(await reuse.locator(`tr[data-level="${level}"] td[data-data="${data}"]`).getAttribute('data-access')), access[l][d]);
    }
  }
  for (const row of await page.getByTestId('buffer-table').locator('tbody tr').all()) {
    assert.ok(Number(await row.getAttribute('data-total')) <= Number(await row.getAttribute('data-capacity')));
  }
  assert.equal(await page.locator('#detail-body .fill-bar svg').count(), 2);

  // Export: the CLI's document, spelled the same, but for the run time, and the run document that made it at its end.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  const exported = await readFile(await download.path(), 'utf8');
  const [cliPart, runPart] = exported.split(/,\n {2}"run_document": /);
  assert.equal(withoutRunFacts(`${cliPart}\n}\n`), withoutRunFacts(cli.text));
  assert.deepEqual(JSON.parse(runPart.replace(/\n}\n$/, '')), JSON.parse(await page.getByTestId('run-json').textContent()));

  await page.screenshot({ path: repoPath('build/e2e-detail.png'), fullPage: true });
  await page.getByRole('tab', { name: 'Energy' }).click();
  await page.screenshot({ path: repoPath('build/e2e-results.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

// Presets whose CLI comparison is left to tests/js/config.test.mjs (in Node,
// against the same wasm): here they only run and show a result.
const SLOW_PRESETS = new Set(['tangram-16x16']);

test('each preset applies in one click, runs, and agrees with the CLI', async (t) => {
  const { page, errors } = await site.open();
  await resultOf(page);
  const tetris = parsePyJson(await readFile(repoPath('tests/golden/tetris_t16_alex_b16.json'), 'utf8'));
  for (const preset of await page.locator('#presets button').all()) {
    const id = await preset.getAttribute('data-preset');
    await preset.click();
    const started = Date.now();
    // A quick preset runs as it is applied; a slow one (presets.js `seconds`) on a click of the Run in its notice.
    const runIt = page.locator('#preset-notice').getByRole('button', { name: /^Run / });
    assert.equal(await runIt.count(), runsAtOnce(/** @type {any} */ (PRESETS.find((p) => p.id === id))) ? 0 : 1, id);
    if (await runIt.count() > 0) await runIt.click();
    const shown = await resultOf(page, 120_000);
    t.diagnostic(`${id}: ${Date.now() - started} ms`);
    assert.match(await page.locator('#progress-label').textContent(), /^Done in/, id);
    assert.ok(Number(shown) > 0, id);
    if (!SLOW_PRESETS.has(id)) assert.equal(Number(shown), (await cliResult(page)).doc.total_cost, id);
    if (id === 'tetris-t16') {
      assert.equal(Number(shown), tetris.total_cost);
      assert.match(await page.getByTestId('total-cost').textContent(), /70\.74 mJ/);
      assert.equal(await page.locator('#field-nodes').inputValue(), '4x4');
    }
    if (id === 'eyeriss-isscc16') assert.equal(await page.locator('#field-array').inputValue(), '12x14');
    if (id === 'tangram-16x16') assert.equal(await page.locator('#field-nodes').inputValue(), '16x16');
  }
  // A preset replaces what was typed, and says how to get it back.
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.locator('#field-batch').fill('3');
  await page.locator('[data-preset="tetris-l1"]').click();
  assert.equal(await page.locator('#field-batch').inputValue(), '16');
  await page.locator('#preset-notice').getByRole('button', { name: 'Undo' }).click();
  assert.equal(await page.locator('#field-batch').inputValue(), '3');
  assert.deepEqual(errors, []);
  await page.close();
});

/** A fresh page that has run the default on opening, then preset `id`. */
async function openWithPreset(id) {
  const opened = await site.open();
  await resultOf(opened.page);
  await opened.page.locator(`[data-preset="${id}"]`).click();
  await runAndWait(opened.page);
  return opened;
}

test('TETRIS T-16: a layer\'s detail draws its 16 nodes, their parts, the memory and the NoC hops', async () => {
  const { page, errors } = await openWithPreset('tetris-t16');
  const golden = parsePyJson(await readFile(repoPath('tests/golden/tetris_t16_alex_b16.json'), 'utf8'));
  await page.getByRole('tab', { name: 'Layers' }).click();
  assert.match(await page.locator('#segments').textContent(), /No inter-layer pipelining: each of the 19 layers/);
  await page.getByTestId('layer-table').getByRole('button', { name: 'conv2_a' }).click();
  const detail = await detailOf(page, 'conv2_a');
  assert.match(await detail.getByTestId('detail-segment').textContent(), /^Segment 3 of 19 \(the layer alone\)/);

  // The grid: 16 nodes coloured by fmap tile (8 parts), each with its ranges; 3D memory above each.
  const grid = detail.locator('svg.node-grid');
  assert.equal(await grid.locator('.node').count(), 16);
  assert.equal(await grid.locator('.vault').count(), 16);
  assert.equal(await detail.locator('.node-legend li').count(), 8 + 1);
  assert.equal(await grid.locator('.node[data-at="1,2"] title').textContent(),
    'Node (row 1, column 2): batch items 0–15; output channels 0–63; ofmap rows 6–12, columns 13–26; input channels 0–47.'
    + ' Partition index: output channels part 0 of 2, fmap area part 3 of 8. Reads ifmap rows 6–16, columns 13–30.');
  // Coloured by the other split on request.
  await detail.getByLabel('output channels (2)').check();
  assert.equal(await detail.locator('.node-legend li').count(), 2 + 1);
  assert.equal(await grid.locator('.node text').first().textContent(), '0');

  // The NoC hops are the engine's, in a table beside the picture.
  const [scheme] = golden.schedules.conv2_a;
  const hops = detail.locator('table.hops');
  assert.equal(await hops.locator('tbody tr').count(), 3);
  assert.equal(await hops.locator('tbody tr').nth(1).locator('td').nth(2).textContent(), scheme.total_nhops[1].toLocaleString('en-US'));
  assert.equal(await detail.locator('.node-table tbody tr').count(), 16);

  // Keyboard: Tab reaches the grid, arrow keys walk the nodes and say what each holds.
  await detail.getByLabel('output channels (2)').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.at), '0,0');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.at), '1,1');
  assert.match(await detail.locator('.node-info').textContent(), /^Node \(row 1, column 1\): batch items 0–15; output channels 64–127/);
  await page.keyboard.press('Enter');
  assert.equal(await detail.locator('.node-table tr.selected th').textContent(), '(1, 1)');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a hidden result view is drawn when it is first shown, with the latest result', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  const layerRows = page.getByTestId('layer-table').locator('tbody tr');
  // The opening result's Layers view waits for its tab (web/draw-when-shown.js).
  assert.equal(await layerRows.count(), 0);
  // A second result before the tab is opened: the tab shows it, not the first.
  await page.locator('[data-preset="tetris-t16"]').click();
  await runAndWait(page);
  assert.equal(await layerRows.count(), 0);
  await page.getByRole('tab', { name: 'Layers' }).click();
  assert.match(await page.locator('#segments').textContent(), /each of the 19 layers/);
  assert.equal(await layerRows.count(), 19);
  // On view, a result is drawn at once; the Energy view, now hidden, waits.
  await page.locator('[data-preset="tangram-8x8"]').click();
  await runAndWait(page);
  assert.match(await page.locator('#segments').textContent(), /pipelined/);
  const energyTitle = page.locator('#energy-network-chart .chart-title');
  const before = await energyTitle.textContent();
  await page.getByRole('tab', { name: 'Energy' }).click();
  assert.notEqual(await energyTitle.textContent(), before);
  assert.equal(await page.locator('#energy-table tbody tr').count(), await layerRows.count());
  assert.deepEqual(errors, []);
  await page.close();
});

test('Tangram 8x8: segments of pipelined layers, and layers sharing the grid', async () => {
  const { page, errors } = await openWithPreset('tangram-8x8');
  assert.equal(await page.getByTestId('segments').getAttribute('data-value'), '14');
  await page.getByRole('tab', { name: 'Layers' }).click();
  const segments = page.getByTestId('segment-table');
  assert.equal(await segments.locator('tbody tr').count(), 14);
  assert.equal(await segments.locator('tbody tr.pipelined').count(), 5);
  assert.match(await segments.locator('tbody tr').nth(12).textContent(), /^13fc1 \| fc244 \+ 20126,976/);
  await segments.getByRole('button', { name: 'fc2' }).click();
  const detail = await detailOf(page, 'fc2');
  assert.match(await detail.getByTestId('detail-segment').textContent(),
    /^Segment 13 of 14, with fc1: spatial slot 2 of 2, temporal step 1 of 1 \(sched_seq \[12, 1, 0\]\)/);
  const grid = detail.locator('svg.node-grid');
  assert.equal(await grid.locator('.node').count(), 20);
  assert.equal(await grid.locator('rect.other').count(), 44);
  assert.equal(await grid.locator('.slot-label').textContent(), 'fc1');
  assert.match(await grid.locator('.pipeline title').textContent(), /fc1 passes its ofmaps to fc2 on chip/);
  // fc2's 20 nodes: rows 4 to 7, columns 0 to 4, after fc1's 44.
  const places = await grid.locator('.node').evaluateAll((nodes) => nodes.map((n) => n.dataset.at));
  assert.deepEqual(new Set(places), new Set([4, 5, 6, 7].flatMap((r) => [0, 1, 2, 3, 4].map((c) => `${r},${c}`))));
  await page.screenshot({ path: repoPath('build/e2e-node-grid.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a copied link opens the same configuration and result in a fresh page', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  await page.locator('[data-preset="eyeriss-isscc16"]').click();
  await page.locator('#field-network').selectOption('custom');
  await fillNetworkEditor(page, HOSTILE_NETWORK);
  await page.locator('#field-batch').fill('3');
  const shown = await runAndWait(page);
  assert.ok(Number(shown) > 0);
  await page.getByTestId('copy-link').click();
  await page.waitForFunction(() => /Link copied|Copy this link/.test(document.body.textContent));
  const link = new URL(page.url());
  assert.match(link.hash, /^#v=2&network=custom&batch=3&.*&hier_cost=4\.6e-10%2C1\.5e-11%2C4e-12%2C1e-12&.*&netz=/);
  const values = await formValues(page);
  await page.close();

  const fresh = await site.open(link.hash);
  assert.equal(await resultOf(fresh.page), shown);
  assert.deepEqual(await formValues(fresh.page), values);
  assert.equal(await networkEditorText(fresh.page), HOSTILE_NETWORK);
  // Editing replaces the link in place: no history entries pile up.
  const length = await fresh.page.evaluate(() => history.length);
  await fresh.page.locator('#field-batch').fill('4');
  await fresh.page.waitForFunction(() => location.hash.includes('batch=4'));
  assert.equal(await fresh.page.evaluate(() => history.length), length);
  assert.deepEqual([...errors, ...fresh.errors], []);
  await fresh.page.close();

  // The same link as the page's first version wrote it (frozen) opens the same configuration and result.
  const v1 = await site.open(V1_LINK);
  assert.equal(await resultOf(v1.page), shown);
  assert.deepEqual(await formValues(v1.page), values);
  assert.equal(await networkEditorText(v1.page), HOSTILE_NETWORK);
  await v1.page.waitForFunction(() => location.hash.startsWith('#v=2&network=custom&batch=3&'));
  assert.deepEqual(v1.errors, []);
  await v1.page.close();
});

test('a damaged or newer link shows a notice and keeps the last configuration', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  await page.locator('#field-batch').fill('5');
  await page.waitForFunction(() => location.hash.includes('batch=5'));
  await page.waitForTimeout(400);  // The draft is saved after a short pause.
  await page.close();

  for (const hash of ['#v=99&batch=7', '#garbage']) {
    const again = await site.open(hash, { clearStorage: false });
    await resultOf(again.page);
    assert.match(await again.page.locator('#notice').textContent(), /cannot be opened.*your last configuration/);
    assert.equal(await again.page.locator('#field-batch').inputValue(), '5');
    assert.deepEqual(again.errors, []);
    await again.page.close();
  }
  assert.deepEqual(errors, []);
});

test('a long run can be cancelled (button or Esc) while the page stays responsive, then run again', async (t) => {
  const { page, errors } = await site.open();
  await resultOf(page);
  await startLongSearch(page);
  await page.waitForFunction(() => /Layer \d+ of 208/.test(document.getElementById('progress-label').textContent));
  assert.equal(await page.getByTestId('progress').isVisible(), true);
  // Progress by work, with the time spent (docs/progress.md).
  assert.match(await page.locator('#progress-label').textContent() ?? '', /^Layer \d+ of 208: \S+ · \d+% of the work · \d/);

  // The page answers while the worker searches: input is taken, and the main
  // thread's event loop is never held up for long. The delay is measured in
  // the page, so the browser driver's own round trips (slow on a busy
  // machine) do not count.
  await page.getByRole('tab', { name: 'Cost' }).click();
  await page.locator('#field-hop_cost').fill('0');
  assert.equal(await page.locator('#field-hop_cost').inputValue(), '0');
  const lag = await page.evaluate(async () => {
    let worst = 0;
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 10));
      worst = Math.max(worst, performance.now() - t0 - 10);
    }
    return worst;
  });
  t.diagnostic(`main thread's longest delay during a search: ${Math.round(lag)} ms`);
  assert.ok(lag < 500, `the main thread was held up ${lag} ms`);

  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.getElementById('progress-label').textContent === 'Cancelled.', null, { timeout: 2000 });
  assert.equal(await page.getByTestId('cancel').isDisabled(), true);

  // Start it again and cancel with the button; then the newest run wins.
  await page.getByTestId('run').click();
  await page.waitForFunction(() => /Layer \d+ of 208/.test(document.getElementById('progress-label').textContent));
  await page.getByTestId('cancel').click();
  await page.waitForFunction(() => document.getElementById('progress-label').textContent === 'Cancelled.', null, { timeout: 2000 });

  await page.getByTestId('run').click();
  await page.waitForFunction(() => /Layer \d+ of 208/.test(document.getElementById('progress-label').textContent));
  await page.locator('[data-preset="eyeriss-isca16"]').click();
  const shown = await runAndWait(page);
  assert.equal(Number(shown), (await cliResult(page)).doc.total_cost);
  assert.deepEqual(errors, []);
  await page.close();
});

test('invalid values and forbidden combinations are explained beside their fields, by the engine', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  // Not a whole number: the page says so as it is typed.
  await page.locator('#field-batch').fill('1.5');
  const beside = page.locator('[data-field="batch"] .field-error');
  assert.equal(await beside.textContent(), 'Batch size must be a whole number.');
  // A whole number out of range: the engine says so.
  await page.locator('#field-batch').fill('0');
  assert.match(await textOf(beside, /from 1/), /^Batch size must be a whole number from 1 to 65536, got 0\.$/);
  assert.equal(await page.locator('#field-batch').getAttribute('aria-invalid'), 'true');
  assert.match(await page.getByTestId('error').textContent(), /Batch size must be a whole number from 1/);
  await page.getByTestId('run').click();
  await page.waitForFunction(() => /Fix the configuration/.test(document.getElementById('progress-label').textContent));
  await page.locator('#field-batch').fill('16');
  assert.equal(await beside.isHidden(), true);
  assert.equal(await page.getByTestId('error').isHidden(), true);
  // A part of a pair, named.
  await page.getByRole('tab', { name: 'Hardware' }).click();
  await page.locator('#field-nodes').fill('1x65');
  assert.match(await textOf(page.locator('[data-field="nodes"] .field-error'), /columns/), /^Node grid \(columns\) must be a whole number from 1 to 64, got 65\.$/);
  await page.locator('#field-nodes').fill('1x1');

  // Tabs work by keyboard (WAI-ARIA): arrows move and select.
  await page.getByRole('tab', { name: 'Network' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('tab', { name: 'Options' }).getAttribute('aria-selected'), 'true');
  await page.locator('#field-ifmaps_partition').check();
  assert.match(await textOf(page.locator('[data-field="ifmaps_partition"] .field-error'), /needs/), /needs Hybrid partitioning/);
  assert.equal(await page.locator('#field-hybrid_partition').isChecked(), false, 'the form never flips an option itself');
  await page.locator('#field-solve_loopblocking').check();
  await page.locator('#field-enable_gbuf_sharing').check();
  assert.match(await textOf(page.locator('[data-field="enable_gbuf_sharing"] .field-error'), /solver/), /cannot be combined with Loop-blocking solver/);
  await page.getByTestId('run').click();
  await page.waitForFunction(() => /Fix the configuration/.test(document.getElementById('progress-label').textContent));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a network with a hostile layer name shows it as text, and editor errors show their line', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  await page.locator('#field-network').selectOption('custom');
  const broken = HOSTILE_NETWORK.replace('"nifm": 16', '"nifm": 17');
  const line = broken.split('\n').findIndex((l) => l.includes('"nifm": 17')) + 1;
  await fillNetworkEditor(page, broken);
  const editorError = page.locator('#network-editor-error');
  await editorError.waitFor();
  assert.match(await editorError.textContent(), new RegExp(`^Line ${line}, column 7: layers\\[2\\] "fc"\\.nifm: layer 'fc' has nifm 17`));
  assert.match(await page.getByTestId('error').textContent(), new RegExp(`editor has an error at line ${line}`));

  await fillNetworkEditor(page, HOSTILE_NETWORK);
  await editorError.waitFor({ state: 'hidden' });
  await page.locator('#network-layers tbody tr').nth(2).waitFor();
  assert.equal(await page.locator('#network-layers tbody th').first().textContent(), HOSTILE);
  await runAndWait(page);
  await page.getByRole('tab', { name: 'Layers' }).click();
  assert.equal(await page.getByTestId('layer-table').getByRole('button', { name: HOSTILE }).count(), 1);
  await page.getByTestId('layer-table').getByRole('button', { name: HOSTILE }).click();
  await detailOf(page, HOSTILE);
  // The page's own scripts are all in its head; a name that became markup would add one in the body.
  assert.equal(await page.locator('body img, body script').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a result file from the CLI opens in the page', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  await page.locator('#result-file').setInputFiles(repoPath('tests/golden/tetris_t16_alex_b16.json'));
  await page.waitForFunction(() => /Opened tetris_t16/.test(document.getElementById('result-source').textContent));
  assert.equal(await totalCost(page), '0.0707427114752');
  await page.locator('#result-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"a": 1}') });
  await page.waitForFunction(() => /cannot be shown/.test(document.querySelector('[data-testid=error]').textContent));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a field added to the engine\'s schema appears in the form with no change in JS', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  const built = await page.evaluate(async () => {
    const { EngineClient } = await import('./engine.js');
    const { readSchema } = await import('./schema.js');
    const { formFields } = await import('./fields.js');
    const { buildFieldGroup } = await import('./view-form.js');
    const tools = new EngineClient();
    const schema = await tools.call('runSchema');
    tools.terminate();
    schema.fields.push({
      name: 'noc_width', kind: 'integer', scope: 'run', group: 'hardware', label: 'NoC width', help: 'bits per hop',
      unit: 'bits', required: false, default: 64, min: 1, max: 1024, inf: false,
    });
    const fields = formFields(readSchema(schema), ['alex_net']).filter((f) => f.tab === 'hardware');
    const box = document.createElement('div');
    const edits = [];
    const group = buildFieldGroup(box, fields, (name, text) => edits.push([name, text]));
    group.write({ noc_width: '64' });
    const input = box.querySelector('#field-noc_width');
    input.value = '32';
    input.dispatchEvent(new Event('input'));
    return {
      label: box.querySelector('label[for="field-noc_width"]')?.textContent,
      help: box.querySelector('#field-noc_width-help')?.textContent,
      value: input.value,
      edits,
      rows: [...box.querySelectorAll('[data-field]')].map((r) => r.dataset.field),
    };
  });
  assert.equal(built.label, 'NoC width (bits)');
  assert.equal(built.help, 'Bits per hop.');
  assert.deepEqual(built.edits, [['noc_width', '32']]);
  assert.equal(built.rows.at(-1), 'noc_width');
  assert.ok(built.rows.includes('gbuf'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the built folder works from a sub-folder of a static host', async () => {
  const host = join(dir, 'site');
  await cp(repoPath('build/web'), join(host, 'some', 'folder'), { recursive: true });
  await writeFile(join(host, 'index.html'), '<!doctype html><title>another site</title>');
  const parent = await startServer(host);
  try {
    const { page, errors } = await openFreshPage(site.browser, `${parent.url}some/folder/`);
    assert.ok(Number(await resultOf(page)) > 0);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await parent.stop();
  }
});
