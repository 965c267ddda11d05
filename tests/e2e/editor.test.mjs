// The network editor in Chromium (CodeMirror, web/code-editor.js): the
// engine's error is marked at the line and column it gives (malformed JSON:
// the engine's own "line L, column C"; a wrong field: where its path is in
// the text), "Go to line" puts the caret there in view even at the end of a
// long line, completion offers the format's layer types and fields, Tab
// never traps the keyboard, the editor has its label and the format help is
// one link away. Screenshots at 1400x1000 and 390x844 (build/e2e-editor-*).
// Any console error fails a test.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { LAYER_TYPES, layerType } from '../../web/network-format.js';
import { repoPath } from '../js/support.mjs';
import {
  DESKTOP, PHONE, fillNetworkEditor, launchBrowser, networkEditor, networkEditorText, openFreshPage, startLongSearch, useFreshPage,
} from './support.mjs';

const site = useFreshPage();

/** A fresh page with the editor's network chosen and the code editor loaded. */
async function openEditor(viewport = DESKTOP) {
  const { page, errors } = await site.open('', { viewport });
  await page.locator('#field-network').selectOption('custom');
  await networkEditor(page);
  return { page, errors };
}

const lines = (/** @type {string[]} */ ...l) => l.join('\n');
const LONG_NAME = `a long name ${'x'.repeat(400)}`;

/** Where the error marker is: its line and column (1-based) as the editor draws them, and its gutter marker's line number. */
const markerPlace = (page) => page.evaluate(() => {
  const editor = document.getElementById('network-code-editor');
  const mark = editor.querySelector('.cm-lintRange-error');
  const line = mark.closest('.cm-line');
  const before = document.createRange();
  before.setStart(line, 0);
  before.setEndBefore(mark);
  const gutterMark = editor.querySelector('.cm-lint-marker-error').closest('.cm-gutterElement').getBoundingClientRect();
  const numberAt = [...editor.querySelectorAll('.cm-lineNumbers .cm-gutterElement')]
    .find((e) => getComputedStyle(e).visibility !== 'hidden' && Math.abs(e.getBoundingClientRect().top - gutterMark.top) < 2);
  return {
    line: [...editor.querySelectorAll('.cm-content .cm-line')].indexOf(line) + 1,
    column: before.toString().length + 1,
    marked: mark.textContent,
    gutterLine: Number(numberAt?.textContent),
  };
});

test('malformed JSON: the marker is at the line and column of the engine\'s message', async () => {
  const { page, errors } = await openEditor();
  const text = lines('{', '  "input": {"nofm": 3, "sofm": 8},', '  "layers": [', '    {"name": "a", "type": "fc", "nifm": 3 "nofm": 4, "sfil": 8}', '  ]', '}');
  await fillNetworkEditor(page, text);
  const box = page.locator('#network-editor-error');
  await box.waitFor();
  const message = await box.locator('p').textContent();
  const [, line, column] = message.match(/malformed JSON at line (\d+), column (\d+)/).map(Number);
  assert.match(message, new RegExp(`^Line ${line}, column ${column}: `));
  await page.locator('.cm-lintRange-error').waitFor();
  const place = await markerPlace(page);
  assert.equal(place.line, line);
  assert.equal(place.column, column);
  assert.equal(place.gutterLine, line);
  assert.equal(await (await networkEditor(page)).getAttribute('aria-invalid'), 'true');
  // F8, from the first line, selects the marked token.
  await (await networkEditor(page)).click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('F8');
  await page.waitForFunction(() => document.getSelection().toString() === document.querySelector('.cm-lintRange-error').textContent);
  // Fixed, the marker goes.
  await fillNetworkEditor(page, text.replace('3 "nofm"', '3, "nofm"'));
  await box.waitFor({ state: 'hidden' });
  assert.equal(await page.locator('.cm-lintRange-error').count(), 0);
  assert.equal(await (await networkEditor(page)).getAttribute('aria-invalid'), null);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a wrong field at the end of a long line: marked at its line and column, and Go to line shows the caret there', async () => {
  const { page, errors } = await openEditor();
  const text = lines('{', '  "input": {"nofm": 3, "sofm": 8},', '  "layers": [',
    `    {"name": "${LONG_NAME}", "type": "fc", "nifm": 3, "nofm": 4, "bogus": 1}`, '  ]', '}');
  await fillNetworkEditor(page, text);
  const box = page.locator('#network-editor-error');
  await box.waitFor();
  // The engine names the field by its path; the field's key is where that path ends in the text.
  const message = await box.locator('p').textContent();
  assert.match(message, /layers\[0\] ".*"\.bogus: unknown field/);
  const line = 4;
  const column = text.split('\n')[line - 1].indexOf('"bogus"') + 1;
  assert.match(message, new RegExp(`^Line ${line}, column ${column}: `));
  await page.locator('.cm-lintRange-error').waitFor();
  const place = await markerPlace(page);
  assert.deepEqual(place, { line, column, marked: '"bogus"', gutterLine: line });

  // The caret is far to the right, off the editor's width: Go to line brings it (and the marker) into view.
  const scroller = page.locator('#network-code-editor .cm-scroller');
  assert.equal(await scroller.evaluate((s) => s.scrollLeft), 0);
  await box.getByRole('button', { name: `Go to line ${line}` }).click();
  await page.waitForFunction(() => document.querySelector('#network-code-editor .cm-scroller').scrollLeft > 0);
  const caret = await page.locator('#network-code-editor .cm-cursor-primary').boundingBox();
  const view = await scroller.boundingBox();
  const mark = await page.locator('.cm-lintRange-error').boundingBox();
  assert.ok(caret.x >= view.x && caret.x <= view.x + view.width, `caret at x ${caret.x}, editor ${view.x}..${view.x + view.width}`);
  assert.ok(caret.y >= view.y && caret.y + caret.height <= view.y + view.height + 1);
  assert.ok(Math.abs(caret.x - mark.x) < 2, `the caret (x ${caret.x}) is at the marker (x ${mark.x})`);
  assert.ok(await page.evaluate(() => document.activeElement.classList.contains('cm-content')));
  await page.screenshot({ path: repoPath('build/e2e-editor-error.png'), fullPage: false });
  assert.deepEqual(errors, []);
  await page.close();
});

/** Waits until the completion list offers exactly `labels` (in any order), the first one selected. */
async function offered(page, /** @type {string[]} */ labels) {
  await page.waitForFunction((want) => {
    const shown = [...document.querySelectorAll('.cm-tooltip-autocomplete li .cm-completionLabel')].map((l) => l.textContent);
    const selected = document.querySelector('.cm-tooltip-autocomplete li[aria-selected] .cm-completionLabel')?.textContent;
    return shown.length === want.length && want.every((w) => shown.includes(w)) && selected === shown[0];
  }, labels);
}

test('completion offers the layer types after "type" and the type\'s fields where a key goes', async () => {
  const { page, errors } = await openEditor();
  await fillNetworkEditor(page, lines('{', '  "input": {"nofm": 3, "sofm": 8},', '  "layers": [', '    {"name": "a", "type": '));
  await page.keyboard.press('Control+End');
  await page.keyboard.type('"');
  await offered(page, LAYER_TYPES.map((t) => t.type));
  await page.keyboard.type('matm');
  await offered(page, ['matmul']);
  await page.keyboard.press('Enter');
  assert.equal((await networkEditorText(page)).split('\n')[3], '    {"name": "a", "type": "matmul"');

  // A key in this layer: matmul's fields, less the two it has.
  await page.keyboard.type(', "');
  await offered(page, layerType('matmul').fields.map((f) => f.name).filter((n) => n !== 'name' && n !== 'type'));
  await page.keyboard.type('transp');
  await offered(page, ['transpose_rhs']);
  await page.keyboard.press('Enter');
  assert.equal((await networkEditorText(page)).split('\n')[3], '    {"name": "a", "type": "matmul", "transpose_rhs": ');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the editor has its label and help, Tab indents, Ctrl+Enter runs, Esc then Tab leaves it, the format help is a link away', async () => {
  const { page, errors } = await openEditor();
  const content = await networkEditor(page);
  const byRole = page.getByRole('textbox', { name: /Your network/ });
  assert.equal(await byRole.count(), 1);
  assert.ok(await byRole.evaluate((e) => e.classList.contains('cm-content')));
  const help = await page.locator('#network-editor-help').textContent();
  for (const word of ['input', 'ext', 'prevs', 'Esc, then Tab']) assert.ok(help.includes(word), `the help mentions ${word}`);

  await content.click();
  await page.keyboard.press('Control+Home');
  const before = await networkEditorText(page);
  await page.keyboard.press('Tab');
  assert.notEqual(await networkEditorText(page), before, 'Tab indents');
  assert.ok(await page.evaluate(() => document.activeElement.classList.contains('cm-content')));
  // Ctrl+Enter runs the editor's network (the result marked stale by the switch to it is replaced), inserting nothing.
  const indented = await networkEditorText(page);
  await page.locator('#result-source .stale').waitFor();
  await page.keyboard.press('Control+Enter');
  await page.locator('#result-source .stale').waitFor({ state: 'detached', timeout: 60_000 });
  assert.equal(await networkEditorText(page), indented);
  await content.focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => !document.activeElement.closest('.cm-editor')), 'Esc then Tab moves focus out');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  assert.ok(await page.evaluate(() => !document.activeElement.closest('.cm-editor')), 'Esc then Shift+Tab moves focus back');

  // The format help: every layer type, input, ext and prevs, and the full description behind its link.
  await page.locator('#network-format summary').click();
  const format = await page.locator('#network-format').textContent();
  for (const word of ['input', 'ext', 'prevs', ...LAYER_TYPES.map((t) => t.type)]) assert.ok(format.includes(word), word);
  const href = await page.locator('#network-format a').getAttribute('href');
  const response = await page.request.get(new URL(href, site.server.url).href);
  assert.equal(response.status(), 200);
  assert.match(await response.text(), /^# Networks as data/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('screenshots of the editor with an error, at 1400x1000 and 390x844', async () => {
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const { page, errors } = await openEditor(viewport);
    // AlexNet (the opening network, copied into the editor) with conv2_a's input channels wrong.
    const text = (await networkEditorText(page)).replace('"nifm": 48, "nofm": 128', '"nifm": 47, "nofm": 128');
    await fillNetworkEditor(page, text);
    await page.locator('.cm-lintRange-error').waitFor();
    await page.locator('#network-editor-error').getByRole('button').click();
    // Nothing on the page scrolls sideways (the editor scrolls inside its box).
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    await page.screenshot({ path: repoPath(`build/e2e-editor-${name}.png`) });
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('without the code editor (its file cannot load) the plain textarea is the editor, errors and all', async () => {
  // A browser of its own without service workers: the offline cache would serve the file the test blocks.
  const bare = await launchBrowser({ serviceWorkers: 'block' });
  const { page, errors } = await openFreshPage(bare, site.server.url, { beforeLoad: (p) => p.route('**/code-editor.js', (route) => route.abort()) });
  await page.locator('#field-network').selectOption('custom');
  const textarea = page.getByRole('textbox', { name: /Your network/ });
  await page.waitForFunction(() => document.getElementById('network-editor').value.includes('AlexNet'));
  assert.equal(await textarea.evaluate((e) => e.id), 'network-editor');
  await textarea.fill('{"input": {"nofm": 3, "sofm": 8}, "layers": [{"name": "a", "type": "fc", "nifm": 4, "nofm": 2, "sfil": 8}]}');
  await page.locator('#network-editor-error').waitFor();
  await page.waitForFunction(() => /^Line 1, column \d+: layers\[0\] "a"\.nifm/.test(document.querySelector('#network-editor-error p').textContent));
  assert.equal(await textarea.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#network-code-editor').count(), 0);
  // The blocked file is the only failure (its request, and the console's line for it, which has no address).
  assert.ok(errors.some((e) => e.startsWith('request failed:') && e.includes('code-editor.js')));
  assert.deepEqual(errors.filter((e) => !e.includes('code-editor.js') && e !== 'console: Failed to load resource: net::ERR_FAILED'), []);
  await bare.close();
});

test('a network file or a copied built-in replaces the text (setNetworkText), selects the editor\'s network, and Undo brings back the text', async () => {
  const { page, errors } = await openEditor();
  const mine = lines('{', '  "name": "Mine",', '  "input": {"nofm": 3, "sofm": 8},', '  "layers": [{"name": "only", "type": "fc", "nifm": 3, "nofm": 5, "sfil": 8}]', '}');
  await fillNetworkEditor(page, mine);
  await page.waitForFunction(() => /^Mine: 1 layers/.test(document.getElementById('network-summary').textContent));
  await page.locator('#field-network').selectOption('alex_net');
  await page.locator('#network-file').setInputFiles({ name: 'tiny.json', mimeType: 'application/json', buffer: Buffer.from(mine.replace('Mine', 'Tiny').replace('"nofm": 5', '"nofm": 7')) });
  // The page reads the file before it switches (File.text is asynchronous).
  await page.waitForFunction(() => document.getElementById('field-network').value === 'custom');
  await page.waitForFunction(() => /^Tiny: 1 layers/.test(document.getElementById('network-summary').textContent));
  assert.match(await networkEditorText(page), /"name": "Tiny"/);
  const undo = page.locator('#network-editor-undo');
  assert.match(await undo.textContent(), /^Replaced your network with tiny\.json\./);
  await undo.getByRole('button', { name: 'Undo' }).click();
  assert.equal(await networkEditorText(page), mine);
  await page.waitForFunction(() => /^Mine: 1 layers/.test(document.getElementById('network-summary').textContent));

  await page.locator('#network-template').selectOption('mlp_s');
  await page.locator('#network-from-builtin').click();
  await page.waitForFunction(() => /^MLP-S: /.test(document.getElementById('network-summary').textContent));
  assert.match(await undo.textContent(), /^Replaced your network with mlp_s\./);
  assert.deepEqual(errors, []);
  await page.close();
});

test('during a run, Esc in the editor first closes its completions, and only then cancels the run', async () => {
  const { page, errors } = await openEditor();
  await page.locator('#field-network').selectOption('alex_net');
  await startLongSearch(page);
  await page.waitForFunction(() => /Layer \d+ of/.test(document.getElementById('progress-label').textContent));
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.locator('#field-network').selectOption('custom');
  await fillNetworkEditor(page, lines('{', '  "input": {"nofm": 3, "sofm": 8},', '  "layers": [{"name": "a", "type": '));
  await page.keyboard.press('Control+End');
  await page.keyboard.type('"');
  await offered(page, LAYER_TYPES.map((t) => t.type));
  await page.keyboard.press('Escape');
  await page.locator('.cm-tooltip-autocomplete').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#cancel').isDisabled(), false, 'the run goes on');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => /Cancelled/.test(document.getElementById('progress-label').textContent));
  assert.deepEqual(errors, []);
  await page.close();
});
