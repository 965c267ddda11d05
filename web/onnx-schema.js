// The part of onnx.proto (ONNX 1.17, proto2) that the importer reads, as a
// protobufjs JSON descriptor: field numbers and types exactly as in
// onnx/onnx.proto. Written here rather than taken from the onnx-proto package
// because that package pins protobufjs 6 and ONNX 1.10 and is no longer
// updated; protobufjs 7 is maintained and its light build decodes from a
// descriptor without the .proto parser. tests/js/onnx-import.test.mjs checks
// these numbers against onnx-proto's generated decoder.
import protobuf from 'protobufjs/light.js';

const packed = { packed: true };
const expanded = { packed: false };

/** The ONNX messages, by name, in protobufjs JSON form. */
const MESSAGES = {
  ModelProto: {
    fields: {
      irVersion: { type: 'int64', id: 1 },
      opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
      producerName: { type: 'string', id: 2 },
      producerVersion: { type: 'string', id: 3 },
      domain: { type: 'string', id: 4 },
      modelVersion: { type: 'int64', id: 5 },
      docString: { type: 'string', id: 6 },
      graph: { type: 'GraphProto', id: 7 },
    },
  },
  OperatorSetIdProto: {
    fields: {
      domain: { type: 'string', id: 1 },
      version: { type: 'int64', id: 2 },
    },
  },
  GraphProto: {
    fields: {
      node: { rule: 'repeated', type: 'NodeProto', id: 1 },
      name: { type: 'string', id: 2 },
      initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
      docString: { type: 'string', id: 10 },
      input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
      output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
      valueInfo: { rule: 'repeated', type: 'ValueInfoProto', id: 13 },
    },
  },
  NodeProto: {
    fields: {
      input: { rule: 'repeated', type: 'string', id: 1 },
      output: { rule: 'repeated', type: 'string', id: 2 },
      name: { type: 'string', id: 3 },
      opType: { type: 'string', id: 4 },
      domain: { type: 'string', id: 7 },
      attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
      docString: { type: 'string', id: 6 },
    },
  },
  AttributeProto: {
    fields: {
      name: { type: 'string', id: 1 },
      refAttrName: { type: 'string', id: 21 },
      docString: { type: 'string', id: 13 },
      type: { type: 'int32', id: 20 },
      f: { type: 'float', id: 2 },
      i: { type: 'int64', id: 3 },
      s: { type: 'bytes', id: 4 },
      t: { type: 'TensorProto', id: 5 },
      g: { type: 'GraphProto', id: 6 },
      floats: { rule: 'repeated', type: 'float', id: 7, options: expanded },
      ints: { rule: 'repeated', type: 'int64', id: 8, options: expanded },
      strings: { rule: 'repeated', type: 'bytes', id: 9 },
      tensors: { rule: 'repeated', type: 'TensorProto', id: 10 },
      graphs: { rule: 'repeated', type: 'GraphProto', id: 11 },
    },
  },
  ValueInfoProto: {
    fields: {
      name: { type: 'string', id: 1 },
      type: { type: 'TypeProto', id: 2 },
      docString: { type: 'string', id: 3 },
    },
  },
  TypeProto: {
    fields: {
      tensorType: { type: 'TypeProtoTensor', id: 1 },
      denotation: { type: 'string', id: 6 },
    },
  },
  TypeProtoTensor: {
    fields: {
      elemType: { type: 'int32', id: 1 },
      shape: { type: 'TensorShapeProto', id: 2 },
    },
  },
  TensorShapeProto: {
    fields: {
      dim: { rule: 'repeated', type: 'Dimension', id: 1 },
    },
  },
  Dimension: {
    fields: {
      dimValue: { type: 'int64', id: 1 },
      dimParam: { type: 'string', id: 2 },
      denotation: { type: 'string', id: 3 },
    },
  },
  TensorProto: {
    fields: {
      dims: { rule: 'repeated', type: 'int64', id: 1, options: expanded },
      dataType: { type: 'int32', id: 2 },
      floatData: { rule: 'repeated', type: 'float', id: 4, options: packed },
      int32Data: { rule: 'repeated', type: 'int32', id: 5, options: packed },
      int64Data: { rule: 'repeated', type: 'int64', id: 7, options: packed },
      name: { type: 'string', id: 8 },
      docString: { type: 'string', id: 12 },
      rawData: { type: 'bytes', id: 9 },
      externalData: { rule: 'repeated', type: 'StringStringEntryProto', id: 13 },
      dataLocation: { type: 'int32', id: 14 },
      doubleData: { rule: 'repeated', type: 'double', id: 10, options: packed },
    },
  },
  StringStringEntryProto: {
    fields: {
      key: { type: 'string', id: 1 },
      value: { type: 'string', id: 2 },
    },
  },
};

/** ONNX TensorProto.DataType numbers the importer reads values of. */
export const DATA_TYPE = Object.freeze({ FLOAT: 1, INT32: 6, INT64: 7, DOUBLE: 11 });

/** ONNX AttributeProto.AttributeType numbers. */
export const ATTRIBUTE_TYPE = Object.freeze({ FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8 });

/** @type {protobuf.Root | null} */
let root = null;

/** The protobufjs type of an ONNX message (ModelProto, NodeProto, ...), built once. */
export function onnxType(/** @type {keyof typeof MESSAGES} */ name) {
  root ??= protobuf.Root.fromJSON({ nested: { onnx: { nested: MESSAGES } } });
  return root.lookupType(`onnx.${name}`);
}
