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
import { at, gridPicture } from './node-grid.js';
import {
  TABLE_ORDER, cellText, holds, nodeText, splitBy,
} from './partition.js';
import { segmentOf, total } from './result-model.js';
import { dataOf, partitionOf } from './vocabulary.js';
import { isMultiPass, passGridNote, passesInTurn } from './passes.js';
import { kindGridNote } from './layer-kinds.js';
import { scrollBox } from './scroll-region.js';

/**
 * @typedef {import('./result-model.js').Result} Result
 * @typedef {import('./result-model.js').LayerSchedule} LayerSchedule
 * @typedef {import('./result-model.js').NodeShare} NodeShare
 * @typedef {import('./result-model.js').Partition} Partition
 * @typedef {import('./result-model.js').Explanation} Explanation
 * @typedef {import('./result-model.js').Passes} Passes
 * @typedef {import('./result-model.js').Coord} Coord
 * @typedef {import('./vocabulary.js').PartitionKey} PartitionKey
 * @typedef {import('./view-network.js').LayerShape} LayerShape
 * @typedef {object} LayerDetail  What the detail view shows of a layer.
 * @property {Result} result
 * @property {LayerSchedule} layer
 * @property {Map<string, LayerShape>} shapes  The network's layers by name (empty when unknown).
 * @property {Explanation | null} explanation  The engine's (null when it cannot say: the network is unknown).
 * @property {string | null} unexplained      Why there is no explanation.
 * @property {Map<number, Coord[]>} slotNodes  The nodes of the other slots of its segment (the engine's, by slot).
 */

const plural = (/** @type {number} */ n, /** @type {string} */ word) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** @type {PartitionKey | null} */
let preferred = null;  // The colouring chosen last, kept across layers.

/** The engine's hop counts of the layer per data category, and the NoC energy they cost. */
/**
 * The layer's NoC traffic by data. A matmul's "filters" are its right
 * operand, an activation (docs/extensions.md), and the table says so.
 */
function hopTable(/** @type {LayerSchedule} */ layer, /** @type {Result['costs']} */ costs, /** @type {string | undefined} */ type = undefined) {
  /** @type {[keyof LayerSchedule['hops'], string, string][]} */
  const COLUMNS = [
    ['mem', 'Memory', 'Hops of data between the memory channels and the nodes (per fetch × fetches)'],
    ['node', 'Node to node', 'Hops between nodes that share their buffers'],
    ['total', 'Total', 'All hops of this data'],
    ['unit', 'Per fetch', 'Hops to bring the data to the nodes once'],
  ];
  const joules = costsInJoules(costs);
  const table = h('table', { class: 'data hops' },
    h('caption', {}, 'NoC traffic (words × hops)'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Data'),
      COLUMNS.map(([, label, help]) => h('th', { scope: 'col', class: 'num', title: help }, label)))),
    h('tbody', {}, dataOf(type).map(({ key: data, label }) => h('tr', {}, h('th', { scope: 'row' }, label),
      COLUMNS.map(([key]) => h('td', { class: 'num' }, formatCount(layer.hops[key][data])))))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'All data'),
      COLUMNS.map(([key]) => h('td', { class: 'num' }, formatCount(total(layer.hops[key])))))));
  return [scrollBox('NoC traffic', {}, table), h('p', { class: 'note' },
    `NoC energy ${formatEnergy(layer.energy.noc, joules)}: ${formatCount(total(layer.hops.total))} word-hops × ${formatEnergy(costs.hop, joules)}.`)];
}

/** Notes on forwarding and buffer sharing when the layer uses them. */
function sharingNotes(/** @type {LayerSchedule} */ layer, /** @type {string | undefined} */ type) {
  const over1 = (/** @type {Record<string, number>} */ values, /** @type {(what: string, v: number) => string} */ text) => dataOf(type)
    .filter(({ key }) => values[key] > 1).map(({ key, long }) => text(long, values[key]));
  const fwd = over1(layer.accfwdReduction, (what, v) => `${what} by ${v}`);
  const shared = over1(layer.bufshrGroupSize, (what, v) => `${what} in groups of ${v}`);
  return [
    fwd.length ? `Access forwarding cuts the memory fetches of ${fwd.join(', ')}: one node fetches each piece and forwards it to the others.` : null,
    shared.length ? `Buffer sharing keeps one copy of the ${shared.join(', ')} nodes; they pass it around (the between-node hops).` : null,
  ].filter(Boolean).map((t) => h('p', { class: 'note' }, t));
}

/** Every node's numbers, the table behind the picture. */
function nodeTable(/** @type {NodeShare[]} */ nodes, /** @type {Partition} */ partition, /** @type {Passes | null} */ passes) {
  return scrollBox('Every node', { class: 'node-table' }, h('table', { class: 'data' },
    h('caption', {}, `The ${plural(nodes.length, 'node')} and what each holds (#: the part along a split)${isMultiPass(passes) ? `, in each of the ${passes?.count} passes` : ''}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Node (row, column)'),
      TABLE_ORDER.map((key) => h('th', { scope: 'col' }, partitionOf(key).label)))),
    h('tbody', {}, [...nodes].sort((a, b) => a.coord.row - b.coord.row || a.coord.col - b.coord.col)
      .map((n) => h('tr', { dataset: { at: at(n.coord) }, class: n.idle ? 'idle' : '' },
        h('th', { scope: 'row' }, `(${n.coord.row}, ${n.coord.col})${n.idle ? ' idle' : ''}`),
        TABLE_ORDER.map((key) => h('td', {}, cellText(n, partition, key, passes))))))));
}

const MANY = 12;  // More parts than this get one gradient in the legend, not a line each.

/** The legend of the colouring by parallelism `by`. */
function legend(/** @type {NodeShare[]} */ nodes, /** @type {Partition} */ partition, /** @type {PartitionKey | null} */ by, /** @type {boolean} */ stacked, /** @type {boolean} */ pipelined, /** @type {Passes | null} */ passes) {
  const items = [];
  if (by === null) {
    items.push(h('li', {}, h('span', { class: 'swatch', style: `background:${itemColour(0, 1)}` }), 'the layer\'s nodes'));
  } else {
    /** @type {Map<number, NodeShare>} */
    const seen = new Map();
    for (const n of nodes) if (!n.idle && !seen.has(n.position[by])) seen.set(n.position[by], n);
    const count = partition.dims[by].count;
    const sorted = [...seen.keys()].sort((a, b) => a - b).map((k) => ({ k, n: /** @type {NodeShare} */ (seen.get(k)) }));
    if (count > MANY) {
      const first = sorted[0];
      const last = sorted[sorted.length - 1];
      items.push(h('li', {}, h('span', { class: 'swatch gradient', style: `background:${itemGradient(count)}` }),
        `parts ${first.k} (${holds(first.n, by, passes)}) to ${last.k} (${holds(last.n, by, passes)}); every node's part is in the table`));
    } else {
      for (const { k, n } of sorted) {
        items.push(h('li', {}, h('span', { class: 'swatch', style: `background:${itemColour(k, count)}` }), `${k}: ${holds(n, by, passes)}`));
      }
    }
  }
  if (passes && isMultiPass(passes)) items.push(h('li', { 'data-testid': 'passes-legend' }, h('span', { class: 'pass-badge' }, `×${passes.count}`), `each node runs all ${passes.count} passes, ${passesInTurn(passes)}`));
  if (nodes.some((n) => n.idle)) items.push(h('li', {}, h('span', { class: 'swatch idle' }), 'idle (nothing to compute)'));
  if (pipelined) items.push(h('li', {}, h('span', { class: 'swatch other' }), 'other layers of the segment'));
  items.push(h('li', {}, h('span', { class: `swatch ${stacked ? 'vault' : 'channel'}` }), stacked ? 'memory vault (3D: one above every node)' : 'memory channel (2D)'));
  return h('ul', { class: 'legend node-legend', 'aria-label': 'Node colours' }, items);
}

/**
 * The node-grid section of a layer: needs the engine's explanation (else a
 * note says why it is missing).
 */
export function partitionSection(/** @type {LayerDetail} */ detail) {
  const { result, layer, explanation } = detail;
  const { partition } = layer;
  if (!explanation) return [h('p', { class: 'note' }, detail.unexplained ?? 'The engine cannot explain this layer.'), hopTable(layer, result.costs, detail.shapes.get(layer.name)?.type), sharingNotes(layer, detail.shapes.get(layer.name)?.type)];
  const segment = segmentOf(result, layer);
  const slots = segment.slots.map((slot, k) => ({
    layers: slot.layers,
    nodes: k === layer.place.slot ? explanation.regionNodes : detail.slotNodes.get(k) ?? null,
  }));
  /** @type {Map<string, string>} */
  const others = new Map();
  slots.forEach((slot, k) => {
    if (k !== layer.place.slot) for (const c of slot.nodes ?? []) others.set(at(c), slot.layers.join(' → '));
  });
  const { procRegion, dramRegion } = result;
  // 3D memory: the DRAM region is the grid, a vault above every node.
  const stacked = dramRegion.size.rows === procRegion.size.rows && dramRegion.size.cols === procRegion.size.cols
    && dramRegion.dist.rows === 1 && dramRegion.dist.cols === 1;
  const ctx = {
    result,
    name: layer.name,
    partition,
    nodes: explanation.nodes,
    regionNodes: explanation.regionNodes,
    memory: { channels: explanation.memoryNodes, stacked },
    segment: { slots, mySlot: layer.place.slot, others },
    shapes: detail.shapes,
    passes: explanation.passes,
  };
  const choices = splitBy(partition);
  let by = preferred !== null && choices.includes(preferred) ? preferred : choices[0] ?? null;
  const info = h('p', { class: 'node-info', role: 'status', 'aria-live': 'polite' },
    'Focus a node (Tab into the grid, then arrow keys) or point at it to see what it holds.');
  const figure = h('figure', {});
  const picture = h('div', { class: 'node-picture' }, figure, info);
  const legendBox = h('div', {});
  const table = nodeTable(ctx.nodes, partition, explanation.passes);
  const pipelined = slots.length > 1;
  const describe = (/** @type {NodeShare} */ node) => nodeText(node, partition, explanation.passes);

  const select = (/** @type {NodeShare} */ node, /** @type {boolean | undefined} */ chosen) => {
    info.textContent = describe(node);
    if (!chosen) return;
    for (const row of table.querySelectorAll('tr.selected')) row.classList.remove('selected');
    table.querySelector(`tr[data-at="${at(node.coord)}"]`)?.classList.add('selected');
  };
  const draw = () => {
    const caption = `The ${procRegion.size.rows}×${procRegion.size.cols} node grid; ${layer.name} on ${plural(ctx.nodes.length, 'node')}, `
      + `${by === null ? 'not split' : `coloured by ${partitionOf(by).label} part (the number in each node)`}`
      + `${pipelined ? '; grey: the other layers of its segment, at the same time' : ''}`
      + `${isMultiPass(explanation.passes) ? `; every node runs the ${explanation.passes?.count} passes, ${passesInTurn(/** @type {Passes} */ (explanation.passes))} (×${explanation.passes?.count})` : ''}. `
      + (stacked ? 'Each node reads the memory vault stacked above it; data stored in other vaults crosses the NoC.'
        : 'Schematic: a line from each node to its nearest memory channel; data may also come from the others.')
      + ' The hop counts are the engine\'s.';
    const svg = gridPicture(ctx, by, describe, select);
    figure.replaceChildren(svg, h('figcaption', {}, caption));
    // As wide as the grid (captions wrap under it), but not so narrow that they run long.
    picture.style.width = `${Math.max(Number(svg.getAttribute('width')), 260)}px`;
    legendBox.replaceChildren(legend(ctx.nodes, partition, by, stacked, pipelined, explanation.passes));
  };
  const radios = choices.length > 1 ? h('fieldset', { class: 'colour-by' }, h('legend', {}, 'Colour nodes by'),
    choices.map((key) => h('label', { class: 'inline' }, h('input', {
      type: 'radio', name: 'colour-by', value: key, checked: key === by,
      on: {
        change: () => {
          by = key;
          preferred = key;
          draw();
        },
      },
    }), ` ${partitionOf(key).label} (${partition.dims[key].count})`))) : null;
  draw();
  const shape = detail.shapes.get(layer.name);
  const gridNote = shape ? kindGridNote(shape, partition.dims.OUTP.count) : '';
  const passNote = passGridNote(explanation.passes);
  return [
    radios,
    gridNote ? h('p', { class: 'note', 'data-testid': 'kind-grid' }, gridNote) : '',
    passNote ? h('p', { class: 'note', 'data-testid': 'pass-grid' }, passNote) : '',
    h('div', { class: 'chart-with-table' },
      picture,
      h('div', {}, hopTable(layer, result.costs, shape?.type), sharingNotes(layer, shape?.type), legendBox)),
    table,
  ];
}
