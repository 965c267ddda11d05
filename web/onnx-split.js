// Split of the channels of a projection (GPT-2's fused Q, K, V): a layer of
// our format cannot read part of another layer's channels, so the
// projection becomes one layer per part.
import { OnnxImportError } from './onnx-error.js';

/** @typedef {import('./onnx-convert.js').Converter} Converter */
/** @typedef {import('./onnx-convert.js').Act} Act */

/**
 * Split of a projection's output channels (GPT-2's fused Q, K, V): the
 * projection becomes one layer per part, with the same MACs and weights
 * in all, since a layer of our format cannot read part of another's
 * channels. Refused when anything else reads the projection.
 */
export function splitLayer(/** @type {Converter} */ cx, /** @type {any} */ node, /** @type {Map<string, any>} */ attrs) {
  const a = cx.act(node, 0);
  const rank = a.layout.length;
  const raw = attrs.get('axis') ?? 0;
  const axis = raw < 0 ? raw + rank : raw;
  const refuse = (/** @type {string} */ why) => new OnnxImportError(`Unsupported operator Split (${cx.label(node)}): ${why}; a layer cannot read part of another layer's channels in nndf-network/1.`);
  const [name] = a.parts;
  const index = cx.layers.findIndex((l) => l.name === name);
  const layer = cx.layers[index];
  if (a.parts.length !== 1 || !layer || !['conv', 'fc'].includes(/** @type {string} */ (layer.type))) throw refuse('it splits something other than the output of one conv or fc layer');
  const channels = a.layout[axis].filter((x) => x.d === 'c');
  if (a.layout[axis].some((x) => x.d !== 'c') || channels.length !== 1 || channels[0].size !== a.c) throw refuse(`axis ${axis} is not the channels of '${name}'`);
  const readers = cx.layers.slice(index + 1).filter((l, i) => (/** @type {string[] | undefined} */ (l.prevs) ?? (i === 0 ? [name] : [])).includes(name) || l.rhs === name);
  if (readers.length > 0) throw refuse(`layer '${readers[0].name}' reads all of '${name}'`);
  const n = node.output.length;
  /** @type {number[] | null | undefined} */
  const given = attrs.get('split') ?? (node.input[1] ? cx.consts.get(node.input[1])?.values : null);
  /** @type {number[]} */
  const sizes = given ?? Array.from({ length: n }, (_, i) => Math.ceil(a.c / n) - (i === n - 1 ? Math.ceil(a.c / n) * n - a.c : 0));
  if (sizes.length !== n || sizes.reduce((x, y) => x + y, 0) !== a.c) throw refuse(`its sizes [${sizes.join(', ')}] do not add up to the ${a.c} channels`);
  /** @type {Record<string, unknown>[]} */
  const parts = sizes.map((c, i) => ({ ...layer, name: cx.layerName({ name: `${name}_${i}`, opType: 'Split' }), nofm: c }));
  // Each part reads what the projection read; after the first, say so.
  const reads = layer.prevs ?? [index === 0 ? '__INPUT__' : cx.layers[index - 1].name];
  parts.forEach((p, i) => {
    if (i > 0) p.prevs = reads;
  });
  cx.layers.splice(index, 1, ...parts);
  cx.split.set(name, cx.label(node));
  node.output.forEach((/** @type {string} */ out, /** @type {number} */ i) => {
    const layout = a.layout.map((atoms, j) => (j === axis ? [{ d: /** @type {const} */ ('c'), size: sizes[i], stride: 1 }] : atoms));
    cx.acts.set(out, { ...a, parts: [/** @type {string} */ (parts[i].name)], c: sizes[i], layout });
  });
  cx.note('split', 'Split of a projection\'s channels: the projection became one layer per part (same MACs and weights)', node, ` ('${name}' into ${parts.map((p) => `'${p.name}'`).join(', ')})`);
}
