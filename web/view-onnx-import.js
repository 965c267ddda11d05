// Opening an ONNX model on the network tab: a file picker and drag and drop
// onto the network editor. The converter (onnx-import.js, the CLI's too)
// turns the model into our format; the text goes into the editor through
// the page's own setter, so whatever the editor is (a textarea today) it
// gets text to read and edit, and the notes (what was folded or skipped) or
// the error show beside it. The converter and its protobuf library load
// when a model is opened (their own bundle, scripts/build-web.mjs), not with
// the page.
import { byId, fill, h } from './dom.js';

/**
 * Puts a network's text into the editor and selects the editor's network;
 * `what` names where the text came from (for the editor's undo note).
 * @typedef {(text: string, what: string) => void} SetNetworkText
 */

const isOnnx = (/** @type {File} */ file) => /\.onnx$/i.test(file.name);

/** Shows the notes of an import, or its error, in the notes box. */
function showNotes(/** @type {string} */ fileName, /** @type {string[] | null} */ notes, /** @type {string | null} */ error) {
  const box = byId('onnx-notes');
  box.hidden = false;
  box.classList.toggle('field-error', error !== null);
  box.setAttribute('role', error === null ? 'status' : 'alert');
  fill(box, error === null
    ? [h('h4', {}, `Imported from ${fileName}`), h('ul', {}, /** @type {string[]} */ (notes).map((n) => h('li', {}, n)))]
    : [h('h4', {}, `Could not import ${fileName}`), h('p', {}, error)]);
}

/** Reads a file: an ONNX model is converted, any other file is a network's text as it is. */
async function openFile(/** @type {File} */ file, /** @type {SetNetworkText} */ setNetworkText) {
  if (!isOnnx(file)) {
    setNetworkText(await file.text(), file.name);
    hideNotes();
    return;
  }
  const { OnnxImportError, importOnnx } = await import('./onnx-import.js');
  try {
    const { text, notes } = importOnnx(new Uint8Array(await file.arrayBuffer()), file.name);
    setNetworkText(text, file.name);
    showNotes(file.name, notes, null);
  } catch (err) {
    showNotes(file.name, null, err instanceof OnnxImportError ? err.message : `The importer failed: ${err.message}`);
  }
}

/** Hides the notes of an earlier import (another network replaced it). */
function hideNotes() {
  byId('onnx-notes').hidden = true;
}

/** Wires the ONNX file picker and drops onto the network editor's area. */
export function setUpOnnxImport(/** @type {SetNetworkText} */ setNetworkText) {
  // The page's other ways to fill the editor replace an imported network.
  byId('network-file').addEventListener('change', hideNotes);
  byId('network-from-builtin').addEventListener('click', hideNotes);
  const picker = /** @type {HTMLInputElement} */ (byId('onnx-file'));
  picker.addEventListener('change', async () => {
    const file = picker.files?.[0];
    if (!file) return;
    await openFile(file, setNetworkText);
    picker.value = '';
  });
  const area = byId('custom-network');
  const hasFiles = (/** @type {DragEvent} */ e) => e.dataTransfer?.types.includes('Files') ?? false;
  // Capture: the editor (a textarea, or CodeMirror) must not take a dropped
  // file as text or let the browser open it in place of the page.
  area.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    area.classList.add('dropping');
  }, true);
  area.addEventListener('dragleave', (e) => {
    if (e.target === area) area.classList.remove('dropping');
  }, true);
  area.addEventListener('drop', async (e) => {
    area.classList.remove('dropping');
    const file = e.dataTransfer?.files?.[0];
    if (!file) return;
    e.preventDefault();
    e.stopPropagation();
    await openFile(file, setNetworkText);
  }, true);
}
