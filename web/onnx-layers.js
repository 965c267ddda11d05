// The ONNX operators that become layers of nndf-network/1: what each reads
// from its input's layout (which axis holds channels, positions, heads), the
// shape it infers, and the layer's fields (formats in nns/README.md and
// docs/extensions.md). Each refuses, naming the node, what the format cannot
// express.
import { OnnxImportError } from './onnx-error.js';
import { atomsOf, dimsOf, fmapSize, isInOrder, onlyOf } from './onnx-layout.js';

/** @typedef {import('./onnx-convert.js').Act} Act */
/** @typedef {import('./onnx-convert.js').Context} Context */
/** @typedef {(cx: Context, node: any, attrs: Map<string, any>) => Act} LayerOp */

const product = (/** @type {{size: number}[]} */ atoms) => atoms.reduce((n, a) => n * a.size, 1);
const range = (/** @type {number} */ n) => [...Array(n).keys()];

/** An error about a node's input layout. */
function layoutError(/** @type {Context} */ cx, /** @type {any} */ node, /** @type {string} */ wanted, /** @type {Act} */ a) {
  return new OnnxImportError(`${cx.label(node)}: its input [${dimsOf(a.layout).join(', ')}] is not ${wanted} of the layer(s) ${a.parts.join(', ')} (after the Reshape/Transpose before it), which nndf-network/1 cannot express.`);
}

/** Checks that an activation is an image-like [N, C, H, W] view of its layers' fmaps, in order. */
function requireImage(/** @type {Context} */ cx, /** @type {any} */ node, /** @type {Act} */ a) {
  const dims = dimsOf(a.layout);
  const ok = dims.length === 4 && onlyOf(a.layout, [0], ['n']) && onlyOf(a.layout, [1], ['c']) && onlyOf(a.layout, [2, 3], ['p'])
    && dims[1] === a.c && isInOrder(atomsOf(a.layout, 'p'), a.h * a.w) && dims[2] === a.h && dims[3] === a.w;
  if (!ok) throw layoutError(cx, node, 'an [N, C, H, W] view', a);
  // Channels in another order (ShuffleNet's channel shuffle): the layer still
  // reads every channel of its input, only their order differs.
  if (!isInOrder(atomsOf(a.layout, 'c'), a.c)) cx.note('shuffle', 'Channels permuted (a channel shuffle): the next layer reads all of them, in another order', node);
  return dims;
}

/** Refuses dilation, which the row-stationary model of a filter does not have. */
function requireNoDilation(/** @type {Context} */ cx, /** @type {any} */ node, /** @type {Map<string, any>} */ attrs) {
  const dilations = /** @type {number[] | undefined} */ (attrs.get('dilations'));
  if (dilations && dilations.some((d) => d !== 1)) {
    throw new OnnxImportError(`${cx.label(node)} has dilations [${dilations.join(', ')}]: dilated filters are not expressible in nndf-network/1 (only dilation 1).`);
  }
}

/**
 * The output size of a sliding window along one axis (ONNX Conv/Pool), and
 * that our format's rule for the input size holds: a layer of output `o`,
 * filter `k`, stride `s` reads between min(o*s, k+(o-1)*s) and max(...) rows.
 */
function windowOut(/** @type {Context} */ cx, /** @type {any} */ node, /** @type {Map<string, any>} */ attrs,
  /** @type {number} */ axis, /** @type {Act} */ a, /** @type {number} */ k, /** @type {number} */ s) {
  const input = axis === 0 ? a.h : a.w;
  const pads = /** @type {number[]} */ (attrs.get('pads') ?? [0, 0, 0, 0]);
  const autoPad = attrs.get('auto_pad') ?? 'NOTSET';
  let out;
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') out = Math.ceil(input / s);
  else if (autoPad === 'VALID') out = Math.floor((input - k) / s) + 1;
  else {
    const padded = input + pads[axis] + pads[axis + 2] - k;
    out = (attrs.get('ceil_mode') === 1 ? Math.ceil(padded / s) : Math.floor(padded / s)) + 1;
  }
  if (out < 1) throw new OnnxImportError(`${cx.label(node)}: a ${k}-wide window does not fit its input of ${input}.`);
  const lo = Math.min(out * s, k + (out - 1) * s);
  const hi = Math.max(out * s, k + (out - 1) * s);
  // Rows of the network input that no window reads (AlexNet's 11x11 stride-4
  // conv on 224 reads 223): the input is cropped to what is read, which
  // changes no number of the network.
  if (input > hi && a.parts.length === 1 && a.parts[0] === '__INPUT__' && cx.cropInput(axis, hi, node)) return out;
  if (input < lo || input > hi) {
    throw new OnnxImportError(`${cx.label(node)}: output ${out} from input ${input} (window ${k}, stride ${s}) ${input > hi ? `leaves ${input - hi} input row(s) unread` : 'reads past its padded input'}; `
      + `nndf-network/1 needs the input between ${lo} and ${hi} (a layer reads all of its input fmap). Export the model with an input size or padding whose windows cover each fmap (AlexNet at 227 x 227, ceil_mode pooling).`);
  }
  return out;
}

/** The layout axes of an [N, C, H, W] output, its batch axis as the input's. */
const imageAxes = (/** @type {Act} */ a, /** @type {number} */ c, /** @type {number} */ h, /** @type {number} */ w) => /** @type {[import('./onnx-layout.js').Dim, number, number][][]} */ (
  [a.layout[0].map((x) => [x.d, x.size, x.stride]), [['c', c, 1]], [['p', h, w]], [['p', w, 1]]]);

/** @type {LayerOp} */
function conv(cx, node, attrs) {
  const a = cx.act(node, 0);
  requireImage(cx, node, a);
  requireNoDilation(cx, node, attrs);
  const weight = cx.constant(node, 1);
  if (!weight?.dims || weight.dims.length !== 4) throw new OnnxImportError(`${cx.label(node)}: its weight must be a constant [M, C/groups, kH, kW] tensor (2-D convolution).`);
  const [m, cg, kh, kw] = weight.dims;
  const groups = attrs.get('group') ?? 1;
  if (cg * groups !== a.c) throw new OnnxImportError(`${cx.label(node)}: its weight reads ${cg} channels per group x ${groups} groups, but its input has ${a.c}.`);
  const [sh, sw] = /** @type {number[]} */ (attrs.get('strides') ?? [1, 1]);
  const oh = windowOut(cx, node, attrs, 0, a, kh, sh);
  const ow = windowOut(cx, node, attrs, 1, a, kw, sw);
  if (node.input[2]) cx.note('conv-bias', 'Convolution and Gemm biases: not modelled (one add per output, no MACs)', node);
  return cx.addLayer(node, {
    type: 'conv', nifm: a.c, nofm: m, sofm: fmapSize(oh, ow), sfil: fmapSize(kh, kw),
    strd: sh === 1 && sw === 1 ? undefined : fmapSize(sh, sw), groups: groups === 1 ? undefined : groups,
  }, a, imageAxes(a, m, oh, ow), [oh, ow]);
}

/** @type {LayerOp} */
function pool(cx, node, attrs) {
  const a = cx.act(node, 0);
  requireImage(cx, node, a);
  requireNoDilation(cx, node, attrs);
  const [kh, kw] = /** @type {number[]} */ (attrs.get('kernel_shape'));
  const [sh, sw] = /** @type {number[]} */ (attrs.get('strides') ?? [1, 1]);
  const oh = windowOut(cx, node, attrs, 0, a, kh, sh);
  const ow = windowOut(cx, node, attrs, 1, a, kw, sw);
  const sreg = fmapSize(kh, kw);
  const strd = fmapSize(sh, sw);
  return cx.addLayer(node, {
    type: 'pool', nofm: a.c, sofm: fmapSize(oh, ow), sreg, strd: JSON.stringify(strd) === JSON.stringify(sreg) ? undefined : strd,
  }, a, imageAxes(a, a.c, oh, ow), [oh, ow]);
}

/** @type {LayerOp} */
function globalPool(cx, node) {
  const a = cx.act(node, 0);
  requireImage(cx, node, a);
  return cx.addLayer(node, { type: 'pool', nofm: a.c, sofm: 1, sreg: fmapSize(a.h, a.w) }, a, imageAxes(a, a.c, 1, 1), [1, 1]);
}

/**
 * A product with a constant weight of `k` x `n` (Gemm, MatMul): a 1x1
 * convolution at every position when the last axis is the channels, an fc
 * layer when it holds channels and positions (after Flatten), or when there
 * is one position.
 */
function linear(/** @type {Context} */ cx, /** @type {any} */ node, /** @type {Act} */ a, /** @type {number} */ k, /** @type {number} */ n) {
  const dims = dimsOf(a.layout);
  const last = dims.length - 1;
  if (dims[last] !== k) throw new OnnxImportError(`${cx.label(node)}: its input's last axis is ${dims[last]}, its weight's ${k}.`);
  const outer = range(last);
  const cIn = atomsOf(a.layout, 'c', [last]);
  const pIn = atomsOf(a.layout, 'p', [last]);
  const axes = /** @type {[import('./onnx-layout.js').Dim, number, number][][]} */ (
    [...a.layout.slice(0, last).map((atoms) => atoms.map((x) => [x.d, x.size, x.stride])), [['c', n, 1]]]);
  const channelsLast = onlyOf(a.layout, outer, ['n', 'p']) && onlyOf(a.layout, [last], ['c']) && isInOrder(cIn, a.c);
  if (channelsLast && a.h * a.w > 1) {
    return cx.addLayer(node, { type: 'conv', nifm: a.c, nofm: n, sofm: fmapSize(a.h, a.w), sfil: 1 }, a, axes, [a.h, a.w]);
  }
  const flattened = onlyOf(a.layout, outer, ['n']) && product(cIn) === a.c && product(pIn) === a.h * a.w;
  if (channelsLast || flattened) {
    const sfil = fmapSize(a.h, a.w);
    return cx.addLayer(node, { type: 'fc', nifm: a.c, nofm: n, sfil: sfil === 1 ? undefined : sfil }, a, axes, [1, 1]);
  }
  throw layoutError(cx, node, 'channels last (tokens x features, or a flattened fmap)', a);
}

/** @type {LayerOp} */
function gemm(cx, node, attrs) {
  const a = cx.act(node, 0);
  const b = cx.constant(node, 1);
  if (attrs.get('transA') === 1) throw new OnnxImportError(`${cx.label(node)} has transA = 1: the importer reads Gemm with its activation as A, not transposed.`);
  if (!b?.dims || b.dims.length !== 2) throw new OnnxImportError(`${cx.label(node)}: its B must be a constant 2-D weight.`);
  const [k, n] = attrs.get('transB') === 1 ? [b.dims[1], b.dims[0]] : b.dims;
  if (node.input[2]) cx.note('conv-bias', 'Convolution and Gemm biases: not modelled (one add per output, no MACs)', node);
  return linear(cx, node, a, k, n);
}

/**
 * MatMul: with a constant weight, a linear layer; between two activations
 * (attention), a matmul layer whose heads are the batch axes both share.
 * @type {LayerOp}
 */
function matmul(cx, node) {
  const weight = cx.constant(node, 1);
  if (weight) {
    if (!weight.dims || weight.dims.length !== 2) throw new OnnxImportError(`${cx.label(node)}: its constant operand must be a 2-D weight [K, N].`);
    return linear(cx, node, cx.act(node, 0), weight.dims[0], weight.dims[1]);
  }
  if (cx.constant(node, 0)) throw new OnnxImportError(`${cx.label(node)}: a constant left operand (weight x activation) is not read; export it as activation x weight.`);
  const a = cx.act(node, 0);
  const b = cx.act(node, 1);
  const da = dimsOf(a.layout);
  const db = dimsOf(b.layout);
  const r = da.length;
  if (r < 2 || db.length !== r || da.slice(0, r - 2).some((d, i) => d !== db[i])) {
    throw new OnnxImportError(`${cx.label(node)}: operands [${da.join(', ')}] and [${db.join(', ')}] must have the same batch (head) axes; broadcasting is not read.`);
  }
  const batch = range(r - 2);
  const [m, k] = [r - 2, r - 1];
  // Left: heads on the batch axes (outer channels), tokens on M, head size on K.
  const heads = atomsOf(a.layout, 'c', batch);
  const h = product(heads);
  const left = onlyOf(a.layout, batch, ['n', 'c']) && onlyOf(a.layout, [m], ['p']) && onlyOf(a.layout, [k], ['c'])
    && isInOrder(atomsOf(a.layout, 'c', [...batch, k]), a.c) && isInOrder(atomsOf(a.layout, 'p'), a.h * a.w);
  if (!left) throw layoutError(cx, node, 'a [batch, heads, tokens, head size] view', a);
  if (b.parts.length !== 1) throw new OnnxImportError(`${cx.label(node)}: its right operand is a Concat of several layers; a matmul's rhs is one layer.`);
  const headsMatch = batch.every((i) => product(a.layout[i].filter((x) => x.d === 'c')) === product(b.layout[i].filter((x) => x.d === 'c')));
  const bHeadsOk = onlyOf(b.layout, batch, ['n', 'c']) && headsMatch;
  // Right: K x N is either rhs^T (channels on K, its tokens on N) or rhs (tokens on K, channels on N).
  const transposed = bHeadsOk && onlyOf(b.layout, [m], ['c']) && onlyOf(b.layout, [k], ['p'])
    && isInOrder(atomsOf(b.layout, 'c', [...batch, m]), b.c) && isInOrder(atomsOf(b.layout, 'p'), b.h * b.w);
  const plain = bHeadsOk && onlyOf(b.layout, [m], ['p']) && onlyOf(b.layout, [k], ['c'])
    && isInOrder(atomsOf(b.layout, 'c', [...batch, k]), b.c) && isInOrder(atomsOf(b.layout, 'p'), b.h * b.w);
  if (!transposed && !plain) throw layoutError(cx, node, 'a [batch, heads, head size, tokens] or [batch, heads, tokens, head size] view', b);
  const n = db[k];
  const kd = da[k];
  const axes = /** @type {[import('./onnx-layout.js').Dim, number, number][][]} */ ([
    ...batch.map((i) => a.layout[i].map((x) => (x.d === 'c' ? ['c', x.size, (x.stride / kd) * n] : [x.d, x.size, x.stride]))),
    a.layout[m].map((x) => [x.d, x.size, x.stride]),
    [['c', n, 1]],
  ]);
  return cx.addLayer(node, {
    type: 'matmul', nifm: a.c, nofm: h * n, sofm: fmapSize(a.h, a.w), heads: h === 1 ? undefined : h, transpose_rhs: transposed,
  }, a, axes, [a.h, a.w], b);
}

/** @type {LayerOp} */
function softmax(cx, node, attrs) {
  const a = cx.act(node, 0);
  // A classifier's final softmax (class scores at one position, the graph's
  // output): the reference's networks end at the fc before it, and so do ours.
  if (a.h * a.w === 1 && cx.isOutput(node.output[0])) {
    cx.note('final-softmax', 'The classifier\'s final Softmax: skipped (class probabilities of one vector; the reference\'s networks end at the fc)', node);
    return { ...a, fns: [...a.fns, 'Softmax'] };
  }
  const rank = a.layout.length;
  const raw = attrs.get('axis') ?? (cx.opset >= 13 ? -1 : 1);
  const axis = raw < 0 ? raw + rank : raw;
  // From opset 13 Softmax normalizes one axis; before, all axes from `axis` on.
  const over = cx.opset >= 13 ? [axis] : range(rank).slice(axis);
  const atoms = atomsOf(a.layout, 'c', over);
  const nreg = product(atoms);
  if (!onlyOf(a.layout, over, ['c']) || !isInOrder(atoms, nreg)) {
    throw layoutError(cx, node, 'normalized over consecutive channels (one head\'s keys)', a);
  }
  return cx.addLayer(node, { type: 'softmax', nofm: a.c, sofm: fmapSize(a.h, a.w), nreg }, a, keepAxes(a), [a.h, a.w]);
}

/** @type {LayerOp} */
function layerNorm(cx, node, attrs) {
  const a = cx.act(node, 0);
  const rank = a.layout.length;
  const raw = attrs.get('axis') ?? -1;
  const over = range(rank).slice(raw < 0 ? raw + rank : raw);
  if (!onlyOf(a.layout, over, ['c']) || !isInOrder(atomsOf(a.layout, 'c', over), a.c)) {
    throw layoutError(cx, node, 'normalized over all the channels at each position', a);
  }
  return cx.addLayer(node, { type: 'layernorm', nofm: a.c, sofm: fmapSize(a.h, a.w) }, a, keepAxes(a), [a.h, a.w]);
}

/** Local response normalization (AlexNet, GoogLeNet): our local_region layer over `size` channels. */
/** @type {LayerOp} */
function lrn(cx, node, attrs) {
  const a = cx.act(node, 0);
  requireImage(cx, node, a);
  return cx.addLayer(node, { type: 'local_region', nofm: a.c, sofm: fmapSize(a.h, a.w), nreg: attrs.get('size'), sreg: 1 }, a, keepAxes(a), [a.h, a.w]);
}

/** @type {LayerOp} */
function gelu(cx, node) {
  const a = cx.act(node, 0);
  return cx.addLayer(node, { type: 'gelu', nofm: a.c, sofm: fmapSize(a.h, a.w) }, a, keepAxes(a), [a.h, a.w]);
}

/** The axes of an activation, for a layer that keeps its input's shape. */
const keepAxes = (/** @type {Act} */ a) => /** @type {[import('./onnx-layout.js').Dim, number, number][][]} */ (
  a.layout.map((atoms) => atoms.map((x) => [x.d, x.size, x.stride])));

/**
 * Concat along the channels: no layer of its own, the next layer reads all
 * the parts (our format's prevs add up their channels).
 * @type {LayerOp}
 */
function concat(cx, node, attrs) {
  const raw = attrs.get('axis');
  const constant = node.input.findIndex((/** @type {string} */ _, /** @type {number} */ i) => cx.constant(node, i));
  if (constant >= 0) {
    throw new OnnxImportError(`${cx.label(node)} joins a constant ('${node.input[constant]}', a class token?) to activations along axis ${raw}: `
      + 'a layer\'s fmaps cannot grow by a constant in nndf-network/1 (docs/networks.md: how ViT\'s class token is written).');
  }
  const acts = node.input.map((/** @type {string} */ _, /** @type {number} */ i) => cx.act(node, i));
  const [first] = acts;
  const rank = first.layout.length;
  const axis = raw < 0 ? raw + rank : raw;
  const others = (/** @type {Act} */ x) => JSON.stringify(x.layout.filter((_, i) => i !== axis));
  for (const x of acts) {
    const ok = onlyOf(x.layout, [axis], ['c']) && isInOrder(atomsOf(x.layout, 'c', [axis]), x.c)
      && x.h === first.h && x.w === first.w && others(x) === others(first);
    if (!ok) throw new OnnxImportError(`${cx.label(node)}: only a concatenation along the channels of fmaps of one size is expressible (a layer reads several layers' channels); it concatenates along axis ${axis} of [${dimsOf(x.layout).join(', ')}].`);
  }
  const c = acts.reduce((/** @type {number} */ n, /** @type {Act} */ x) => n + x.c, 0);
  const layout = first.layout.map((/** @type {import('./onnx-layout.js').Atom[]} */ atoms, /** @type {number} */ i) => (i === axis ? [{ d: /** @type {const} */ ('c'), size: c, stride: 1 }] : atoms));
  cx.note('concat', 'Concat along the channels: no layer, the next layer reads all its inputs', node);
  return { parts: acts.flatMap((/** @type {Act} */ x) => x.parts), c, h: first.h, w: first.w, layout, fns: [] };
}

/** The operators that make layers, by ONNX name. */
export const LAYER_OPS = /** @type {Record<string, LayerOp>} */ ({
  Conv: conv,
  MaxPool: pool,
  AveragePool: pool,
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  Gemm: gemm,
  MatMul: matmul,
  Softmax: softmax,
  LayerNormalization: layerNorm,
  LRN: lrn,
  Gelu: gelu,
  FastGelu: gelu,
  BiasGelu: gelu,
  Concat: concat,
});
