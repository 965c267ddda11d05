// An ONNX graph to a network of our format (nndf-network/1): walks the nodes
// in order (ONNX lists them topologically), keeps each tensor as a constant
// or as an activation (a view of a layer's fmaps, onnx-layout.js), and
// turns the operators that compute into layers (onnx-layers.js; element-wise
// ones in onnx-elementwise.js, written-out normalizations in onnx-norm.js,
// a projection's Split in onnx-split.js, embeddings in onnx-embedding.js).
// What only rearranges data or acts on one value at a time adds no layer;
// the notes say what was folded or skipped so the person can judge.
import { attributesOf, constOfNode, constOfTensor, foldConstant, num } from './onnx-constants.js';
import { OnnxImportError } from './onnx-error.js';
import { dimsOf, fmapSize, layoutOf, reshape, transpose } from './onnx-layout.js';
import { BINARY, UNARY, binary, unary } from './onnx-elementwise.js';
import { gather } from './onnx-embedding.js';
import { LAYER_OPS } from './onnx-layers.js';
import { layoutOpShape } from './onnx-layout-ops.js';
import { reduceMean } from './onnx-norm.js';
import { splitLayer } from './onnx-split.js';

/**
 * An activation: a view (`layout`) of the fmaps of the layers `parts`
 * (several after a channel Concat): `c` channels at `h` x `w` positions.
 * `fns` are the element-wise functions applied since, `side` marks values
 * computed from integer inputs only (token ids, attention masks), `stat`
 * a mean over the channels of `parts` at each position (a LayerNormalization
 * written out as ReduceMean, Sub, Pow, ReduceMean, Sqrt, Div).
 * @typedef {{parts: string[], c: number, h: number, w: number, layout: import('./onnx-layout.js').Layout, fns: string[], side?: boolean, stat?: boolean}} Act
 */

/** @typedef {import('./onnx-constants.js').Const} Const */

/** @type {string[]} */
const NONE = [];

/** What the converter gives the layer builders (onnx-layers.js). */
/**
 * @typedef {object} Context
 * @property {(node: any, fields: Record<string, unknown>, from: Act, axes: [import('./onnx-layout.js').Dim, number, number][][], hw: [number, number], rhs?: Act) => Act} addLayer
 * @property {(node: any, i: number) => Act} act an activation input, or an error naming the node
 * @property {(node: any, i: number) => Const | undefined} constant a constant input, if it is one
 * @property {(node: any) => string} label the node as messages name it
 * @property {(key: string, text: string, node: any) => void} note
 * @property {number} opset
 * @property {(tensor: string) => boolean} isOutput whether a tensor is an output of the graph
 * @property {(axis: number, size: number, node: any) => boolean} cropInput crops the network input to `size` rows (axis 0) or columns (1), if no layer read it yet
 */

const FLOATS = new Set([1, 10, 11, 16]);
const INTEGERS = new Set([2, 3, 4, 5, 6, 7, 9, 12, 13]);

/** Operators we know and cannot express, with why. */
const REFUSED = {
  Split: 'a layer cannot read part of another layer\'s channels in nndf-network/1; only a split of the channels of a projection (conv or fc) that nothing else reads is imported, as one layer per part',
  Slice: 'a layer cannot read part of another layer\'s output in nndf-network/1',
  ReduceSum: 'reductions are not layers of nndf-network/1',
  Resize: 'upsampling is not a layer of nndf-network/1',
  Upsample: 'upsampling is not a layer of nndf-network/1',
  ConvTranspose: 'transposed convolution is not a layer of nndf-network/1',
  Pad: 'explicit padding is not a layer of nndf-network/1 (fold it into the Conv\'s pads when exporting)',
  LSTM: 'import LSTMs by writing lstm_cell layers (nns/README.md)',
  GRU: 'GRU cells are not layers of nndf-network/1',
};

const sanitize = (/** @type {string} */ s) => s.replace(/^\/+/, '');

export class Converter {
  constructor(/** @type {any} */ model) {
    this.graph = model.graph;
    const main = (model.opsetImport ?? []).find((/** @type {any} */ o) => o.domain === '' || o.domain === 'ai.onnx');
    this.opset = main ? num(main.version) : 1;
    /** @type {Map<string, Const>} */
    this.consts = new Map();
    /** @type {Map<string, Act>} */
    this.acts = new Map();
    /** @type {Record<string, unknown>[]} */
    this.layers = [];
    /** @type {Set<string>} */
    this.names = new Set(['__INPUT__']);
    /** @type {Map<string, {text: string, nodes: string[]}>} */
    this.notes = new Map();
    /** @type {{nofm: number, sofm: number | number[]} | null} */
    this.input = null;
    /** @type {{name: string, nofm: number, sofm: number | number[]}[]} */
    this.ext = [];
    /** @type {Map<string, string>} Layers replaced by their parts (split), to the Split's label. */
    this.split = new Map();
  }

  /** The node as messages name it: its operator and its name (or its first output). */
  label(/** @type {any} */ node) {
    return node.name ? `${node.opType} node '${node.name}'` : `${node.opType} node (output '${node.output?.[0] ?? '?'}')`;
  }

  /** Adds a note about a node, grouped by `key` (one line per kind of thing folded or skipped). */
  note(/** @type {string} */ key, /** @type {string} */ text, /** @type {any} */ node, detail = '') {
    const entry = this.notes.get(key) ?? { text, nodes: [] };
    entry.nodes.push(`'${node.name || node.output?.[0] || node.opType}'${detail}`);
    this.notes.set(key, entry);
  }

  /** A fresh name for a layer from its node. */
  layerName(/** @type {any} */ node) {
    const base = sanitize(node.name || node.output?.[0] || node.opType) || node.opType;
    let name = base;
    for (let i = 2; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }

  /** The source (network input or ext) that a graph input, or an embedding read by ids, becomes. */
  addSource(/** @type {string} */ tensor, /** @type {number} */ c, /** @type {number} */ h, /** @type {number} */ w) {
    const sofm = fmapSize(h, w);
    if (this.input === null) {
      this.input = { nofm: c, sofm };
      return '__INPUT__';
    }
    const name = this.layerName({ name: tensor, opType: 'Input' });
    this.ext.push({ name, nofm: c, sofm });
    return name;
  }

  isOutput(/** @type {string} */ tensor) {
    return this.graph.output.some((/** @type {any} */ o) => o.name === tensor);
  }

  /** Crops the network input along one axis to what its first reader reads; false once a layer read it. */
  cropInput(/** @type {number} */ axis, /** @type {number} */ size, /** @type {any} */ node) {
    const reads = this.layers.some((l, i) => (/** @type {string[] | undefined} */ (l.prevs) ?? (i === 0 ? ['__INPUT__'] : [])).includes('__INPUT__'));
    if (reads || this.input === null) return false;
    const [h, w] = Array.isArray(this.input.sofm) ? this.input.sofm : [this.input.sofm, this.input.sofm];
    const cropped = axis === 0 ? [size, w] : [h, size];
    this.input.sofm = fmapSize(cropped[0], cropped[1]);
    this.note(`crop${axis}`, `The input is cropped to the ${axis === 0 ? 'rows' : 'columns'} its first layer reads (${size} of ${axis === 0 ? h : w}; the rest is never read)`, node);
    return true;
  }

  /** Reads the graph's inputs: their shapes must be static. */
  readInputs() {
    const initialized = new Set(this.graph.initializer.map((/** @type {any} */ t) => t.name));
    for (const vi of this.graph.input) {
      if (initialized.has(vi.name)) continue;
      const tensor = vi.type?.tensorType;
      if (!tensor) throw new OnnxImportError(`The model's input '${vi.name}' is not a tensor.`);
      const dims = (tensor.shape?.dim ?? []).map((/** @type {any} */ d, /** @type {number} */ i) => {
        if (d.dimParam || !Object.hasOwn(d, 'dimValue')) {
          const what = d.dimParam ? `'${d.dimParam}' (a symbolic size)` : 'without a size';
          throw new OnnxImportError(`The model has dynamic shapes: its input '${vi.name}' has axis ${i} ${what}. `
            + 'Fix the sizes before importing, e.g. python -m onnxruntime.tools.make_dynamic_shape_fixed '
            + `--dim_param ${d.dimParam || 'NAME'} --dim_value 1 model.onnx fixed.onnx.`);
        }
        return num(d.dimValue);
      });
      if (INTEGERS.has(tensor.elemType)) {
        if (dims.length !== 2) throw new OnnxImportError(`The model's integer input '${vi.name}' has ${dims.length} axes; token ids are [batch, tokens].`);
        this.acts.set(vi.name, { parts: [], c: 0, h: dims[1], w: 1, layout: layoutOf([[['n', dims[0], 1]], [['p', dims[1], 1]]]), fns: NONE, side: true });
        continue;
      }
      if (!FLOATS.has(tensor.elemType)) throw new OnnxImportError(`The model's input '${vi.name}' has element type ${tensor.elemType}, not a number type.`);
      this.acts.set(vi.name, this.sourceAct(vi.name, dims));
    }
    if (this.acts.size === 0) throw new OnnxImportError('The model has no input (every graph input has an initializer).');
  }

  /** The activation of a float graph input: [N, C, H, W] images, [N, S, D] token sequences or [N, D] vectors. */
  sourceAct(/** @type {string} */ name, /** @type {number[]} */ dims) {
    const [n, a, b, c] = dims;
    if (dims.length === 4) return { parts: [this.addSource(name, a, b, c)], c: a, h: b, w: c, layout: layoutOf([[['n', n, 1]], [['c', a, 1]], [['p', b, c]], [['p', c, 1]]]), fns: NONE };
    if (dims.length === 3) return { parts: [this.addSource(name, b, a, 1)], c: b, h: a, w: 1, layout: layoutOf([[['n', n, 1]], [['p', a, 1]], [['c', b, 1]]]), fns: NONE };
    if (dims.length === 2) return { parts: [this.addSource(name, a, 1, 1)], c: a, h: 1, w: 1, layout: layoutOf([[['n', n, 1]], [['c', a, 1]]]), fns: NONE };
    throw new OnnxImportError(`The model's input '${name}' has ${dims.length} axes; the importer reads [N, C, H, W] images, [N, S, D] token sequences and [N, D] vectors.`);
  }

  /** Adds a layer made by `node`, reading `from` (and `rhs`), and returns its output as an activation. */
  addLayer(/** @type {any} */ node, /** @type {Record<string, unknown>} */ fields, /** @type {Act} */ from,
    /** @type {[import('./onnx-layout.js').Dim, number, number][][]} */ axes, /** @type {[number, number]} */ hw, /** @type {Act | undefined} */ rhs = undefined) {
    if (from.side) throw new OnnxImportError(`${this.label(node)} computes on integer inputs (token ids or a mask); only embedding lookups (Gather) read them.`);
    if (from.stat) throw new OnnxImportError(`${this.label(node)} computes on a mean over channels (ReduceMean) that is not part of a layer normalization.`);
    for (const part of [...from.parts, ...(rhs?.parts ?? [])]) {
      if (this.split.has(part)) throw new OnnxImportError(`${this.label(node)} reads all of '${part}', which ${this.split.get(part)} split into one layer per part: a layer cannot read part of another layer's channels in nndf-network/1.`);
    }
    const name = this.layerName(node);
    const previous = this.layers.length === 0 ? '__INPUT__' : /** @type {string} */ (this.layers[this.layers.length - 1].name);
    const implicit = from.parts.length === 1 && from.parts[0] === previous;
    /** @type {Record<string, unknown>} */
    const layer = { name };
    for (const key of ['type', 'nifm', 'nofm', 'sofm', 'sfil', 'strd', 'groups', 'sreg', 'nreg', 'heads']) {
      if (fields[key] !== undefined) layer[key] = fields[key];
    }
    if (!implicit) layer.prevs = from.parts;
    if (rhs) {
      layer.rhs = rhs.parts[0];
      if (fields.transpose_rhs) layer.transpose_rhs = true;
    }
    this.layers.push(layer);
    const layout = layoutOf(axes);
    const c = layout.flat().filter((a) => a.d === 'c').reduce((n, a) => n * a.size, 1);
    return { parts: [name], c, h: hw[0], w: hw[1], layout, fns: NONE };
  }

  /** The activation input `i` of a node, or an error naming the node. */
  act(/** @type {any} */ node, /** @type {number} */ i) {
    const a = this.acts.get(node.input[i]);
    if (!a) {
      const what = this.consts.has(node.input[i]) ? 'is a constant' : 'is not computed by any node before it';
      throw new OnnxImportError(`${this.label(node)}: its input ${i} ('${node.input[i]}') ${what}; the importer needs an activation there.`);
    }
    return a;
  }

  /** A constant input of a node, if it is one. */
  constant(/** @type {any} */ node, /** @type {number} */ i) {
    return this.consts.get(node.input[i]);
  }

  /** Converts every node, in order. */
  run() {
    for (const t of this.graph.initializer) this.consts.set(t.name, constOfTensor(t));
    this.readInputs();
    for (const node of this.graph.node) this.visit(node);
    if (this.layers.length === 0) throw new OnnxImportError('The model has no operator that computes (no Conv, MatMul, Gemm, pooling, ...): there is no network to schedule.');
  }

  visit(/** @type {any} */ node) {
    const op = node.opType;
    const attrs = attributesOf(node);
    const inputs = (node.input ?? []).filter((/** @type {string} */ n) => n !== '');
    const out = node.output[0];
    for (const name of node.output) {
      if (this.acts.has(name) || this.consts.has(name)) throw new OnnxImportError(`The graph is not valid ONNX: tensor '${name}' is defined twice (again by ${this.label(node)}).`);
    }
    if (op === 'Constant') {
      this.consts.set(out, constOfNode(node));
      return;
    }
    if (node.domain && node.domain !== 'ai.onnx' && !(node.domain === 'com.microsoft' && /Gelu$/.test(op))) {
      throw new OnnxImportError(`Unsupported operator ${node.domain}.${op} (${this.label(node)}): only the standard ONNX operators (domain ai.onnx) are read.`);
    }
    if (op === 'Shape') {
      const a = this.acts.get(inputs[0]);
      const dims = a ? dimsOf(a.layout) : this.consts.get(inputs[0])?.dims ?? null;
      this.consts.set(out, { dims: dims ? [dims.length] : null, values: dims });
      this.note('const', 'Shape arithmetic and masks computed from constants: no layer', node);
      return;
    }
    if (inputs.every((/** @type {string} */ n) => this.consts.has(n))) {
      this.consts.set(out, foldConstant(op, inputs.map((/** @type {string} */ n) => /** @type {Const} */ (this.consts.get(n))), attrs));
      this.note('const', 'Shape arithmetic and masks computed from constants: no layer', node);
      return;
    }
    if (op === 'Gather') return gather(this, node, attrs);
    const layoutShape = layoutOpShape(this, node, attrs);
    if (layoutShape !== undefined) return this.relayout(node, layoutShape);
    if (UNARY.has(op)) return unary(this, node);
    if (BINARY.has(op)) return binary(this, node);
    if (op === 'Split') return splitLayer(this, node, attrs);
    if (op === 'ReduceMean') return reduceMean(this, node, attrs);
    const build = LAYER_OPS[op];
    if (build) {
      this.acts.set(out, build(/** @type {Context} */ (/** @type {unknown} */ (this)), node, attrs));
      return;
    }
    const why = /** @type {Record<string, string>} */ (REFUSED)[op];
    throw new OnnxImportError(`Unsupported operator ${op} (${this.label(node)})${why ? `: ${why}` : ': the importer does not know it'}.`);
  }

  /** Reshape, Transpose, Flatten, Squeeze, Unsqueeze: the same data, another view. */
  relayout(/** @type {any} */ node, /** @type {{dims?: number[], perm?: number[]}} */ shape) {
    const a = this.act(node, 0);
    const layout = shape.perm ? transpose(a.layout, shape.perm) : reshape(a.layout, /** @type {number[]} */ (shape.dims));
    if (layout === null) {
      throw new OnnxImportError(`${this.label(node)}: reshaping [${dimsOf(a.layout).join(', ')}] to [${shape.dims?.join(', ')}] mixes axes in a way a layer's channels and positions cannot follow.`);
    }
    this.acts.set(node.output[0], { ...a, layout });
    this.note('layout', 'Layout only (the same data viewed another way): no layer', node);
  }

}
