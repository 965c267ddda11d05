// A layer normalization written out of ReduceMean, Sub, Pow, Sqrt and Div
// (exporters before opset 17), or RMSNorm: the means over channels are kept
// as statistics of their layer, and dividing that layer's output by one
// makes one layernorm layer. ReduceMean over an fmap's positions is a
// global pool.
import { OnnxImportError } from './onnx-error.js';
import { atomsOf, fmapSize, isInOrder, onlyOf } from './onnx-layout.js';

/** @typedef {import('./onnx-convert.js').Converter} Converter */
/** @typedef {import('./onnx-convert.js').Act} Act */

/**
 * ReduceMean: over all the channels, the first half of a layer
 * normalization written out (see withStat); over all the positions of an
 * fmap, a global average pool (x.mean([2, 3]) in PyTorch).
 */
export function reduceMean(/** @type {Converter} */ cx, /** @type {any} */ node, /** @type {Map<string, any>} */ attrs) {
  const a = cx.act(node, 0);
  const rank = a.layout.length;
  const given = attrs.get('axes') ?? (node.input[1] ? cx.consts.get(node.input[1])?.values : null) ?? [...Array(rank).keys()];
  const axes = /** @type {number[]} */ (given).map((x) => (x < 0 ? x + rank : x));
  const keep = attrs.get('keepdims') ?? 1;
  const reduced = a.layout.flatMap((atoms, i) => (!axes.includes(i) ? [atoms] : keep ? [[]] : []));
  if (onlyOf(a.layout, axes, ['c']) && isInOrder(atomsOf(a.layout, 'c', axes), a.c)) {
    cx.acts.set(node.output[0], { ...a, layout: reduced, stat: true, fns: [] });
    cx.note('norm-parts', 'Mean over the channels (part of a layer normalization written out): no layer of its own', node);
    return;
  }
  if (onlyOf(a.layout, axes, ['p']) && atomsOf(a.layout, 'p', axes).reduce((n, x) => n * x.size, 1) === a.h * a.w && a.h * a.w > 1) {
    const axesOut = /** @type {[import('./onnx-layout.js').Dim, number, number][][]} */ (reduced.map((atoms) => atoms.map((x) => [x.d, x.size, x.stride])));
    cx.acts.set(node.output[0], cx.addLayer(node, { type: 'pool', nofm: a.c, sofm: 1, sreg: fmapSize(a.h, a.w) }, a, axesOut, [1, 1]));
    return;
  }
  throw new OnnxImportError(`Unsupported operator ReduceMean (${cx.label(node)}): only a mean over all the channels (a layer normalization written out) or over all the positions (a global average pool) is read.`);
}

/**
 * An element-wise operator with a mean over channels (a stat): x - mean
 * folds; dividing by (or multiplying with the reciprocal of) a stat of the
 * same layer completes a layer normalization (or RMSNorm): one layernorm
 * layer. Stats with constants stay stats.
 */
export function withStat(/** @type {Converter} */ cx, /** @type {any} */ node, /** @type {Act[]} */ acts, /** @type {Act[]} */ stats) {
  const out = node.output[0];
  if (acts.length === 0) {
    cx.acts.set(out, { ...stats[0], fns: [...stats[0].fns, node.opType] });
    cx.note('norm-parts', 'Mean over the channels (part of a layer normalization written out): no layer of its own', node);
    return;
  }
  const [a] = acts;
  const same = acts.length === 1 && stats.every((st) => JSON.stringify(st.parts) === JSON.stringify(a.parts));
  if (!same) throw new OnnxImportError(`${cx.label(node)} combines a mean over channels with another layer's output; only a layer normalization written out is read.`);
  const scales = node.opType === 'Div' || (node.opType === 'Mul' && stats.some((st) => st.fns.includes('Reciprocal')));
  if (!scales) {
    cx.acts.set(out, { ...a, fns: [...a.fns, node.opType] });
    cx.note('norm-parts', 'Mean over the channels (part of a layer normalization written out): no layer of its own', node);
    return;
  }
  const keep = /** @type {[import('./onnx-layout.js').Dim, number, number][][]} */ (a.layout.map((atoms) => atoms.map((x) => [x.d, x.size, x.stride])));
  const ln = cx.addLayer(node, { type: 'layernorm', nofm: a.c, sofm: fmapSize(a.h, a.w) }, a, keep, [a.h, a.w]);
  cx.acts.set(out, { ...a, parts: ln.parts, fns: [] });
  cx.note('norm', 'Layer normalization written out (ReduceMean, Sub, Pow, Sqrt, Div, or RMSNorm): one layernorm layer', node);
}
