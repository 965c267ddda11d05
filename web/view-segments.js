// The pipeline segments of a result: a timeline (Gantt chart, geometry in
// gantt.js) with one bar per layer on a time axis in cycles, and a table of
// the segments: which layers run together (spatial slots side by side,
// temporal steps one after another), on how many nodes, and how long each
// segment takes (result-model.js reads them). Without pipelining every layer
// is a segment of its own, which a note says.
import { rovingBars } from './bar-focus.js';
import { byId, fill, h, s } from './dom.js';
import { drawAtWidth } from './chart-width.js';
import { CATEGORICAL, inkOn } from './colours.js';
import { formatCompact, formatCount } from './format.js';
import { ganttAxis, ganttOf } from './gantt.js';
import { runsAlone } from './result-model.js';
import { AXIS_HEIGHT, tickCount, topAxis } from './svg-axis.js';
import { scrollBox } from './scroll-region.js';

/** @typedef {import('./gantt.js').GanttBar} GanttBar */

const shareText = (/** @type {number} */ share) => (share > 0 && share < 0.001 ? '< 0.1%' : `${(100 * share).toFixed(1)}%`);
const ROW = 22;
const CHAR = 7;
const MAX_WIDTH = 900;
const slotColour = (/** @type {number} */ slot) => CATEGORICAL[slot % CATEGORICAL.length];
const short = (/** @type {string} */ name, /** @type {number} */ n) => (name.length > n ? `${name.slice(0, Math.max(1, n - 1))}…` : name);

/** What a bar stands for, in words. */
function barText(/** @type {GanttBar} */ bar, /** @type {number} */ segments) {
  const where = bar.slots > 1 ? `slot ${bar.slot + 1} of ${bar.slots}, ` : '';
  const turn = bar.step > 0 ? `after ${bar.step} layer${bar.step > 1 ? 's' : ''} of its slot, ` : '';
  const about = bar.placed ? 'drawn from about cycle' : 'busy from cycle';
  return `${bar.layer}: segment ${bar.segment + 1} of ${segments}, ${where}${turn}${formatCount(bar.nodes)} nodes; `
    + `${about} ${formatCount(bar.start)} to ${formatCount(bar.end)} (${formatCount(bar.end - bar.start)} cycles)`;
}

/** The timeline drawn `width` pixels wide; focusing a bar shows its numbers in `info` and marks its row in the table. */
function ganttChart(/** @type {import('./gantt.js').Gantt} */ gantt, /** @type {number} */ width, /** @type {{
  onSelect: (name: string) => void, info: HTMLElement, table: HTMLElement }} */ { onSelect, info, table }) {
  const gutter = Math.round(Math.min(130, Math.max(70, width * 0.2)));
  const pixels = Math.max(60, width - gutter - 12);
  const axis = ganttAxis(gantt, tickCount(pixels));
  // Long charts repeat the axis underneath, where the last bars are read.
  const twice = gantt.bars.length > 12;
  const plotEnd = AXIS_HEIGHT + gantt.bars.length * ROW + 2;
  const height = plotEnd + (twice ? AXIS_HEIGHT + 4 : 4);
  const x = (/** @type {number} */ t) => gutter + (t / axis.top) * pixels;
  const chars = Math.floor((gutter - 8) / CHAR);
  const count = gantt.segments.length;
  const mark = (/** @type {string | null} */ layer) => {
    for (const tr of table.querySelectorAll('tr[data-layer]')) tr.classList.toggle('marked', /** @type {HTMLElement} */ (tr).dataset.layer === layer);
  };
  return rovingBars(s('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, role: 'group', class: 'gantt', 'data-testid': 'gantt', 'font-size': 12,
    'aria-label': 'Timeline of the layers: one bar per layer from when it starts to when it ends, in cycles (arrow keys move between layers; Enter or click opens the layer\'s schedule)',
  },
  gantt.segments.filter((seg) => seg.pipelined).map((seg) => s('rect', {
    class: 'segment', x: x(seg.start), width: Math.max(1, x(seg.end) - x(seg.start)), y: AXIS_HEIGHT + seg.firstRow * ROW + 1, height: (seg.lastRow - seg.firstRow + 1) * ROW - 2,
  }, s('title', {}, `Segment ${seg.index + 1}: cycles ${formatCount(seg.start)} to ${formatCount(seg.end)}`))),
  topAxis({
    axis, x0: gutter, pixels, y: AXIS_HEIGHT - 4, gridTo: plotEnd, format: formatCompact, title: 'Time (cycles)',
  }),
  twice ? topAxis({
    axis, x0: gutter, pixels, y: plotEnd, gridTo: plotEnd, format: formatCompact, title: 'Time (cycles)', below: true,
  }) : null,
  gantt.bars.map((bar) => {
    const y = AXIS_HEIGHT + bar.row * ROW;
    const x0 = x(bar.start);
    const w = Math.max(2, x(bar.end) - x0);
    const words = barText(bar, count);
    const nodes = `${formatCount(bar.nodes)} nodes`;
    const inside = nodes.length * CHAR + 6 <= w;
    const after = !inside && x0 + w + 4 + nodes.length * CHAR <= width;
    const select = () => onSelect(bar.layer);
    return s('g', {
      class: 'bar clickable',
      tabindex: 0,
      role: 'button',
      'aria-label': `${words}; open its schedule`,
      dataset: { layer: bar.layer },
      on: {
        click: select,
        keydown: (/** @type {KeyboardEvent} */ e) => {
          if (e.key !== 'Enter' && e.key !== ' ') return;
          e.preventDefault();
          select();
        },
        focus: () => {
          fill(info, words);
          mark(bar.layer);
        },
        blur: () => mark(null),
      },
    },
    s('title', {}, words),
    s('rect', {
      class: 'row-hit', x: 0, y, width, height: ROW,
    }),
    s('text', {
      class: 'row-label', x: gutter - 6, y: y + ROW / 2, 'text-anchor': 'end', 'dominant-baseline': 'central',
    }, short(bar.layer, chars)),
    s('rect', {
      class: 'span', x: x0, y: y + 3, width: w, height: ROW - 6, fill: slotColour(bar.slot),
    }),
    bar.slots > 1 && (inside || after) ? s('text', {
      class: 'end-label',
      x: inside ? x0 + w / 2 : x0 + w + 4,
      y: y + ROW / 2,
      'text-anchor': inside ? 'middle' : 'start',
      'dominant-baseline': 'central',
      fill: inside ? inkOn(slotColour(bar.slot)) : undefined,
    }, nodes) : null);
  })), '.bar');
}

/** The numbers of the timeline, one row per layer. */
function ganttTable(/** @type {import('./gantt.js').Gantt} */ gantt, /** @type {(name: string) => void} */ onSelect) {
  return h('table', { class: 'data', 'data-testid': 'gantt-table' },
    h('caption', {}, gantt.bars.some((b) => b.placed)
      ? 'The timeline\'s numbers (cycles; ≈: placed in a segment of several slots)'
      : 'The timeline\'s numbers (cycles)'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Layer'),
      h('th', { scope: 'col', class: 'num' }, 'Segment'),
      h('th', { scope: 'col', class: 'num' }, 'Slot'),
      h('th', { scope: 'col', class: 'num' }, 'Nodes'),
      h('th', { scope: 'col', class: 'num' }, 'Start'),
      h('th', { scope: 'col', class: 'num' }, 'Time'),
      h('th', { scope: 'col', class: 'num' }, 'End'))),
    h('tbody', {}, gantt.bars.map((bar) => h('tr', { dataset: { layer: bar.layer } },
      h('th', { scope: 'row' }, h('button', {
        type: 'button', class: 'link', title: `Show the schedule of ${bar.layer}`, on: { click: () => onSelect(bar.layer) },
      }, bar.layer)),
      h('td', { class: 'num' }, bar.segment + 1),
      h('td', { class: 'num' }, `${bar.slot + 1} of ${bar.slots}`),
      h('td', { class: 'num' }, formatCount(bar.nodes)),
      h('td', { class: 'num' }, `${bar.placed ? '≈ ' : ''}${formatCount(bar.start)}`),
      h('td', { class: 'num' }, formatCount(bar.end - bar.start)),
      h('td', { class: 'num' }, `${bar.placed ? '≈ ' : ''}${formatCount(bar.end)}`)))));
}

/** The segments' table, for results with pipelining. */
function segmentTable(/** @type {import('./result-model.js').Result} */ result, /** @type {(name: string) => void} */ onSelect) {
  const all = result.segments;
  const layer = (/** @type {string} */ name) => h('button', {
    type: 'button', class: 'link', title: `Show the schedule of ${name}`, on: { click: () => onSelect(name) },
  }, name);
  const dram = all.some((seg) => seg.dramTime > 0);
  return scrollBox('Pipeline segments', {}, h('table', { class: 'data', 'data-testid': 'segment-table' },
    h('caption', {}, `Pipeline segments (${all.length}): layers in one slot run one after another (→), slots side by side (|) on their own nodes`),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'num' }, 'Segment'),
      h('th', { scope: 'col' }, 'Layers by slot'),
      h('th', { scope: 'col', class: 'num' }, 'Nodes per slot'),
      h('th', { scope: 'col', class: 'num' }, 'Time (cycles)'),
      h('th', { scope: 'col', class: 'num' }, 'Share of the time'),
      dram ? h('th', { scope: 'col', class: 'num', title: 'Time the segment waits for DRAM bandwidth' }, 'DRAM time (cycles)') : null)),
    h('tbody', {}, all.map((seg) => h('tr', { class: runsAlone(seg) ? '' : 'pipelined' },
      h('td', { class: 'num' }, seg.index + 1),
      h('td', {}, seg.slots.map((slot, k) => [k > 0 ? ' | ' : '', slot.layers.map((n, t) => [t > 0 ? ' → ' : '', layer(n)])])),
      h('td', { class: 'num' }, seg.slots.map((slot) => slot.nodes).join(' + ')),
      h('td', { class: 'num' }, formatCount(seg.time)),
      h('td', { class: 'num' }, shareText(seg.time / result.totals.time)),
      dram ? h('td', { class: 'num' }, formatCount(seg.dramTime)) : null)))));
}

/** Fills the segments box for a result; a layer's name or bar is a button that calls onSelect(name). */
export function showSegments(/** @type {import('./result-model.js').Result} */ result, /** @type {(name: string) => void} */ onSelect) {
  const all = result.segments;
  const pipelined = !all.every(runsAlone);
  const gantt = ganttOf(result);
  const slots = Math.max(...gantt.bars.map((b) => b.slots));
  const chart = h('div', { class: 'chart gantt-chart' });
  const info = h('p', { class: 'note gantt-info', 'aria-live': 'polite' }, 'Tab to the bars and move with the arrow keys for each layer\'s numbers; Enter opens the layer\'s schedule.');
  const table = ganttTable(gantt, onSelect);
  fill(byId('segments'),
    h('h3', { class: 'chart-title' }, `Timeline: ${formatCount(gantt.total)} cycles`),
    pipelined
      ? h('ul', { class: 'legend', 'aria-label': 'Colours of the timeline' },
        Array.from({ length: slots }, (_, k) => h('li', {}, h('span', { class: 'swatch', style: `background:${slotColour(k)}` }), `slot ${k + 1}`)),
        h('li', {}, h('span', { class: 'swatch segment' }), 'pipelined segment'))
      : null,
    h('p', { class: 'note' }, pipelined
      ? 'Segments run one after another (dashed: pipelined). In a segment of several slots each slot has its own nodes and its layers take turns on them; a bar is the layer\'s own time. The result does not say when such a slot starts, so the first is drawn from the segment\'s start and the last up to its end (≈ in the table).'
      : `No inter-layer pipelining: each of the ${all.length} layers runs alone on the whole node grid (a segment of its own), one after another.`),
    h('div', { class: 'chart-with-table' }, h('div', { class: 'gantt-column' }, chart, info), scrollBox('Timeline numbers', { class: 'tall' }, table)),
    pipelined ? segmentTable(result, onSelect) : null);
  drawAtWidth(byId('panel-layers'), chart, (panel) => fill(chart, ganttChart(gantt, Math.min(panel, MAX_WIDTH), { onSelect, info, table })));
}
