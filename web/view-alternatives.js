// "Why this schedule": on request, the engine runs the layer's search again
// under the conditions the result gave the layer and answers its N best
// schedules (core/api/alternatives.h, docs/alternatives.md); this shows them
// against the best: energy and time deltas, and what each changes.
import { fill, h } from './dom.js';
import { formatCount, formatEnergy } from './format.js';
import { scrollBox } from './scroll-region.js';

/**
 * @typedef {{field: string, label: string, winner: any, alternative: any}} Difference
 * @typedef {object} AlternativeRow
 * @property {number} rank  From 1.
 * @property {boolean} is_result  The result's own schedule of the layer.
 * @property {number} cost
 * @property {number} time  Cycles.
 * @property {number} cost_delta  Against rank 1.
 * @property {number} time_delta
 * @property {Difference[]} differences  The choices that differ from rank 1.
 * @typedef {object} Alternatives  The engine's answer (docs/alternatives.md).
 * @property {string} layer
 * @property {number} result_cost
 * @property {number} result_time
 * @property {number | null} result_rank
 * @property {boolean} reproduced
 * @property {string[]} notes
 * @property {{topbat: number, topifm: number, topofm: number, layer_pipeline: boolean}} constraint
 *   The segment's pipelining constraint it was searched under (0: free).
 * @property {AlternativeRow[]} alternatives
 * @typedef {(n: number, seconds: number) => Promise<Alternatives>} AskAlternatives
 */

/** How many schedules the button asks for. */
export const ALTERNATIVES_COUNT = 5;
/** The engine stops the layer's search after this many seconds (it blocks the tools worker). */
export const ALTERNATIVES_SECONDS = 30;

/** A choice's value for people: lists as `a, b` (loops outermost first), node counts as `2×4`, per-data maps as `filters 2, …`. */
function valueText(/** @type {any} */ v) {
  if (Array.isArray(v)) {
    if (v.length === 0) return 'none';
    return v.every((x) => typeof x === 'number') && v.length === 2 ? `${v[0]}×${v[1]}` : v.join(', ');
  }
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k} ${x}`).join(', ');
  return String(v);
}

/** A delta with its sign. */
const signed = (/** @type {number} */ v, /** @type {(x: number) => string} */ format) => (v > 0 ? `+${format(v)}` : v < 0 ? `−${format(-v)}` : '0');

/** What an alternative changes against rank 1, one item per choice. */
function differences(/** @type {AlternativeRow} */ row) {
  if (row.rank === 1) return h('span', { class: 'note' }, 'The best schedule of the layer search.');
  if (row.differences.length === 0) return 'none of the choices listed (another row-stationary mapping of the node’s part).';
  return h('ul', { class: 'differences' }, row.differences.map((d) => h('li', {},
    h('span', { title: d.field }, d.label), ': ', h('code', {}, valueText(d.winner)), h('span', { class: 'arrow' }, ' → '), h('code', {}, valueText(d.alternative)))));
}

/** A row of numbers per alternative, and under it a row of what it changes. */
function table(/** @type {Alternatives} */ a, /** @type {boolean} */ joules) {
  const best = a.alternatives[0];
  const columns = 6;
  return h('table', { class: 'data alternatives', 'data-testid': 'alternatives-table' },
    h('caption', {}, a.alternatives.length === 1 ? `The only schedule the layer search finds for ${a.layer}`
      : `The ${a.alternatives.length} best schedules of ${a.layer}, against rank 1 (a difference reads rank 1 → this one)`),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'num' }, 'Rank'),
      h('th', { scope: 'col', class: 'num' }, 'Energy'),
      h('th', { scope: 'col', class: 'num' }, 'Δ energy'),
      h('th', { scope: 'col', class: 'num' }, 'Δ %'),
      h('th', { scope: 'col', class: 'num' }, 'Time (cycles)'),
      h('th', { scope: 'col', class: 'num' }, 'Δ time'))),
    a.alternatives.map((row) => h('tbody', { class: row.is_result ? 'is-result' : null },
      h('tr', { dataset: { cost: String(row.cost), rank: String(row.rank) } },
        h('th', { scope: 'row', class: 'num' }, String(row.rank), row.is_result ? h('span', { class: 'note badge' }, 'the result’s') : ''),
        h('td', { class: 'num' }, formatEnergy(row.cost, joules)),
        h('td', { class: 'num' }, row.rank === 1 ? '—' : `${signed(row.cost_delta, (x) => formatEnergy(x, joules))}${row.cost_delta === 0 ? ' (a tie)' : ''}`),
        h('td', { class: 'num' }, row.rank === 1 ? '—' : `${signed(best.cost ? (100 * row.cost_delta) / best.cost : 0, (x) => x.toFixed(2))} %`),
        h('td', { class: 'num' }, formatCount(row.time)),
        h('td', { class: 'num' }, row.rank === 1 ? '—' : signed(row.time_delta, formatCount))),
      h('tr', { class: 'differs' }, h('td', { colspan: columns }, row.rank === 1 ? '' : h('span', { class: 'note' }, 'Differs: '), differences(row))))));
}

function summary(/** @type {Alternatives} */ a, /** @type {boolean} */ joules) {
  const own = `The result’s schedule of this layer costs ${formatEnergy(a.result_cost, joules)} in ${formatCount(a.result_time)} cycles`;
  const where = a.reproduced ? '; the search run again ranks it first, at the same cost.'
    : a.result_rank === null ? `; it is not among these ${a.alternatives.length}.`
      : `; the search run again ranks it ${a.result_rank}.`;
  const c = a.constraint;
  const fixed = [[c.topbat, 'batch'], [c.topifm, 'input channels'], [c.topofm, 'output channels']]
    .filter(([t]) => t !== 0).map(([t, what]) => `${what} ${t}`);
  const constraint = fixed.length === 0 ? null : h('p', { class: 'note' },
    `Its pipeline segment fixes the blocking between DRAM and the GBUF: ${fixed.join(', ')}${c.layer_pipeline ? ' (batch loop outermost, then the forwarded channels)' : ''}; every alternative keeps it.`);
  return [
    h('p', {}, own, where),
    constraint,
    a.notes.map((n) => h('p', { class: 'note' }, `Note: ${n}.`)),
  ];
}

/**
 * The "Why this schedule" section of a layer's detail: a button that asks
 * the engine (`ask`, null when the network is unknown) for the layer's best
 * schedules, and their table once it answers.
 */
export function alternativesSection(/** @type {AskAlternatives | null} */ ask, /** @type {boolean} */ joules) {
  const body = h('div', { 'data-testid': 'alternatives', 'aria-live': 'polite' });
  const intro = h('p', { class: 'note' },
    'The engine runs this layer’s search again on the nodes, batch, input data layout and pipelining constraint the result gave it, '
    + 'keeps its best schedules and shows what each changes: blocking factors per level, loop orders, partition, bypass and buffer sharing. '
    + `It takes a layer search (seconds for most layers; stopped after ${ALTERNATIVES_SECONDS} s).`);
  if (!ask) {
    return [h('h4', {}, 'Why this schedule'), intro,
      h('p', { class: 'note' }, 'The layer’s network is unknown (the result file does not include it), so the engine cannot search it again.')];
  }
  const button = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', 'data-testid': 'alternatives-button' }, `Show the ${ALTERNATIVES_COUNT} best alternatives`));
  button.addEventListener('click', async () => {
    button.disabled = true;
    fill(body, h('p', { class: 'note' }, 'Searching the layer again…'));
    try {
      const a = await ask(ALTERNATIVES_COUNT, ALTERNATIVES_SECONDS);
      fill(body, summary(a, joules), scrollBox('The best schedules', {}, table(a, joules)));
    } catch (err) {
      fill(body, h('p', { class: 'error', role: 'alert' }, `The engine could not answer: ${/** @type {any} */ (err)?.message ?? err}`));
    } finally {
      button.disabled = false;
    }
  });
  return [h('h4', {}, 'Why this schedule'), intro, h('p', {}, button), body];
}

