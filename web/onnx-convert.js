// An ONNX graph to a network of our format (nndf-network/1): walks the nodes
// in order (ONNX lists them topologically), keeps each tensor as a constant
// or as an activation (a view of a layer's fmaps, onnx-layout.js), and
// turns the operators that compute into layers (onnx-layers.js). What only
// rearranges data or acts on one value at a time adds no layer; the notes
// say what was folded or skipped so the person can judge.
import { attributesOf, constOfNode, constOfTensor, foldConstant, num } from './onnx-constants.js';
import { OnnxImportError } from './onnx-error.js';
import { atomsOf, dimsOf, isInOrder, layoutOf, onlyOf, reshape, sameLayout, transpose } from './onnx-layout.js';
import { LAYER_OPS } from './onnx-layers.js';
import { layoutOpShape } from './onnx-layout-ops.js';

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

/** Element-wise functions of one value: they fold into the layer whose output they change. */
const UNARY = new Set(['Relu', 'LeakyRelu', 'PRelu', 'Clip', 'Sigmoid', 'Tanh', 'HardSigmoid', 'HardSwish', 'Elu', 'Selu', 'Celu',
  'Softplus', 'Softsign', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Neg', 'Abs', 'Erf', 'Sin', 'Cos', 'Floor', 'Ceil', 'Round', 'Sign',
  'Not', 'Cast', 'Dropout', 'Identity', 'BatchNormalization', 'InstanceNormalization']);
/** Element-wise functions of two values (broadcast): a layer when both are activations, else folded. */
const BINARY = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'Where', 'Equal', 'Less', 'Greater', 'And', 'Or']);
/** Functions whose product with their own input is GELU (x * Phi(x)): Erf (exact), Tanh (GPT-2's approximation). */
const GELU_PARTS = new Set(['Erf', 'Tanh']);

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

  /** An fmap of `h` x `w` as our format writes a size: one number when square. */
  static size(/** @type {number} */ h, /** @type {number} */ w) {
    return h === w ? h : [h, w];
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
    const sofm = Converter.size(h, w);
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
    this.input.sofm = Converter.size(cropped[0], cropped[1]);
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
    if (op === 'Gather') return this.gather(node, attrs);
    const layoutShape = layoutOpShape(this, node, attrs);
    if (layoutShape !== undefined) return this.relayout(node, layoutShape);
    if (UNARY.has(op)) return this.unary(node);
    if (BINARY.has(op)) return this.binary(node);
    if (op === 'Split') return this.splitLayer(node, attrs);
    if (op === 'ReduceMean') return this.reduceMean(node, attrs);
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

  /** A function of one value: folds into the layer that made the value. */
  unary(/** @type {any} */ node) {
    const a = this.act(node, 0);
    this.acts.set(node.output[0], { ...a, fns: [...a.fns, node.opType] });
    // Erf and Tanh are noted with the GELU they are part of (see binary).
    if (!a.side && !a.stat && !GELU_PARTS.has(node.opType)) this.noteFolded(node, a);
  }

  noteFolded(/** @type {any} */ node, /** @type {Act} */ a) {
    const into = a.parts.map((p) => (p === '__INPUT__' ? 'the input' : `'${p}'`)).join(' + ');
    const why = node.opType === 'BatchNormalization'
      ? 'at inference a per-channel scale and shift'
      : 'element-wise on one layer\'s output: it does not change the schedule';
    this.note(`fold:${node.opType}`, `${node.opType} folded into the layer before it (${why})`, node, ` into ${into}`);
  }

  /** A function of two values: folded when one is a constant, a GELU when it is x * Phi(x), else an eltwise layer. */
  binary(/** @type {any} */ node) {
    const names = node.input.filter((/** @type {string} */ n) => n !== '');
    const all = names.map((/** @type {string} */ n) => this.acts.get(n)).filter((/** @type {Act | undefined} */ a) => a !== undefined && !a.side);
    const acts = all.filter((/** @type {Act} */ a) => !a.stat);
    const stats = all.filter((/** @type {Act} */ a) => a.stat);
    const out = node.output[0];
    if (stats.length > 0) return this.withStat(node, acts, stats);
    if (acts.length === 0) {
      // Only integer inputs (ids, masks) and constants: a side value.
      this.acts.set(out, { ...this.acts.get(names.find((/** @type {string} */ n) => this.acts.has(n))), side: true });
      return;
    }
    const [a, ...others] = /** @type {Act[]} */ (acts);
    if (others.length === 0) {
      this.acts.set(out, { ...a, fns: [...a.fns, node.opType] });
      const side = names.some((/** @type {string} */ n) => this.acts.get(n)?.side);
      this.note(side ? 'mask' : 'bias', side
        ? 'Element-wise with an integer input (an attention mask): folded, the mask is not a layer'
        : 'Element-wise with a constant (bias, scale, mask): folded into the layer before it', node);
      return;
    }
    const self = others.every((b) => JSON.stringify(b.parts) === JSON.stringify(a.parts) && sameLayout(b.layout, a.layout));
    if (self) {
      const fns = [...a.fns, ...others.flatMap((b) => b.fns)];
      if (fns.some((f) => GELU_PARTS.has(f))) {
        const gelu = this.addLayer(node, { type: 'gelu', nofm: a.c, sofm: Converter.size(a.h, a.w) }, a, [], [a.h, a.w]);
        this.acts.set(out, { ...a, parts: gelu.parts, fns: [] });
        this.note('gelu', 'x * Phi(x) built of element-wise operators (Erf or Tanh GELU): one gelu layer', node);
      } else {
        this.acts.set(out, { ...a, fns: [...fns, node.opType] });
        this.noteFolded(node, a);
      }
      return;
    }
    for (const b of others) {
      const same = b.c === a.c && b.h === a.h && b.w === a.w && sameLayout(b.layout, a.layout);
      if (!same) {
        throw new OnnxImportError(`${this.label(node)}: its inputs are activations of different shapes or layouts ([${dimsOf(a.layout).join(', ')}] and [${dimsOf(b.layout).join(', ')}]); `
          + 'an eltwise layer of nndf-network/1 combines fmaps of one size, channel by channel.');
      }
    }
    const from = { ...a, parts: acts.flatMap((/** @type {Act} */ x) => x.parts) };
    const layer = this.addLayer(node, { type: 'eltwise', nofm: a.c, sofm: Converter.size(a.h, a.w), nreg: acts.length }, from, [], [a.h, a.w]);
    this.acts.set(out, { ...a, parts: layer.parts, fns: [] });
  }

  /**
   * ReduceMean: over all the channels, the first half of a layer
   * normalization written out (see withStat); over all the positions of an
   * fmap, a global average pool (x.mean([2, 3]) in PyTorch).
   */
  reduceMean(/** @type {any} */ node, /** @type {Map<string, any>} */ attrs) {
    const a = this.act(node, 0);
    const rank = a.layout.length;
    const given = attrs.get('axes') ?? (node.input[1] ? this.consts.get(node.input[1])?.values : null) ?? [...Array(rank).keys()];
    const axes = /** @type {number[]} */ (given).map((x) => (x < 0 ? x + rank : x));
    const keep = attrs.get('keepdims') ?? 1;
    const reduced = a.layout.flatMap((atoms, i) => (!axes.includes(i) ? [atoms] : keep ? [[]] : []));
    if (onlyOf(a.layout, axes, ['c']) && isInOrder(atomsOf(a.layout, 'c', axes), a.c)) {
      this.acts.set(node.output[0], { ...a, layout: reduced, stat: true, fns: [] });
      this.note('norm-parts', 'Mean over the channels (part of a layer normalization written out): no layer of its own', node);
      return;
    }
    if (onlyOf(a.layout, axes, ['p']) && atomsOf(a.layout, 'p', axes).reduce((n, x) => n * x.size, 1) === a.h * a.w && a.h * a.w > 1) {
      const axesOut = /** @type {[import('./onnx-layout.js').Dim, number, number][][]} */ (reduced.map((atoms) => atoms.map((x) => [x.d, x.size, x.stride])));
      this.acts.set(node.output[0], this.addLayer(node, { type: 'pool', nofm: a.c, sofm: 1, sreg: Converter.size(a.h, a.w) }, a, axesOut, [1, 1]));
      return;
    }
    throw new OnnxImportError(`Unsupported operator ReduceMean (${this.label(node)}): only a mean over all the channels (a layer normalization written out) or over all the positions (a global average pool) is read.`);
  }

  /**
   * An element-wise operator with a mean over channels (a stat): x - mean
   * folds; dividing by (or multiplying with the reciprocal of) a stat of the
   * same layer completes a layer normalization (or RMSNorm): one layernorm
   * layer. Stats with constants stay stats.
   */
  withStat(/** @type {any} */ node, /** @type {Act[]} */ acts, /** @type {Act[]} */ stats) {
    const out = node.output[0];
    if (acts.length === 0) {
      this.acts.set(out, { ...stats[0], fns: [...stats[0].fns, node.opType] });
      this.note('norm-parts', 'Mean over the channels (part of a layer normalization written out): no layer of its own', node);
      return;
    }
    const [a] = acts;
    const same = acts.length === 1 && stats.every((st) => JSON.stringify(st.parts) === JSON.stringify(a.parts));
    if (!same) throw new OnnxImportError(`${this.label(node)} combines a mean over channels with another layer's output; only a layer normalization written out is read.`);
    const scales = node.opType === 'Div' || (node.opType === 'Mul' && stats.some((st) => st.fns.includes('Reciprocal')));
    if (!scales) {
      this.acts.set(out, { ...a, fns: [...a.fns, node.opType] });
      this.note('norm-parts', 'Mean over the channels (part of a layer normalization written out): no layer of its own', node);
      return;
    }
    const keep = /** @type {[import('./onnx-layout.js').Dim, number, number][][]} */ (a.layout.map((atoms) => atoms.map((x) => [x.d, x.size, x.stride])));
    const ln = this.addLayer(node, { type: 'layernorm', nofm: a.c, sofm: Converter.size(a.h, a.w) }, a, keep, [a.h, a.w]);
    this.acts.set(out, { ...a, parts: ln.parts, fns: [] });
    this.note('norm', 'Layer normalization written out (ReduceMean, Sub, Pow, Sqrt, Div, or RMSNorm): one layernorm layer', node);
  }

  /**
   * Split of a projection's output channels (GPT-2's fused Q, K, V): the
   * projection becomes one layer per part, with the same MACs and weights
   * in all, since a layer of our format cannot read part of another's
   * channels. Refused when anything else reads the projection.
   */
  splitLayer(/** @type {any} */ node, /** @type {Map<string, any>} */ attrs) {
    const a = this.act(node, 0);
    const rank = a.layout.length;
    const raw = attrs.get('axis') ?? 0;
    const axis = raw < 0 ? raw + rank : raw;
    const refuse = (/** @type {string} */ why) => new OnnxImportError(`Unsupported operator Split (${this.label(node)}): ${why}; a layer cannot read part of another layer's channels in nndf-network/1.`);
    const [name] = a.parts;
    const index = this.layers.findIndex((l) => l.name === name);
    const layer = this.layers[index];
    if (a.parts.length !== 1 || !layer || !['conv', 'fc'].includes(/** @type {string} */ (layer.type))) throw refuse('it splits something other than the output of one conv or fc layer');
    const channels = a.layout[axis].filter((x) => x.d === 'c');
    if (a.layout[axis].some((x) => x.d !== 'c') || channels.length !== 1 || channels[0].size !== a.c) throw refuse(`axis ${axis} is not the channels of '${name}'`);
    const readers = this.layers.slice(index + 1).filter((l, i) => (/** @type {string[] | undefined} */ (l.prevs) ?? (i === 0 ? [name] : [])).includes(name) || l.rhs === name);
    if (readers.length > 0) throw refuse(`layer '${readers[0].name}' reads all of '${name}'`);
    const n = node.output.length;
    /** @type {number[] | null | undefined} */
    const given = attrs.get('split') ?? (node.input[1] ? this.consts.get(node.input[1])?.values : null);
    /** @type {number[]} */
    const sizes = given ?? Array.from({ length: n }, (_, i) => Math.ceil(a.c / n) - (i === n - 1 ? Math.ceil(a.c / n) * n - a.c : 0));
    if (sizes.length !== n || sizes.reduce((x, y) => x + y, 0) !== a.c) throw refuse(`its sizes [${sizes.join(', ')}] do not add up to the ${a.c} channels`);
    /** @type {Record<string, unknown>[]} */
    const parts = sizes.map((c, i) => ({ ...layer, name: this.layerName({ name: `${name}_${i}`, opType: 'Split' }), nofm: c }));
    // Each part reads what the projection read; after the first, say so.
    const reads = layer.prevs ?? [index === 0 ? '__INPUT__' : this.layers[index - 1].name];
    parts.forEach((p, i) => {
      if (i > 0) p.prevs = reads;
    });
    this.layers.splice(index, 1, ...parts);
    this.split.set(name, this.label(node));
    node.output.forEach((/** @type {string} */ out, /** @type {number} */ i) => {
      const layout = a.layout.map((atoms, j) => (j === axis ? [{ d: /** @type {const} */ ('c'), size: sizes[i], stride: 1 }] : atoms));
      this.acts.set(out, { ...a, parts: [/** @type {string} */ (parts[i].name)], c: sizes[i], layout });
    });
    this.note('split', 'Split of a projection\'s channels: the projection became one layer per part (same MACs and weights)', node, ` ('${name}' into ${parts.map((p) => `'${p.name}'`).join(', ')})`);
  }

  /** Gather: an embedding lookup by token ids becomes a source of the network; other gathers are refused. */
  gather(/** @type {any} */ node, /** @type {Map<string, any>} */ attrs) {
    const table = this.constant(node, 0);
    const ids = this.acts.get(node.input[1]);
    if (table?.dims?.length === 2 && ids?.side && (attrs.get('axis') ?? 0) === 0) {
      const [, d] = table.dims;
      const [n, s] = dimsOf(ids.layout);
      const source = this.addSource(node.output[0], d, s, 1);
      this.acts.set(node.output[0], { parts: [source], c: d, h: s, w: 1, layout: layoutOf([[['n', n, 1]], [['p', s, 1]], [['c', d, 1]]]), fns: [] });
      this.note('embedding', 'Embedding lookup (a table read by token ids, no MACs): it is the network\'s input', node);
      return;
    }
    throw new OnnxImportError(`Unsupported operator Gather (${this.label(node)}): only an embedding lookup (a constant table read by integer ids) is read; a layer cannot read part of another layer's output.`);
  }
}
