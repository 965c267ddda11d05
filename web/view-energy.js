// The energy tab: the whole network's energy by cost part on its own axis,
// each layer's on a shared axis with its share of the network's energy
// written at the end of its bar, a legend of the cost parts with their
// shares, and the same numbers in a table beside the charts. The geometry
// comes from energy-bars.js; the charts are drawn at the width they are shown.
import { rovingBars } from './bar-focus.js';
import { byId, fill, h, s } from './dom.js';
import { drawAtWidth } from './chart-width.js';
import { inkOn } from './colours.js';
import { COMPONENTS, energyTotal, layerBreakdowns, networkEnergy } from './energy.js';
import {
  energyAxis, energyUnit, partShares, stackedBars,
} from './energy-bars.js';
import {
  costsInJoules, formatCompact, formatEnergy, jouleUnit,
} from './format.js';
import { roundedShares, shareLabel } from './shares.js';
import { AXIS_HEIGHT, tickCount, topAxis } from './svg-axis.js';

/** Okabe-Ito colours (distinguishable with colour-blindness), one per component. */
/** @type {Record<import('./energy.js').ComponentKey, string>} */
export const COMPONENT_COLOURS = {
  alu: '#E69F00', dram: '#D55E00', gbuf: '#0072B2', array: '#56B4E9', rf: '#009E73', noc: '#CC79A7', static: '#000000',
};

const ROW = 24;
const FONT = 12;
/** Rough width of a character of the charts' 12 px text, to decide what fits. */
const CHAR = 7;
const MAX_WIDTH = 760;

/**
 * @typedef {import('./energy.js').Breakdown} Breakdown
 * @typedef {(name: string) => void} OnSelect
 * @typedef {{name: string, energy: Breakdown}} Row
 */

const short = (/** @type {string} */ name, /** @type {number} */ n) => (name.length > n ? `${name.slice(0, Math.max(1, n - 1))}…` : name);

/** Tick numbers in the axis' unit: 0, 20, 40 (µJ), or 0, 2 G, 4 G (units). */
const tickFormat = (/** @type {{scale: number}} */ unit, /** @type {boolean} */ joules) => (/** @type {number} */ v) => (joules
  ? String(Number((v / unit.scale).toPrecision(6)))
  : formatCompact(v));

/**
 * A chart of stacked bars, `width` pixels wide; `endLabel(i)` is written
 * after bar i, `pieceLabels` writes each part's share inside its piece
 * where it fits.
 */
function barChart(/** @type {{
  rows: Row[], width: number, joules: boolean, label: string, endLabel: (i: number) => string,
  rowLabel: (i: number) => string, pieceLabels: boolean, onSelect?: OnSelect, testid: string,
}} */ {
  rows, width, joules, label, endLabel, rowLabel, pieceLabels, onSelect, testid,
}) {
  const gutter = Math.round(Math.min(140, Math.max(72, width * 0.22)));
  const right = pieceLabels ? 78 : 50;
  const pixels = Math.max(60, width - gutter - right);
  const axis = energyAxis(rows, tickCount(pixels));
  const unit = energyUnit(axis, joules);
  const bars = stackedBars(rows, axis, pixels);
  // Long charts repeat the axis underneath, where the last bars are read.
  const twice = rows.length > 12;
  const plotEnd = AXIS_HEIGHT + rows.length * ROW + 2;
  const height = plotEnd + (twice ? AXIS_HEIGHT + 4 : 4);
  const chars = Math.floor((gutter - 8) / CHAR);
  return rovingBars(s('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, role: 'group', 'aria-label': label, class: 'bars', 'data-testid': testid, 'font-size': FONT,
  },
  topAxis({
    axis, x0: gutter, pixels, y: AXIS_HEIGHT - 4, gridTo: plotEnd, format: tickFormat(unit, joules), title: unit.title,
  }),
  twice ? topAxis({
    axis, x0: gutter, pixels, y: plotEnd, gridTo: plotEnd, format: tickFormat(unit, joules), title: unit.title, below: true,
  }) : null,
  bars.map((bar, i) => {
    const y = AXIS_HEIGHT + i * ROW;
    const shares = partShares(rows[i].energy);
    const pieces = bar.pieces.map(({
      key, value, x, width: w,
    }) => {
      const part = /** @type {{label: string}} */ (COMPONENTS.find((c) => c.key === key)).label;
      const share = shareLabel(shares[key], value);
      const long = `${part} ${share}`;
      const text = [long, share].find((t) => t.length * CHAR + 6 <= w);
      return s('g', { class: 'piece' },
        s('rect', {
          x: gutter + x, y: y + 3, width: Math.max(w, 0.5), height: ROW - 6, fill: COMPONENT_COLOURS[key],
        }, s('title', {}, `${bar.name} · ${part}: ${formatEnergy(value, joules)} (${share} of ${bar.name})`)),
        pieceLabels && text ? s('text', {
          class: 'piece-label', x: gutter + x + w / 2, y: y + ROW / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central', fill: inkOn(COMPONENT_COLOURS[key]),
        }, text) : null);
    });
    const select = onSelect ? () => onSelect(bar.name) : null;
    return s('g', {
      class: select ? 'bar clickable' : 'bar',
      tabindex: select ? 0 : undefined,
      role: select ? 'button' : 'img',
      'aria-label': `${bar.name}: ${formatEnergy(bar.total, joules)}, ${endLabel(i)}${select ? '; open its schedule' : ''}`,
      on: select ? {
        click: select,
        keydown: (/** @type {KeyboardEvent} */ e) => {
          if (e.key !== 'Enter' && e.key !== ' ') return;
          e.preventDefault();
          select();
        },
      } : {},
    },
    s('title', {}, `${bar.name}: ${formatEnergy(bar.total, joules)} (${endLabel(i)})`),
    s('rect', {
      class: 'row-hit', x: 0, y, width, height: ROW,
    }),
    s('text', {
      class: 'row-label', x: gutter - 6, y: y + ROW / 2, 'text-anchor': 'end', 'dominant-baseline': 'central',
    }, short(rowLabel(i), chars)),
    pieces,
    s('text', {
      class: 'end-label', x: gutter + bar.end + 4, y: y + ROW / 2, 'dominant-baseline': 'central',
    }, endLabel(i)));
  })), '.bar.clickable');
}

/** Fills the energy tab for `result`; clicking (or Enter on) a layer's bar calls onSelect(name). */
export function showEnergy(/** @type {import('./result-model.js').Result} */ result, /** @type {OnSelect} */ onSelect) {
  const joules = costsInJoules(result.costs);
  const layers = layerBreakdowns(result).map(({ layer, energy }) => ({ name: layer.name, energy }));
  const network = networkEnergy(result);
  const networkTotal = energyTotal(network);
  const layerTotals = layers.map((l) => energyTotal(l.energy));
  const layerSum = layerTotals.reduce((a, b) => a + b, 0);
  const layerShares = roundedShares(layerTotals);
  const networkShares = partShares(network);
  const largest = Math.max(...layerTotals);

  // Table numbers share one unit so that columns compare at a glance.
  const [unitScale, unit] = joules ? jouleUnit(largest) : [1, 'units'];
  const cell = (/** @type {number} */ v) => h('td', { class: 'num' }, joules ? Number((v / unitScale).toPrecision(4)) : formatCompact(v));
  const row = (/** @type {string} */ name, /** @type {Breakdown} */ parts, /** @type {string} */ share, /** @type {string | undefined} */ header = undefined) => h('tr', {},
    h('th', { scope: 'row' }, header ?? h('button', {
      type: 'button', class: 'link', title: `Show the schedule of ${name}`, on: { click: () => onSelect(name) },
    }, name)),
    COMPONENTS.map(({ key }) => cell(parts[key])),
    cell(energyTotal(parts)),
    h('td', { class: 'num' }, share));

  fill(byId('energy-legend'), COMPONENTS.map(({ key, label, help }) => h('li', { title: help },
    h('span', { class: 'swatch', style: `background:${COMPONENT_COLOURS[key]}` }), `${label} `,
    h('span', { class: 'share' }, shareLabel(networkShares[key], network[key])))));
  // Pipelined segments count idle energy once per segment, the layers each over their own time.
  const apart = Math.abs(layerSum / networkTotal - 1) > 5e-4;
  const layersNote = apart
    ? `The layers add up to ${formatEnergy(layerSum, joules)}, not the network's ${formatEnergy(networkTotal, joules)}: each layer counts its idle (static) energy over its own time, while a pipeline segment counts it once; the shares are of the layers' sum.`
    : 'Each layer\'s share of the network\'s energy is written after its bar.';
  const networkChart = byId('energy-network-chart');
  const layerChart = byId('energy-layer-chart');
  drawAtWidth(byId('panel-energy'), layerChart, (panel) => {
    const width = Math.min(panel, MAX_WIDTH);
    fill(networkChart,
      h('h3', { class: 'chart-title' }, `Whole network: ${formatEnergy(networkTotal, joules)}`),
      barChart({
        rows: [{ name: 'whole network', energy: network }],
        width,
        joules,
        label: 'Energy of the whole network by cost part, with each part\'s share',
        endLabel: () => '100%',
        rowLabel: () => 'Network',
        pieceLabels: true,
        testid: 'energy-network-svg',
      }));
    fill(layerChart,
      h('h3', { class: 'chart-title' }, 'Per layer (its own scale)'),
      barChart({
        rows: layers,
        width,
        joules,
        label: 'Energy of each layer by cost part, with its share of the network\'s energy (arrow keys move between layers; Enter or click opens the layer\'s schedule)',
        endLabel: (i) => shareLabel(layerShares[i], layerTotals[i]),
        rowLabel: (i) => layers[i].name,
        pieceLabels: false,
        onSelect,
        testid: 'energy-layer-svg',
      }),
      h('p', { class: 'note' }, `${layersNote} Click a bar, or Tab to the bars, pick one with the arrow keys and press Enter, for the layer's schedule.`));
  });
  fill(byId('energy-table'),
    h('caption', {}, `Energy by cost part (${unit}) and share of the ${apart ? 'layers\' sum' : 'network\'s energy'}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Layer'),
      COMPONENTS.map(({ label, help }) => h('th', { scope: 'col', title: help }, label)),
      h('th', { scope: 'col' }, 'Total'), h('th', { scope: 'col' }, 'Share'))),
    h('tbody', {}, layers.map(({ name, energy }, i) => row(name, energy, shareLabel(layerShares[i], layerTotals[i])))),
    h('tfoot', {}, row('', network, '100%', 'Whole network'),
      h('tr', {}, h('th', { scope: 'row' }, 'Share of the network'),
        COMPONENTS.map(({ key }) => h('td', { class: 'num' }, shareLabel(networkShares[key], network[key]))),
        h('td', { class: 'num' }, '100%'), h('td', {}))));
}
