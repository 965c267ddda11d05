// The per-layer table of a result: time, energy, active PEs, DRAM bandwidth,
// partitioning, blocking factors and loop orders. Clicking a column header
// (a button, so keyboards work too) sorts by it; again reverses.
import { byId, fill, h } from './dom.js';
import { energyTotal, layerBreakdowns } from './energy.js';
import { costsInJoules, formatCompact, formatCount, formatEnergy } from './format.js';
import { PARTITIONS } from './mapping.js';

/** Loop names in `tvals`, `orders`, ti/to/tb order: IFM, OFM, BAT. */
export const LOOPS = [
  { key: 'i', label: 'input channels', short: 'I' },
  { key: 'o', label: 'output channels', short: 'O' },
  { key: 'b', label: 'batch', short: 'B' },
];
/** Blocking levels in `tvals`. */
export const LEVELS = ['DRAM → global buffer', 'global buffer → register file', 'in the PE array'];

/** A partition as text: 'fmap area 4×4, output channels 2' or 'none'. */
export function partitionText(part) {
  const used = part[0]
    .map((p) => [PARTITIONS[p], part[1][p]])
    .filter(([, [ph, pw]]) => ph * pw > 1)
    .map(([{ label }, [ph, pw]]) => `${label} ${ph}×${pw}`);
  return used.length > 0 ? used.join(', ') : 'none';
}

/** The loops of level `level` from outer to inner ('smaller is inner' in `orders`). */
export const loopsOuterToInner = (orders, level) => [0, 1, 2].sort((a, b) => orders[level][b] - orders[level][a]);

/** Blocking factors as text, one group per level: 'i1 o3 b64 | i1 o16 b1 | i3 o1 b1'. */
export const blockingText = (tvals) => tvals
  .map((level) => level.map((t, loop) => `${LOOPS[loop].key}${t}`).join(' ')).join(' | ');

/** Loop orders of the two blocked levels, outer to inner: 'B>I>O | O>I>B'. */
export const orderText = (orders) => orders
  .map((_, level) => loopsOuterToInner(orders, level).map((l) => LOOPS[l].short).join('>')).join(' | ');

/** The table's rows for a result, one per layer, with the values sorting uses. */
export function layerRows(result) {
  return layerBreakdowns(result).map(({ name, scheme, energy }, index) => ({
    index,
    name,
    time: scheme.time,
    energy: energyTotal(energy),
    activePes: result.active_node_pes?.[name] ?? NaN,
    dramBw: result.dram_bandwidth?.[name] ?? NaN,
    partition: partitionText(scheme.part),
    blocking: blockingText(scheme.tvals),
    order: orderText(scheme.orders),
    energyParts: energy,
    nodes: scheme.num_nodes,
    schedSeq: result.schedules[name][2],
    // Sorts by segment, then slot, then step.
    segment: result.schedules[name][2].reduce((key, v) => key * 1e4 + v, 0),
  }));
}

const COLUMNS = [
  { key: 'index', label: '#', num: true, show: (r) => r.index + 1 },
  { key: 'name', label: 'Layer' },
  { key: 'time', label: 'Time (cycles)', num: true, show: (r) => formatCount(r.time) },
  { key: 'energy', label: 'Energy', num: true },
  { key: 'activePes', label: 'Active PEs per node', num: true, show: (r) => Number(r.activePes.toFixed(1)) },
  { key: 'dramBw', label: 'DRAM bandwidth (words/cycle)', num: true, show: (r) => formatCompact(r.dramBw) },
  { key: 'nodes', label: 'Nodes', num: true },
  {
    key: 'segment', label: 'Segment: slot, step', num: true, show: (r) => `${r.schedSeq[0] + 1}: ${r.schedSeq[1] + 1}, ${r.schedSeq[2] + 1}`,
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
export function createLayerTable(onSelect) {
  const table = byId('layer-table');
  let sort = { key: 'index', ascending: true };
  let rows = [];
  let joules = false;

  function render() {
    const sorted = [...rows].sort((a, b) => {
      const [x, y] = [a[sort.key], b[sort.key]];
      const order = typeof x === 'string' ? x.localeCompare(y) : x - y;
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
              table.querySelector(`th[aria-sort="${sort.ascending ? 'ascending' : 'descending'}"] button`)?.focus();
            },
          },
        }, c.label, h('span', { class: 'arrow', 'aria-hidden': 'true' }, active ? (sort.ascending ? ' ▲' : ' ▼') : '')));
    });
    const cell = (c, r) => {
      if (c.key === 'name') {
        return h('th', { scope: 'row' }, h('button', {
          type: 'button', class: 'link', title: `Show the schedule of ${r.name}`, on: { click: () => onSelect(r.name) },
        }, r.name));
      }
      if (c.key === 'energy') return h('td', { class: 'num' }, formatEnergy(r.energy, joules));
      return h('td', { class: c.num ? 'num' : 'code' }, c.show ? c.show(r) : r[c.key]);
    };
    fill(table,
      h('caption', {}, 'Layers of the schedule (click a header to sort)'),
      h('thead', {}, h('tr', {}, header)),
      h('tbody', {}, sorted.map((r) => h('tr', {}, COLUMNS.map((c) => cell(c, r))))));
  }

  return (result) => {
    rows = layerRows(result);
    joules = costsInJoules(result.cost);
    render();
  };
}
