// A layer on the node grid, for the layer detail: which node computes which
// part of the layer (coloured by one parallelism at a time, with a legend,
// each node's data ranges in its tooltip, in a live line when focused, and
// in a table), where the memory channels are, which other layers of its
// pipeline segment share the grid, and the NoC traffic: the engine's hop
// counts in a table beside a schematic of memory-to-node links. The
// arithmetic is in partition.js.
import { inkOn, itemColour, itemGradient } from './colours.js';
import { h, s } from './dom.js';
import { costsInJoules, formatCount, formatEnergy } from './format.js';
import { PARTITIONS } from './mapping.js';
import {
  BATP, INPP, OFMP, OUTP, allocate, layerNodes, layerRegion, memoryChannels, nodeRegion, partCount, regionNodes, segments,
} from './partition.js';

const at = ([row, col]) => `${row},${col}`;
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

/** The slots of the layer's segment, their regions, and where the other slots' layers run (node key -> their names). */
function neighbours(result, name) {
  const [, , [seg, sp]] = result.schedules[name];
  const { slots } = segments(result).find((x) => x.index === seg);
  const regions = allocate(nodeRegion(result.resource.proc_region), slots.map((x) => x.nodes));
  const out = new Map();
  slots.forEach((slot, k) => {
    if (k === sp || !regions[k]) return;
    for (const c of regionNodes(regions[k])) out.set(at(c), slot.layers.join(' → '));
  });
  return { out, slots, regions };
}

/**
 * The memory on the grid: a vault on every node (3D), or channels outside
 * the grid's corners (2D) with a schematic line from each of the layer's
 * nodes to its nearest channel. The second argument places nodes: {cell, x, y, centre}.
 */
function memoryMarks({ nodes, memory: { channels, dram, stacked } }, { cell, x, y, centre }) {
  if (stacked) {
    if (cell < 30) return { memory: [], links: [] };  // Too small to mark: the caption and legend say it.
    const v = Math.max(4, Math.round(cell * 0.22));
    return {
      memory: channels.map((c) => s('rect', { x: x(c[1]) + cell - v - 2, y: y(c[0]) + 2, width: v, height: v, class: 'vault' },
        s('title', {}, `Memory vault above node (row ${c[0]}, column ${c[1]})`))),
      links: [],
    };
  }
  const m = Math.round(cell * 0.55);
  // A channel sits outside the corner of its node that its place in the 2x2 DRAM region names.
  const spot = (c, k) => {
    const [rh, rw] = [Math.floor(k / dram.dim[1]), k % dram.dim[1]];
    return [rw === 0 ? x(c[1]) - m - 3 : x(c[1]) + cell + 3, rh === 0 ? y(c[0]) - m - 3 : y(c[0]) + cell + 3];
  };
  const memory = channels.map((c, k) => {
    const [mx, my] = spot(c, k);
    return s('g', { class: 'channel' }, s('rect', { x: mx, y: my, width: m, height: m }),
      s('text', { x: mx + m / 2, y: my + m / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, 'M'),
      s('title', {}, `Memory channel ${k + 1}, at node (row ${c[0]}, column ${c[1]})`));
  });
  const hops = (a, b) => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]);
  const links = nodes.filter((n) => !n.idle).map((n) => {
    const k = channels.reduce((best, c, i) => (hops(c, n.coord) < hops(channels[best], n.coord) ? i : best), 0);
    const [mx, my] = spot(channels[k], k);
    const [nx, ny] = centre(n.coord);
    return s('line', { x1: mx + m / 2, y1: my + m / 2, x2: nx, y2: ny });
  });
  return { memory, links };
}

/** The grid as SVG: the layer's nodes coloured by parallelism `by`, memory, links, pipeline arrows. */
function gridPicture(ctx, by, onFocusNode) {
  const {
    result, name, nodes, region,
  } = ctx;
  const proc = nodeRegion(result.resource.proc_region);
  const [rows, cols] = proc.dim;
  const cell = Math.max(14, Math.min(52, Math.floor(360 / Math.max(rows, cols))));
  const { stacked } = ctx.memory;
  const pad = stacked ? 4 : Math.round(cell * 0.7) + 6;
  const x = (col) => pad + (col - proc.origin[1]) * cell;
  const y = (row) => pad + (row - proc.origin[0]) * cell;
  const centre = ([row, col]) => [x(col) + cell / 2, y(row) + cell / 2];
  const size = [pad * 2 + cols * cell, pad * 2 + rows * cell];
  const count = by === null ? 1 : partCount(ctx.part, by);
  const colour = (node) => (node.idle ? '#ffffff' : itemColour(by === null ? 0 : node.position[by], count));
  const { out: others, slots, regions } = ctx.segment;
  const mine = new Set(regionNodes(region).map(at));
  const used = new Set(nodes.map((n) => at(n.coord)));

  const background = regionNodes(proc).filter((c) => !used.has(at(c))).map((c) => {
    const other = others.get(at(c));
    const what = other ? `other layers of the segment: ${other}` : mine.has(at(c)) ? `${name}'s region, no part of its partition` : 'not used by this segment';
    return s('rect', {
      x: x(c[1]) + 1, y: y(c[0]) + 1, width: cell - 2, height: cell - 2, class: other ? 'other' : 'free',
    }, s('title', {}, `Node (row ${c[0]}, column ${c[1]}): ${what}`));
  });

  const { memory, links } = memoryMarks(ctx, {
    cell, x, y, centre,
  });

  const arrows = pipelineArrows(ctx, slots, regions, centre, cell);
  const [, , [, mySlot]] = result.schedules[name];
  const slotLabels = slots.map((slot, k) => {
    if (k === mySlot || !regions[k]) return null;
    const [lx, ly] = centre(nearestToMiddle(regionNodes(regions[k])));
    const text = slot.layers.join(' → ');
    return s('text', {
      x: lx, y: ly, class: 'slot-label', 'text-anchor': 'middle', 'dominant-baseline': 'central',
    }, text.length > 24 ? `${text.slice(0, 23)}…` : text);
  });
  const labels = cell >= 20;
  const nodeMarks = nodes.map((n) => {
    const fill = colour(n);
    const text = nodeText(n, ctx.part);
    return s('g', {
      class: n.idle ? 'node idle' : 'node', tabindex: -1, role: 'button', 'aria-label': text, dataset: { at: at(n.coord) },
      on: { focus: () => onFocusNode(n), click: () => onFocusNode(n, true) },
    },
    s('rect', { x: x(n.coord[1]) + 1, y: y(n.coord[0]) + 1, width: cell - 2, height: cell - 2, fill, class: 'cell' }),
    labels && by !== null ? s('text', {
      x: x(n.coord[1]) + cell / 2, y: y(n.coord[0]) + cell / 2, fill: n.idle ? '#000000' : inkOn(fill), 'text-anchor': 'middle', 'dominant-baseline': 'central',
    }, n.idle ? '–' : n.position[by]) : null,
    s('title', {}, text));
  });
  if (nodeMarks.length) nodeMarks[0].setAttribute('tabindex', '0');

  const svg = s('svg', {
    viewBox: `0 0 ${size[0]} ${size[1]}`, width: size[0], height: size[1], class: 'node-grid', role: 'group',
    'aria-label': `The ${rows}×${cols} node grid with the ${nodes.length} nodes of ${name}; arrow keys move between them`,
  },
  s('defs', {}, s('marker', {
    id: 'node-grid-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse',
  }, s('path', { d: 'M0,0 L10,5 L0,10 z' }))),
  s('g', { class: 'background' }, background),
  s('g', { class: 'nodes' }, nodeMarks),
  s('g', { class: 'memory' }, memory),
  s('g', { class: 'links', 'aria-hidden': 'true' }, links),
  s('g', { class: 'pipeline' }, arrows),
  s('g', { class: 'slot-labels', 'aria-hidden': 'true' }, slotLabels));
  svg.addEventListener('keydown', (event) => moveFocus(event, nodeMarks, nodes));
  return svg;
}

/** The node of `coords` nearest their mean: where a region's label goes (a folded region's mean may lie outside it). */
function nearestToMiddle(coords) {
  const mean = [0, 1].map((d) => coords.reduce((t, c) => t + c[d], 0) / coords.length);
  const away = (c) => Math.abs(c[0] - mean[0]) + Math.abs(c[1] - mean[1]);
  return coords.reduce((best, c) => (away(c) < away(best) ? c : best));
}

/** Arrow keys move focus to the nearest node in that direction; Home and End to the first and last. */
function moveFocus(event, marks, nodes) {
  const from = marks.indexOf(event.target.closest?.('.node'));
  if (from < 0) return;
  const [r0, c0] = nodes[from].coord;
  const step = {
    ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1],
  }[event.key];
  let to = -1;
  if (step) {
    let best = Infinity;
    nodes.forEach(({ coord: [r, c] }, i) => {
      const along = (r - r0) * step[0] + (c - c0) * step[1];
      const across = Math.abs((r - r0) * step[1]) + Math.abs((c - c0) * step[0]);
      const score = along * 1000 + across;
      if (along > 0 && score < best) [best, to] = [score, i];
    });
  } else if (event.key === 'Home' || event.key === 'End') {
    to = event.key === 'Home' ? 0 : marks.length - 1;
  } else {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      marks[from].dispatchEvent(new MouseEvent('click'));
    }
    return;
  }
  event.preventDefault();
  if (to < 0) return;
  marks[from].setAttribute('tabindex', '-1');
  marks[to].setAttribute('tabindex', '0');
  marks[to].focus();
}

/** Arrows from the regions of this layer's predecessors in the segment (fmaps passed on chip) and to its successors. */
function pipelineArrows({ name, shapes }, slots, regions, centre, cell) {
  if (!shapes || slots.length < 2) return [];
  const slotOf = new Map(slots.flatMap((slot, k) => slot.layers.map((l) => [l, k])));
  const mid = (k) => centre(nearestToMiddle(regionNodes(regions[k])));
  const me = slotOf.get(name);
  const pairs = [];
  for (const [layer, k] of slotOf) {
    if (k === me) continue;
    if ((shapes.get(name)?.prevs ?? []).includes(layer)) pairs.push([k, me, `${layer} passes its ofmaps to ${name} on chip`]);
    if ((shapes.get(layer)?.prevs ?? []).includes(name)) pairs.push([me, k, `${name} passes its ofmaps to ${layer} on chip`]);
  }
  return pairs.map(([a, b, what]) => {
    const [[x1, y1], [x2, y2]] = [mid(a), mid(b)];
    // Stop short of the centres, where the labels and part numbers are.
    const length = Math.hypot(x2 - x1, y2 - y1) || 1;
    const cut = Math.min(length / 3, cell * 0.45) / length;
    return s('line', {
      x1: x1 + (x2 - x1) * cut, y1: y1 + (y2 - y1) * cut, x2: x2 - (x2 - x1) * cut, y2: y2 - (y2 - y1) * cut, 'marker-end': 'url(#node-grid-arrow)',
    }, s('title', {}, what));
  });
}

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
    const svg = gridPicture(ctx, by, select);
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
