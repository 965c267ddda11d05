// A layer on the node grid, for the layer detail: which node computes which
// part of the layer (coloured by one parallelism at a time, with a legend,
// each node's data ranges in its tooltip, in a live line when focused, and
// in a table), where the memory channels are, which other layers of its
// pipeline segment share the grid, and the NoC traffic: the engine's hop
// counts in a table beside a schematic of memory-to-node links. The picture
// is node-grid.js; the arithmetic partition.js.
import { itemColour, itemGradient } from './colours.js';
import { h } from './dom.js';
import { costsInJoules, formatCount, formatEnergy } from './format.js';
import { PARTITIONS } from './mapping.js';
import { at, gridPicture, neighbours } from './node-grid.js';
import {
  BATP, INPP, OFMP, OUTP, layerNodes, layerRegion, memoryChannels, nodeRegion, partCount,
} from './partition.js';

const plural = (n, word) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** A range [begin, end) as people count: '0–63', '7', or 'none'. */
export function rangeText([beg, end]) {
  if (end <= beg) return 'none';
  return end - beg === 1 ? String(beg) : `${beg}–${end - 1}`;
}

const WORDS = {
  [OUTP]: 'output channels', [OFMP]: 'ofmap', [BATP]: 'batch items', [INPP]: 'input channels',
};

/** The numbers a node holds along parallelism p ('0–63'), or its part index when the layer's shape is unknown. */
function held(node, p) {
  const r = node.ranges;
  if (!r) return `part ${node.position[p]}`;
  if (p === OUTP) return rangeText(r.ofm.n);
  if (p === OFMP) return `rows ${rangeText(r.ofm.h)}, columns ${rangeText(r.ofm.w)}`;
  if (p === BATP) return rangeText(r.ofm.b);
  return rangeText(r.ifm.n);
}

/** What a node holds along parallelism p, in words. */
const holds = (node, p) => (node.ranges ? `${WORDS[p]} ${held(node, p)}` : `${PARTITIONS[p].label} ${held(node, p)}`);

/** One node in a sentence: where it is and all it holds. */
function nodeText(node, part) {
  const [row, col] = node.coord;
  const all = [BATP, OUTP, OFMP, INPP].map((p) => holds(node, p)).join('; ');
  const parts = [OUTP, OFMP, BATP, INPP].filter((p) => partCount(part, p) > 1)
    .map((p) => `${PARTITIONS[p].label} part ${node.position[p]} of ${partCount(part, p)}`);
  const reads = node.ranges ? ` Reads ifmap rows ${rangeText(node.ranges.ifm.h)}, columns ${rangeText(node.ranges.ifm.w)}.` : '';
  return `Node (row ${row}, column ${col})${node.idle ? ', idle: nothing to compute' : ''}: ${all}.`
    + `${parts.length ? ` Partition index: ${parts.join(', ')}.` : ''}${reads}`;
}

/** The parallelisms that split this layer, most parts first. */
const splitBy = (part) => [OUTP, OFMP, BATP, INPP].filter((p) => partCount(part, p) > 1)
  .sort((a, b) => partCount(part, b) - partCount(part, a));

/**
 * The memory channels, and whether they are stacked above every node (3D
 * memory: the DRAM region is the grid) or sit apart (2D: the corners).
 */
function memoryOf(result) {
  const dram = nodeRegion(result.resource.dram_region);
  const [rows, cols] = result.resource.proc_region[0];
  const stacked = dram.dim[0] === rows && dram.dim[1] === cols && dram.dist[0] === 1 && dram.dist[1] === 1;
  return { channels: memoryChannels(result), dram, stacked };
}

let preferred = null;  // The colouring chosen last, kept across layers.

/** The engine's hop counts of the layer per data category, and the NoC energy they cost. */
function hopTable(scheme, cost) {
  const CATEGORIES = ['Filters', 'Ifmaps', 'Ofmaps'];
  const COLUMNS = [
    ['mem_nhops', 'Memory', 'Hops of data between the memory channels and the nodes (per fetch × fetches)'],
    ['node_nhops', 'Node to node', 'Hops between nodes that share their buffers'],
    ['total_nhops', 'Total', 'All hops of this data'],
    ['unit_nhops', 'Per fetch', 'Hops to bring the data to the nodes once'],
  ];
  const sum = (key) => scheme[key].reduce((a, b) => a + b, 0);
  const joules = costsInJoules(cost);
  const table = h('table', { class: 'data hops' },
    h('caption', {}, 'NoC traffic (words × hops)'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Data'),
      COLUMNS.map(([, label, help]) => h('th', { scope: 'col', class: 'num', title: help }, label)))),
    h('tbody', {}, CATEGORIES.map((label, c) => h('tr', {}, h('th', { scope: 'row' }, label),
      COLUMNS.map(([key]) => h('td', { class: 'num' }, formatCount(scheme[key][c])))))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'All data'),
      COLUMNS.map(([key]) => h('td', { class: 'num' }, formatCount(sum(key)))))));
  return [h('div', { class: 'scroll' }, table), h('p', { class: 'note' },
    `NoC energy ${formatEnergy(scheme.cost_noc, joules)}: ${formatCount(sum('total_nhops'))} word-hops × ${formatEnergy(cost.noc_hop, joules)}.`)];
}

/** Notes on forwarding and buffer sharing when the layer uses them. */
function sharingNotes(scheme) {
  const CATEGORIES = ['filters', 'input fmaps', 'output fmaps'];
  const over1 = (values, text) => values.map((v, c) => (v > 1 ? text(CATEGORIES[c], v) : null)).filter(Boolean);
  const fwd = over1(scheme.accfwd_reduction, (what, v) => `${what} by ${v}`);
  const shared = over1(scheme.bufshr_grp_size, (what, v) => `${what} in groups of ${v}`);
  return [
    fwd.length ? `Access forwarding cuts the memory fetches of ${fwd.join(', ')}: one node fetches each piece and forwards it to the others.` : null,
    shared.length ? `Buffer sharing keeps one copy of the ${shared.join(', ')} nodes; they pass it around (the between-node hops).` : null,
  ].filter(Boolean).map((t) => h('p', { class: 'note' }, t));
}

/** Every node's numbers, the table behind the picture. */
function nodeTable(nodes, part) {
  const columns = [BATP, OUTP, OFMP, INPP];
  const cellOf = (n, p) => `${partCount(part, p) > 1 ? `#${n.position[p]}: ` : ''}${held(n, p)}`;
  return h('div', { class: 'scroll node-table' }, h('table', { class: 'data' },
    h('caption', {}, `The ${plural(nodes.length, 'node')} and what each holds (#: the part along a split)`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Node (row, column)'),
      columns.map((p) => h('th', { scope: 'col' }, PARTITIONS[p].label)))),
    h('tbody', {}, [...nodes].sort((a, b) => a.coord[0] - b.coord[0] || a.coord[1] - b.coord[1])
      .map((n) => h('tr', { dataset: { at: at(n.coord) }, class: n.idle ? 'idle' : '' },
        h('th', { scope: 'row' }, `(${n.coord[0]}, ${n.coord[1]})${n.idle ? ' idle' : ''}`),
        columns.map((p) => h('td', {}, cellOf(n, p))))))));
}

const MANY = 12;  // More parts than this get one gradient in the legend, not a line each.

/** The legend of the colouring by parallelism `by`. */
function legend(nodes, part, by, stacked, pipelined) {
  const items = [];
  if (by === null) {
    items.push(h('li', {}, h('span', { class: 'swatch', style: `background:${itemColour(0, 1)}` }), 'the layer\'s nodes'));
  } else {
    const seen = new Map();
    for (const n of nodes) if (!n.idle && !seen.has(n.position[by])) seen.set(n.position[by], n);
    const count = partCount(part, by);
    const sorted = [...seen].sort((a, b) => a[0] - b[0]);
    if (count > MANY) {
      const [[k0, first], [k1, last]] = [sorted[0], sorted.at(-1)];
      items.push(h('li', {}, h('span', { class: 'swatch gradient', style: `background:${itemGradient(count)}` }),
        `parts ${k0} (${holds(first, by)}) to ${k1} (${holds(last, by)}); every node's part is in the table`));
    } else {
      for (const [k, n] of sorted) {
        items.push(h('li', {}, h('span', { class: 'swatch', style: `background:${itemColour(k, count)}` }), `${k}: ${holds(n, by)}`));
      }
    }
  }
  if (nodes.some((n) => n.idle)) items.push(h('li', {}, h('span', { class: 'swatch idle' }), 'idle (nothing to compute)'));
  if (pipelined) items.push(h('li', {}, h('span', { class: 'swatch other' }), 'other layers of the segment'));
  items.push(h('li', {}, h('span', { class: `swatch ${stacked ? 'vault' : 'channel'}` }), stacked ? 'memory vault (3D: one above every node)' : 'memory channel (2D)'));
  return h('ul', { class: 'legend node-legend', 'aria-label': 'Node colours' }, items);
}

/**
 * The node-grid section of layer `name` of `result`; `shapes` maps layer
 * names to their networkLayers entries (empty when unknown: the picture
 * then shows partition indexes instead of data ranges).
 */
export function partitionSection(result, name, shapes) {
  const [scheme] = result.schedules[name];
  const { part } = scheme;
  const layer = shapes.get(name) ?? null;
  const ctx = {
    result, name, part, shapes, region: layerRegion(result, name), nodes: layerNodes(result, name, layer),
    memory: memoryOf(result), segment: neighbours(result, name),
  };
  const choices = splitBy(part);
  let by = choices.includes(preferred) ? preferred : choices[0] ?? null;
  const info = h('p', { class: 'node-info', role: 'status', 'aria-live': 'polite' },
    'Focus a node (Tab into the grid, then arrow keys) or point at it to see what it holds.');
  const figure = h('figure', {});
  const picture = h('div', { class: 'node-picture' }, figure, info);
  const legendBox = h('div', {});
  const table = nodeTable(ctx.nodes, part);
  const { stacked } = ctx.memory;
  const pipelined = ctx.segment.slots.length > 1;

  const select = (node, chosen) => {
    info.textContent = nodeText(node, part);
    if (!chosen) return;
    for (const row of table.querySelectorAll('tr.selected')) row.classList.remove('selected');
    table.querySelector(`tr[data-at="${at(node.coord)}"]`)?.classList.add('selected');
  };
  const draw = () => {
    const caption = `The ${result.resource.proc_region[0].join('×')} node grid; ${name} on ${plural(ctx.nodes.length, 'node')}, `
      + `${by === null ? 'not split' : `coloured by ${PARTITIONS[by].label} part (the number in each node)`}`
      + `${pipelined ? '; grey: the other layers of its segment, at the same time' : ''}. `
      + (stacked ? 'Each node reads the memory vault stacked above it; data stored in other vaults crosses the NoC.'
        : 'Schematic: a line from each node to its nearest memory channel; data may also come from the others.')
      + ' The hop counts are the engine\'s.';
    const svg = gridPicture(ctx, by, (node) => nodeText(node, part), select);
    figure.replaceChildren(svg, h('figcaption', {}, caption));
    // As wide as the grid (captions wrap under it), but not so narrow that they run long.
    picture.style.width = `${Math.max(Number(svg.getAttribute('width')), 260)}px`;
    legendBox.replaceChildren(legend(ctx.nodes, part, by, stacked, pipelined));
  };
  const radios = choices.length > 1 ? h('fieldset', { class: 'colour-by' }, h('legend', {}, 'Colour nodes by'),
    choices.map((p) => h('label', { class: 'inline' }, h('input', {
      type: 'radio', name: 'colour-by', value: String(p), checked: p === by,
      on: {
        change: () => {
          by = p;
          preferred = p;
          draw();
        },
      },
    }), ` ${PARTITIONS[p].label} (${partCount(part, p)})`))) : null;
  draw();
  const noShapes = layer ? null : h('p', { class: 'note' }, 'The layer\'s shape is unknown (the result file does not include the network): nodes show partition indexes, not data ranges.');
  return [
    radios,
    h('div', { class: 'chart-with-table' },
      picture,
      h('div', {}, hopTable(scheme, result.cost), sharingNotes(scheme), legendBox)),
    noShapes, table,
  ];
}
