// A small seeded random source, so that a differential-test case is
// reproducible from its seed and index alone.

/** 32-bit FNV-1a of a string. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; ++i) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A generator of numbers in [0, 1) (mulberry32) seeded by any string, with helpers. */
export function randomSource(seedText) {
  let state = fnv1a(String(seedText));
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    /** An integer in [lo, hi]. */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    /** True with probability p. */
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** A key of {key: weight}, with probability proportional to its weight. */
    weighted: (weights) => {
      const entries = Object.entries(weights);
      let x = next() * entries.reduce((s, [, w]) => s + w, 0);
      for (const [k, w] of entries) {
        x -= w;
        if (x < 0) return k;
      }
      return entries[entries.length - 1][0];
    },
    /** A random subset of list (each element with probability p), in list order. */
    subset: (list, p) => list.filter(() => next() < p),
  };
  return rng;
}
