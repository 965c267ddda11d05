// Names of the files the page saves, so that a folder of them reads as a
// list of what each holds: `tangram-8x8-alex_net-b16-8x8-result.json`,
// `alex_net-b4-2x2-layers.csv`, `my_net-b16-1x1-run.json`. The preset comes
// first when the configuration is exactly one; then the network, the batch
// and the node grid, the fields that say most about a run.

/**
 * @typedef {object} Named  What a file is of.
 * @property {string | null} preset  The preset's id when the configuration is exactly a preset.
 * @property {string} network        The network's name (a built-in's id, or a network's own `name`).
 * @property {number | null} batch
 * @property {number[] | null} nodes  The node grid [rows, columns].
 */

/** A piece of a file name: letters, digits, `.`, `_`, `-` (anything else becomes `_`), at most 40 characters. */
const piece = (/** @type {string} */ text) => text.replace(/[^\w.-]+/g, '_').replace(/^[._-]+|_+$/g, '').slice(0, 40) || 'network';

/** The file name of what `named` describes, ending in `-<kind>.<ext>`: `fileName(n, 'result', 'json')`. */
export function fileName(/** @type {Named} */ named, /** @type {string} */ kind, /** @type {string} */ ext) {
  const parts = [
    named.preset,
    piece(named.network),
    named.batch === null ? null : `b${named.batch}`,
    named.nodes === null ? null : named.nodes.join('x'),
    kind,
  ].filter((p) => p !== null);
  return `${parts.join('-')}.${ext}`;
}

/** What a run document is of; `presetOf(text)` names the preset whose run document is `text` (compact JSON), else null. @returns {Named} */
export function namedDocument(/** @type {Record<string, any>} */ doc, /** @type {(documentText: string) => string | null} */ presetOf) {
  const network = typeof doc.network === 'string' ? doc.network : String(doc.network?.name ?? 'network');
  return {
    preset: presetOf(JSON.stringify(doc)),
    network,
    batch: typeof doc.batch === 'number' ? doc.batch : null,
    nodes: Array.isArray(doc.nodes) ? doc.nodes : null,
  };
}

/** What a result is of, from the result alone (a file without its run document). @returns {Named} */
export function namedResult(/** @type {import('./result-model.js').Result} */ result) {
  const { rows, cols } = result.procRegion.size;
  return {
    preset: null, network: String(result.net), batch: result.batch, nodes: [rows, cols],
  };
}
