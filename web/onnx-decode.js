// Bytes to an ONNX ModelProto, telling apart the three ways a file can fail
// before its graph is read: not a protobuf at all (a JSON network, an image),
// a protobuf that is not a model, and an ONNX file cut short.
import { OnnxImportError } from './onnx-error.js';
import { onnxType } from './onnx-schema.js';

/**
 * A decoded ONNX model (protobufjs message; int64 fields are Long or number).
 * @typedef {{irVersion: unknown, opsetImport: {domain: string, version: unknown}[], producerName: string, graph: any}} OnnxModel
 */

// Every ONNX writer puts ir_version (field 1, varint) first: its tag is 0x08.
const IR_VERSION_TAG = 0x08;

/** What the first bytes of a file look like, for the message of a file that is not ONNX. */
function lookOf(/** @type {Uint8Array} */ bytes) {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 64)).trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return ' It looks like JSON (a network file opens as it is, not through the ONNX import).';
  if (head.startsWith('<')) return ' It looks like HTML or XML.';
  if (bytes[0] === 0x89 && head.includes('PNG')) return ' It looks like a PNG image.';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return ' It looks like a zip archive (a PyTorch .pt file?).';
  return '';
}

/** Decodes an ONNX file; throws OnnxImportError when it is not one, or is cut short. */
export function decodeOnnx(/** @type {Uint8Array} */ bytes) {
  if (bytes.length === 0) throw new OnnxImportError('The file is empty: not an ONNX model.');
  /** @type {OnnxModel} */
  let model;
  try {
    model = /** @type {any} */ (onnxType('ModelProto').decode(bytes));
  } catch (err) {
    if (bytes[0] !== IR_VERSION_TAG) throw new OnnxImportError(`Not an ONNX model: the file is not a protobuf ModelProto.${lookOf(bytes)}`);
    const cut = /index out of range/.test(String(err.message));
    throw new OnnxImportError(cut
      ? `The ONNX file is truncated: it ends inside a record (${bytes.length} bytes read). Download or export it again.`
      : `The ONNX file is damaged: ${err.message} (${bytes.length} bytes).`);
  }
  if (!model.graph || !model.irVersion) {
    throw new OnnxImportError(`Not an ONNX model: the file has no ${model.irVersion ? 'graph' : 'IR version'}.${lookOf(bytes)}`);
  }
  return model;
}
