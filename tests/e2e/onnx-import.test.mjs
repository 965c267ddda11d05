// Opening an ONNX model on the network tab: picked with the file input and
// dropped onto the editor, the model becomes our format's text in the
// editor (the engine checks it and lists its layers), with the importer's
// notes beside it; a broken file says why and leaves the editor alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { importOnnx } from '../../web/onnx-import.js';
import { classifier, resnetBlock } from '../js/onnx-models.mjs';
import {
  networkEditor, networkEditorText, useFreshPage, waitForNetworkEditorText,
} from './support.mjs';

const site = useFreshPage();

/** Drops a file of `bytes` named `name` onto the editor, as a person's drag and drop does. */
async function drop(page, name, bytes) {
  const transfer = await page.evaluateHandle(({ name: n, data }) => {
    const t = new DataTransfer();
    t.items.add(new File([new Uint8Array(data)], n));
    return t;
  }, { name, data: [...bytes] });
  const editor = await networkEditor(page);
  await editor.dispatchEvent('dragenter', { dataTransfer: transfer });
  await editor.dispatchEvent('dragover', { dataTransfer: transfer });
  await editor.dispatchEvent('drop', { dataTransfer: transfer });
}

test('an ONNX model picked or dropped becomes the editor\'s network, with the notes beside it', async () => {
  const { page, errors } = await site.open();
  await page.locator('#field-network').selectOption('custom');

  // The file picker.
  const block = resnetBlock().encode();
  const expected = importOnnx(block, 'block.onnx');
  await page.locator('#onnx-file').setInputFiles({ name: 'block.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(block) });
  await waitForNetworkEditorText(page, expected.text);
  const notes = page.locator('#onnx-notes');
  await notes.waitFor({ state: 'visible' });
  assert.equal(await notes.getAttribute('role'), 'status');
  assert.equal(await notes.locator('h4').textContent(), 'Imported from block.onnx');
  assert.deepEqual(await notes.locator('li').allTextContents(), expected.notes);
  // The engine reads the imported network: its layer table lists the converted layers.
  await page.waitForFunction(() => /^block: 5 layers/.test(document.getElementById('network-summary').textContent));
  const rows = await page.getByTestId('network-layers').locator('tbody th').allTextContents();
  assert.deepEqual(rows, expected.network.layers.map((l) => l.name));
  await page.locator('#panel-network').screenshot({ path: '/work/notes/screens/onnx-import-picked.png' });

  // Drag and drop onto the editor: another model replaces it.
  const cls = classifier().encode();
  const dropped = importOnnx(cls, 'classifier.onnx');
  await drop(page, 'classifier.onnx', cls);
  await waitForNetworkEditorText(page, dropped.text);
  assert.equal(await notes.locator('h4').textContent(), 'Imported from classifier.onnx');
  await page.waitForFunction(() => /^classifier: 4 layers/.test(document.getElementById('network-summary').textContent));
  assert.match(await page.locator('#network-editor-undo').textContent(), /Replaced your network with classifier\.onnx/);

  // A truncated model: the error shows, the editor keeps its network.
  await drop(page, 'cut.onnx', block.subarray(0, 100));
  await page.waitForFunction(() => document.getElementById('onnx-notes').getAttribute('role') === 'alert');
  assert.equal(await notes.locator('h4').textContent(), 'Could not import cut.onnx');
  assert.match(await notes.locator('p').textContent(), /^The ONNX file is truncated/);
  assert.equal(await networkEditorText(page), dropped.text);
  await page.locator('#custom-network').screenshot({ path: '/work/notes/screens/onnx-import-error.png' });

  // Another way of filling the editor hides the notes of the import.
  await page.locator('#network-from-builtin').click();
  await notes.waitFor({ state: 'hidden' });

  assert.deepEqual(errors, []);
  await page.close();
});
