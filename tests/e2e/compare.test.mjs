// The Compare tab in Chromium: pin the default result as A, change the
// global buffer, run B; the totals' deltas are the differences of the two
// results as the CLI computes them on the page's own run documents, the only
// differing field is the buffer, the link carries both and a fresh page
// opens them again; swap, stale, unpin, and a damaged A in a link (a notice,
// dropped, no crash). Screenshots at 1400x1000 and 390x844. Any console
// error fails a test.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { packText } from '../../web/url-codec.js';
import { parsePyJson } from '../../web/py-json.js';
import { cliSearchConfig, repoPath } from '../js/support.mjs';
import { PHONE, runEnded, useFreshPage } from './support.mjs';

const site = useFreshPage();

/** The totals table's rows: {key: {a, b, abs}} from its data attributes. */
const totalsOnPage = (page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid="compare-totals"] tbody tr')]
  .map((tr) => [tr.dataset.key, { a: Number(tr.dataset.a), b: Number(tr.dataset.b), abs: Number(tr.dataset.abs) }])));

const differing = (page) => page.evaluate(() => [...document.querySelectorAll('[data-testid="compare-fields"] tbody tr')].map((tr) => tr.dataset.field));

/** The CLI's totals of a run document. */
async function cliTotals(runText) {
  const { status, stdout, stderr } = await cliSearchConfig(runText);
  assert.equal(status, 0, stderr);
  const doc = parsePyJson(stdout);
  return {
    cost: doc.total_cost, time: doc.total_time, ops: doc.total_ops, dram: doc.total_accesses[0], per_mac: doc.total_cost / doc.total_ops,
  };
}

/** The diverging chart's axis: a title with its unit, tick numbers that do not overlap, 11 px text or more. */
async function checkAxis(page) {
  const axis = await page.evaluate(() => {
    const svg = document.querySelector('[data-testid="compare-svg"]');
    return {
      title: svg.querySelector('.axis-title').textContent,
      ticks: [...svg.querySelectorAll('.tick text')].map((t) => {
        const r = t.getBoundingClientRect();
        return { left: r.left, right: r.right, text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) };
      }).sort((x, y) => x.left - y.left),
      width: svg.getBoundingClientRect().width,
    };
  });
  assert.match(axis.title, /^Energy of B − A \((units|[mµnp]?J)\)$/);
  assert.ok(axis.ticks.length >= 2, JSON.stringify(axis.ticks));
  assert.ok(axis.ticks.some((t) => t.text === '0'), 'the zero is marked');
  for (const [i, t] of axis.ticks.entries()) {
    assert.ok(t.size >= 11, `${t.text}: ${t.size} px`);
    if (i > 0) assert.ok(t.left >= axis.ticks[i - 1].right, `ticks ${axis.ticks[i - 1].text} and ${t.text} overlap`);
  }
  return axis;
}

const close = (actual, expected, what) => assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

test('pin A, change the buffer, run B: deltas, the differing field, the link with both, swap and unpin', async () => {
  const { page, errors } = await site.open();
  await runEnded(page);
  const runA = await page.getByTestId('run-json').textContent();
  const pin = page.getByTestId('pin-a');
  await pin.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.waitForSelector('[data-testid="compare-totals"]');
  // Just pinned: B is A, every delta 0.
  for (const [key, row] of Object.entries(await totalsOnPage(page))) assert.equal(row.abs, 0, key);

  await page.getByRole('tab', { name: 'Hardware' }).click();
  await page.locator('#field-gbuf').fill('65536');
  await page.waitForSelector('[data-testid="compare-stale"]');
  await page.locator('#field-gbuf').press('Control+Enter');
  await runEnded(page);
  await page.waitForFunction(() => !document.querySelector('[data-testid="compare-stale"]'));
  const runB = await page.getByTestId('run-json').textContent();

  const totals = await totalsOnPage(page);
  const [cliA, cliB] = [await cliTotals(runA), await cliTotals(runB)];
  for (const key of ['cost', 'time', 'ops', 'dram', 'per_mac']) {
    close(totals[key].a, cliA[key], `${key} of A`);
    close(totals[key].b, cliB[key], `${key} of B`);
    assert.equal(totals[key].abs, totals[key].b - totals[key].a, `${key} delta`);
  }
  assert.notEqual(totals.cost.abs, 0, 'a smaller buffer changes the energy');
  // The energy's parts add up to the total's delta.
  const parts = Object.entries(totals).filter(([k]) => k.startsWith('energy.')).reduce((t, [, r]) => t + r.abs, 0);
  close(parts, totals.cost.abs, 'the parts\' deltas');
  assert.deepEqual(await differing(page), ['gbuf']);
  assert.match(await page.getByTestId('compare-fields').textContent(), /Global buffer per node \(bytes\)131072 ?65536/);
  // Per layer: the table's deltas sum to the total's (no pipelining: the layers add up to the network).
  const layerSum = await page.evaluate(() => [...document.querySelectorAll('[data-testid="compare-layers"] tbody tr')]
    .reduce((t, tr) => t + Number(tr.dataset.abs), 0));
  close(layerSum, totals.cost.abs, 'the layers\' deltas');
  assert.equal(await page.locator('[data-testid="compare-svg"] .bar').count(), await page.locator('[data-testid="compare-layers"] tbody tr').count());
  await checkAxis(page);
  await page.getByRole('tab', { name: 'Compare' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: repoPath('build/e2e-compare.png'), fullPage: true });

  // The link carries both: a fresh page runs A and B and shows the same comparison.
  await page.waitForFunction(() => location.hash.includes('compare=') && location.hash.includes('gbuf=65536'));
  const hash = await page.evaluate(() => location.hash);
  const again = await site.open(hash);
  await again.page.waitForSelector('[data-testid="compare-totals"]', { timeout: 60_000 });
  await runEnded(again.page);
  assert.deepEqual(await totalsOnPage(again.page), totals);
  assert.deepEqual(await differing(again.page), ['gbuf']);
  assert.equal(await again.page.getByRole('tab', { name: 'Compare' }).getAttribute('aria-selected'), 'true');
  assert.deepEqual(again.errors, []);
  await again.page.close();

  // Swap: A's configuration and result come on screen, B is pinned.
  await page.locator('#compare-swap').press('Enter');
  await page.waitForFunction(() => document.querySelector('#field-gbuf').value === '131072');
  const swapped = await totalsOnPage(page);
  assert.equal(swapped.cost.a, totals.cost.b);
  assert.equal(swapped.cost.b, totals.cost.a);
  assert.equal(Number(await page.getByTestId('total-cost').getAttribute('data-value')), totals.cost.a);
  assert.equal(await page.locator('[data-testid="compare-stale"]').count(), 0);

  await page.locator('#compare-unpin').click();
  await page.waitForSelector('[data-testid="compare-empty"]');
  await page.waitForFunction(() => !location.hash.includes('compare='));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a damaged A in a link gets a precise notice and is dropped; B still runs', async () => {
  const cases = [
    ['AAAA', /compare=\) cannot be used: it cannot be unpacked/],
    [await packText('{"format": "nndf-run/9", "batch": 1}'), /it is a run document of format "nndf-run\/9"; this page reads nndf-run\/2/],
    [await packText('{"format": "nndf-run/2", "network": "alex_net", "batch": 16, "bogus": 1}'), /it has the unknown key 'bogus'/],
    [await packText('{"format": "nndf-run/2", "network": "alex_net", "batch": 0, "nodes": [1, 1], "array": [16, 16], "regf": 512, "gbuf": 131072}'), /the engine refuses it \(batch: /],
    ['a.b', /compare 'a\.b' is not base64url text: kept nothing pinned/],
  ];
  for (const [text, pattern] of cases) {
    const { page, errors } = await site.open(`#v=2&network=alex_net&view=compare&compare=${text}`);
    await runEnded(page);
    assert.match(await page.locator('#notice').textContent(), pattern, text);
    await page.waitForSelector('[data-testid="compare-empty"]');
    await page.waitForFunction(() => !location.hash.includes('compare='));
    assert.match(await page.getByTestId('total-cost').textContent(), /\d/);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('a result opened from a file can be pinned, and layers of one side only are listed; phone screenshot', async () => {
  const { page, errors } = await site.open('', { viewport: PHONE });
  await runEnded(page);
  // A: a golden result of another network (MLP), opened from a file.
  await page.locator('#result-file').setInputFiles(repoPath('tests/golden/mlp_m_b8_delay.json'));
  await page.waitForFunction(() => /Opened/.test(document.getElementById('progress-label').textContent));
  await page.getByTestId('pin-a').click();
  await page.getByRole('button', { name: 'Run' }).click();
  await runEnded(page);
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.waitForSelector('[data-testid="compare-totals"]');
  assert.match(await page.getByTestId('compare-a').textContent(), /opened from a file/);
  assert.match(await page.getByTestId('compare-fields').textContent(), /A was opened from a result file/);
  const sides = await page.evaluate(() => [...document.querySelectorAll('[data-testid="compare-layers"] tbody tr')].map((tr) => tr.dataset.side));
  assert.ok(sides.includes('a') && sides.includes('b'), sides.join(','));
  assert.match(await page.getByTestId('compare-only').textContent(), /Only in A: .*Only in B: conv1/);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'nothing scrolls sideways');
  assert.ok((await checkAxis(page)).width <= 390);
  await page.locator('#panel-compare').screenshot({ path: repoPath('build/e2e-compare-phone.png') });
  assert.deepEqual(errors, []);
  await page.close();
});
