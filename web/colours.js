// Colours the charts share, chosen to stay apart with colour-blindness:
// Okabe & Ito's eight for a few categories, viridis for many ordered ones.

/** Okabe-Ito, in the order the charts use them. */
export const CATEGORICAL = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/** Viridis at ten evenly spaced stops: ordered, and readable in grey too. */
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];

const rgb = (/** @type {string} */ hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const hex = (/** @type {number[]} */ channels) => `#${channels.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/** Whether n items get categorical colours (else viridis's, in their order: a legend may show one ramp). */
export const categorical = (/** @type {number} */ n) => n <= CATEGORICAL.length;

/**
 * The colour of item k of n: categorical while there are few, else a point
 * of viridis (neighbours then look alike, so charts also print the number).
 */
export function itemColour(/** @type {number} */ k, /** @type {number} */ n) {
  if (categorical(n)) return CATEGORICAL[k];
  const t = (k / Math.max(1, n - 1)) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(t), VIRIDIS.length - 2);
  const [a, b] = [rgb(VIRIDIS[i]), rgb(VIRIDIS[i + 1])];
  return hex(a.map((c, j) => c + (b[j] - c) * (t - i)));
}

/** A CSS gradient through the colours of items 0 to n-1 (a legend for many items). */
export const itemGradient = (/** @type {number} */ n) => `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1]
  .map((t) => itemColour(Math.round(t * (n - 1)), n)).join(', ')})`;

/** WCAG's relative luminance of a colour '#rrggbb' (0 for black, 1 for white). */
export function luminance(/** @type {string} */ colour) {
  const linear = rgb(colour).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
}

/** WCAG's contrast ratio of two colours, from 1 to 21 (text needs 4.5 for AA). */
export function contrastRatio(/** @type {string} */ a, /** @type {string} */ b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on `background` (the larger contrast ratio). */
export function inkOn(/** @type {string} */ background) {
  return contrastRatio(background, '#000000') >= contrastRatio(background, '#ffffff') ? '#000000' : '#ffffff';
}
