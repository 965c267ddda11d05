// The network tab's own parts: the layer table of the chosen network, and
// the editor for your own network (network-editor.js, a file upload, and
// the engine's validation errors shown at their line).
import { byId, fill, h } from './dom.js';
import { formatCompact, formatCount } from './format.js';
import { goToNetworkOffset, markNetworkError } from './network-editor.js';
import { kindSummary } from './layer-kinds.js';
import { hasFilters, layerTypeName, opsAreMacs } from './vocabulary.js';
import { watchScrollBox } from './scroll-region.js';

/**
 * A layer as the engine lists it (networkLayers, `nndf layers --json`).
 * @typedef {{name: string, type: string, nifm: number, nofm: number, hofm: number, wofm: number, hfil: number, wfil: number, hreg: number, wreg: number, nreg: number, htrd: number, wtrd: number, total_ops_batch1: number, filter_size: number, prevs?: string[], params?: number, groups?: number, heads?: number}} LayerShape
 */

const size2 = (/** @type {number} */ a, /** @type {number} */ b) => `${a}×${b}`;

/** The window of a layer: its filter (conv, fc) or region (pool, ...), with its stride. */
function windowOf(/** @type {LayerShape} */ layer) {
  const filters = hasFilters(layer.type);
  const [hw, ww, what] = filters ? [layer.hfil, layer.wfil, ''] : [layer.hreg, layer.wreg, ' region'];
  const channels = !filters && layer.nreg > 1 ? ` over ${layer.nreg} inputs` : '';
  const stride = layer.htrd > 1 || layer.wtrd > 1 ? `, stride ${layer.htrd === layer.wtrd ? layer.htrd : size2(layer.htrd, layer.wtrd)}` : '';
  const summary = kindSummary(layer);
  // Softmax, layernorm and gelu have no window of their own: their words say what they read.
  if (!opsAreMacs(layer.type)) return summary;
  return `${size2(hw, ww)}${what}${channels}${stride}${summary ? `; ${summary}` : ''}`;
}

/** Fills the layer table (and its caption) with a networkLayers list for `batch`. */
export function showLayers(/** @type {LayerShape[]} */ layers, /** @type {number} */ batch, /** @type {string} */ title) {
  const macs = layers.filter((l) => opsAreMacs(l.type));
  const others = layers.filter((l) => !opsAreMacs(l.type));
  const totalOps = macs.reduce((n, l) => n + l.total_ops_batch1, 0);
  const weights = layers.reduce((n, l) => n + l.filter_size, 0);
  const otherOps = others.reduce((n, l) => n + l.total_ops_batch1, 0);
  const params = others.reduce((n, l) => n + (l.params ?? 0), 0);
  // The ops of softmax, layernorm and gelu are not MACs (docs/extensions.md): they are said apart.
  const extra = others.length === 0 ? ''
    : `; its ${others.length} softmax, layernorm and gelu layers add ${formatCompact(otherOps * batch)} ops (not MACs)${params > 0 ? ` and ${formatCompact(params)} normalization parameters` : ''}`;
  fill(byId('network-summary'),
    `${title}: ${layers.length} layers, ${formatCompact(totalOps * batch)} MACs for a batch of ${batch}, ${formatCompact(weights)} weights${extra}.`);
  fill(/** @type {HTMLElement} */ (byId('network-layers').querySelector('tbody')), layers.map((l, i) => h('tr', {},
    h('td', { class: 'num' }, i + 1),
    h('th', { scope: 'row' }, l.name),
    h('td', {}, layerTypeName(l.type)),
    h('td', { class: 'num' }, l.nifm),
    h('td', { class: 'num' }, `${l.nofm} × ${size2(l.hofm, l.wofm)}`),
    h('td', {}, windowOf(l)),
    h('td', { class: 'num' }, `${formatCount(l.total_ops_batch1 * batch)}${opsAreMacs(l.type) ? '' : ' ops'}`),
    h('td', { class: 'num' }, `${formatCount(l.filter_size)}${l.params ? ` (+${formatCount(l.params)} scale, shift)` : ''}`))));
}

/** Empties the layer table with a note saying why. */
export function clearLayers(/** @type {string} */ note) {
  fill(byId('network-summary'), note);
  fill(/** @type {HTMLElement} */ (byId('network-layers').querySelector('tbody')));
}

/**
 * Shows an editor validation error ({message, path, where: {line, column}})
 * below the editor, with the offending line, and marks it in the editor;
 * null clears it.
 */
export function showEditorError(/** @type {string} */ text, /** @type {import('./config-model.js').EditorError | null} */ error) {
  const box = byId('network-editor-error');
  box.hidden = error === null;
  if (error === null) {
    markNetworkError(null);
    fill(box);
    return;
  }
  const { where } = error;
  const at = where ? `Line ${where.line}, column ${where.column}: ` : '';
  const field = error.path ? `${error.path}: ` : '';
  markNetworkError(where, `${field}${error.message}`, true);
  const line = where ? text.split('\n')[where.line - 1] ?? '' : null;
  fill(box,
    h('p', {}, at, field, error.message),
    line === null ? null : watchScrollBox(/** @type {HTMLElement} */ (h('pre', { class: 'snippet', 'data-scroll-label': `Line ${where.line}` },
      `${where.line} | ${line}\n${' '.repeat(String(where.line).length + 3 + where.column - 1)}^`))),
    where ? h('button', {
      type: 'button',
      on: { click: () => goToNetworkOffset(where.offset) },
    }, `Go to line ${where.line}`) : null);
}
