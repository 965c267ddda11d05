// One layer's schedule, explained: its place in the pipeline, how it is
// split over the node grid (view-partition.js), the loop nest the search
// chose (blocking factors and loop order per memory level), and how the
// row-stationary mapping places a node's part of it on the PE array
// (mapping.js). The numbers are the result's and the engine's explanation's.
import { byId, fill, h } from './dom.js';
import { energyTotal, layerEnergy } from './energy.js';
import { costsInJoules, formatCount, formatEnergy } from './format.js';
import { arrayPicture, mappingStory, mappingTable } from './mapping.js';
import { runsAlone, segmentOf } from './result-model.js';
import { rsAnimationSection } from './view-rs-animation.js';
import { partitionText } from './view-layers.js';
import { partitionSection } from './view-partition.js';
import { alternativesSection } from './view-alternatives.js';
import { BLOCKING_LEVELS, LOOPS, layerTypeName } from './vocabulary.js';

/**
 * @typedef {import('./result-model.js').Result} Result
 * @typedef {import('./result-model.js').LayerSchedule} LayerSchedule
 * @typedef {import('./view-partition.js').LayerDetail} LayerDetail
 */

const plural = (/** @type {number} */ n, /** @type {string} */ word) => `${n} ${word}${n > 1 ? 's' : ''}`;

/** The loop nest as nested blocks, outer level first. */
function loopNest(/** @type {LayerSchedule} */ layer) {
  let depth = 0;
  const levels = layer.loopOrders.map((loops, level) => h('section', { class: `level level-${level}` },
    h('h4', {}, `Level ${level}: ${BLOCKING_LEVELS[level].label}`),
    h('p', { class: 'note' }, BLOCKING_LEVELS[level].note),
    loops.map((key) => {
      const t = layer.blocking[level][key];
      const { label } = /** @type {import('./vocabulary.js').Loop} */ (LOOPS.find((l) => l.key === key));
      return h('div', { class: t > 1 ? 'loop' : 'loop trivial', style: `margin-left:${(depth++) * 1.25}rem` },
        h('code', {}, `for ${key}${level} in 0 … ${t - 1}`), ` — ${label}, ${t} block${t > 1 ? 's' : ''}`,
        t > 1 ? '' : ' (no loop)');
    })));
  const last = layer.loopOrders.length;
  const pe = layer.blocking[last];
  levels.push(h('section', { class: `level level-${last}` },
    h('h4', {}, `Level ${last}: ${BLOCKING_LEVELS[last].label}`),
    h('p', { class: 'note' }, BLOCKING_LEVELS[last].note),
    h('div', { class: 'loop', style: `margin-left:${depth * 1.25}rem` },
      h('code', {}, 'PE array pass'),
      ` — ${plural(pe.i, 'input channel')} × ${plural(pe.o, 'output channel')} × ${plural(pe.b, 'batch item')}`)));
  return levels;
}

/** The blocking factors table: one row per level, a column per loop, and their products. */
function blockingTable(/** @type {LayerSchedule} */ layer) {
  const product = (/** @type {import('./vocabulary.js').LoopKey} */ key) => layer.blocking.reduce((n, level) => n * level[key], 1);
  const orderOf = (/** @type {number} */ level) => (level < layer.loopOrders.length
    ? layer.loopOrders[level].map((key) => LOOPS.find((l) => l.key === key)?.label).join(' › ') : 'in parallel');
  return h('table', { class: 'data' },
    h('caption', {}, 'Blocking factors (ti, to, tb) per level'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Level'),
      LOOPS.map(({ label }) => h('th', { scope: 'col', class: 'num' }, label)),
      h('th', { scope: 'col' }, 'Order (outer → inner)'))),
    h('tbody', {}, layer.blocking.map((factors, level) => h('tr', {},
      h('th', { scope: 'row' }, BLOCKING_LEVELS[level].label),
      LOOPS.map(({ key }) => h('td', { class: 'num' }, factors[key])),
      h('td', {}, orderOf(level))))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Loop count (product)'),
      LOOPS.map(({ key }) => h('td', { class: 'num' }, product(key))), h('td', {}, ''))));
}

/** Where the layer is in the schedule: its pipeline segment and place in it (sched_seq). */
function segmentText(/** @type {Result} */ result, /** @type {LayerSchedule} */ layer) {
  const { segment, slot, step } = layer.place;
  const { slots, time } = segmentOf(result, layer);
  const others = slots.flatMap((s) => s.layers).filter((l) => l !== layer.name);
  return `Segment ${segment + 1} of ${result.segments.length}${runsAlone(segmentOf(result, layer)) ? ' (the layer alone)' : `, with ${others.join(', ')}`}: `
    + `spatial slot ${slot + 1} of ${slots.length}, temporal step ${step + 1} of ${slots[slot].layers.length} (sched_seq [${segment}, ${slot}, ${step}]); `
    + `segment time ${formatCount(time)} cycles.`;
}

/**
 * Fills the detail tab for a layer; `askAlternatives` asks the engine for
 * the layer's best schedules (view-alternatives.js), null when it cannot.
 */
export function showDetail(/** @type {LayerDetail} */ detail, /** @type {import('./view-alternatives.js').AskAlternatives | null} */ askAlternatives = null) {
  const { result, layer, explanation } = detail;
  const shape = detail.shapes.get(layer.name) ?? null;
  const joules = costsInJoules(result.costs);
  const energy = energyTotal(layerEnergy(layer, result.costs));
  const shapeText = shape ? `${layerTypeName(shape.type)}, ${shape.nifm} → ${shape.nofm} channels, ${shape.hofm}×${shape.wofm} ofmap` : null;
  const mapping = explanation ? [
    mappingStory(explanation.mapping),
    h('div', { class: 'chart-with-table' },
      h('figure', {}, arrayPicture(explanation.mapping, result.array),
        h('figcaption', {}, 'One node\'s PE array in a full pass: each colour is one copy of the (folded) logical PE set, '
          + `its rows the ${explanation.mapping.rowsAre === 'filter' ? 'filter' : 'window'} rows and its columns the output rows; grey PEs are idle.`)),
      mappingTable(explanation)),
  ] : [h('p', { class: 'note' }, detail.unexplained ?? 'The engine cannot explain this layer.')];
  fill(byId('detail-body'),
    h('h3', {}, layer.name),
    h('p', {}, shapeText ? `${shapeText}. ` : '',
      `Time ${formatCount(layer.time)} cycles, energy ${formatEnergy(energy, joules)}, on ${plural(layer.numNodes, 'node')}; partition: ${partitionText(layer.partition)}.`),
    h('p', { 'data-testid': 'detail-segment' }, segmentText(result, layer)),
    h('h4', {}, 'On the node grid'),
    partitionSection(detail),
    h('h4', {}, 'The loop nest'),
    h('div', { class: 'chart-with-table' }, h('div', { class: 'nest' }, loopNest(layer)), blockingTable(layer)),
    h('h4', {}, 'On the PE array'),
    mapping,
    rsAnimationSection(explanation, shape),
    alternativesSection(askAlternatives, joules));
}
