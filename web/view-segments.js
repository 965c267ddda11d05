// The pipeline segments of a result: which layers run together (spatial
// slots side by side, temporal steps one after another), on how many nodes,
// and how long each segment takes (result-model.js reads them). Without
// pipelining every layer is a segment of its own, which a note says.
import { byId, fill, h } from './dom.js';
import { formatCount } from './format.js';
import { runsAlone } from './result-model.js';

const shareText = (/** @type {number} */ share) => (share > 0 && share < 0.001 ? '< 0.1%' : `${(100 * share).toFixed(1)}%`);

/** Fills the segments box for a result; a layer's name is a button that calls onSelect(name). */
export function showSegments(/** @type {import('./result-model.js').Result} */ result, /** @type {(name: string) => void} */ onSelect) {
  const all = result.segments;
  const box = byId('segments');
  if (all.every(runsAlone)) {
    fill(box, h('p', { class: 'note' }, `No inter-layer pipelining: each of the ${all.length} layers runs alone on the whole node grid (a segment of its own).`));
    return;
  }
  const layer = (/** @type {string} */ name) => h('button', {
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
    h('tbody', {}, all.map((seg) => h('tr', { class: runsAlone(seg) ? '' : 'pipelined' },
      h('td', { class: 'num' }, seg.index + 1),
      h('td', {}, seg.slots.map((slot, k) => [k > 0 ? ' | ' : '', slot.layers.map((n, t) => [t > 0 ? ' → ' : '', layer(n)])])),
      h('td', { class: 'num' }, seg.slots.map((slot) => slot.nodes).join(' + ')),
      h('td', { class: 'num' }, formatCount(seg.time)),
      h('td', { class: 'num' }, shareText(seg.time / result.totals.time)),
      dram ? h('td', { class: 'num' }, formatCount(seg.dramTime)) : null))))));
}
