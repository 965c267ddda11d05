// The Sweep tab in Chromium: a sweep of two fields over a small
// configuration runs to completion on the pool of workers; the plots and
// tables show every point with the numbers of its line; the exported JSON
// lines equal what `nndf sweep` prints for the page's own sweep document
// (or, without that CLI, the engine's line of each point searched in Node);
// cancel ends every pool worker; a sweep of thousands of points asks first,
// with an estimate; the sweep travels in the link and a damaged one is
// named. Screenshots at 1400x1000 and 390x844.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { cliPath, loadWasm, repoPath } from '../js/support.mjs';
import { axeViolations, describeViolations } from './axe.mjs';
import { PHONE, useFreshPage } from './support.mjs';

const site = useFreshPage();
/** A page with `hash` and the opening result shown (no saved draft), its errors collected. */
const open = (hash = '', viewport = undefined) => site.open(hash, { viewport, waitForRun: true });

/** Sets up the sweep in the tab (network first), as a person would. */
async function setUp(page, {
  network, field1, values1, field2 = '', values2 = '',
}) {
  await page.locator('#field-network').selectOption(network);
  await page.getByRole('tab', { name: 'Sweep' }).click();
  await page.locator('#sweep-field-1').selectOption(field1);
  await page.locator('#sweep-values-1').fill(values1);
  await page.locator('#sweep-field-2').selectOption(field2);
  await page.locator('#sweep-values-2').fill(values2);
}

const status = (page) => page.getByTestId('sweep-status').textContent();
/** Waits until the sweep's status matches `pattern` and its last drawing is done (the tab is no longer aria-busy). */
async function sweepEnded(page, pattern = '^Done', timeout = 60_000) {
  try {
    await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid="sweep-status"]').textContent)
      && !document.getElementById('sweep').hasAttribute('aria-busy'), pattern, { timeout });
  } catch (err) {
    // Say where it stood: the status, and whether the tab was still busy.
    const where = await page.evaluate(() => `status "${document.querySelector('[data-testid="sweep-status"]').textContent}"${document.getElementById('sweep').hasAttribute('aria-busy') ? ', still busy' : ''}`);
    throw new Error(`${err.message} waiting for /${pattern}/: ${where}`);
  }
}
/** Sets the sweep up, runs it and waits for its end, drawings included. */
async function sweepToTheEnd(page, axes) {
  await setUp(page, axes);
  await page.getByTestId('sweep-run').click();
  await sweepEnded(page);
}
const engineWorkers = (page) => page.workers().filter((w) => w.url().includes('worker.js')).length;

/** What `nndf sweep` prints for a sweep document, or null where the CLI has no sweep yet. */
async function cliLines(docText) {
  if (spawnSync(cliPath, ['sweep', '--help'], { encoding: 'utf8' }).status !== 0) return null;
  const dir = await mkdtemp(join(tmpdir(), 'nndf-sweep-'));
  try {
    const file = join(dir, 'sweep.json');
    await writeFile(file, docText);
    const { status: code, stdout, stderr } = spawnSync(cliPath, ['sweep', file, '-p', '1'], { encoding: 'utf8' });
    assert.equal(code, 0, stderr);
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The engine's line of every point, searched one by one in Node's wasm. */
async function engineLines(docText) {
  const m = await loadWasm();
  const { points } = JSON.parse(m.sweepPoints(docText));
  return points.map((p) => {
    const r = JSON.parse(m.search(JSON.stringify(p.run), null, false));
    const l = JSON.parse(m.sweepLine(JSON.stringify(p), r.ok ? r.result_text ?? '' : '', r.ok ? '' : r.error.message));
    return `${l.text}\n`;
  }).join('');
}

test('a sweep of two fields runs on the pool: every point in the plots and tables, its JSON lines the CLI\'s', async () => {
  const { page, errors } = await open();
  // AlexNet has no dataflow with the smallest buffers: lines of both statuses.
  await sweepToTheEnd(page, {
    network: 'alex_net', field1: 'gbuf', values1: '8 kB .. 64 kB x2', field2: 'regf', values2: '64, 512',
  });
  const docText = await page.getByTestId('sweep-json').textContent();
  const doc = JSON.parse(docText);
  assert.deepEqual(doc.axes, [{ path: 'gbuf', range: { from: 8192, to: 65536, times: 2 } }, { path: 'regf', values: [64, 512] }]);
  assert.equal(doc.base.network, 'alex_net');

  // The exported lines, in point order, are the CLI's (or the engine's) for the same document.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sweep-jsonl').click()]);
  const jsonl = await readFile(await download.path(), 'utf8');
  const expected = (await cliLines(docText)) ?? (await engineLines(docText));
  assert.equal(jsonl, expected);
  const lines = jsonl.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 8);
  assert.deepEqual(lines.map((l) => l.index), [...lines.keys()]);
  assert.ok(lines.some((l) => l.status === 'ok') && lines.some((l) => l.status === 'no-dataflow'), 'both statuses');

  // Every point in the table with its line's numbers; the plots have a mark per point.
  const rows = await page.getByTestId('sweep-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    index: Number(tr.dataset.index), status: tr.dataset.status, cells: [...tr.cells].map((c) => c.textContent),
  })));
  assert.deepEqual(rows.map((r) => r.index), lines.map((l) => l.index));
  assert.deepEqual(rows.map((r) => r.status), lines.map((l) => l.status));
  const ok = lines.filter((l) => l.status === 'ok');
  assert.equal(await page.getByTestId('sweep-heat').locator('.sweep-point').count(), lines.length);
  // The heatmap's legend: the least energy, the ramp, the greatest with what white means, as one item after it.
  const heatLegend = await page.locator('[data-testid="sweep-heat"] ~ .heat-legend > span').allTextContents();
  assert.equal(heatLegend.length, 3);
  assert.match(heatLegend[2], /^ \S.* units(?: \(colour on a log scale\))?; white: no dataflow or an error$/);
  assert.equal(await page.getByTestId('sweep-line').locator('.sweep-point').count(), ok.length);
  assert.equal(await page.getByTestId('sweep-scatter').locator('.sweep-point').count(), ok.length);
  assert.equal(await page.getByTestId('sweep-line-table').locator('tbody td').count(), lines.length);
  // The two register files' lines lie on one another only if every buffer size has the same energy with both (and the same no dataflow).
  const shape = (regf) => JSON.stringify(lines.filter((l) => l.values.regf === regf).map((l) => [l.values.gbuf, l.status === 'ok' ? l.cost : null]));
  assert.equal(await page.getByTestId('sweep-coincide').count(), shape(64) === shape(512) ? 1 : 0);
  // The time column is the line's own time, in cycles.
  for (const [i, r] of rows.entries()) {
    if (lines[i].status !== 'ok') continue;
    const shown = r.cells[5];
    const n = Number.parseFloat(shown) * ({ k: 1e3, M: 1e6, G: 1e9 }[shown.match(/([kMG]) cycles/)?.[1]] ?? 1);
    assert.ok(Math.abs(n - lines[i].time) <= lines[i].time * 1e-3, `${shown} vs ${lines[i].time}`);
  }
  // The front marked in the table is the front of the lines' own times and energies: nothing beats a ★ point in both.
  const front = rows.filter((r) => r.cells[6] === '★').map((r) => lines[r.index]);
  assert.ok(front.length >= 1);
  for (const f of front) assert.ok(!ok.some((l) => l.time <= f.time && l.cost <= f.cost && (l.time < f.time || l.cost < f.cost)));
  for (const l of ok.filter((x) => !front.includes(x))) {
    assert.ok(ok.some((q) => q.time <= l.time && q.cost <= l.cost && (q.time < l.time || q.cost < l.cost)) || front.some((f) => f.time === l.time && f.cost === l.cost));
  }

  // Axes with titles and units; focus shows a point's values; Enter opens its full result.
  const titles = await page.getByTestId('sweep-scatter').locator('.axis-title').allTextContents();
  assert.deepEqual(titles.sort(), ['Energy (cost units)', 'Time (cycles)']);
  await page.mouse.move(0, 0);
  await page.getByTestId('sweep-heat').locator('.sweep-point').first().focus();
  assert.match(await page.getByTestId('sweep-readout').textContent(), new RegExp(`^Point 0: Global buffer.* 8 kB; Register file.* 64 B; ${lines[0].status === 'ok' ? 'energy' : 'no dataflow'}`));
  // The same values beside the mark, on focus as on hover; gone as the pointer leaves the plot.
  const heatTip = page.locator('[data-testid="sweep-heat"] ~ .sweep-tip');
  assert.equal(await heatTip.isVisible(), true);
  assert.equal(await heatTip.textContent(), await page.getByTestId('sweep-readout').textContent());
  const lastMark = page.getByTestId('sweep-scatter').locator('.sweep-point').last();
  await lastMark.hover();
  const scatterTip = page.locator('[data-testid="sweep-scatter"] ~ .sweep-tip');
  assert.equal(await scatterTip.textContent(), await lastMark.getAttribute('aria-label'));
  assert.equal(await scatterTip.isVisible(), true);
  await page.mouse.move(0, 0);
  assert.equal(await scatterTip.isVisible(), false);
  const first = ok[0];
  const firstMark = page.getByTestId('sweep-scatter').locator(`.sweep-point[data-index="${first.index}"]`);
  const firstLabel = await firstMark.getAttribute('aria-label');
  await firstMark.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((k) => new RegExp(`Sweep point ${k}:`).test(document.getElementById('result-source').textContent), first.index);
  // The title names the point's own values, written as the Sweep tab writes them (sizes in kB, not bytes).
  const title = await page.locator('#result-source').textContent();
  const valuesShown = firstLabel.replace(/^Point \d+: /, '').replace(/; energy .*$/, '');
  assert.match(valuesShown, /^Global buffer per node \d+ [kM]?B; Register file per PE \d+ [kM]?B$/);
  assert.ok(title.startsWith(`Sweep point ${first.index}: ${valuesShown}`), title);
  assert.equal(await page.getByRole('tab', { name: 'Energy' }).getAttribute('aria-selected'), 'true');
  // Another point pinned as A for Compare: the Compare tab names it, B is the opened point.
  const other = ok[ok.length - 1];
  await page.getByRole('tab', { name: 'Sweep' }).click();
  await page.getByRole('button', { name: `Pin point ${other.index} as A for Compare` }).click();
  await page.waitForFunction((k) => new RegExp(`^Sweep point ${k}:`).test(document.querySelector('[data-testid="compare-a"]')?.textContent ?? ''), other.index);
  assert.match(await page.getByTestId('compare-b').textContent(), new RegExp(`^Sweep point ${first.index}:`));

  // The sweep is in the link: a fresh page opens it in the tab.
  await page.getByRole('tab', { name: 'Sweep' }).click();
  await page.waitForFunction(() => /view=sweep/.test(location.hash));
  const hash = new URL(page.url()).hash;
  assert.match(decodeURIComponent(hash.replace(/\+/g, ' ')), /sweep=1\|gbuf:8 kB \.\. 64 kB x2\|regf:64, 512\|@cost/);
  await page.locator('#results').screenshot({ path: repoPath('build/e2e-sweep.png') });
  await page.close();
  const again = await open(hash);
  assert.equal(await again.page.locator('#sweep-values-1').inputValue(), '8 kB .. 64 kB x2');
  assert.equal(await again.page.locator('#sweep-field-2').inputValue(), 'regf');
  assert.equal(await again.page.getByRole('tab', { name: 'Sweep' }).getAttribute('aria-selected'), 'true');
  await again.page.close();
  assert.deepEqual([...errors, ...again.errors], []);
});

test('a point whose result the sweep let go is searched again when opened, to its line\'s totals', async () => {
  // No characters kept: each finished point's document lets the one before go.
  const { page, errors } = await open('?sweepKeptBytes=0');
  await sweepToTheEnd(page, {
    network: 'alex_net', field1: 'gbuf', values1: '64 kB, 128 kB, 256 kB',
  });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sweep-jsonl').click()]);
  const lines = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.status), ['ok', 'ok', 'ok']);
  const searchedAgain = [];
  for (const line of lines) {
    await page.getByRole('tab', { name: 'Sweep' }).click();
    await page.getByTestId('sweep-scatter').locator(`.sweep-point[data-index="${line.index}"]`).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((k) => new RegExp(`^Sweep point ${k}:`).test(document.getElementById('result-source').textContent), line.index, { timeout: 30_000 });
    if (await page.locator('#progress-label').textContent() === `Sweep point ${line.index} searched again.`) searchedAgain.push(line.index);
    // Kept or searched again, the result shown is the point's own.
    assert.equal(Number(await page.getByTestId('total-cost').getAttribute('data-value')), line.cost);
    assert.equal(Number(await page.getByTestId('total-time').getAttribute('data-value')), line.time);
  }
  // Only the last point to finish is kept.
  assert.equal(searchedAgain.length, 2, `searched again: ${searchedAgain}`);
  await page.close();
  assert.deepEqual(errors, []);
});

test('at 390x844 the sweep fits the phone: nothing scrolls sideways', async () => {
  const { page, errors } = await open('', PHONE);
  await sweepToTheEnd(page, {
    network: 'mlp_s', field1: 'gbuf', values1: '16 kB, 64 kB, 256 kB', field2: 'regf', values2: '64, 512',
  });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 0, `the page scrolls sideways by ${wide} px`);
  await page.locator('#panel-sweep').screenshot({ path: repoPath('build/e2e-sweep-phone.png') });
  await page.close();
  assert.deepEqual(errors, []);
});

test('while a sweep runs, a plot far below the screen waits and is drawn as it comes near, a large table waits for the end; every plot and table once the sweep ends', async () => {
  const { page, errors } = await open('', { width: 1200, height: 700 });
  // 480 points (6 by 80, more cells than a table redrawn while a sweep runs): seconds of work, so the checks below happen while it runs.
  await setUp(page, {
    network: 'alex_net', field1: 'gbuf', values1: '32 kB .. 1 MB x2', field2: 'hop_cost', values2: '1 .. 80 +1',
  });
  await page.getByTestId('sweep-run').click();
  const shown = () => {
    const count = (/** @type {string} */ id) => document.querySelectorAll(`[data-testid="${id}"] .sweep-point`).length;
    return {
      line: count('sweep-line'), scatter: count('sweep-scatter'), status: document.querySelector('[data-testid="sweep-status"]')?.textContent ?? '',
    };
  };
  // The first plot, on screen, shows points as they finish; the energy-time plot, far below, none yet.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="sweep-line"] .sweep-point').length > 0, null, { timeout: 60_000 });
  const early = await page.evaluate(shown);
  assert.match(early.status, /^\d+ of 480 points/, 'still running');
  assert.equal(early.scatter, 0, 'the plot off the screen is not drawn while the sweep runs');
  assert.equal(await page.getByTestId('sweep-line-table').count(), 0);
  assert.match(await page.locator('#panel-sweep').textContent(), /by Global buffer per node: the table when the sweep ends \(480 points\)\./);
  // Scrolled near, it is drawn while the sweep still runs.
  await page.getByRole('heading', { name: 'Energy against time, the Pareto front marked' }).scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="sweep-scatter"] .sweep-point').length > 0
    && /^\d+ of 480 points/.test(document.querySelector('[data-testid="sweep-status"]')?.textContent ?? ''), null, { timeout: 30_000 });
  // Once the sweep ends (cancelled here), every plot and table has every finished point, wherever it is.
  await page.getByTestId('sweep-cancel').click();
  await sweepEnded(page, '^Cancelled after \\d+ of 480 points', 5_000);
  await page.evaluate(() => window.scrollTo(0, 0));
  const finished = Number((await status(page)).match(/^Cancelled after (\d+)/)[1]);
  // The table of points a page at a time: the first 100 of every finished point.
  const rows = await page.getByTestId('sweep-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.status));
  assert.equal(rows.length, Math.min(finished, 100));
  if (finished > 100) assert.equal(await page.locator('[data-pager="sweep-table"] .pager-span').textContent(), `Points 1–100 of ${finished}`);
  const ok = await page.getByTestId('sweep-heat').locator('.sweep-point:not(.missing)').count();
  const end = await page.evaluate(shown);
  assert.deepEqual([end.line, end.scatter], [ok, ok]);
  assert.equal(await page.getByTestId('sweep-heat').locator('.sweep-point').count(), finished);
  assert.equal(await page.getByTestId('sweep-line-table').locator('tbody td').count() > 0, true);
  await page.close();
  assert.deepEqual(errors, []);
});

test('a sweep of hundreds of points pages its tables, keeps the keyboard on the pager, shows the front only on demand, and names its many lines with one ramp', async () => {
  const { page, errors } = await open();
  // 240 points: 8 buffer sizes by 30 hop costs.
  await sweepToTheEnd(page, {
    network: 'mlp_s', field1: 'gbuf', values1: '16 kB .. 2 MB x2', field2: 'hop_cost', values2: '1 .. 30 +1',
  });
  // One node has no hops, so the 30 lines are one: the plot says so under its legend.
  assert.equal(await page.getByTestId('sweep-coincide').textContent(), 'All 30 lines lie on one another: NoC hop changes no energy here.');
  const indices = () => page.getByTestId('sweep-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.index)));
  const pagerText = () => page.locator('[data-pager="sweep-table"] .pager-span').textContent();
  const range = (from, to) => Array.from({ length: to - from }, (_, i) => from + i);
  assert.deepEqual(await indices(), range(0, 100));
  assert.equal(await pagerText(), 'Points 1–100 of 240');
  assert.equal(await page.locator('#sweep-table-page').inputValue(), '1');
  assert.equal(await page.locator('[data-pager="sweep-table"] [data-step="previous"]').isDisabled(), true);

  // Next, by keyboard: the next rows, and the focus stays on Next, then moves to Previous at the last page.
  await page.locator('[data-pager="sweep-table"] [data-step="next"]').focus();
  await page.keyboard.press('Enter');
  assert.deepEqual(await indices(), range(100, 200));
  assert.equal(await pagerText(), 'Points 101–200 of 240');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-step')), 'next');
  await page.keyboard.press('Enter');
  assert.deepEqual(await indices(), range(200, 240));
  assert.equal(await page.locator('[data-pager="sweep-table"] [data-step="next"]').isDisabled(), true);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-step')), 'previous');
  // A page by its number, typed: there, with the focus kept in the number.
  await page.locator('#sweep-table-page').fill('1');
  await page.locator('#sweep-table-page').press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="sweep-table"] tbody tr')?.getAttribute('data-index') === '0');
  assert.deepEqual(await indices(), range(0, 100));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sweep-table-page');

  // The front only: every row marked, as many as the plot's front marks; the switch keeps the focus.
  const front = await page.getByTestId('sweep-scatter').locator('.sweep-point.front').count();
  assert.ok(front >= 1);
  await page.locator('#sweep-front-only').focus();
  await page.keyboard.press('Space');
  const marked = await page.getByTestId('sweep-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.cells[6].textContent));
  assert.deepEqual(marked, Array(front).fill('★'));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sweep-front-only');

  // The table of the metric has the longer field (30 hop costs) down its side: 30 rows of 8, on one page.
  const table = page.getByTestId('sweep-line-table');
  assert.match(await table.locator('thead th').first().textContent(), /hop/i);
  assert.equal(await table.locator('tbody tr').count(), 30);
  assert.equal(await table.locator('tbody td').count(), 240);
  assert.equal(await page.locator('[data-pager="sweep-line-table"]').count(), 0);
  // 30 lines: one ramp in the legend, from the first value to the last.
  const legend = await page.getByTestId('sweep').locator('ul.legend').first().locator('li').allTextContents();
  assert.equal(legend.length, 1);
  assert.match(legend[0], /hop 1 to 30 \(30 values/i);
  // The pagers and the switch pass axe's WCAG rules.
  await page.locator('#sweep-front-only').uncheck();
  const violations = await axeViolations(page, { include: '#panel-sweep' });
  assert.deepEqual(violations, [], describeViolations(violations));
  await page.close();
  assert.deepEqual(errors, []);
});

test('cancel stops every pool worker at once', async () => {
  const { page, errors } = await open();
  const before = engineWorkers(page);
  // 256 points: seconds of work in either browser, so the cancel comes while it runs.
  await setUp(page, {
    network: 'alex_net', field1: 'gbuf', values1: '8 kB .. 1 MB x2', field2: 'regf', values2: '16 .. 512 +16',
  });
  await page.getByTestId('sweep-run').click();
  await page.waitForFunction(() => /of 256 points|256 points on/.test(document.querySelector('[data-testid="sweep-status"]').textContent), null, { timeout: 30_000 });
  const started = Date.now() + 10_000;
  while (engineWorkers(page) <= before && Date.now() < started) await page.waitForTimeout(50);
  const during = engineWorkers(page);
  assert.ok(during > before, `the pool adds workers (${before} -> ${during})`);
  await page.getByTestId('sweep-cancel').click();
  await page.waitForFunction(() => /^Cancelled after \d+ of 256 points/.test(document.querySelector('[data-testid="sweep-status"]').textContent), null, { timeout: 5_000 });
  // Playwright hears a worker's end as its 'close'.
  const deadline = Date.now() + 3000;
  while (engineWorkers(page) > before && Date.now() < deadline) await page.waitForTimeout(50);
  assert.equal(engineWorkers(page), before, 'the pool\'s workers are gone');
  assert.equal(await page.getByTestId('sweep-run').isEnabled(), true);
  await page.close();
  assert.deepEqual(errors, []);
});

test('a sweep of thousands of points asks first, with an estimate of its time', async () => {
  const { page, errors } = await open();
  await setUp(page, { network: 'mlp_s', field1: 'gbuf', values1: '1 kB .. 3001 kB +1 kB' });
  await page.getByTestId('sweep-run').click();
  const question = page.getByTestId('sweep-question');
  await question.waitFor({ state: 'visible', timeout: 60_000 });
  const asked = (await question.textContent()).match(/This sweep has 3,001 points\. (\d+) of them, from across it, took [\d.]+ s each: the rest would take about [\d.]+ (s|min|h) on (\d+) workers?\./);
  assert.ok(asked, await question.textContent());
  // 4 per worker, spread over the sweep: a point from its first and from its last stretch are among them.
  assert.equal(Number(asked[1]), 4 * Number(asked[3]));
  await page.getByRole('button', { name: 'Stop here' }).click();
  assert.match(await status(page), new RegExp(`^Stopped after ${asked[1]} of 3001 points\\.$`));
  const indices = await page.getByTestId('sweep-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.index)));
  assert.equal(indices.length, Number(asked[1]));
  assert.ok(Math.min(...indices) < 3001 / indices.length && Math.max(...indices) >= 3001 - 3001 / indices.length, `timed: ${indices}`);
  await page.close();
  assert.deepEqual(errors, []);
});

test('a damaged sweep in a link is named, and the rest of the link opens', async () => {
  const { page, errors } = await open('#view=sweep&sweep=2%7Cgbuf%3A8k');
  await page.getByTestId('sweep').waitFor();
  const notice = await page.locator('#notice').textContent();
  assert.match(notice, /sweep '2\|gbuf:8k' is of version 2, this page reads version 1: no sweep set up/);
  assert.equal(await page.getByRole('tab', { name: 'Sweep' }).getAttribute('aria-selected'), 'true');
  await page.close();
  const bad = await open('#sweep=1%7Cgbuf%3A8k..1k%20x2');
  assert.match(await bad.page.locator('#notice').textContent(), /sweep '1\|gbuf:8k\.\.1k x2' axis 1 \(gbuf\) '8k\.\.1k x2' is empty/);
  await bad.page.close();
  assert.deepEqual([...errors, ...bad.errors], []);
});
