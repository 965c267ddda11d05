// The result's headline numbers: total energy, time, operations, energy per
// MAC, DRAM traffic and pipeline segments.
import { byId, fill, h } from './dom.js';
import {
  costsInJoules, formatBytes, formatCompact, formatCount, formatEnergy,
} from './format.js';
import { runsAlone } from './result-model.js';
import { opsAreMacs } from './vocabulary.js';

const stat = (/** @type {string} */ label, /** @type {string} */ value, /** @type {string | null} */ detail, attrs = {}) => h('div', { class: 'stat' },
  h('dt', {}, label),
  h('dd', {}, h('span', { class: 'value', ...attrs }, value), detail ? h('span', { class: 'detail' }, detail) : null));

/**
 * The ops of the layers whose ops are not MACs (softmax, layernorm, gelu:
 * docs/extensions.md), by the engine's layer types; 0 while they are unknown.
 */
export function nonMacOps(/** @type {import('./result-model.js').Result} */ result, /** @type {Map<string, {type: string}>} */ shapes) {
  let ops = 0;
  for (const l of result.layers) {
    const type = shapes.get(l.name)?.type;
    if (type !== undefined && !opsAreMacs(type)) ops += l.ops;
  }
  return ops;
}

/**
 * Fills the summary for a result. `wordBits` converts DRAM words to bytes
 * when known (a result file does not say). `otherOps`: the ops among the
 * total that are not MACs (nonMacOps), shown apart.
 */
export function showSummary(/** @type {import('./result-model.js').Result} */ result, /** @type {number | null} */ wordBits, otherOps = 0) {
  const joules = costsInJoules(result.costs);
  const { totals, segments } = result;
  const dramWords = totals.accesses.dram;
  const macs = totals.ops - otherOps;
  const perMac = totals.cost / macs;
  const pipelined = segments.filter((seg) => !runsAlone(seg)).length;
  fill(byId('summary'),
    stat('Total energy', formatEnergy(totals.cost, joules),
      joules ? 'costs are in joules' : 'in the costs\' units (normalized)',
      { 'data-testid': 'total-cost', 'data-value': String(totals.cost), title: String(totals.cost) }),
    stat('Time', `${formatCount(totals.time)} cycles`, null,
      { 'data-testid': 'total-time', 'data-value': String(totals.time) }),
    stat('Operations', `${formatCompact(macs)} MACs`,
      otherOps > 0 ? `${formatCount(macs)}, and ${formatCompact(otherOps)} ops of softmax, layernorm and gelu` : formatCount(macs)),
    stat('Energy per MAC', formatEnergy(perMac, joules), 'total energy / MACs'),
    stat('DRAM traffic', wordBits ? formatBytes(dramWords * (wordBits / 8)) : `${formatCompact(dramWords)} words`,
      wordBits ? `${formatCompact(dramWords)} words of ${wordBits} bits` : 'word size not in the file'),
    stat('Segments', String(segments.length), pipelined > 0 ? `${pipelined} pipelining several layers` : 'one layer each, no pipelining',
      { 'data-testid': 'segments', 'data-value': String(segments.length) }));
}
