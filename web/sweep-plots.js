// The sweep plots' geometry, pure (tests/js/sweep.test.mjs): a value axis
// over the data's own span (energies and times of a sweep sit far from
// zero), the axis of a field's values (evenly spaced in their order: the
// doubling sizes of a geometric range read as a log scale), the line plot's
// series, the heatmap's cells and colours, and the energy-time scatter with
// its Pareto front. view-sweep.js draws them in SVG.
import { roundStep } from './chart-scale.js';
import { itemColour } from './colours.js';
import { metricOf, paretoFront, valueAt } from './sweep-model.js';

/**
 * @typedef {import('./sweep-model.js').SweepLine} SweepLine
 * @typedef {{ticks: number[], min: number, max: number}} SpanAxis  Ticks from min to max, both ticks.
 * @typedef {{index: number, x: number, y: number}} Dot  A point of a plot in pixels, and its line's index.
 */

/**
 * Round ticks (1, 2 or 5 × 10^k) covering [lo, hi] in about `count` steps,
 * from the tick at or below lo to the one at or above hi. One value gets a
 * span around it.
 * @returns {SpanAxis}
 */
export function spanAxis(/** @type {number} */ lo, /** @type {number} */ hi, count = 5) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { ticks: [0, 1], min: 0, max: 1 };
  let [a, b] = [lo, hi];
  if (a === b) {
    const pad = a === 0 ? 1 : Math.abs(a) * 0.1;
    [a, b] = [a - pad, b + pad];
  }
  const step = roundStep((b - a) / count);
  const first = Math.floor(a / step + 1e-9);
  const last = Math.ceil(b / step - 1e-9);
  const ticks = [];
  for (let k = first; k <= last; k += 1) ticks.push(Number((k * step).toPrecision(12)));
  return { ticks, min: ticks[0], max: ticks[ticks.length - 1] };
}

/** The pixel of `value` on a span axis `pixels` long (from its min). */
export const spanPosition = (/** @type {SpanAxis} */ axis, /** @type {number} */ pixels, /** @type {number} */ value) => ((value - axis.min) / (axis.max - axis.min)) * pixels;

/** The distinct values of a field over the lines, in point order (the engine's order of the axis). */
export function axisValues(/** @type {SweepLine[]} */ lines, /** @type {string} */ field) {
  /** @type {any[]} */
  const out = [];
  const seen = new Set();
  for (const l of lines) {
    const key = JSON.stringify(valueAt(l, field));
    if (!seen.has(key)) {
      seen.add(key);
      out.push(valueAt(l, field));
    }
  }
  return out;
}

/** A value's place among `values` (axisValues), by its JSON text: one lookup per point, not a search. */
export function placeOf(/** @type {any[]} */ values) {
  const at = new Map(values.map((v, i) => [JSON.stringify(v), i]));
  return (/** @type {any} */ v) => /** @type {number} */ (at.get(JSON.stringify(v)));
}

/** The centre of slot `i` of `n` evenly spaced over `pixels`. */
export const slot = (/** @type {number} */ i, /** @type {number} */ n, /** @type {number} */ pixels) => ((i + 0.5) / n) * pixels;

/**
 * The line plot: the metric against the first field, one series per value
 * of the second (one series without it). `values` are the points' values of
 * the fields in their order (axisValues). Missing points (no dataflow, an
 * error) break a series' line: `runs` are its connected pieces.
 * `coincident` are the series that lie on one another (with a second field).
 */
export function lineGeometry(/** @type {{lines: SweepLine[], fields: string[], metric: string, width: number, height: number, count?: number}} */ {
  lines, fields, metric, width, height, count = 5,
}) {
  const xs = axisValues(lines, fields[0]);
  const groups = fields.length > 1 ? axisValues(lines, fields[1]) : [null];
  const known = lines.map((l) => metricOf(l, metric)).filter((v) => v !== null);
  const y = spanAxis(Math.min(...known), Math.max(...known), count);
  const xAt = placeOf(xs);
  const groupAt = placeOf(groups);
  const byGroup = groups.map(() => /** @type {SweepLine[]} */ ([]));
  for (const l of lines) byGroup[fields.length < 2 ? 0 : groupAt(valueAt(l, fields[1]))].push(l);
  /** Per series, its [place on the first field, metric] pairs: exact values, not pixels. */
  const shapes = groups.map(() => /** @type {[number, number][]} */ ([]));
  const series = groups.map((g, k) => {
    const members = byGroup[k];
    /** @type {Dot[][]} */
    const runs = [[]];
    /** @type {Dot[]} */
    const dots = [];
    for (const l of members) {
      const v = metricOf(l, metric);
      if (v === null) {
        if (runs[runs.length - 1].length > 0) runs.push([]);
        continue;
      }
      const place = xAt(valueAt(l, fields[0]));
      shapes[k].push([place, v]);
      const dot = { index: l.index, x: slot(place, xs.length, width), y: height - spanPosition(y, height, v) };
      dots.push(dot);
      runs[runs.length - 1].push(dot);
    }
    return {
      value: g, colour: itemColour(k, groups.length), dots, runs: runs.filter((r) => r.length > 0),
    };
  });
  return {
    xs, y, series, empty: known.length === 0, coincident: fields.length < 2 ? [] : coincident(shapes),
  };
}

/**
 * The series that lie on one another, from each series' [place on the first
 * field, metric] pairs: the same metric, exactly, at every value of the
 * first field, and no value where the others have none. Returns groups of
 * two or more series' places, in order; a series with no value at all (no
 * dataflow anywhere) is in none. A person sees one line where the legend
 * names several; this says which, and that the second field changed nothing
 * there.
 * @returns {number[][]}
 */
function coincident(/** @type {[number, number][][]} */ shapes) {
  /** @type {Map<string, number[]>} */
  const same = new Map();
  shapes.forEach((pairs, k) => {
    if (pairs.length === 0) return;
    const key = JSON.stringify([...pairs].sort((a, b) => a[0] - b[0]));
    same.set(key, [...(same.get(key) ?? []), k]);
  });
  return [...same.values()].filter((g) => g.length > 1);
}

/**
 * The heatmap of two fields: a cell per point (columns the first field's
 * values, rows the second's, the first row at the top), coloured by the
 * metric's place between its least and greatest on a log scale when they
 * are far apart (`t` from 0 to 1; null: no value).
 */
export function heatGeometry(/** @type {{lines: SweepLine[], fields: string[], metric: string, width: number, height: number}} */ {
  lines, fields, metric, width, height,
}) {
  const xs = axisValues(lines, fields[0]);
  const ys = axisValues(lines, fields[1]);
  const known = lines.map((l) => metricOf(l, metric)).filter((v) => v !== null);
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const log = lo > 0 && hi / lo > 10;
  const scale = (/** @type {number} */ v) => {
    if (hi === lo) return 0.5;
    return log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
  };
  const cw = width / xs.length;
  const ch = height / ys.length;
  const xAt = placeOf(xs);
  const yAt = placeOf(ys);
  const cells = lines.map((l) => {
    const v = metricOf(l, metric);
    return {
      index: l.index,
      x: xAt(valueAt(l, fields[0])) * cw,
      y: yAt(valueAt(l, fields[1])) * ch,
      w: cw,
      h: ch,
      value: v,
      t: v === null ? null : scale(v),
    };
  });
  return {
    xs, ys, cells, lo, hi, log,
  };
}

/** Viridis at t from 0 to 1 (colours.js' ramp). */
export const heatColour = (/** @type {number} */ t) => itemColour(Math.round(Math.max(0, Math.min(1, t)) * 99), 100);

/**
 * Energy against time: a dot per point with both, the Pareto front (least
 * energy for its time) as indices in time order.
 */
export function scatterGeometry(/** @type {{lines: SweepLine[], width: number, height: number, count?: number}} */ {
  lines, width, height, count = 5,
}) {
  const pts = lines.map((l) => ({ x: metricOf(l, 'time'), y: metricOf(l, 'cost') }));
  const front = paretoFront(pts);
  const known = pts.filter((p) => p.x !== null && p.y !== null);
  const xAxis = spanAxis(Math.min(...known.map((p) => /** @type {number} */ (p.x))), Math.max(...known.map((p) => /** @type {number} */ (p.x))), count);
  const yAxis = spanAxis(Math.min(...known.map((p) => /** @type {number} */ (p.y))), Math.max(...known.map((p) => /** @type {number} */ (p.y))), count);
  const onFront = new Set(front);
  /** @type {(Dot & {front: boolean})[]} */
  const dots = [];
  pts.forEach((p, i) => {
    if (p.x === null || p.y === null) return;
    dots.push({
      index: lines[i].index, x: spanPosition(xAxis, width, p.x), y: height - spanPosition(yAxis, height, p.y), front: onFront.has(i),
    });
  });
  // The front's dots come last, drawn on top: a point equal to a front point is not on the front (the first of equal points is) and would hide it.
  dots.sort((a, b) => Number(a.front) - Number(b.front));
  const dotOf = new Map(dots.map((d) => [d.index, d]));
  const frontDots = front.map((i) => /** @type {Dot & {front: boolean}} */ (dotOf.get(lines[i].index)));
  return {
    xAxis, yAxis, dots, front: frontDots, frontIndices: front.map((i) => lines[i].index),
  };
}
