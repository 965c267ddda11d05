// A horizontal value axis in SVG for the charts: a line, round ticks with
// their numbers, light grid lines down through the plot, and the axis' title
// with its unit.
import { s } from './dom.js';
import { position } from './chart-scale.js';

/**
 * @typedef {object} AxisPlace
 * @property {import('./chart-scale.js').Axis} axis
 * @property {number} x0         Left end (the zero), in pixels.
 * @property {number} pixels     Length.
 * @property {number} y          The axis line; tick numbers above it (below it with `below`), the title beyond them.
 * @property {number} gridTo     Grid lines run from the axis line to here.
 * @property {boolean} [below]   An axis under the plot, for long charts.
 * @property {(value: number) => string} format  A tick's number.
 * @property {string} title      What is measured, with its unit.
 */

export const AXIS_HEIGHT = 38;

/** How many steps to ask of an axis `pixels` long: room for numbers like '1.25 M' (niceAxis may take two more). */
export const tickCount = (/** @type {number} */ pixels) => Math.max(2, Math.min(5, Math.floor(pixels / 70)));

/** An axis drawn across the top of a plot (its numbers above the line), or under it. */
export function topAxis(/** @type {AxisPlace} */ {
  axis, x0, pixels, y, gridTo, format, title, below = false,
}) {
  const last = axis.ticks.length - 1;
  const out = below ? -1 : 1;
  return s('g', { class: 'axis', 'aria-hidden': 'true' },
    s('text', { class: 'axis-title', x: x0, y: below ? y + 30 : y - 20 }, title),
    axis.ticks.map((t, i) => {
      const x = x0 + position(axis, pixels, t);
      // The end ticks' numbers stay inside the drawing.
      const anchor = i === 0 ? 'start' : i === last ? 'end' : 'middle';
      return s('g', { class: 'tick' },
        s('line', {
          class: 'grid', x1: x, x2: x, y1: y, y2: gridTo,
        }),
        s('line', {
          x1: x, x2: x, y1: y - 4 * out, y2: y,
        }),
        s('text', { x, y: below ? y + 16 : y - 6, 'text-anchor': anchor }, format(t)));
    }),
    s('line', {
      class: 'axis-line', x1: x0, x2: x0 + pixels, y1: y, y2: y,
    }));
}
