// The per-layer table of a result: time, energy, active PEs, DRAM bandwidth,
// partitioning, blocking factors and loop orders. Clicking a column header
// (a button, so keyboards work too) sorts by it; again reverses.
import { byId, fill, h } from './dom.js';
import { energyTotal, layerBreakdowns } from './energy.js';
import { costsInJoules, formatCompact, formatCount, formatEnergy } from './format.js';
import { LOOPS, partitionOf } from './vocabulary.js';

/**
 * @typedef {import('./result-model.js').Result} Result
 * @typedef {import('./result-model.js').Partition} Partition
 * @typedef {import('./vocabulary.js').LoopKey} LoopKey
 */

/** A partition as text: 'fmap area 4×2, output channels 1×2' (outermost first) or 'none'. */
export function partitionText(/** @type {Partition} */ partition) {
  const used = partition.order
    .filter((key) => partition.dims[key].count > 1)
    .map((key) => `${partitionOf(key).label} ${partition.dims[key].rows}×${partition.dims[key].cols}`);
  return used.length > 0 ? used.join(', ') : 'none';
}

/** Blocking factors as text, one group per level: 'i1 o3 b64 | i1 o16 b1 | i3 o1 b1'. */
export const blockingText = (/** @type {Record<LoopKey, number>[]} */ blocking) => blocking
  .map((level) => LOOPS.map(({ key }) => `${key}${level[key]}`).join(' ')).join(' | ');

const shortOf = (/** @type {LoopKey} */ key) => LOOPS.find((l) => l.key === key)?.short;

/** Loop orders of the blocked levels, outer to inner: 'B>I>O | O>I>B'. */
export const orderText = (/** @type {LoopKey[][]} */ loopOrders) => loopOrders
  .map((loops) => loops.map(shortOf).join('>')).join(' | ');

/**
 * @typedef {object} LayerRow
 * @property {number} index
 * @property {string} name
 * @property {number} time
 * @property {number} energy
 * @property {import('./energy.js').Breakdown} energyParts
 * @property {number} activePes
 * @property {number} dramBw
 * @property {string} partition
 * @property {string} blocking
 * @property {string} order
 * @property {number} nodes
 * @property {import('./result-model.js').Place} place
 * @property {number} segment  Sorts by segment, then slot, then step.
 */

/**
 * The table's rows for a result, one per layer, with the values sorting uses.
 * @returns {LayerRow[]}
 */
export function layerRows(/** @type {Result} */ result) {
  return layerBreakdowns(result).map(({ layer, energy }) => ({
    index: layer.index,
    name: layer.name,
    time: layer.time,
    energy: energyTotal(energy),
    energyParts: energy,
    activePes: layer.activePes,
    dramBw: layer.dramBandwidth,
    partition: partitionText(layer.partition),
    blocking: blockingText(layer.blocking),
    order: orderText(layer.loopOrders),
    nodes: layer.numNodes,
    place: layer.place,
    segment: (layer.place.segment * 1e4 + layer.place.slot) * 1e4 + layer.place.step,
  }));
}

/**
 * @typedef {{key: keyof LayerRow, label: string, num?: boolean, show?: (r: LayerRow) => string | number, help?: string}} Column
 */

/** @type {Column[]} */
const COLUMNS = [
  { key: 'index', label: '#', num: true, show: (r) => r.index + 1 },
  { key: 'name', label: 'Layer' },
  { key: 'time', label: 'Time (cycles)', num: true, show: (r) => formatCount(r.time) },
  { key: 'energy', label: 'Energy', num: true },
  { key: 'activePes', label: 'Active PEs per node', num: true, show: (r) => Number(r.activePes.toFixed(1)) },
  { key: 'dramBw', label: 'DRAM bandwidth (words/cycle)', num: true, show: (r) => formatCompact(r.dramBw) },
  { key: 'nodes', label: 'Nodes', num: true },
  {
    key: 'segment', label: 'Segment: slot, step', num: true, show: (r) => `${r.place.segment + 1}: ${r.place.slot + 1}, ${r.place.step + 1}`,
    help: 'The pipeline segment (from 1), then the layer\'s spatial slot in it (its part of the node grid) and its temporal step in that slot (sched_seq + 1)',
  },
  { key: 'partition', label: 'Partition across nodes' },
  { key: 'blocking', label: 'Blocking factors (DRAM | GBUF | PE)', help: 'ti/to/tb per level: i = input channels, o = output channels, b = batch' },
  { key: 'order', label: 'Loop order (DRAM | GBUF)', help: 'outer > inner; I = input channels, O = output channels, B = batch' },
];

/**
 * Fills the layer table for `result`; a layer's name is a button that calls
 * onSelect(name). Keeps the chosen sort across results.
 */
export function createLayerTable(/** @type {(name: string) => void} */ onSelect) {
  const table = byId('layer-table');
  /** @type {{key: keyof LayerRow, ascending: boolean}} */
  let sort = { key: 'index', ascending: true };
  /** @type {LayerRow[]} */
  let rows = [];
  let joules = false;

  function render() {
    const sorted = [...rows].sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      const order = typeof x === 'string' ? x.localeCompare(String(y)) : Number(x) - Number(y);
      return sort.ascending ? order : -order;
    });
    const header = COLUMNS.map((c) => {
      const active = c.key === sort.key;
      const ariaSort = active ? (sort.ascending ? 'ascending' : 'descending') : 'none';
      return h('th', { scope: 'col', 'aria-sort': ariaSort, class: c.num ? 'num' : '' },
        h('button', {
          type: 'button',
          class: 'sort',
          title: c.help ?? `Sort by ${c.label}`,
          on: {
            click: () => {
              sort = { key: c.key, ascending: active ? !sort.ascending : !c.num };
              render();
              /** @type {HTMLElement | null} */ (table.querySelector(`th[aria-sort="${sort.ascending ? 'ascending' : 'descending'}"] button`))?.focus();
            },
          },
        }, c.label, h('span', { class: 'arrow', 'aria-hidden': 'true' }, active ? (sort.ascending ? ' ▲' : ' ▼') : '')));
    });
    const cell = (/** @type {Column} */ c, /** @type {LayerRow} */ r) => {
      if (c.key === 'name') {
        return h('th', { scope: 'row' }, h('button', {
          type: 'button', class: 'link', title: `Show the schedule of ${r.name}`, on: { click: () => onSelect(r.name) },
        }, r.name));
      }
      if (c.key === 'energy') return h('td', { class: 'num' }, formatEnergy(r.energy, joules));
      return h('td', { class: c.num ? 'num' : 'code' }, c.show ? c.show(r) : String(r[c.key]));
    };
    fill(table,
      h('caption', {}, 'Layers of the schedule (click a header to sort)'),
      h('thead', {}, h('tr', {}, header)),
      h('tbody', {}, sorted.map((r) => h('tr', {}, COLUMNS.map((c) => cell(c, r))))));
  }

  return (/** @type {Result} */ result) => {
    rows = layerRows(result);
    joules = costsInJoules(result.costs);
    render();
  };
}
