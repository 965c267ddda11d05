// Percentages that add up: each value's share of their sum, rounded to
// tenths so that the rounded shares still sum to exactly 100 (largest
// remainders get the spare tenths), as a reader adding a chart's labels expects.

/** The shares of `values` in percent, to tenths, summing to 100 (all 0 when the sum is 0). */
export function roundedShares(/** @type {number[]} */ values) {
  const sum = values.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) return values.map(() => 0);
  const tenths = values.map((v) => (1000 * v) / sum);
  const floors = tenths.map(Math.floor);
  let spare = 1000 - floors.reduce((a, b) => a + b, 0);
  const byRemainder = tenths.map((t, i) => i).sort((a, b) => (tenths[b] - floors[b]) - (tenths[a] - floors[a]));
  for (const i of byRemainder) {
    if (spare <= 0) break;
    floors[i] += 1;
    spare -= 1;
  }
  return floors.map((f) => f / 10);
}

/** A share for a label: '12.3%', and '< 0.1%' for a part too small to round up. */
export const shareLabel = (/** @type {number} */ percent, /** @type {number} */ value) => (percent === 0 && value > 0
  ? '< 0.1%'
  : `${percent.toFixed(1)}%`);
