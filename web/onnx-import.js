// The ONNX importer's one door, for the page and the CLI alike: the bytes of
// an .onnx file in, a network of our format (nndf-network/1, as text to read
// and edit) and notes on what was folded or skipped out. docs/onnx-import.md
// says what each operator becomes and why.
import { Converter } from './onnx-convert.js';
import { decodeOnnx } from './onnx-decode.js';
import { networkText } from './network-text.js';

export { OnnxImportError } from './onnx-error.js';

/**
 * The network an ONNX model is, as text, with notes (one line each).
 * `fileName` names the network when the graph has no name.
 * @returns {{network: import('./network-text.js').NetworkDoc, text: string, notes: string[]}}
 */
export function importOnnx(/** @type {Uint8Array} */ bytes, fileName = 'model.onnx') {
  const model = decodeOnnx(bytes);
  const cx = new Converter(model);
  cx.run();
  const name = model.graph.name || fileName.replace(/\.onnx$/i, '');
  /** @type {import('./network-text.js').NetworkDoc} */
  const network = { format: 'nndf-network/1', name, input: /** @type {Record<string, unknown>} */ (cx.input), layers: cx.layers };
  if (cx.ext.length > 0) network.ext = cx.ext;
  const notes = [...cx.notes.values()].map(({ text, nodes }) => {
    const shown = nodes.slice(0, 3).join(', ');
    const more = nodes.length > 3 ? ` and ${nodes.length - 3} more` : '';
    return `${text}: ${nodes.length} node${nodes.length === 1 ? '' : 's'} (${shown}${more}).`;
  });
  const producer = model.producerName ? ` from ${model.producerName}` : '';
  notes.unshift(`Imported${producer}: ${cx.layers.length} layers from ${model.graph.node.length} ONNX nodes (opset ${cx.opset}). The network is per sample: set the batch in the run.`);
  return { network, text: networkText(network), notes };
}
