// The value axis of the charts: round tick steps (1, 2 or 5 times a power of
// ten) from zero to the first tick at or above the data, so that bars are
// read against numbers a person would write, and a linear map to pixels.

/** @typedef {{ticks: number[], step: number, top: number}} Axis  `top` is the last tick: the axis' full length. */

/** The smallest round step (1, 2 or 5 × 10^k) at least `raw`. */
export function roundStep(/** @type {number} */ raw) {
  const power = 10 ** Math.floor(Math.log10(raw));
  const mantissa = [1, 2, 5, 10].find((m) => m * power >= raw * (1 - 1e-12)) ?? 10;
  return mantissa * power;
}

/**
 * Ticks from 0 covering `max` in about `count` steps: of the round steps
 * that need between 2 and count + 2 of them, the one whose last tick
 * overshoots `max` least (1.03 M cycles: ticks to 1.2 M by 200 k, not to
 * 1.5 M by 500 k), the fewer ticks on a tie. An axis of no data has one
 * step of 1.
 * @returns {Axis}
 */
export function niceAxis(/** @type {number} */ max, count = 5) {
  if (!(max > 0) || !Number.isFinite(max)) return { ticks: [0, 1], step: 1, top: 1 };
  const steps = (/** @type {number} */ step) => Math.max(1, Math.ceil(max / step - 1e-9));
  const base = roundStep(max / (count + 2));
  /** @type {number[]} */
  const candidates = [];
  for (let s = base; steps(s) >= 2 || candidates.length === 0; s = roundStep(s * 1.5)) {
    if (steps(s) <= count + 2) candidates.push(s);
    if (steps(s) < 2) break;
  }
  const step = candidates.reduce((best, s) => (steps(s) * s < steps(best) * best - 1e-9 * best ? s : best));
  const n = steps(step);
  // toPrecision: 3 × 0.1 is 0.30000000000000004, a tick should read 0.3.
  const ticks = Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  return { ticks, step, top: ticks[n] };
}

/** The pixel offset of `value` on an axis `pixels` long. */
export const position = (/** @type {Axis} */ axis, /** @type {number} */ pixels, /** @type {number} */ value) => (value / axis.top) * pixels;
