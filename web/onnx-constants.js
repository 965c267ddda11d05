// Constant tensors of an ONNX graph: initializers, Constant nodes, and what
// nodes compute from constants alone (the shape arithmetic of PyTorch
// exports: Shape -> Gather -> Unsqueeze -> Concat -> Reshape, masks). Their
// values are read only where an operator needs them (a Reshape's target
// shape, Squeeze's axes), and only when small: a weight's values never
// matter to the schedule, its dims do.
import { OnnxImportError } from './onnx-error.js';
import { ATTRIBUTE_TYPE, DATA_TYPE } from './onnx-schema.js';

/** A constant: its dims, and its values when they are small enough to read and known (null otherwise). */
/** @typedef {{dims: number[] | null, values: number[] | null}} Const */

const MAX_VALUES = 4096;

/** An int64 field of a decoded message (protobufjs gives Long objects or numbers) as a number. */
export function num(/** @type {unknown} */ v) {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  if (v && typeof v === 'object' && 'toNumber' in v) return /** @type {{toNumber(): number}} */ (v).toNumber();
  return 0;
}

/** The values of a TensorProto, or null when it is large or of a type the importer does not read. */
function tensorValues(/** @type {any} */ t, /** @type {number} */ count) {
  if (count > MAX_VALUES) return null;
  const raw = /** @type {Uint8Array | undefined} */ (t.rawData);
  if (raw && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    /** @type {Record<number, [number, (o: number) => number]>} */
    const readers = {
      [DATA_TYPE.FLOAT]: [4, (/** @type {number} */ o) => view.getFloat32(o, true)],
      [DATA_TYPE.DOUBLE]: [8, (/** @type {number} */ o) => view.getFloat64(o, true)],
      [DATA_TYPE.INT32]: [4, (/** @type {number} */ o) => view.getInt32(o, true)],
      [DATA_TYPE.INT64]: [8, (/** @type {number} */ o) => Number(view.getBigInt64(o, true))],
    };
    const read = readers[t.dataType];
    if (!read) return null;
    const [size, get] = /** @type {[number, (o: number) => number]} */ (read);
    if (raw.byteLength < size * count) return null;
    return Array.from({ length: count }, (_, i) => get(i * size));
  }
  const list = t.dataType === DATA_TYPE.INT64 ? t.int64Data
    : t.dataType === DATA_TYPE.FLOAT ? t.floatData
      : t.dataType === DATA_TYPE.DOUBLE ? t.doubleData : t.int32Data;
  return list && list.length === count ? list.map(num) : null;
}

/** A TensorProto (initializer, Constant's value) as a constant. */
export function constOfTensor(/** @type {any} */ t) {
  const dims = (t.dims ?? []).map(num);
  const count = dims.reduce((/** @type {number} */ n, /** @type {number} */ d) => n * d, 1);
  return /** @type {Const} */ ({ dims, values: tensorValues(t, count) });
}

/** A Constant node's value (its one value attribute). */
export function constOfNode(/** @type {any} */ node) {
  const a = node.attribute?.[0];
  if (!a) return { dims: null, values: null };
  switch (a.name) {
    case 'value': return constOfTensor(a.t);
    case 'value_int': return { dims: [], values: [num(a.i)] };
    case 'value_ints': return { dims: [a.ints.length], values: a.ints.map(num) };
    case 'value_float': return { dims: [], values: [a.f] };
    case 'value_floats': return { dims: [a.floats.length], values: [...a.floats] };
    default: return { dims: null, values: null };
  }
}

/** The attributes of a node by name, as plain values (numbers, lists, strings, tensors). */
export function attributesOf(/** @type {any} */ node) {
  /** @type {Map<string, any>} */
  const out = new Map();
  for (const a of node.attribute ?? []) {
    /** @type {Record<number, () => any>} */
    const readers = {
      [ATTRIBUTE_TYPE.FLOAT]: () => a.f,
      [ATTRIBUTE_TYPE.INT]: () => num(a.i),
      [ATTRIBUTE_TYPE.STRING]: () => new TextDecoder().decode(a.s),
      [ATTRIBUTE_TYPE.TENSOR]: () => a.t,
      [ATTRIBUTE_TYPE.FLOATS]: () => [...a.floats],
      [ATTRIBUTE_TYPE.INTS]: () => a.ints.map(num),
      [ATTRIBUTE_TYPE.STRINGS]: () => a.strings.map((/** @type {Uint8Array} */ s) => new TextDecoder().decode(s)),
    };
    const value = readers[a.type];
    out.set(a.name, value ? value() : undefined);
  }
  return out;
}

const size = (/** @type {number[]} */ dims) => dims.reduce((n, d) => n * d, 1);

/** Broadcasts a binary function over two 1-D or scalar constants. */
function broadcast(/** @type {Const} */ a, /** @type {Const} */ b, /** @type {(x: number, y: number) => number} */ f) {
  if (!a.values || !b.values || !a.dims || !b.dims) return null;
  const [long, short] = a.values.length >= b.values.length ? [a, b] : [b, a];
  if (short.values.length !== 1 && short.values.length !== long.values.length) return null;
  const at = (/** @type {Const} */ c, /** @type {number} */ i) => c.values[c.values.length === 1 ? 0 : i];
  return { dims: long.dims, values: long.values.map((_, i) => f(at(a, i), at(b, i))) };
}

/**
 * What a node computes from constant inputs, for the operators of shape
 * arithmetic; other operators give a constant of unknown value (still a
 * constant: a mask or a table, which no layer computes).
 * @returns {Const}
 */
export function foldConstant(/** @type {string} */ op, /** @type {Const[]} */ inputs, /** @type {Map<string, any>} */ attrs) {
  const [a, b] = inputs;
  /** @type {Const} */
  const unknown = { dims: null, values: null };
  const int = (/** @type {number} */ x) => Math.trunc(x);
  switch (op) {
    case 'Identity': case 'Cast': return a;
    // A weight stored another way: its dims are what a layer needs.
    case 'DequantizeLinear': return { dims: a.dims, values: null };
    // Weights filled with one value (how ONNX's "light" test models ship without their weights).
    case 'ConstantOfShape': return { dims: a.values, values: null };
    case 'Transpose': {
      if (!a.dims) return unknown;
      const perm = attrs.get('perm') ?? a.dims.map((_, i) => /** @type {number[]} */ (a.dims).length - 1 - i);
      return { dims: perm.map((/** @type {number} */ i) => /** @type {number[]} */ (a.dims)[i]), values: null };
    }
    case 'Add': return broadcast(a, b, (x, y) => x + y) ?? unknown;
    case 'Sub': return broadcast(a, b, (x, y) => x - y) ?? unknown;
    case 'Mul': return broadcast(a, b, (x, y) => x * y) ?? unknown;
    case 'Div': return broadcast(a, b, (x, y) => (Number.isInteger(x) && Number.isInteger(y) ? int(x / y) : x / y)) ?? unknown;
    case 'Unsqueeze': case 'Squeeze': case 'Reshape': case 'Flatten': {
      if (!a.values) return unknown;
      return { dims: [a.values.length], values: a.values };
    }
    case 'Concat': {
      if (inputs.some((c) => !c.values)) return unknown;
      const values = inputs.flatMap((c) => /** @type {number[]} */ (c.values));
      return { dims: [values.length], values };
    }
    case 'Gather': {
      if (!a.values || !b.values || (attrs.get('axis') ?? 0) !== 0 || (a.dims ?? []).length > 1) return unknown;
      const values = b.values.map((i) => /** @type {number[]} */ (a.values)[i < 0 ? i + a.values.length : i]);
      return { dims: b.dims, values };
    }
    case 'Slice': {
      const [, starts, ends, axes] = inputs;
      if (!a.values || !starts?.values || !ends?.values || (a.dims ?? []).length > 1 || (axes?.values && axes.values[0] !== 0)) return unknown;
      const n = a.values.length;
      const clamp = (/** @type {number} */ i) => Math.min(n, Math.max(0, i < 0 ? i + n : i));
      const values = a.values.slice(clamp(starts.values[0]), clamp(ends.values[0]));
      return { dims: [values.length], values };
    }
    default: return unknown;
  }
}

/** A constant's values, or an error naming what needed them. */
export function valuesOrThrow(/** @type {Const | undefined} */ c, /** @type {string} */ what) {
  if (!c || !c.values) throw new OnnxImportError(`${what} is computed when the model runs, not from the file's constants; export the model with static shapes (e.g. torch.onnx.export with do_constant_folding=True).`);
  return c.values;
}

export { size as sizeOf };
