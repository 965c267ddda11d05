// Numbers in [0, 1) that are the same on every run, for the tests that
// check a property over many generated cases (mulberry32: 32-bit integer
// steps, so no precision is lost in doubles).

/** A generator of numbers in [0, 1) from `seed`. */
export function seededRandom(/** @type {number} */ seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
