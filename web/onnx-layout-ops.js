// The operators that only view the same data another way (Reshape,
// Flatten, Squeeze, Unsqueeze, Transpose, Identity, Dropout at inference):
// the shape or permutation each asks for, from its attributes and constant
// inputs. The converter applies it to the activation's layout.
import { valuesOrThrow } from './onnx-constants.js';
import { OnnxImportError } from './onnx-error.js';
import { dimsOf } from './onnx-layout.js';

/**
 * What the converter lends this module.
 * @typedef {{acts: Map<string, {layout: import('./onnx-layout.js').Layout}>, consts: Map<string, import('./onnx-constants.js').Const>, label(node: any): string}} LayoutContext
 */

const product = (/** @type {number[]} */ dims) => dims.reduce((n, d) => n * d, 1);

/** Axes as given (negative ones count from the end of a rank-`rank` tensor), sorted. */
const normalAxes = (/** @type {number[]} */ axes, /** @type {number} */ rank) => axes.map((a) => (a < 0 ? a + rank : a)).sort((x, y) => x - y);

/** Axes from the attribute (before opset 13) or the second input (from 13). */
function axesOf(/** @type {LayoutContext} */ cx, /** @type {any} */ node, /** @type {Map<string, any>} */ attrs) {
  if (attrs.has('axes')) return /** @type {number[]} */ (attrs.get('axes'));
  if (!node.input[1]) return null;
  return valuesOrThrow(cx.consts.get(node.input[1]), `The axes of ${cx.label(node)}`);
}

/**
 * The new shape ({dims}) or permutation ({perm}) of a layout-only operator
 * on an activation; undefined when `node` is not one.
 * @returns {{dims?: number[], perm?: number[]} | undefined}
 */
export function layoutOpShape(/** @type {LayoutContext} */ cx, /** @type {any} */ node, /** @type {Map<string, any>} */ attrs) {
  const act = cx.acts.get(node.input[0]);
  if (!act) return undefined;
  const dims = dimsOf(act.layout);
  const rank = dims.length;
  switch (node.opType) {
    case 'Identity': case 'Dropout': return { dims };
    case 'Transpose': return { perm: attrs.get('perm') ?? dims.map((_, i) => rank - 1 - i) };
    case 'Flatten': {
      const raw = attrs.get('axis') ?? 1;
      const axis = raw < 0 ? raw + rank : raw;
      return { dims: [product(dims.slice(0, axis)), product(dims.slice(axis))] };
    }
    case 'Squeeze': {
      const axes = axesOf(cx, node, attrs);
      const drop = axes === null ? dims.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0) : normalAxes(axes, rank);
      return { dims: dims.filter((_, i) => !drop.includes(i)) };
    }
    case 'Unsqueeze': {
      const axes = axesOf(cx, node, attrs) ?? [];
      const out = [...dims];
      for (const a of normalAxes(axes, rank + axes.length)) out.splice(a, 0, 1);
      return { dims: out };
    }
    case 'Reshape': {
      const target = valuesOrThrow(cx.consts.get(node.input[1]), `The target shape of ${cx.label(node)}`);
      const allowZero = attrs.get('allowzero') === 1;
      const resolved = target.map((d, i) => (d === 0 && !allowZero ? dims[i] : d));
      const known = product(resolved.filter((d) => d !== -1));
      const out = resolved.map((d) => (d === -1 ? product(dims) / known : d));
      if (product(out) !== product(dims) || out.some((d) => !Number.isInteger(d) || d < 0)) {
        throw new OnnxImportError(`${cx.label(node)}: cannot reshape [${dims.join(', ')}] to [${target.join(', ')}].`);
      }
      return { dims: out };
    }
    default: return undefined;
  }
}
