// Why a run has no valid dataflow: the engine's diagnosis (docs/diagnosis.md)
// of the first layer without a schedule, its buffer needs against the run's
// sizes, and a button that applies the engine's smallest change to the form
// and runs it. The page only shows the engine's numbers; it computes none.
import { fill, h } from './dom.js';
import { sizeText } from './fields.js';

/**
 * @typedef {import('./protocol.js').FieldChange} FieldChange
 * @typedef {import('./protocol.js').Diagnosis} Diagnosis
 */

/** "Global buffer per node 16 kB → 24 kB": what a change does, in a person's words. */
export function changeText(/** @type {FieldChange[]} */ change, /** @type {(field: string) => string} */ labelOf) {
  return change.map((c) => (typeof c.to === 'boolean' ? `${labelOf(c.field)} ${c.to ? 'on' : 'off'}`
    : `${labelOf(c.field)} ${sizeText(Number(c.from))} → ${sizeText(c.to)}`)).join(', ');
}

/**
 * Shows `diagnosis` in `box` (hidden when null). `labelOf(field)` names a
 * run field as the form does; `apply(change)` sets the fields and runs.
 */
export function showDiagnosis(
  /** @type {HTMLElement} */ box,
  /** @type {Diagnosis | null} */ diagnosis,
  /** @type {(field: string) => string} */ labelOf,
  /** @type {(change: FieldChange[]) => void} */ apply,
) {
  box.hidden = diagnosis === null || !diagnosis.layer;
  if (box.hidden || diagnosis === null) {
    fill(box);
    return;
  }
  const d = diagnosis;
  const rows = [
    ['gbuf', d.gbuf_have, d.gbuf_need],
    ['regf', d.regf_have, d.regf_need],
  ].filter(([, , need]) => Number(need) >= 0);
  const table = rows.length === 0 ? null : h('table', { class: 'data', 'data-testid': 'diagnosis-needs' },
    h('caption', {}, `What layer ${d.layer} needs, per node (GBUF) and per PE (REGF), ${d.word_bits}-bit words`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Buffer'), h('th', { scope: 'col' }, 'This run has'),
      h('th', { scope: 'col' }, 'The layer needs at least'))),
    h('tbody', {}, ...rows.map(([field, have, need]) => h('tr', { dataset: { field: String(field) } },
      h('th', { scope: 'row' }, labelOf(String(field))),
      h('td', { class: 'num' }, `${sizeText(Number(have))} (${have} B)`),
      h('td', { class: 'num' }, `${sizeText(Number(need))} (${need} B)`)))));
  const what = changeText(d.change, labelOf);
  const outcome = d.change.length === 0 ? h('p', {}, 'No change of the buffer sizes was found that gives it one.')
    : h('p', {}, `Smallest change: ${what}. `, d.verified ? 'With it the whole network has a dataflow.'
      : `With it layer ${d.still_failing} still has no schedule.`);
  const button = d.change.length === 0 ? null : h('button', {
    type: 'button',
    id: 'apply-diagnosis',
    on: { click: () => apply(d.change) },
  }, `Apply: ${what.replace(/^\S/, (c) => c.toLowerCase())}, and run`);
  fill(box,
    h('h3', { id: 'diagnosis-title' }, 'Why there is no dataflow'),
    h('p', { 'data-testid': 'diagnosis-layer' }, 'Layer ', h('strong', {}, d.layer),
      ` (${d.position} of ${d.layer_count} in search order) has no schedule: `, d.reason),
    table,
    outcome,
    button);
}
