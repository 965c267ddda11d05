// The element-wise operators of an ONNX graph: a function of one value
// folds into the layer that made the value; of two, it folds when one is a
// constant (a bias, a scale, a mask), is a GELU when it is x * Phi(x) of one
// layer's output, and is an eltwise layer when it joins two layers' outputs.
import { OnnxImportError } from './onnx-error.js';
import { dimsOf, fmapSize, sameLayout } from './onnx-layout.js';
import { withStat } from './onnx-norm.js';

/** @typedef {import('./onnx-convert.js').Converter} Converter */
/** @typedef {import('./onnx-convert.js').Act} Act */

/** Element-wise functions of one value: they fold into the layer whose output they change. */
export const UNARY = new Set(['Relu', 'LeakyRelu', 'PRelu', 'Clip', 'Sigmoid', 'Tanh', 'HardSigmoid', 'HardSwish', 'Elu', 'Selu', 'Celu',
  'Softplus', 'Softsign', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Neg', 'Abs', 'Erf', 'Sin', 'Cos', 'Floor', 'Ceil', 'Round', 'Sign',
  'Not', 'Cast', 'Dropout', 'Identity', 'BatchNormalization', 'InstanceNormalization']);
/** Element-wise functions of two values (broadcast): a layer when both are activations, else folded. */
export const BINARY = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'Where', 'Equal', 'Less', 'Greater', 'And', 'Or']);
/** Functions whose product with their own input is GELU (x * Phi(x)): Erf (exact), Tanh (GPT-2's approximation). */
const GELU_PARTS = new Set(['Erf', 'Tanh']);

/** A function of one value: folds into the layer that made the value. */
export function unary(/** @type {Converter} */ cx, /** @type {any} */ node) {
  const a = cx.act(node, 0);
  cx.acts.set(node.output[0], { ...a, fns: [...a.fns, node.opType] });
  // Erf and Tanh are noted with the GELU they are part of (see binary).
  if (!a.side && !a.stat && !GELU_PARTS.has(node.opType)) noteFolded(cx, node, a);
}

/** Notes an element-wise function folded into the layer(s) of its input. */
export function noteFolded(/** @type {Converter} */ cx, /** @type {any} */ node, /** @type {Act} */ a) {
  const into = a.parts.map((p) => (p === '__INPUT__' ? 'the input' : `'${p}'`)).join(' + ');
  const why = node.opType === 'BatchNormalization'
    ? 'at inference a per-channel scale and shift'
    : 'element-wise on one layer\'s output: it does not change the schedule';
  cx.note(`fold:${node.opType}`, `${node.opType} folded into the layer before it (${why})`, node, ` into ${into}`);
}

/** A function of two values: folded when one is a constant, a GELU when it is x * Phi(x), else an eltwise layer. */
export function binary(/** @type {Converter} */ cx, /** @type {any} */ node) {
  const names = node.input.filter((/** @type {string} */ n) => n !== '');
  const all = names.map((/** @type {string} */ n) => cx.acts.get(n)).filter((/** @type {Act | undefined} */ a) => a !== undefined && !a.side);
  const acts = all.filter((/** @type {Act} */ a) => !a.stat);
  const stats = all.filter((/** @type {Act} */ a) => a.stat);
  const out = node.output[0];
  if (stats.length > 0) return withStat(cx, node, acts, stats);
  if (acts.length === 0) {
    // Only integer inputs (ids, masks) and constants: a side value.
    cx.acts.set(out, { ...cx.acts.get(names.find((/** @type {string} */ n) => cx.acts.has(n))), side: true });
    return;
  }
  const [a, ...others] = /** @type {Act[]} */ (acts);
  if (others.length === 0) {
    cx.acts.set(out, { ...a, fns: [...a.fns, node.opType] });
    const side = names.some((/** @type {string} */ n) => cx.acts.get(n)?.side);
    cx.note(side ? 'mask' : 'bias', side
      ? 'Element-wise with an integer input (an attention mask): folded, the mask is not a layer'
      : 'Element-wise with a constant (bias, scale, mask): folded into the layer before it', node);
    return;
  }
  const self = others.every((b) => JSON.stringify(b.parts) === JSON.stringify(a.parts) && sameLayout(b.layout, a.layout));
  if (self) {
    const fns = [...a.fns, ...others.flatMap((b) => b.fns)];
    if (fns.some((f) => GELU_PARTS.has(f))) {
      const gelu = cx.addLayer(node, { type: 'gelu', nofm: a.c, sofm: fmapSize(a.h, a.w) }, a, [], [a.h, a.w]);
      cx.acts.set(out, { ...a, parts: gelu.parts, fns: [] });
      cx.note('gelu', 'x * Phi(x) built of element-wise operators (Erf or Tanh GELU): one gelu layer', node);
    } else {
      cx.acts.set(out, { ...a, fns: [...fns, node.opType] });
      noteFolded(cx, node, a);
    }
    return;
  }
  for (const b of others) {
    const same = b.c === a.c && b.h === a.h && b.w === a.w && sameLayout(b.layout, a.layout);
    if (!same) {
      throw new OnnxImportError(`${cx.label(node)}: its inputs are activations of different shapes or layouts ([${dimsOf(a.layout).join(', ')}] and [${dimsOf(b.layout).join(', ')}]); `
        + 'an eltwise layer of nndf-network/1 combines fmaps of one size, channel by channel.');
    }
  }
  const from = { ...a, parts: acts.flatMap((/** @type {Act} */ x) => x.parts) };
  const layer = cx.addLayer(node, { type: 'eltwise', nofm: a.c, sofm: fmapSize(a.h, a.w), nreg: acts.length }, from, [], [a.h, a.w]);
  cx.acts.set(out, { ...a, parts: layer.parts, fns: [] });
}
