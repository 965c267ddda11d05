// The result's headline numbers: total energy, time, operations, energy per
// MAC, DRAM traffic and pipeline segments.
import { byId, fill, h } from './dom.js';
import {
  costsInJoules, formatBytes, formatCompact, formatCount, formatEnergy,
} from './format.js';
import { runsAlone } from './result-model.js';

const stat = (/** @type {string} */ label, /** @type {string} */ value, /** @type {string | null} */ detail, attrs = {}) => h('div', { class: 'stat' },
  h('dt', {}, label),
  h('dd', {}, h('span', { class: 'value', ...attrs }, value), detail ? h('span', { class: 'detail' }, detail) : null));

/**
 * Fills the summary for a result. `wordBits` converts DRAM words to bytes
 * when known (a result file does not say).
 */
export function showSummary(/** @type {import('./result-model.js').Result} */ result, /** @type {number | null} */ wordBits) {
  const joules = costsInJoules(result.costs);
  const { totals, segments } = result;
  const dramWords = totals.accesses.dram;
  const perMac = totals.cost / totals.ops;
  const pipelined = segments.filter((seg) => !runsAlone(seg)).length;
  fill(byId('summary'),
    stat('Total energy', formatEnergy(totals.cost, joules),
      joules ? 'costs are in joules' : 'in the costs\' units (normalized)',
      { 'data-testid': 'total-cost', 'data-value': String(totals.cost), title: String(totals.cost) }),
    stat('Time', `${formatCount(totals.time)} cycles`, null,
      { 'data-testid': 'total-time', 'data-value': String(totals.time) }),
    stat('Operations', `${formatCompact(totals.ops)} MACs`, formatCount(totals.ops)),
    stat('Energy per MAC', formatEnergy(perMac, joules), 'total energy / MACs'),
    stat('DRAM traffic', wordBits ? formatBytes(dramWords * (wordBits / 8)) : `${formatCompact(dramWords)} words`,
      wordBits ? `${formatCompact(dramWords)} words of ${wordBits} bits` : 'word size not in the file'),
    stat('Segments', String(segments.length), pipelined > 0 ? `${pipelined} pipelining several layers` : 'one layer each, no pipelining',
      { 'data-testid': 'segments', 'data-value': String(segments.length) }));
}
