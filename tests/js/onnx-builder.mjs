// Builds small ONNX models in code for the importer's tests (no download),
// with the same protobuf schema and library the importer decodes with
// (web/onnx-schema.js, protobufjs 7). tests/js/onnx-import.test.mjs also
// decodes them with onnx-proto's generated code, so a wrong field number in
// the schema cannot hide behind this builder.
import { ATTRIBUTE_TYPE, DATA_TYPE, onnxType } from '../../web/onnx-schema.js';

/** An attribute from a plain value: integers, floats ({f: x}), lists of integers, strings. */
function attribute(name, value) {
  if (typeof value === 'number') return { name, type: ATTRIBUTE_TYPE.INT, i: value };
  if (typeof value === 'string') return { name, type: ATTRIBUTE_TYPE.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: ATTRIBUTE_TYPE.INTS, ints: value };
  if ('f' in value) return { name, type: ATTRIBUTE_TYPE.FLOAT, f: value.f };
  throw new Error(`attribute ${name}: unknown kind`);
}

const valueInfo = (name, dims, elemType) => ({
  name,
  type: {
    tensorType: {
      elemType,
      shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
    },
  },
});

export class OnnxGraph {
  /** `data: false` writes weights as dims only (ONNX allows it; big models stay small in tests). */
  constructor(name = 'test', { data = true } = {}) {
    this.name = name;
    this.data = data;
    this.nodes = [];
    this.initializers = [];
    this.inputs = [];
    this.outputs = [];
    this.count = 0;
  }

  /** A graph input: dims are numbers, or strings for symbolic sizes. */
  input(name, dims, elemType = DATA_TYPE.FLOAT) {
    this.inputs.push(valueInfo(name, dims, elemType));
    return name;
  }

  /** A float weight of zeros (its values never matter to the importer, its dims do). */
  weight(name, dims) {
    const count = dims.reduce((n, d) => n * d, 1);
    this.initializers.push({ name, dims, dataType: DATA_TYPE.FLOAT, ...(this.data ? { rawData: new Uint8Array(4 * count) } : {}) });
    return name;
  }

  /** An int64 constant (a shape, axes) stored as an initializer. */
  ints(name, values) {
    this.initializers.push({ name, dims: [values.length], dataType: DATA_TYPE.INT64, int64Data: values });
    return name;
  }

  /** A float scalar constant, as a Constant node. */
  scalar(name, value) {
    this.nodes.push({ opType: 'Constant', name: `${name}_const`, input: [], output: [name],
      attribute: [{ name: 'value', type: ATTRIBUTE_TYPE.TENSOR, t: { dims: [], dataType: DATA_TYPE.FLOAT, floatData: [value] } }] });
    return name;
  }

  /** A node; returns its first output's name (`name` by default). */
  node(opType, inputs, name, attrs = {}, outputs = [name]) {
    this.nodes.push({ opType, name, input: inputs, output: outputs, attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) });
    return outputs[0];
  }

  output(name) {
    this.outputs.push({ name });
    return name;
  }

  /** The model file's bytes. */
  encode({ opset = 17, irVersion = 8 } = {}) {
    const Model = onnxType('ModelProto');
    const model = Model.fromObject({
      irVersion,
      producerName: 'nndf-tests',
      opsetImport: [{ domain: '', version: opset }],
      graph: { name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    });
    return Model.encode(model).finish();
  }
}
