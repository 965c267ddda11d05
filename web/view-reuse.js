// A layer's data reuse, as the engine explains it (explain's reuse,
// docs/explain.md): accesses and MACs per access per memory level and data
// category, the buffers' fill against their capacity (bars with an axis in
// words, and their numbers in a table), the DRAM traffic and the time split.
import { CATEGORICAL } from './colours.js';
import { h, s } from './dom.js';
import { formatBytes, formatCompact, formatCount } from './format.js';
import { LEVELS, dataOf, peRowWord } from './vocabulary.js';
import { scrollBox } from './scroll-region.js';

/**
 * @typedef {import('./result-model.js').Reuse} Reuse
 * @typedef {import('./result-model.js').BufferFill} BufferFill
 * @typedef {import('./vocabulary.js').DataCategory} DataCategory
 */

const reuseText = (/** @type {number} */ r) => (r >= 100 ? formatCount(r) : String(Number(r.toPrecision(3))));

/** Accesses and reuse: a row per level, two columns per data category. */
function accessTable(/** @type {Reuse} */ reuse, /** @type {readonly DataCategory[]} */ DATA) {
  return scrollBox('Accesses and reuse', {}, h('table', { class: 'data reuse-table', 'data-testid': 'reuse-table' },
    h('caption', {}, `Accesses of all ${reuse.numNodes} node${reuse.numNodes > 1 ? 's' : ''} and reuse (MACs per access; ${formatCompact(reuse.ops)} MACs)`),
    h('thead', {},
      h('tr', {}, h('td', {}), DATA.map((d) => h('th', { scope: 'colgroup', colspan: 2 }, d.label))),
      h('tr', {}, h('th', { scope: 'col' }, 'Level'), DATA.map(() => [h('th', { scope: 'col', class: 'num' }, 'accesses'), h('th', { scope: 'col', class: 'num' }, 'reuse')]))),
    h('tbody', {}, LEVELS.map((level) => h('tr', { 'data-level': level.name },
      h('th', { scope: 'row' }, level.name === level.label ? level.name : `${level.name} (${level.label})`),
      DATA.map((d) => {
        const row = reuse.access.find((a) => a.level === level.name && a.data === d.key);
        const access = row?.access ?? 0;
        return [h('td', { class: 'num', 'data-data': d.key, 'data-access': access }, formatCount(access)),
          h('td', { class: 'num' }, access > 0 ? reuseText(row?.reuse ?? 0) : '–')];
      }))))));
}

/** One buffer's fill as a bar against its capacity, stacked by data category, with an axis in words. */
function fillBar(/** @type {BufferFill} */ buffer, /** @type {readonly DataCategory[]} */ DATA) {
  const width = 360;
  const left = 4;
  const barH = 18;
  const scale = buffer.capacity > 0 ? (width - 2 * left) / buffer.capacity : 0;
  let x = left;
  const parts = DATA.map((d, i) => {
    const words = buffer.words[d.key] ?? 0;
    const w = words * scale;
    const rect = s('rect', { x, y: 2, width: w, height: barH, fill: CATEGORICAL[i] }, s('title', {}, `${d.long}: ${formatCount(words)} words`));
    x += w;
    return rect;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const tx = left + f * (width - 2 * left);
    return s('g', {}, s('line', { x1: tx, y1: barH + 2, x2: tx, y2: barH + 6, class: 'tick' }),
      s('text', { x: tx, y: barH + 17, 'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle', class: 'tick-label' }, formatCompact(f * buffer.capacity)));
  });
  const share = buffer.capacity > 0 ? (100 * buffer.total) / buffer.capacity : 0;
  return h('figure', { class: 'fill-bar' },
    s('svg', {
      viewBox: `0 0 ${width} ${barH + 22}`, width, height: barH + 22, role: 'img',
      'aria-label': `${buffer.level} of one ${buffer.per}: ${buffer.total} of ${buffer.capacity} words`,
    },
    s('rect', { x: left, y: 2, width: width - 2 * left, height: barH, class: 'capacity' }),
    parts, ticks),
    h('figcaption', {}, `${buffer.level}, one ${buffer.per}: ${formatCount(buffer.total)} of ${formatCount(buffer.capacity)} words (${share.toFixed(1)}%)`));
}

/** The buffers' numbers, beside their bars. */
function bufferTable(/** @type {Reuse} */ reuse, /** @type {readonly DataCategory[]} */ DATA) {
  return scrollBox('Buffer occupancy', {}, h('table', { class: 'data', 'data-testid': 'buffer-table' },
    h('caption', {}, 'Buffer occupancy (words)'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Buffer'),
      DATA.map((d, i) => h('th', { scope: 'col', class: 'num' }, h('span', { class: 'swatch', style: `background:${CATEGORICAL[i]}` }), ` ${d.label}`)),
      h('th', { scope: 'col', class: 'num' }, 'Total'), h('th', { scope: 'col', class: 'num' }, 'Capacity'))),
    h('tbody', {}, reuse.buffers.map((b) => h('tr', { 'data-level': b.level, 'data-total': b.total, 'data-capacity': b.capacity },
      h('th', { scope: 'row' }, `${b.level} (one ${b.per})`),
      DATA.map((d) => h('td', { class: 'num' }, formatCount(b.words[d.key] ?? 0))),
      h('td', { class: 'num' }, formatCount(b.total)),
      h('td', { class: 'num' }, formatCount(b.capacity)))))));
}

/** The data-reuse panel; `type` names the data categories in the layer type's words (a matmul's right operand). */
export function reuseSection(/** @type {Reuse} */ reuse, /** @type {string | undefined} */ type = undefined) {
  const DATA = dataOf(type);
  const t = reuse.time;
  const sharing = reuse.gbufSharing.some((n) => n > 1)
    ? h('p', { class: 'note' }, `Buffer sharing: ${DATA[0].long}, ifmaps and ofmaps are spread over ${reuse.gbufSharing.join(', ')} nodes' buffers; the GBUF bar is one node's part.`)
    : '';
  return [
    h('p', {}, `Reuse is MACs per access: how many times a word fetched at a level is used. Row stationary keeps ${peRowWord(type, 'filter')}s in the register files and lets ifmap rows and partial sums flow between PEs, so most accesses stay at the cheap levels (REGF, then the array interconnect ITCN).`),
    accessTable(reuse, DATA),
    h('div', { class: 'chart-with-table' },
      h('div', { class: 'fill-bars' }, reuse.buffers.map((b) => fillBar(b, DATA))),
      bufferTable(reuse, DATA)),
    sharing,
    reuse.remoteGbufAccess.some((n) => n > 0)
      ? h('p', { class: 'note' }, `On-chip pipelining: ${DATA.map((d, i) => `${formatCount(reuse.remoteGbufAccess[i])} ${d.long}`).join(', ')} `
        + 'accesses go to the global buffers of the neighbouring layer\'s nodes instead of DRAM.')
      : '',
    h('p', { 'data-testid': 'reuse-dram' },
      `DRAM traffic: ${formatCount(reuse.dram.words)} words = ${formatBytes(reuse.dram.bytes)} (${reuse.dram.wordBits}-bit words).`),
    h('p', { 'data-testid': 'reuse-time' },
      `Time: ${formatCount(t.cycles)} cycles = ${formatCount(t.compute)} computing + ${formatCount(t.memory)} waiting for memory`
      + ` (array bus ${formatCount(t.bus)}, DRAM ${formatCount(t.dram)} cycles); bound by ${t.bound}.`),
  ];
}
