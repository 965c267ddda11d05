// The network tab's own parts: the layer table of the chosen network, and
// the editor for your own network (a textarea, a file upload, and the
// engine's validation errors shown at their line).
import { byId, fill, h } from './dom.js';
import { formatCompact, formatCount } from './format.js';
import { hasFilters, layerTypeName } from './vocabulary.js';
import { watchScrollBox } from './scroll-region.js';

/**
 * A layer as the engine lists it (networkLayers, `nndf layers --json`).
 * @typedef {{name: string, type: string, nifm: number, nofm: number, hofm: number, wofm: number, hfil: number, wfil: number, hreg: number, wreg: number, nreg: number, htrd: number, wtrd: number, total_ops_batch1: number, filter_size: number, prevs?: string[]}} LayerShape
 */

const size2 = (/** @type {number} */ a, /** @type {number} */ b) => `${a}×${b}`;

/** The window of a layer: its filter (conv, fc) or region (pool, ...), with its stride. */
function windowOf(/** @type {LayerShape} */ layer) {
  const filters = hasFilters(layer.type);
  const [hw, ww, what] = filters ? [layer.hfil, layer.wfil, ''] : [layer.hreg, layer.wreg, ' region'];
  const channels = !filters && layer.nreg > 1 ? ` over ${layer.nreg} inputs` : '';
  const stride = layer.htrd > 1 || layer.wtrd > 1 ? `, stride ${layer.htrd === layer.wtrd ? layer.htrd : size2(layer.htrd, layer.wtrd)}` : '';
  return `${size2(hw, ww)}${what}${channels}${stride}`;
}

/** Fills the layer table (and its caption) with a networkLayers list for `batch`. */
export function showLayers(/** @type {LayerShape[]} */ layers, /** @type {number} */ batch, /** @type {string} */ title) {
  const totalOps = layers.reduce((n, l) => n + l.total_ops_batch1, 0);
  const weights = layers.reduce((n, l) => n + l.filter_size, 0);
  fill(byId('network-summary'),
    `${title}: ${layers.length} layers, ${formatCompact(totalOps * batch)} MACs for a batch of ${batch}, ${formatCompact(weights)} weights.`);
  fill(/** @type {HTMLElement} */ (byId('network-layers').querySelector('tbody')), layers.map((l, i) => h('tr', {},
    h('td', { class: 'num' }, i + 1),
    h('th', { scope: 'row' }, l.name),
    h('td', {}, layerTypeName(l.type)),
    h('td', { class: 'num' }, l.nifm),
    h('td', { class: 'num' }, `${l.nofm} × ${size2(l.hofm, l.wofm)}`),
    h('td', {}, windowOf(l)),
    h('td', { class: 'num' }, formatCount(l.total_ops_batch1 * batch)),
    h('td', { class: 'num' }, formatCount(l.filter_size)))));
}

/** Empties the layer table with a note saying why. */
export function clearLayers(/** @type {string} */ note) {
  fill(byId('network-summary'), note);
  fill(/** @type {HTMLElement} */ (byId('network-layers').querySelector('tbody')));
}

/**
 * Shows an editor validation error ({message, path, where: {line, column}})
 * below the textarea, with the offending line; null clears it.
 */
export function showEditorError(/** @type {string} */ text, /** @type {import('./config-model.js').EditorError | null} */ error) {
  const editor = /** @type {HTMLTextAreaElement} */ (byId('network-editor'));
  const box = byId('network-editor-error');
  box.hidden = error === null;
  if (error === null) {
    editor.removeAttribute('aria-invalid');
    fill(box);
    return;
  }
  editor.setAttribute('aria-invalid', 'true');
  const { where } = error;
  const at = where ? `Line ${where.line}, column ${where.column}: ` : '';
  const field = error.path ? `${error.path}: ` : '';
  const line = where ? text.split('\n')[where.line - 1] ?? '' : null;
  fill(box,
    h('p', {}, at, field, error.message),
    line === null ? null : watchScrollBox(/** @type {HTMLElement} */ (h('pre', { class: 'snippet', 'data-scroll-label': `Line ${where.line}` },
      `${where.line} | ${line}\n${' '.repeat(String(where.line).length + 3 + where.column - 1)}^`))),
    where ? h('button', {
      type: 'button',
      on: {
        click: () => {
          editor.focus();
          editor.setSelectionRange(where.offset, where.offset);
        },
      },
    }, `Go to line ${where.line}`) : null);
}
