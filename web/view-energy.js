// The energy breakdown chart: a stacked bar for the whole network and one
// per layer, split by component (energy.js), drawn as SVG with a <title>
// tooltip on every piece, and the same numbers in a table beside it.
import { byId, fill, h, s } from './dom.js';
import { COMPONENTS, energyTotal, layerBreakdowns, networkEnergy } from './energy.js';
import {
  costsInJoules, formatCompact, formatEnergy, jouleUnit,
} from './format.js';

/** Okabe-Ito colours (distinguishable with colour-blindness), one per component. */
/** @type {Record<import('./energy.js').ComponentKey, string>} */
export const COMPONENT_COLOURS = {
  alu: '#E69F00', dram: '#D55E00', gbuf: '#0072B2', array: '#56B4E9', rf: '#009E73', noc: '#CC79A7', static: '#000000',
};

const ROW = 20;
const LABEL = 150;
const BAR = 460;
const WIDTH = LABEL + BAR + 10;
const short = (/** @type {string} */ name, n = 20) => (name.length > n ? `${name.slice(0, n - 1)}…` : name);

/**
 * @typedef {import('./energy.js').Breakdown} Breakdown
 * @typedef {((name: string) => void) | undefined} OnSelect
 */

/** One row of stacked pieces; `scale` is the energy of a full-width bar. */
function barRow(/** @type {string} */ name, /** @type {Breakdown} */ parts, /** @type {number} */ scale, /** @type {number} */ y, /** @type {boolean} */ joules, /** @type {OnSelect} */ onSelect) {
  const total = energyTotal(parts);
  let x = LABEL;
  const pieces = [];
  for (const { key, label } of COMPONENTS) {
    const width = scale > 0 ? (parts[key] / scale) * BAR : 0;
    if (width <= 0) continue;
    const share = total > 0 ? ((100 * parts[key]) / total).toFixed(1) : '0';
    pieces.push(s('rect', { x, y: y + 3, width: Math.max(width, 0.5), height: ROW - 6, fill: COMPONENT_COLOURS[key] },
      s('title', {}, `${name} · ${label}: ${formatEnergy(parts[key], joules)} (${share}%)`)));
    x += width;
  }
  return s('g', { class: onSelect ? 'bar clickable' : 'bar', on: onSelect ? { click: () => onSelect(name) } : {} },
    s('title', {}, `${name}: ${formatEnergy(total, joules)}`),
    s('text', { x: LABEL - 6, y: y + ROW / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, short(name)),
    pieces);
}

function chart(/** @type {{name: string, energy: Breakdown}[]} */ rows, /** @type {number} */ scale, /** @type {boolean} */ joules, /** @type {string} */ label, /** @type {OnSelect} */ onSelect = undefined) {
  const height = rows.length * ROW + 4;
  return s('svg', {
    viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, height, role: 'img', 'aria-label': label, class: 'bars',
  },
  s('title', {}, label),
  rows.map(({ name, energy }, i) => barRow(name, energy, scale, i * ROW, joules, onSelect)));
}

/** Fills the energy tab for `result`; clicking a layer's bar calls onSelect(name). */
export function showEnergy(/** @type {import('./result-model.js').Result} */ result, /** @type {(name: string) => void} */ onSelect) {
  const joules = costsInJoules(result.costs);
  const layers = layerBreakdowns(result).map(({ layer, energy }) => ({ name: layer.name, energy }));
  const network = networkEnergy(result);
  const largest = Math.max(...layers.map((l) => energyTotal(l.energy)));
  // Table numbers share one unit so that columns compare at a glance.
  const [unitScale, unit] = joules ? jouleUnit(largest) : [1, 'units'];
  const cell = (/** @type {number} */ v) => h('td', { class: 'num' }, joules ? Number((v / unitScale).toPrecision(4)) : formatCompact(v));
  const row = (/** @type {string} */ name, /** @type {Breakdown} */ parts, /** @type {string | undefined} */ header = undefined) => h('tr', {},
    h('th', { scope: 'row' }, header ?? h('button', {
      type: 'button', class: 'link', title: `Show the schedule of ${name}`, on: { click: () => onSelect(name) },
    }, name)),
    COMPONENTS.map(({ key }) => cell(parts[key])),
    cell(energyTotal(parts)));

  fill(byId('energy-legend'), COMPONENTS.map(({ key, label, help }) => h('li', { title: help },
    h('span', { class: 'swatch', style: `background:${COMPONENT_COLOURS[key]}` }), label)));
  fill(byId('energy-network-chart'),
    chart([{ name: 'whole network', energy: network }], energyTotal(network), joules, 'Energy of the whole network by component'));
  fill(byId('energy-layer-chart'),
    chart(layers, largest, joules, 'Energy of each layer by component (click a bar for the layer\'s detail)', onSelect),
    h('p', { class: 'note' }, `Per layer, the longest bar is ${formatEnergy(largest, joules)}; click a bar for the layer's schedule.`));
  fill(byId('energy-table'),
    h('caption', {}, `Energy by component (${unit})`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Layer'),
      COMPONENTS.map(({ label, help }) => h('th', { scope: 'col', title: help }, label)),
      h('th', { scope: 'col' }, 'Total'))),
    h('tbody', {}, layers.map(({ name, energy }) => row(name, energy))),
    h('tfoot', {}, row('', network, 'Whole network')));
}
