// Gather of a constant table by integer ids (token embeddings): a table
// read, no MACs, so it becomes a source of the network (its input, or an
// ext input after the first).
import { OnnxImportError } from './onnx-error.js';
import { dimsOf, layoutOf } from './onnx-layout.js';

/** @typedef {import('./onnx-convert.js').Converter} Converter */
/** @typedef {import('./onnx-convert.js').Act} Act */

/** Gather: an embedding lookup by token ids becomes a source of the network; other gathers are refused. */
export function gather(/** @type {Converter} */ cx, /** @type {any} */ node, /** @type {Map<string, any>} */ attrs) {
  const table = cx.constant(node, 0);
  const ids = cx.acts.get(node.input[1]);
  if (table?.dims?.length === 2 && ids?.side && (attrs.get('axis') ?? 0) === 0) {
    const [, d] = table.dims;
    const [n, s] = dimsOf(ids.layout);
    const source = cx.addSource(node.output[0], d, s, 1);
    cx.acts.set(node.output[0], { parts: [source], c: d, h: s, w: 1, layout: layoutOf([[['n', n, 1]], [['p', s, 1]], [['c', d, 1]]]), fns: [] });
    cx.note('embedding', 'Embedding lookup (a table read by token ids, no MACs): it is the network\'s input', node);
    return;
  }
  throw new OnnxImportError(`Unsupported operator Gather (${cx.label(node)}): only an embedding lookup (a constant table read by integer ids) is read; a layer cannot read part of another layer's output.`);
}
