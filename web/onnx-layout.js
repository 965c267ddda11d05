// How an ONNX tensor's axes lie over the fmaps of the layer that made it.
// Our layers output C channels at P = H x W positions (and a batch, n); an
// ONNX tensor is one row-major view of that data. Each axis of the view is a
// list of atoms, outer to inner: a run of one of the layer's dimensions
// ('n', 'c' or 'p') with a size and a stride in that dimension. Reshape and
// Transpose only rearrange atoms, so they cost nothing in our format; an
// operator that computes reads the atoms to know which axis holds channels,
// positions or heads (attention's [batch, heads, tokens, head size]).

/** @typedef {'n' | 'c' | 'p'} Dim */
/** @typedef {{d: Dim, size: number, stride: number}} Atom */
/** @typedef {Atom[][]} Layout One list of atoms per ONNX axis, outer to inner. */

/** Drops atoms of size 1 and merges neighbours of one dimension that are contiguous. */
function tidy(/** @type {Atom[]} */ atoms) {
  /** @type {Atom[]} */
  const out = [];
  for (const a of atoms) {
    if (a.size === 1) continue;
    const last = out[out.length - 1];
    if (last && last.d === a.d && last.stride === a.stride * a.size) {
      out[out.length - 1] = { d: a.d, size: last.size * a.size, stride: a.stride };
    } else {
      out.push({ ...a });
    }
  }
  return out;
}

/** The layout of a layer's own output, axis by axis: each axis a list of [dim, size, stride]. */
export function layoutOf(/** @type {[Dim, number, number][][]} */ axes) {
  return axes.map((atoms) => tidy(atoms.map(([d, size, stride]) => ({ d, size, stride }))));
}

/** Each axis's size. */
export function dimsOf(/** @type {Layout} */ layout) {
  return layout.map((atoms) => atoms.reduce((n, a) => n * a.size, 1));
}

/** The layout after a row-major reshape to `dims`, or null when an axis would cut an atom unevenly. */
export function reshape(/** @type {Layout} */ layout, /** @type {number[]} */ dims) {
  const queue = layout.flat().filter((a) => a.size > 1).map((a) => ({ ...a }));
  /** @type {Layout} */
  const out = [];
  for (const dim of dims) {
    /** @type {Atom[]} */
    const axis = [];
    let left = dim;
    while (left > 1) {
      const a = queue.shift();
      if (a === undefined) return null;
      if (left % a.size === 0) {
        axis.push(a);
        left /= a.size;
      } else if (a.size % left === 0) {
        const inner = a.size / left;
        axis.push({ d: a.d, size: left, stride: a.stride * inner });
        queue.unshift({ d: a.d, size: inner, stride: a.stride });
        left = 1;
      } else {
        return null;
      }
    }
    out.push(tidy(axis));
  }
  return queue.length === 0 ? out : null;
}

/** The layout with its axes permuted (ONNX Transpose: output axis i is input axis perm[i]). */
export function transpose(/** @type {Layout} */ layout, /** @type {number[]} */ perm) {
  return perm.map((i) => layout[i]);
}

/** The atoms of one dimension, in the order the axes `from` (all by default) list them. */
export function atomsOf(/** @type {Layout} */ layout, /** @type {Dim} */ d, from = layout.map((_, i) => i)) {
  return from.flatMap((i) => layout[i].filter((a) => a.d === d));
}

/** Whether atoms, outer to inner, cover 0 .. total - 1 of their dimension in order (row-major). */
export function isInOrder(/** @type {Atom[]} */ atoms, /** @type {number} */ total) {
  let stride = 1;
  for (let i = atoms.length - 1; i >= 0; i--) {
    if (atoms[i].stride !== stride) return false;
    stride *= atoms[i].size;
  }
  return stride === total;
}

/** Whether the axes `axes` hold only atoms of dimension `d` (or none). */
export function onlyOf(/** @type {Layout} */ layout, /** @type {number[]} */ axes, /** @type {Dim[]} */ d) {
  return axes.every((i) => layout[i].every((a) => d.includes(a.d)));
}

/** Whether two layouts are the same view (same axes, same atoms). */
export function sameLayout(/** @type {Layout} */ a, /** @type {Layout} */ b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An fmap of `h` x `w` as our format writes a size: one number when square. */
export function fmapSize(/** @type {number} */ h, /** @type {number} */ w) {
  return h === w ? h : [h, w];
}
