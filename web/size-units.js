// Sizes in bytes as people write them: `131072`, `128kB`, `128 kB`, `1 MiB`.
// The one definition of the page's size units (the form's fields of unit
// bytes, links, the sweep's lists, the size notes); the CLI reads the same
// (/work/notes/size_units.md, docs/web.md "Sizes"). Multiples are binary
// whatever the spelling (1 kB = 1 KiB = 1024 B), as the papers and the
// reference's tests mean them: Eyeriss's "108 kB" buffer is 110592 B.

/** Bytes per unit, by the unit's lower-case spelling ('' and 'b' are bytes). */
export const SIZE_UNITS = /** @type {Readonly<Record<string, number>>} */ (Object.freeze({
  '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3,
}));

/** A text that is not a size; the message completes "<label> ...". */
export class SizeError extends Error {}

const SIZE = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i;

/**
 * The bytes of a size text: a decimal number with an optional unit; the
 * bytes must be whole (`0.3 kB` is refused, not rounded). Throws a SizeError.
 */
export function parseSize(/** @type {string} */ text) {
  const m = SIZE.exec(String(text));
  const scale = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || scale === undefined) throw new SizeError('is not a size in bytes (such as 131072, 128 kB or 1 MiB; 1 kB = 1024 B)');
  const bytes = Number(m[1]) * scale;
  if (!Number.isInteger(bytes)) throw new SizeError(`is not a whole number of bytes (${m[1]} ${m[2]} = ${bytes} B)`);
  return bytes;
}

/** The bytes of a size text, or NaN when it is not one. */
export function sizeValue(/** @type {string} */ text) {
  try {
    return parseSize(text);
  } catch {
    return NaN;
  }
}

/** Whether a text names its unit (`128 kB`), rather than being plain bytes. */
export const hasUnit = (/** @type {string} */ text) => /[a-z]\s*$/i.test(String(text));

/** A byte count as people say buffer sizes: '128 kB', '562.6 kB', '512 B'. */
export function sizeText(/** @type {number} */ bytes) {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${bytes} B`;
  const [scale, unit] = bytes >= 1024 ** 3 ? [1024 ** 3, 'GB'] : bytes >= 1024 ** 2 ? [1024 ** 2, 'MB'] : [1024, 'kB'];
  return `${Number((bytes / scale).toPrecision(4))} ${unit}`;
}
