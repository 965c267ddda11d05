// The geometry of the energy chart (view-energy.js draws it): stacked bars of
// cost parts on a round value axis, each part as wide as its energy, and the
// unit the axis is read in. Pure, so tests check it without a page.
import { niceAxis, position } from './chart-scale.js';
import { COMPONENTS, energyTotal } from './energy.js';
import { jouleUnit } from './format.js';
import { roundedShares } from './shares.js';

/**
 * @typedef {import('./energy.js').Breakdown} Breakdown
 * @typedef {import('./energy.js').ComponentKey} ComponentKey
 * @typedef {import('./chart-scale.js').Axis} Axis
 * @typedef {{key: ComponentKey, value: number, x: number, width: number}} Piece  x and width in pixels from the axis' zero.
 * @typedef {{name: string, total: number, end: number, pieces: Piece[]}} BarRow
 */

/**
 * One stacked bar per row on `axis` drawn `pixels` long; parts of no energy
 * have no piece.
 * @returns {BarRow[]}
 */
export function stackedBars(/** @type {{name: string, energy: Breakdown}[]} */ rows, /** @type {Axis} */ axis, /** @type {number} */ pixels) {
  return rows.map(({ name, energy }) => {
    let sum = 0;
    /** @type {Piece[]} */
    const pieces = [];
    for (const { key } of COMPONENTS) {
      const value = energy[key];
      if (!(value > 0)) continue;
      pieces.push({
        key, value, x: position(axis, pixels, sum), width: position(axis, pixels, value),
      });
      sum += value;
    }
    return {
      name, total: energyTotal(energy), end: position(axis, pixels, sum), pieces,
    };
  });
}

/** An axis covering the largest row's total. */
export const energyAxis = (/** @type {{energy: Breakdown}[]} */ rows, count = 5) => niceAxis(Math.max(0, ...rows.map((r) => energyTotal(r.energy))), count);

/**
 * The unit an energy axis is read in: a joule prefix that shows its top with
 * a whole part (ticks 0, 20, 40 µJ), or the configuration's own cost units
 * (normalized costs such as 1 per MAC), written compactly.
 * @returns {{scale: number, unit: string, title: string}}
 */
export function energyUnit(/** @type {Axis} */ axis, /** @type {boolean} */ joules) {
  if (!joules) return { scale: 1, unit: 'units', title: 'Energy (cost units)' };
  const [scale, unit] = jouleUnit(axis.top);
  return { scale, unit, title: `Energy (${unit})` };
}

/** Each cost part's share of a breakdown, in percent to tenths, summing to 100. */
export function partShares(/** @type {Breakdown} */ energy) {
  const shares = roundedShares(COMPONENTS.map(({ key }) => energy[key]));
  return /** @type {Record<ComponentKey, number>} */ (Object.fromEntries(COMPONENTS.map(({ key }, i) => [key, shares[i]])));
}
