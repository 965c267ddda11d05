// Nothing lost, nothing stale (issue 13, "Bugs to fix"): a result stays tied
// to the run document that made it; typed text survives a reload and a
// link; opened results and run documents restore their configuration;
// presets run; sizes take units; exported files say what they hold.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { parsePyJson } from '../../web/py-json.js';
import { unpackText } from '../../web/url-codec.js';
import {
  fillNetworkEditor, networkEditor, networkEditorText, runEnded, useFreshPage, waitForNetworkEditorText,
} from './support.mjs';

const site = useFreshPage();

/** Waits for a run to end (the Run button's or any other); returns the total cost shown. */
async function resultOf(page) {
  await runEnded(page);
  return page.getByTestId('total-cost').getAttribute('data-value');
}

/** The network editor's text and how to type into it (the code editor, through support.mjs). */
const editor = {
  text: (page) => networkEditorText(page),
  type: (page, text) => fillNetworkEditor(page, text),
  /** Types with the page's timers stopped first: whatever waits for a delay never happens (a reload "at once", on any machine load). */
  typeThenStopTime: async (page, text) => {
    await networkEditor(page);
    await page.evaluate(() => {
      window.setTimeout = /** @type {any} */ (() => 0);
    });
    await fillNetworkEditor(page, text);
  },
};

/** Waits until the page's link carries `network` (the editor's text); returns the link's hash. */
async function hashWithNetwork(/** @type {import('playwright-core').Page} */ page, /** @type {string} */ network) {
  const end = Date.now() + 30_000;
  for (;;) {
    const hash = new URL(page.url()).hash;
    const packed = new URLSearchParams(hash.slice(1)).get('netz');
    if (packed !== null && (await unpackText(packed)) === network) return hash;
    if (Date.now() > end) throw new Error(`the link still does not carry the network: ${hash}`);
    await page.waitForTimeout(50);
  }
}

const MY_NETWORK = JSON.stringify({
  name: 'my tiny net',
  input: { nofm: 3, sofm: 32 },
  layers: [
    { name: 'c1', type: 'conv', nifm: 3, nofm: 8, sofm: 32, sfil: 3 },
    { name: 'f1', type: 'fc', nifm: 8, nofm: 10, sfil: 32 },
  ],
}, null, 2);

test('a result that arrives after the form changed stays marked, and one click restores its configuration', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  await page.locator('#field-network').selectOption('googlenet');
  // Run, and change the batch in the same task: the result surely arrives after the change (a
  // search of GoogLeNet can end before a test sees it running, as it did on CI).
  await page.evaluate(() => {
    document.querySelector('[data-testid=run]').click();
    const batch = /** @type {HTMLInputElement} */ (document.getElementById('field-batch'));
    batch.value = '2';
    batch.dispatchEvent(new Event('input', { bubbles: true }));
  });
  assert.equal(await page.locator('#field-batch').inputValue(), '2');
  await resultOf(page);
  const source = page.locator('#result-source');
  // The result is of batch 16; the form (and the link, which always carries the form) says 2.
  assert.match(await source.textContent(), /googlenet, batch 16/);
  assert.equal(await source.locator('.stale').count(), 1, await source.textContent());
  await page.waitForFunction(() => /[&#]batch=2&/.test(location.hash));
  // Copy link says what it shares.
  await page.getByTestId('copy-link').click();
  await page.waitForFunction(() => /form/.test(document.getElementById('progress-label').textContent));
  // Restoring the result's configuration puts batch 16 back and the marker goes.
  await source.getByRole('button', { name: /restore/i }).click();
  assert.equal(await page.locator('#field-batch').inputValue(), '16');
  await page.waitForFunction(() => document.querySelector('#result-source .stale') === null);
  await page.waitForFunction(() => /[&#]batch=16&/.test(location.hash));
  // With Undo.
  await page.locator('#notice').getByRole('button', { name: 'Undo' }).click();
  assert.equal(await page.locator('#field-batch').inputValue(), '2');
  assert.equal(await source.locator('.stale').count(), 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('text typed in the network editor survives a reload at once, and a link never deletes one\'s own network', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  await page.locator('#field-network').selectOption('custom');
  await page.waitForFunction(() => location.hash.includes('network=custom'));
  // Reload before any delay could save it.
  await editor.typeThenStopTime(page, MY_NETWORK);
  await page.reload();
  await page.waitForFunction(() => document.getElementById('field-network')?.value === 'custom');
  assert.equal(await editor.text(page), MY_NETWORK);

  // A link with another network: the editor shows the link's, one's own stays in the list of saved networks.
  const linkNetwork = MY_NETWORK.replace('my tiny net', 'the link\'s net').replace('"nofm": 8', '"nofm": 4').replace('"nifm": 8', '"nifm": 4');
  // (The link and the saved draft follow the text after delays: wait for them, not for a time, on any machine load.)
  await editor.type(page, linkNetwork);
  const link = await hashWithNetwork(page, linkNetwork);
  await editor.type(page, MY_NETWORK);
  // The saved draft holds one's own network, and names the link that goes with it (not the one before).
  await page.waitForFunction((text) => Object.keys(localStorage).some((key) => {
    try {
      const draft = JSON.parse(localStorage.getItem(key) ?? '');
      return draft.customNetwork === text && draft.hash === location.hash;
    } catch {
      return false;
    }
  }), MY_NETWORK);
  await hashWithNetwork(page, MY_NETWORK);
  await page.close();

  const other = await site.open(link, { clearStorage: false });
  await other.page.waitForFunction(() => document.getElementById('field-network')?.value === 'custom');
  await waitForNetworkEditorText(other.page, (t) => t.includes('the link'));
  const saved = other.page.getByTestId('saved-networks');
  await saved.locator('summary').click();
  const named = (name) => saved.locator('li').filter({ has: other.page.locator('.name', { hasText: name }) });
  const mine = named('my tiny net');
  assert.equal(await mine.count(), 1, await saved.textContent());
  assert.match(await mine.textContent(), /\d{4}-\d{2}-\d{2}/);
  await mine.getByRole('button', { name: /open/i }).click();
  assert.equal(await editor.text(other.page), MY_NETWORK);
  // Deleting one takes it off the list, and off the next page's list.
  // The link's network it replaced is kept in turn.
  assert.equal(await named('the link\'s net').count(), 1);
  await mine.getByRole('button', { name: /delete/i }).click();
  assert.equal(await mine.count(), 0);
  // The reload comes once the link carries the opened network. A reload in
  // the same instant as the link's rewrite can reach the browser before the
  // rewrite does: the page then reopens the older link, whose network
  // replaces one's own, which it therefore keeps (by design, as above).
  await hashWithNetwork(other.page, MY_NETWORK);
  await other.page.reload();
  await other.page.locator('[data-testid=saved-networks] summary').click();
  assert.equal(await named('my tiny net').count(), 0);
  assert.equal(await named('the link\'s net').count(), 1);
  assert.deepEqual([...errors, ...other.errors], []);
  await other.page.close();
});

test('an exported result carries its run document; opening it restores the configuration (with Undo), and a run document opens too', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  await page.locator('[data-preset="tetris-t16"]').click();
  await page.locator('#field-batch').fill('4');
  await page.getByTestId('run').click();
  const cost = await resultOf(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  const exported = await readFile(await download.path(), 'utf8');
  const doc = parsePyJson(exported);
  assert.equal(doc.run_document.batch, 4);
  assert.deepEqual(doc.run_document.nodes, [4, 4]);
  assert.equal(doc.batch, doc.run_document.batch);

  // Back to the default; opening the file brings the form with it.
  await page.locator('[data-preset="eyeriss-isca16"]').click();
  await resultOf(page);
  await page.locator('#result-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await page.waitForFunction(() => /Opened mine\.json/.test(document.getElementById('result-source').textContent));
  assert.equal(await page.getByTestId('total-cost').getAttribute('data-value'), cost);
  assert.equal(await page.locator('#field-batch').inputValue(), '4');
  assert.equal(await page.locator('#field-nodes').inputValue(), '4x4');
  assert.equal(await page.locator('#result-source .stale').count(), 0);
  await page.locator('#notice').getByRole('button', { name: 'Undo' }).click();
  assert.equal(await page.locator('#field-batch').inputValue(), '16');
  assert.equal(await page.locator('#result-source .stale').count(), 1);

  // A run document (the page's "Save run document", what nndf search --config reads) opens and runs.
  const run = { ...doc.run_document, batch: 2 };
  await page.locator('#result-file').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(run, null, 2)) });
  await page.waitForFunction(() => document.getElementById('field-batch').value === '2');
  assert.equal(await page.locator('#field-nodes').inputValue(), '4x4');
  await page.waitForFunction(() => /batch 2/.test(document.getElementById('result-source').textContent));
  await resultOf(page);
  assert.equal(await page.locator('#result-source .stale').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a fast preset runs at once and its notice is not in the sticky header; a slow one says its time and runs on a click', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  await page.locator('[data-preset="tetris-t16"]').click();
  await page.waitForFunction(() => /batch 16/.test(document.getElementById('result-source').textContent)
    && document.getElementById('cancel').disabled && /Done/.test(document.getElementById('progress-label').textContent));
  assert.equal(await page.locator('#result-source .stale').count(), 0);
  assert.equal(await page.locator('header.top').getByText(/Applied the preset/).count(), 0);
  const notice = page.getByText(/Applied the preset TETRIS T-16/);
  assert.equal(await notice.count(), 1);

  await page.locator('[data-preset="tangram-16x16"]').click();
  assert.match(await page.locator('#presets').textContent(), /Tangram 16x16[^]*about \d+ s/);
  const runIt = page.getByRole('button', { name: /Run Tangram 16x16/ });
  assert.equal(await runIt.count(), 1);
  assert.equal(await page.evaluate(() => document.body.classList.contains('running')), false);
  assert.equal(await page.locator('#result-source .stale').count(), 1);
  await runIt.click();
  await page.waitForFunction(() => document.body.classList.contains('running'));
  await page.getByTestId('cancel').click();
  assert.deepEqual(errors, []);
  await page.close();
});

test('size fields take unit suffixes: 128kB, 128 kB, 1 MiB', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  await page.getByRole('tab', { name: 'Hardware' }).click();
  for (const [text, bytes] of [['128kB', 131072], ['128 kB', 131072], ['1 MiB', 1048576], ['0.5 MB', 524288]]) {
    await page.locator('#field-gbuf').fill(text);
    await page.waitForFunction((b) => JSON.parse(document.getElementById('run-json').textContent).gbuf === b, bytes);
    assert.equal(await page.locator('[data-field="gbuf"] .field-error').isHidden(), true, text);
  }
  await page.locator('#field-regf').fill('1 kB');
  await page.waitForFunction(() => JSON.parse(document.getElementById('run-json').textContent).regf === 1024);
  await page.locator('#field-gbuf').fill('0.3 kB');
  await page.waitForFunction(() => /whole number of bytes/.test(document.querySelector('[data-field="gbuf"] .field-error').textContent));
  assert.deepEqual(errors, []);
  await page.close();
});

test('exported files are named by network, preset and key fields', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  const names = [];
  for (const id of ['export-json', 'export-csv', 'save-run']) {
    if (id === 'save-run') await page.locator('section.config .run-document > summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`#${id}`).click()]);
    names.push(download.suggestedFilename());
  }
  assert.deepEqual(names, ['eyeriss-isca16-alex_net-b16-1x1-result.json', 'eyeriss-isca16-alex_net-b16-1x1-layers.csv', 'eyeriss-isca16-alex_net-b16-1x1-run.json']);
  await page.getByRole('tab', { name: 'Hardware' }).click();
  await page.locator('#field-nodes').fill('2x2');
  await page.getByTestId('run').click();
  await resultOf(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  assert.equal(download.suggestedFilename(), 'alex_net-b16-2x2-result.json');
  assert.deepEqual(errors, []);
  await page.close();
});

/** The page's hash with the buffer field set to `bytes`. */
const withBuffer = (/** @type {string} */ hash, /** @type {number} */ bytes) => {
  const params = new URLSearchParams(hash.slice(1));
  params.set('gbuf', String(bytes));
  return `#${params.toString()}`;
};

test('a link that arrives while the page saves its draft or writes its own link opens, and is not taken for a reload', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  const before = new URL(page.url()).hash;
  assert.match(before, /gbuf=\d+/);
  for (const [i, race] of ['the draft saved as the tab hides', 'Copy link'].entries()) {
    const bytes = 32768 * (i + 1) + 8192;
    const link = withBuffer(before, bytes);
    await page.evaluate(({ link: to, race: what }) => {
      // The link arrives (its hashchange comes as a task of its own); in the same task, before it:
      window.location.hash = to;
      if (what === 'Copy link') {
        document.getElementById('copy-link').click();
      } else {
        Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
        delete (/** @type {any} */ (document)).visibilityState;
      }
    }, { link, race });
    // The link's configuration is opened and run, and the address bar keeps it.
    await page.waitForFunction((to) => new URLSearchParams(location.hash.slice(1)).get('gbuf') === new URLSearchParams(to.slice(1)).get('gbuf')
      && !document.body.classList.contains('running'), link);
    await resultOf(page);
    assert.equal(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('gbuf'), String(bytes), race);
    assert.match(await page.locator('#run-json').textContent(), new RegExp(`"gbuf": ?${bytes}\\b`), race);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('back from a damaged link to the page\'s own, the link follows the form again', async () => {
  const { page, errors } = await site.open();
  await resultOf(page);
  const own = new URL(page.url()).hash;
  await page.evaluate(() => { window.location.hash = '#v=99&batch=7'; });
  await page.waitForFunction(() => /cannot be opened/.test(document.getElementById('notice').textContent));
  await page.goBack();
  await page.waitForFunction((to) => location.hash === to, own);
  // An edit goes into the link, as everywhere else.
  await page.locator('#field-batch').fill('3');
  await page.waitForFunction(() => /[&#]batch=3&/.test(location.hash), null, { timeout: 5_000 });
  assert.deepEqual(errors, []);
  await page.close();
});
