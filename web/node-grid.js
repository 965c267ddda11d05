// The node grid of a layer as SVG, for the layer detail (view-partition.js):
// the layer's nodes coloured by part, the other layers of its pipeline
// segment, the memory (vaults or corner channels, with schematic links) and
// arrows where fmaps pass on chip. One tab stop: arrow keys move between
// nodes (roving tabindex).
import { inkOn, itemColour } from './colours.js';
import { s } from './dom.js';
import {
  allocate, nodeRegion, partCount, regionNodes, segments,
} from './partition.js';

/** A node's key, 'row,col'. */
export const at = ([row, col]) => `${row},${col}`;

/** The slots of the layer's segment, their regions, and where the other slots' layers run (node key -> their names). */
export function neighbours(result, name) {
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

/**
 * The grid as SVG: the layer's nodes coloured by parallelism `by` (null: one
 * colour) with their part numbers, memory, links, the other slots of the
 * segment and pipeline arrows. `describe(node)` gives a node's text (its
 * tooltip and accessible name); focusing a node calls onFocusNode(node), a
 * click or Enter onFocusNode(node, true).
 */
export function gridPicture(ctx, by, describe, onFocusNode) {
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
    const text = describe(n);
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
