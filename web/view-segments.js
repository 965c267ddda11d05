// The pipeline segments of a result (inter-layer pipelining, Tangram): the
// layers of each segment by spatial slot (a part of the node grid each) and
// temporal step, the slots' node counts, and the segment's time. Without
// pipelining every layer is a segment of its own, which a note says.
import { byId, fill, h } from './dom.js';
import { formatCount } from './format.js';
import { segments } from './partition.js';

const shareText = (share) => (share > 0 && share < 0.001 ? '< 0.1%' : `${(100 * share).toFixed(1)}%`);

/** Fills the segments box for `result`; a layer's name is a button that calls onSelect(name). */
export function showSegments(result, onSelect) {
  const all = segments(result);
  const box = byId('segments');
  if (all.every((seg) => seg.slots.length === 1 && seg.slots[0].layers.length === 1)) {
    fill(box, h('p', { class: 'note' }, `No inter-layer pipelining: each of the ${all.length} layers runs alone on the whole node grid (a segment of its own).`));
    return;
  }
  const layer = (name) => h('button', {
    type: 'button', class: 'link', title: `Show the schedule of ${name}`, on: { click: () => onSelect(name) },
  }, name);
  const dram = all.some((seg) => seg.dramTime > 0);
  fill(box, h('div', { class: 'scroll' }, h('table', { class: 'data', 'data-testid': 'segment-table' },
    h('caption', {}, `Pipeline segments (${all.length}): layers in one slot run one after another (→), slots side by side (|) on their own nodes`),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'num' }, 'Segment'),
      h('th', { scope: 'col' }, 'Layers by slot'),
      h('th', { scope: 'col', class: 'num' }, 'Nodes per slot'),
      h('th', { scope: 'col', class: 'num' }, 'Time (cycles)'),
      h('th', { scope: 'col', class: 'num' }, 'Share of the time'),
      dram ? h('th', { scope: 'col', class: 'num', title: 'Time the segment waits for DRAM bandwidth' }, 'DRAM time (cycles)') : null)),
    h('tbody', {}, all.map((seg) => h('tr', { class: seg.slots.length > 1 || seg.slots[0].layers.length > 1 ? 'pipelined' : '' },
      h('td', { class: 'num' }, seg.index + 1),
      h('td', {}, seg.slots.map((slot, k) => [k > 0 ? ' | ' : '', slot.layers.map((n, t) => [t > 0 ? ' → ' : '', layer(n)])])),
      h('td', { class: 'num' }, seg.slots.map((slot) => slot.nodes).join(' + ')),
      h('td', { class: 'num' }, formatCount(seg.time)),
      h('td', { class: 'num' }, shareText(seg.time / result.total_time)),
      dram ? h('td', { class: 'num' }, formatCount(seg.dramTime)) : null))))));
}
