// The geometry of the pipeline timeline (view-segments.js draws it): when
// each layer is busy, from the result's own times. Segments run one after
// another, each as long as its segment time. Inside a segment each spatial
// slot has its own node region; the layers of one slot take turns on it
// (temporal steps), each for its own time.
//
// The result gives each layer's time on its nodes and each segment's time,
// not when inside a segment of several slots a slot starts: that depends on
// how the engine forwards batch groups between slots, which may overlap the
// slots fully, partly or not at all (Tangram 8x8's fc1 | fc2 take turns).
// So in such a segment the bars are placed, not measured: the first slot
// starts with the segment, the last ends with it, and the slots between are
// spaced evenly, the order of a pipeline. Such bars are marked `placed`. The
// slots' layers always fit in their segment's time (the engine's segment
// time is at least each slot's sum of layer times; tests check it).
import { niceAxis } from './chart-scale.js';

/**
 * @typedef {import('./result-model.js').Result} Result
 * @typedef {object} GanttBar
 * @property {string} layer
 * @property {number} row       The layer's row, its position in the schedule.
 * @property {number} segment   From 0.
 * @property {number} slot      Its spatial slot (node region) in the segment, from 0.
 * @property {number} step      Its temporal step in the slot, from 0.
 * @property {number} slots     How many slots its segment has.
 * @property {number} nodes     Nodes of its slot.
 * @property {number} start     Cycles from the start of the network.
 * @property {number} end
 * @property {boolean} placed  Its start is the chart's choice (a segment of several slots), not the result's.
 * @typedef {{index: number, start: number, end: number, firstRow: number, lastRow: number, pipelined: boolean}} GanttSegment
 * @typedef {{bars: GanttBar[], segments: GanttSegment[], total: number}} Gantt
 */

/**
 * The timeline of a result: one bar per layer in schedule order, and each
 * segment's span.
 * @returns {Gantt}
 */
export function ganttOf(/** @type {Result} */ result) {
  const timeOf = new Map(result.layers.map((l) => [l.name, l.time]));
  const rowOf = new Map(result.layers.map((l) => [l.name, l.index]));
  /** @type {GanttBar[]} */
  const bars = [];
  /** @type {GanttSegment[]} */
  const segments = [];
  let start = 0;
  for (const seg of result.segments) {
    const n = seg.slots.length;
    seg.slots.forEach((slot, k) => {
      const busy = slot.layers.reduce((sum, layer) => sum + (timeOf.get(layer) ?? 0), 0);
      const slack = Math.max(0, seg.time - busy);
      let at = start + (n > 1 ? Math.round((slack * k) / (n - 1)) : 0);
      slot.layers.forEach((layer, step) => {
        const time = timeOf.get(layer) ?? 0;
        bars.push({
          layer, row: rowOf.get(layer) ?? 0, segment: seg.index, slot: k, step, slots: n, nodes: slot.nodes, start: at, end: at + time, placed: n > 1,
        });
        at += time;
      });
    });
    const rows = seg.slots.flatMap((slot) => slot.layers.map((n) => rowOf.get(n) ?? 0));
    segments.push({
      index: seg.index,
      start,
      end: start + seg.time,
      firstRow: Math.min(...rows),
      lastRow: Math.max(...rows),
      pipelined: seg.slots.length > 1 || seg.slots[0].layers.length > 1,
    });
    start += seg.time;
  }
  bars.sort((a, b) => a.row - b.row);
  return { bars, segments, total: start };
}

/** The time axis of a timeline. */
export const ganttAxis = (/** @type {Gantt} */ gantt, count = 5) => niceAxis(gantt.total, count);
