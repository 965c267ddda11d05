// The result's headline numbers: total energy, time, operations, energy per
// MAC, DRAM traffic and pipeline segments.
import { byId, fill, h } from './dom.js';
import {
  costsInJoules, formatBytes, formatCompact, formatCount, formatEnergy,
} from './format.js';
import { segments } from './partition.js';

const stat = (label, value, detail, attrs = {}) => h('div', { class: 'stat' },
  h('dt', {}, label),
  h('dd', {}, h('span', { class: 'value', ...attrs }, value), detail ? h('span', { class: 'detail' }, detail) : null));

/**
 * Fills the summary for `result` (a result document). `wordBits` converts
 * DRAM words to bytes when known (a result file does not say).
 */
export function showSummary(result, wordBits) {
  const joules = costsInJoules(result.cost);
  const dramWords = result.total_accesses[0];
  const perMac = result.total_cost / result.total_ops;
  const segs = segments(result);
  const pipelined = segs.filter((seg) => seg.slots.length > 1 || seg.slots[0].layers.length > 1).length;
  fill(byId('summary'),
    stat('Total energy', formatEnergy(result.total_cost, joules),
      joules ? 'costs are in joules' : 'in the costs\' units (normalized)',
      { 'data-testid': 'total-cost', 'data-value': String(result.total_cost), title: String(result.total_cost) }),
    stat('Time', `${formatCount(result.total_time)} cycles`, null,
      { 'data-testid': 'total-time', 'data-value': String(result.total_time) }),
    stat('Operations', `${formatCompact(result.total_ops)} MACs`, formatCount(result.total_ops)),
    stat('Energy per MAC', formatEnergy(perMac, joules), 'total energy / MACs'),
    stat('DRAM traffic', wordBits ? formatBytes(dramWords * (wordBits / 8)) : `${formatCompact(dramWords)} words`,
      wordBits ? `${formatCompact(dramWords)} words of ${wordBits} bits` : 'word size not in the file'),
    stat('Segments', String(segs.length), pipelined > 0 ? `${pipelined} pipelining several layers` : 'one layer each, no pipelining',
      { 'data-testid': 'segments', 'data-value': String(segs.length) }));
}
