// The node grid of a layer as SVG, for the layer detail (view-partition.js):
// the layer's nodes coloured by part, the other layers of its pipeline
// segment, the memory (vaults or corner channels, with schematic links) and
// arrows where fmaps pass on chip. One tab stop: arrow keys move between
// nodes (roving tabindex).
import { inkOn, itemColour } from './colours.js';
import { s } from './dom.js';

/**
 * @typedef {import('./result-model.js').Coord} Coord
 * @typedef {import('./result-model.js').NodeShare} NodeShare
 * @typedef {import('./result-model.js').Result} Result
 * @typedef {import('./result-model.js').Partition} Partition
 * @typedef {import('./vocabulary.js').PartitionKey} PartitionKey
 * @typedef {{layers: string[], nodes: Coord[] | null}} Slot  A spatial slot of the segment and the nodes it runs on (null: unknown).
 * @typedef {object} GridContext  What the picture shows.
 * @property {Result} result
 * @property {string} name            The layer.
 * @property {Partition} partition
 * @property {NodeShare[]} nodes      The layer's nodes (the engine's).
 * @property {Coord[]} regionNodes   The nodes of its region (the engine's).
 * @property {{channels: Coord[], stacked: boolean}} memory  The memory channels' nodes (the engine's).
 * @property {{slots: Slot[], mySlot: number, others: Map<string, string>}} segment
 *   The slots of its segment, its own, and the other layers' names by node key.
 * @property {Map<string, {prevs?: string[]}>} shapes  The network's layers, for which passes fmaps to which.
 * @property {import('./result-model.js').Passes | null} [passes]  The layer's pass loop (the engine's): every node runs all passes.
 */

/** A node's key, 'row,col'. */
export const at = (/** @type {Coord} */ { row, col }) => `${row},${col}`;

/** @typedef {{cell: number, x: (col: number) => number, y: (row: number) => number, centre: (c: Coord) => [number, number]}} Place */

/**
 * The memory on the grid: a vault on every node (3D), or channels outside
 * the grid's corners (2D) with a schematic line from each of the layer's
 * nodes to its nearest channel. The second argument places nodes: {cell, x, y, centre}.
 */
function memoryMarks(/** @type {GridContext} */ { nodes, result, memory: { channels, stacked } }, /** @type {Place} */ {
  cell, x, y, centre,
}) {
  if (stacked) {
    if (cell < 30) return { memory: [], links: [] };  // Too small to mark: the caption and legend say it.
    const v = Math.max(4, Math.round(cell * 0.22));
    return {
      memory: channels.map((c) => s('rect', {
        x: x(c.col) + cell - v - 2, y: y(c.row) + 2, width: v, height: v, class: 'vault',
      }, s('title', {}, `Memory vault above node (row ${c.row}, column ${c.col})`))),
      links: [],
    };
  }
  const m = Math.round(cell * 0.55);
  const perRow = result.dramRegion.size.cols;
  // A channel sits outside the corner of its node that its place in the 2x2 DRAM region names.
  const spot = (/** @type {Coord} */ c, /** @type {number} */ k) => {
    const [top, left] = [Math.floor(k / perRow) === 0, k % perRow === 0];
    return [left ? x(c.col) - m - 3 : x(c.col) + cell + 3, top ? y(c.row) - m - 3 : y(c.row) + cell + 3];
  };
  const memory = channels.map((c, k) => {
    const [mx, my] = spot(c, k);
    return s('g', { class: 'channel' }, s('rect', {
      x: mx, y: my, width: m, height: m,
    }),
    s('text', {
      x: mx + m / 2, y: my + m / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central',
    }, 'M'),
    s('title', {}, `Memory channel ${k + 1}, at node (row ${c.row}, column ${c.col})`));
  });
  const hops = (/** @type {Coord} */ a, /** @type {Coord} */ b) => Math.abs(a.row - b.row) + Math.abs(a.col - b.col);
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
export function gridPicture(/** @type {GridContext} */ ctx, /** @type {PartitionKey | null} */ by, /** @type {(node: NodeShare) => string} */ describe, /** @type {(node: NodeShare, chosen?: boolean) => void} */ onFocusNode) {
  const { result, name, nodes } = ctx;
  const proc = result.procRegion;
  const { rows, cols } = proc.size;
  const cell = Math.max(14, Math.min(52, Math.floor(360 / Math.max(rows, cols))));
  const { stacked } = ctx.memory;
  const pad = stacked ? 4 : Math.round(cell * 0.7) + 6;
  const x = (/** @type {number} */ col) => pad + (col - proc.origin.col) * cell;
  const y = (/** @type {number} */ row) => pad + (row - proc.origin.row) * cell;
  const centre = (/** @type {Coord} */ c) => /** @type {[number, number]} */ ([x(c.col) + cell / 2, y(c.row) + cell / 2]);
  const width = pad * 2 + cols * cell;
  const height = pad * 2 + rows * cell;
  const count = by === null ? 1 : ctx.partition.dims[by].count;
  const colour = (/** @type {NodeShare} */ node) => (node.idle ? '#ffffff' : itemColour(by === null ? 0 : node.position[by], count));
  const { others, slots, mySlot } = ctx.segment;
  const mine = new Set(ctx.regionNodes.map(at));
  const used = new Set(nodes.map((n) => at(n.coord)));
  /** @type {Coord[]} */
  const grid = [];
  for (let r = 0; r < rows; r += 1) for (let c = 0; c < cols; c += 1) grid.push({ row: proc.origin.row + r, col: proc.origin.col + c });

  const background = grid.filter((c) => !used.has(at(c))).map((c) => {
    const other = others.get(at(c));
    const what = other ? `other layers of the segment: ${other}` : mine.has(at(c)) ? `${name}'s region, no part of its partition` : 'not used by this segment';
    return s('rect', {
      x: x(c.col) + 1, y: y(c.row) + 1, width: cell - 2, height: cell - 2, class: other ? 'other' : 'free',
    }, s('title', {}, `Node (row ${c.row}, column ${c.col}): ${what}`));
  });

  const { memory, links } = memoryMarks(ctx, {
    cell, x, y, centre,
  });

  const arrows = pipelineArrows(ctx, centre, cell);
  const slotLabels = slots.map((slot, k) => {
    if (k === mySlot || !slot.nodes) return null;
    const [lx, ly] = centre(nearestToMiddle(slot.nodes));
    const text = slot.layers.join(' → ');
    return s('text', {
      x: lx, y: ly, class: 'slot-label', 'text-anchor': 'middle', 'dominant-baseline': 'central',
    }, text.length > 24 ? `${text.slice(0, 23)}…` : text);
  });
  const labels = cell >= 20;
  const passes = ctx.passes && ctx.passes.count > 1 ? ctx.passes.count : 0;
  const nodeMarks = nodes.map((n) => {
    const fill = colour(n);
    const text = describe(n);
    return s('g', {
      class: n.idle ? 'node idle' : 'node', tabindex: -1, role: 'button', 'aria-label': text,
      dataset: passes && !n.idle ? { at: at(n.coord), passes } : { at: at(n.coord) },
      on: { focus: () => onFocusNode(n), click: () => onFocusNode(n, true) },
    },
    s('rect', {
      x: x(n.coord.col) + 1, y: y(n.coord.row) + 1, width: cell - 2, height: cell - 2, fill, class: 'cell',
    }),
    labels && by !== null ? s('text', {
      x: x(n.coord.col) + cell / 2, y: y(n.coord.row) + cell / 2, fill: n.idle ? '#000000' : inkOn(fill), 'text-anchor': 'middle', 'dominant-baseline': 'central',
    }, n.idle ? '–' : n.position[by]) : null,
    // The pass loop: every node runs all passes (the legend says so when the cells are too small for the mark).
    passes && !n.idle && cell >= 30 ? s('text', {
      x: x(n.coord.col) + cell - 3, y: y(n.coord.row) + cell - 3, fill: inkOn(fill), 'text-anchor': 'end', class: 'pass-mark', 'aria-hidden': 'true',
    }, `×${passes}`) : null,
    s('title', {}, text));
  });
  if (nodeMarks.length) nodeMarks[0].setAttribute('tabindex', '0');

  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, class: 'node-grid', role: 'group',
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
  svg.addEventListener('keydown', (event) => moveFocus(/** @type {KeyboardEvent} */ (event), nodeMarks, nodes));
  return svg;
}

/** The node of `coords` nearest their mean: where a region's label goes (a folded region's mean may lie outside it). */
function nearestToMiddle(/** @type {Coord[]} */ coords) {
  const mean = {
    row: coords.reduce((t, c) => t + c.row, 0) / coords.length,
    col: coords.reduce((t, c) => t + c.col, 0) / coords.length,
  };
  const away = (/** @type {Coord} */ c) => Math.abs(c.row - mean.row) + Math.abs(c.col - mean.col);
  return coords.reduce((best, c) => (away(c) < away(best) ? c : best));
}

/** Arrow keys move focus to the nearest node in that direction; Home and End to the first and last. */
function moveFocus(/** @type {KeyboardEvent} */ event, /** @type {Element[]} */ marks, /** @type {NodeShare[]} */ nodes) {
  const from = marks.indexOf(/** @type {Element} */ (/** @type {Element} */ (event.target).closest?.('.node')));
  if (from < 0) return;
  const { row: r0, col: c0 } = nodes[from].coord;
  const step = /** @type {Record<string, {down: number, right: number}>} */ ({
    ArrowUp: { down: -1, right: 0 }, ArrowDown: { down: 1, right: 0 }, ArrowLeft: { down: 0, right: -1 }, ArrowRight: { down: 0, right: 1 },
  })[event.key];
  let to = -1;
  if (step) {
    let best = Infinity;
    nodes.forEach(({ coord: { row: r, col: c } }, i) => {
      const along = (r - r0) * step.down + (c - c0) * step.right;
      const across = Math.abs((r - r0) * step.right) + Math.abs((c - c0) * step.down);
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
  /** @type {SVGElement} */ (marks[to]).focus();
}

/** Arrows from the regions of this layer's predecessors in the segment (fmaps passed on chip) and to its successors. */
function pipelineArrows(/** @type {GridContext} */ { name, shapes, segment: { slots, mySlot } }, /** @type {Place['centre']} */ centre, /** @type {number} */ cell) {
  if (slots.length < 2) return [];
  const slotOf = new Map(slots.flatMap((slot, k) => slot.layers.map((l) => /** @type {[string, number]} */ ([l, k]))));
  const mid = (/** @type {number} */ k) => centre(nearestToMiddle(/** @type {Coord[]} */ (slots[k].nodes)));
  const me = mySlot;
  /** @type {[number, number, string][]} */
  const pairs = [];
  for (const [layer, k] of slotOf) {
    if (k === me || !slots[k].nodes || !slots[me].nodes) continue;
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
