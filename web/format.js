// Numbers for people: energies in joules or abstract units, counts with
// thousands separators, and compact SI forms for tables.

/**
 * True when a result's costs are physical energies in joules: the
 * reference's papers give them in pJ (2e-12 per MAC), while its normalized
 * studies use units such as 1 per MAC and 200 per DRAM access.
 */
export function costsInJoules(/** @type {import('./result-model.js').Result['costs']} */ costs) {
  const all = [costs.mac, ...Object.values(costs.levels), costs.hop, costs.idle];
  const largest = Math.max(...all.map(Math.abs));
  return largest > 0 && largest < 1e-6;
}

/** @type {[number, string][]} */
const JOULE_PREFIXES = [[1, 'J'], [1e-3, 'mJ'], [1e-6, 'µJ'], [1e-9, 'nJ'], [1e-12, 'pJ'], [1e-15, 'fJ']];

/** @type {Record<string, string>} */
const SUPERSCRIPTS = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
const superscript = (/** @type {number} */ n) => [...String(n)].map((c) => SUPERSCRIPTS[c]).join('');

/**
 * A decimal number's text (no exponent) with commas between thousands, as
 * toLocaleString('en-US') writes it. Not Intl itself: its first use in a
 * page loads the locale data, 85 ms of the main thread on the way to the
 * first result here (measured in Chromium), and these digits need no locale.
 */
export function withSeparators(/** @type {string} */ text) {
  const [whole, fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** `value` with four significant digits and no exponent for moderate sizes. */
export function significant(/** @type {number} */ value, digits = 4) {
  if (value === 0 || !Number.isFinite(value)) return String(value === Infinity ? '∞' : value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
    return `${mantissa} × 10${superscript(Number(exponent))}`;
  }
  return withSeparators(String(Number(value.toPrecision(digits))));
}

/** The unit that shows `joules` with a whole part: [1e-3, 'mJ'] for 0.0123. */
export const jouleUnit = (/** @type {number} */ joules) => JOULE_PREFIXES.find(([s]) => Math.abs(joules) >= s) ?? JOULE_PREFIXES[JOULE_PREFIXES.length - 1];

/** An energy: '12.34 mJ' in joules, else '8.374 × 10¹⁰ units'; `digits` significant. */
export function formatEnergy(/** @type {number} */ value, /** @type {boolean} */ joules, digits = 4) {
  if (!joules) return `${significant(value, digits)} units`;
  if (value === 0) return '0 J';
  const [scale, unit] = jouleUnit(value);
  return `${significant(value / scale, digits)} ${unit}`;
}

/**
 * The significant digits, from `least` to `most`, that write the distinct
 * values of `values` as distinct numbers: a sweep's energies may differ in
 * their fifth digit, and four would show a table of equal numbers. Each
 * pair of neighbours a relative gap g apart needs the digit whose unit,
 * 10^(1 - digits) of the leading digit, is below g.
 */
export function digitsToTell(/** @type {number[]} */ values, least = 4, most = 9) {
  const sorted = [...new Set(values.filter((v) => Number.isFinite(v)))].sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < sorted.length; i += 1) {
    const scale = Math.max(Math.abs(sorted[i]), Math.abs(sorted[i - 1]));
    if (scale > 0) gap = Math.min(gap, (sorted[i] - sorted[i - 1]) / scale);
  }
  if (!(gap > 0 && gap < Infinity)) return least;
  return Math.min(most, Math.max(least, Math.floor(1 - Math.log10(gap)) + 1));
}

/** A whole number's digits without an exponent (String() writes one from 1e21): 1.5e+23 -> 150000...0. */
function wholeDigits(/** @type {number} */ whole) {
  const text = String(whole);
  const exponent = /^(-?)(\d)(?:\.(\d+))?e\+(\d+)$/.exec(text);
  if (!exponent) return text;
  const [, sign, first, rest = '', power] = exponent;
  return `${sign}${first}${rest}${'0'.repeat(Number(power) - rest.length)}`;
}

/** A whole count with separators: 70,287,104. */
export const formatCount = (/** @type {number} */ value) => (Number.isFinite(value)
  ? withSeparators(wholeDigits(Math.round(value)))
  : String(value));

/** @type {[number, string][]} */
const SI = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];

/** The SI prefix a compact number of `value`'s size takes: [1e6, 'M'], or [1, ''] below a thousand. */
const siOf = (/** @type {number} */ value) => SI.find(([s]) => Math.abs(value) >= s) ?? /** @type {[number, string]} */ ([1, '']);

/** A compact count: 11.61 G, 5.58 M, 950; `digits` significant. */
export function formatCompact(/** @type {number} */ value, digits = 4) {
  if (!Number.isFinite(value)) return value === Infinity ? '∞' : String(value);
  const [unit, suffix] = siOf(value);
  const text = String(Number((value / unit).toPrecision(digits)));
  return suffix ? `${text} ${suffix}` : text;
}

/**
 * A tick of an axis whose ticks are `step` apart, as compactly as
 * formatCompact but with the digits that tell neighbours apart: on an axis
 * that does not start at zero (a sweep's energies), ticks 20 k apart near
 * 111 M read 111.20 M, 111.22 M, not 111.2 M twice.
 */
export function formatTick(/** @type {number} */ value, /** @type {number} */ step) {
  if (!Number.isFinite(value) || !(step > 0) || !Number.isFinite(step)) return formatCompact(value);
  const [unit, suffix] = siOf(value);
  const decimals = Math.min(12, Math.max(0, -Math.floor(Math.log10(step / unit) + 1e-9)));
  // Every tick with as many decimals as the step needs (111.20 M beside 111.22 M), as plotting libraries write them.
  const text = (value / unit).toFixed(decimals);
  return suffix ? `${text} ${suffix}` : text;
}

/** A byte count: 1.23 MB (decimal units). */
export function formatBytes(/** @type {number} */ bytes) {
  const found = /** @type {[number, string][]} */ ([[1e9, 'GB'], [1e6, 'MB'], [1e3, 'kB']]).find(([s]) => bytes >= s);
  return found ? `${Number((bytes / found[0]).toPrecision(4))} ${found[1]}` : `${bytes} B`;
}
