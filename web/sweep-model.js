// The sweep on the page, without any DOM: one or two run fields and the
// values each takes (a list, or a range: linear `4 .. 16 +4` or geometric
// `8 kB .. 1 MB x2`), the sweep document the engine expands (docs/sweep.md:
// the page's run document as the base, one axis per field), the sweep in the
// link, the Pareto front of energy against time, and the exports. The
// points, their values and their lines are always the engine's (sweepPoints,
// sweepLine); this module only turns what a person types into the document's
// axes and reads the engine's lines back.

/**
 * @typedef {import('./fields.js').FormField} FormField
 * @typedef {{field: string, text: string}} AxisText  One axis as typed: a run field and its values' text.
 * @typedef {{kind: 'list', values: any[]}
 *   | {kind: 'linear', from: number, to: number, step: number}
 *   | {kind: 'geometric', from: number, to: number, factor: number}} AxisValues
 *   An axis' values in run-document form.
 * @typedef {{sweep?: string, index: number, count?: number, values: Record<string, any>, status: string, message?: string,
 *   cost?: number, time?: number, ops?: number, hops?: number, accesses?: Record<string, number>, parts?: Record<string, number>}} SweepLine
 *   One point's JSON line as the engine writes it (`nndf sweep`, sweepLine; core/api/sweep_line.h): its
 *   totals when `ok`, the message of an `error`.
 */
import { parseSize } from './size-units.js';

/** An axis text that cannot be used; the message says precisely why. */
export class SweepError extends Error {}

const fail = (/** @type {string} */ message) => {
  throw new SweepError(message);
};

/** At most this many fields are swept on the page (a line or a heatmap can show them). */
export const MAX_AXES = 2;

/** A sweep of more points than this asks before it runs them all. */
export const LARGE_SWEEP = 2000;

/**
 * The points a large sweep times before it asks: the places of `n` of its
 * `count` points, spread evenly over it, in order. Its first points sit in
 * one corner of the sweep (the smallest buffers, say, where a search ends
 * early with no dataflow): timed alone, they said 22 s for a sweep that
 * took 32.
 */
export function spreadPlaces(/** @type {number} */ count, /** @type {number} */ n) {
  const m = Math.max(0, Math.min(count, n));
  return Array.from({ length: m }, (_, k) => Math.floor(((k + 0.5) * count) / m));
}

// The number of a size such as `8 kB`, `1M`, `512` (NaN when it is not one): size-units.js, the one definition.
export { sizeValue } from './size-units.js';

/** Whether a field's values are sizes in bytes (written with kB, MB). */
export const isSizeField = (/** @type {FormField} */ f) => f.sizeText || f.schema.unit === 'bytes';

/** The fields a sweep can vary: one value each (not the network, which the base names). */
export const sweepableFields = (/** @type {FormField[]} */ fields) => fields.filter((f) => f.schema.kind !== 'network');

/** One value's text in run-document form, as the form reads it (sizes may carry kB, MB). */
export function valueOf(/** @type {FormField} */ field, /** @type {string} */ text) {
  if (isSizeField(field)) {
    try {
      return parseSize(text);
    } catch (err) {
      return fail(`'${text.trim()}' ${/** @type {Error} */ (err).message}`);
    }
  }
  try {
    return field.kind.toJson(field.kind.parse(text));
  } catch (err) {
    return fail(`'${text.trim()}' ${/** @type {Error} */ (err).message}`);
  }
}

const numeric = (/** @type {FormField} */ f) => ['integer', 'number'].includes(f.schema.kind);

/**
 * The values of an axis' text: a list `a, b, c` (`;` separates a list of a
 * field whose value has commas, such as the memory costs), or a range of a
 * number field, `from .. to +step` (linear) or `from .. to x2` (geometric,
 * also `*2`, `×2`). Throws SweepError with the reason.
 * @returns {AxisValues}
 */
export function parseAxisValues(/** @type {FormField} */ field, /** @type {string} */ text) {
  const t = text.trim();
  if (t === '') fail('has no values');
  const range = /^(.+?)\s*\.\.\s*(.+?)(?:\s+|\s*(?=[+x×*]))([+x×*])\s*(.+)$/i.exec(t);
  if (range || t.includes('..')) {
    if (!range) fail(`'${t}' is not a range such as 8 kB .. 1 MB x2 or 4 .. 16 +4`);
    if (!numeric(field)) fail(`is a range, but ${field.label} is not a number (give a list)`);
    const [, a, b, op, s] = /** @type {RegExpExecArray} */ (range);
    const from = /** @type {number} */ (valueOf(field, a));
    const to = /** @type {number} */ (valueOf(field, b));
    const geometric = op !== '+';
    const by = geometric ? Number(s) : /** @type {number} */ (valueOf(field, s));
    if (!(Number.isFinite(by) && by > (geometric ? 1 : 0))) {
      fail(geometric ? `'${op}${s}': a geometric step multiplies by a number above 1` : `'+${s}': a linear step adds a number above 0`);
    }
    if (!(to >= from)) fail(`'${t}' is empty: it ends below where it starts`);
    if (geometric && !(from > 0)) fail(`'${t}': a geometric range starts above 0`);
    return geometric ? {
      kind: 'geometric', from, to, factor: by,
    } : {
      kind: 'linear', from, to, step: by,
    };
  }
  const multi = field.schema.kind === 'numbers' || field.schema.kind === 'pair';
  const items = t.split(multi || t.includes(';') ? ';' : ',').map((v) => v.trim()).filter((v) => v !== '');
  return { kind: 'list', values: items.map((v) => valueOf(field, v)) };
}

/**
 * The sweep document (docs/sweep.md) of a base run document and the axes:
 * every point is the base with each axis' field at one of its values, all
 * combinations (a product), in the order of the axes (the last varies
 * fastest). The engine expands and validates it.
 */
export function sweepDocument(/** @type {Record<string, any>} */ base, /** @type {{field: string, values: AxisValues}[]} */ axes) {
  return {
    version: 1,
    base,
    combine: 'product',
    axes: axes.map(({ field, values }) => {
      if (values.kind === 'list') return { path: field, values: values.values };
      if (values.kind === 'geometric') return { path: field, range: { from: values.from, to: values.to, times: values.factor } };
      // The document counts a linear range's values; a person gives the step. Its end is the last value reached.
      const steps = Math.floor((values.to - values.from) / values.step + 1e-9) + 1;
      return { path: field, range: { from: values.from, to: values.from + (steps - 1) * values.step, steps } };
    }),
  };
}

// ---- The sweep in the link --------------------------------------------------

/** The version of the sweep's text in a link; a newer one is refused with a notice. */
export const SWEEP_LINK_VERSION = 1;

/**
 * The sweep's link text: `1|gbuf:8 kB .. 1 MB x2|regf:64, 128`, the version
 * first, then each axis as its field and its text as typed (URLSearchParams
 * escapes it). The metric the line plot shows comes last, `@cost`.
 */
export function formatSweepLink(/** @type {{axes: AxisText[], metric: string}} */ { axes, metric }) {
  if (axes.length === 0) return null;
  return [String(SWEEP_LINK_VERSION), ...axes.map((a) => `${a.field}:${a.text.replace(/\|/g, ' ')}`), `@${metric}`].join('|');
}

/**
 * The sweep of a link's text, or throws SweepError naming what is damaged:
 * its version, an axis without a field, a field the page cannot sweep, too
 * many axes. Axis texts are checked later, against their fields, by
 * parseAxisValues.
 * @returns {{axes: AxisText[], metric: string | null}}
 */
export function parseSweepLink(/** @type {string} */ text, /** @type {string[]} */ fieldNames) {
  const [version, ...rest] = text.split('|');
  if (!/^\d+$/.test(version)) fail(`does not start with a version number (such as ${SWEEP_LINK_VERSION}|gbuf:8 kB .. 1 MB x2)`);
  if (Number(version) !== SWEEP_LINK_VERSION) fail(`is of version ${version}, this page reads version ${SWEEP_LINK_VERSION}`);
  let metric = null;
  if (rest.length > 0 && rest[rest.length - 1].startsWith('@')) metric = /** @type {string} */ (rest.pop()).slice(1);
  if (rest.length === 0) fail('names no field to sweep');
  if (rest.length > MAX_AXES) fail(`sweeps ${rest.length} fields, the page sweeps at most ${MAX_AXES}`);
  const axes = rest.map((part, i) => {
    const colon = part.indexOf(':');
    if (colon < 1) fail(`axis ${i + 1} '${part}' is not field:values`);
    const field = part.slice(0, colon);
    if (!fieldNames.includes(field)) fail(`axis ${i + 1} names '${field}', not a field the page can sweep`);
    return { field, text: part.slice(colon + 1) };
  });
  if (axes.length === 2 && axes[0].field === axes[1].field) fail(`sweeps '${axes[0].field}' twice`);
  return { axes, metric };
}

// ---- Reading the engine's lines ---------------------------------------------

/** The metrics a plot can show, from a line's totals: [key, label, unit]. */
export const METRICS = /** @type {const} */ ([
  ['cost', 'Energy', 'cost'],
  ['time', 'Time', 'cycles'],
]);

/** A total of an `ok` line, or null (no dataflow, an error, a total the line lacks). */
export function metricOf(/** @type {SweepLine} */ line, /** @type {string} */ key) {
  if (line.status !== 'ok') return null;
  const v = /** @type {any} */ (line)[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A line's value of an axis' field (the engine writes the point's values by path). */
export const valueAt = (/** @type {SweepLine} */ line, /** @type {string} */ field) => line.values?.[field];

/**
 * The indices of the points on the Pareto front of two costs to minimize
 * (x, y): no other point is at most as large in both and smaller in one.
 * Ordered by x; of equal points the first stays. Points with null are left out.
 * @returns {number[]}
 */
export function paretoFront(/** @type {{x: number | null, y: number | null}[]} */ points) {
  const order = points.map((p, i) => ({ ...p, i }))
    .filter((p) => p.x !== null && p.y !== null)
    .sort((a, b) => /** @type {number} */ (a.x) - /** @type {number} */ (b.x) || /** @type {number} */ (a.y) - /** @type {number} */ (b.y) || a.i - b.i);
  /** @type {number[]} */
  const front = [];
  let best = Infinity;
  for (const p of order) {
    if (/** @type {number} */ (p.y) < best) {
      front.push(p.i);
      best = /** @type {number} */ (p.y);
    }
  }
  return front;
}

// ---- Exports -----------------------------------------------------------------

/** The sweep as JSON lines, the CLI's format: the engine's texts of the lines (its spelling, byte for byte) in point order, one a line. */
export const sweepJsonl = (/** @type {string[]} */ texts) => texts.map((t) => `${t}\n`).join('');

/** Keys of a line that the CSV leaves out: the same for every point, or a column of their own. */
const NOT_TOTALS = new Set(['sweep', 'index', 'count', 'values', 'status', 'message', 'result']);

/** A line's totals flattened: cost, time, ops, accesses.dram, ..., parts.alu, ... */
function totalsOf(/** @type {SweepLine} */ line) {
  /** @type {[string, unknown][]} */
  const out = [];
  for (const [k, v] of Object.entries(line)) {
    if (NOT_TOTALS.has(k)) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [k2, v2] of Object.entries(v)) out.push([`${k}.${k2}`, v2]);
    else out.push([k, v]);
  }
  return out;
}

const csvCell = (/** @type {unknown} */ value) => {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?[\d.]+(e[+-]?\d+)?$/i.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The sweep as CSV: index, each axis' value, status, message, then every total the lines have (in their order). */
export function sweepCsv(/** @type {SweepLine[]} */ lines, /** @type {string[]} */ fields) {
  /** @type {string[]} */
  const totals = [];
  for (const l of lines) for (const [k] of totalsOf(l)) if (!totals.includes(k)) totals.push(k);
  const header = ['index', ...fields, 'status', 'message', ...totals];
  const rows = lines.map((l) => {
    const t = new Map(totalsOf(l));
    return [l.index, ...fields.map((f) => valueAt(l, f)), l.status, l.message ?? '', ...totals.map((k) => t.get(k))];
  });
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
