// One layer's schedule, explained: its place in the pipeline, how it is
// split over the node grid (view-partition.js), the loop nest the search
// chose (the engine's loop nest per node, loop-nest.js), its data reuse
// (view-reuse.js), and how the
// row-stationary mapping places a node's part of it on the PE array
// (mapping.js). The numbers are the result's and the engine's explanation's.
import { byId, fill, h } from './dom.js';
import { energyTotal, layerEnergy } from './energy.js';
import { costsInJoules, formatCount, formatEnergy } from './format.js';
import { loopNestView, nestShapeTable } from './loop-nest.js';
import {
  arrayPicture, copiesWorking, mappingStory, mappingTable,
} from './mapping.js';
import { runsAlone, segmentOf } from './result-model.js';
import { rsAnimationSection } from './view-rs-animation.js';
import { partitionText } from './view-layers.js';
import { partitionSection } from './view-partition.js';
import { alternativesSection } from './view-alternatives.js';
import { reuseSection } from './view-reuse.js';
import {
  BLOCKING_LEVELS, LOOPS, layerTypeName, opsAreMacs, peRowWord,
} from './vocabulary.js';
import { depthwiseNote, passCaption, rounds } from './passes.js';
import { kindLoopNote, kindMappingNote, kindSummary } from './layer-kinds.js';
import { scrollBox } from './scroll-region.js';

/**
 * @typedef {import('./result-model.js').Result} Result
 * @typedef {import('./result-model.js').LayerSchedule} LayerSchedule
 * @typedef {import('./view-partition.js').LayerDetail} LayerDetail
 */

const plural = (/** @type {number} */ n, /** @type {string} */ word) => `${n} ${word}${n > 1 ? 's' : ''}`;

/** The blocking factors table: one row per level, a column per loop, and their products. */
function blockingTable(/** @type {LayerSchedule} */ layer) {
  const product = (/** @type {import('./vocabulary.js').LoopKey} */ key) => layer.blocking.reduce((n, level) => n * level[key], 1);
  const orderOf = (/** @type {number} */ level) => (level < layer.loopOrders.length
    ? layer.loopOrders[level].map((key) => LOOPS.find((l) => l.key === key)?.label).join(' › ') : 'in parallel');
  return scrollBox('Blocking factors', {}, h('table', { class: 'data' },
    h('caption', {}, 'Blocking factors (ti, to, tb) per level'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Level'),
      LOOPS.map(({ label }) => h('th', { scope: 'col', class: 'num' }, label)),
      h('th', { scope: 'col' }, 'Order (outer → inner)'))),
    h('tbody', {}, layer.blocking.map((factors, level) => h('tr', {},
      h('th', { scope: 'row' }, BLOCKING_LEVELS[level].label),
      LOOPS.map(({ key }) => h('td', { class: 'num' }, factors[key])),
      h('td', {}, orderOf(level))))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Loop count (product)'),
      LOOPS.map(({ key }) => h('td', { class: 'num' }, product(key))), h('td', {}, '')))));
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
/** Which pass the array picture shows: one of the passes, or one of the rounds of passes side by side. */
const arrayPassText = (/** @type {import('./result-model.js').Passes} */ passes) => (passes.together > 1
  ? `, in one of the layer's ${rounds(passes)} rounds (they run one after another), ${passes.together} groups side by side`
  : `, in one of the layer's ${passes.count} passes (they run one after another)`);

export function showDetail(/** @type {LayerDetail} */ detail, /** @type {import('./view-alternatives.js').AskAlternatives | null} */ askAlternatives = null) {
  const { result, layer, explanation } = detail;
  const shape = detail.shapes.get(layer.name) ?? null;
  const joules = costsInJoules(result.costs);
  const energy = energyTotal(layerEnergy(layer, result.costs));
  const kind = shape ? kindSummary(shape) : '';
  const shapeText = shape ? `${layerTypeName(shape.type)}, ${shape.nifm} → ${shape.nofm} channels, ${shape.hofm}×${shape.wofm} ofmap${kind ? ` (${kind})` : ''}` : null;
  const loopNote = shape ? kindLoopNote(shape) : '';
  const mappingNote = shape ? kindMappingNote(shape) : '';
  const type = shape?.type;
  const passes = explanation?.passes ?? null;
  const passText = passCaption(passes);
  const depthwise = explanation ? depthwiseNote(passes, explanation.mapping, result.array, layer.activePes, copiesWorking(explanation)) : '';
  const mapping = explanation ? [
    mappingStory(explanation.mapping, type, copiesWorking(explanation)),
    mappingNote ? h('p', { 'data-testid': 'kind-mapping' }, mappingNote) : '',
    // The pass loop's numbers as data too, for the tests to compare with the result's.
    passText ? h('p', {
      'data-testid': 'pass-caption',
      dataset: {
        passes: passes?.count, groups: passes?.groups, heads: passes?.heads, samples: passes?.samples, together: passes?.together,
      },
    }, passText) : '',
    depthwise ? h('p', { 'data-testid': 'depthwise-note' }, depthwise) : '',
    h('div', { class: 'chart-with-table' },
      h('figure', {}, arrayPicture(explanation.mapping, result.array, copiesWorking(explanation)),
        h('figcaption', {}, `One node's PE array in a full pass${passText ? arrayPassText(/** @type {import('./result-model.js').Passes} */ (passes)) : ''}: each colour is one copy of the (folded) logical PE set, `
          + `its rows the ${peRowWord(type, explanation.mapping.rowsAre)}s and its columns the output rows; grey PEs are idle`
          + `${copiesWorking(explanation) < explanation.mapping.replication.rows * explanation.mapping.replication.cols ? ', and so are the pale copies, which have no channel to work on' : ''}.`)),
      mappingTable(explanation, type)),
  ] : [h('p', { class: 'note' }, detail.unexplained ?? 'The engine cannot explain this layer.')];
  fill(byId('detail-body'),
    h('h3', {}, layer.name),
    h('p', {}, shapeText ? `${shapeText}. ` : '',
      `Time ${formatCount(layer.time)} cycles, energy ${formatEnergy(energy, joules)}, on ${plural(layer.numNodes, 'node')}; partition: ${partitionText(layer.partition)}.`),
    h('p', { 'data-testid': 'detail-segment' }, segmentText(result, layer)),
    h('h4', {}, 'On the node grid'),
    partitionSection(detail),
    h('h4', {}, 'The loop nest of one node'),
    explanation ? [
      h('p', {}, 'Every loop one node runs, from DRAM down to one PE. The trip counts of each dimension multiply to the node\'s share of the layer (a count past it is a ceiling: its last iteration is partial). Spatial loops run at once on the PE array: replication (copies of the PE set on other channels) and the PE rows and columns.'),
      loopNote ? h('p', { 'data-testid': 'kind-loop' }, loopNote) : '',
      h('div', { class: 'chart-with-table' }, loopNestView(explanation.loopNest, type),
        nestShapeTable(explanation.loopNest, shape && !opsAreMacs(shape.type) ? 'Ops (not MACs)' : 'MACs', type)),
      h('details', {}, h('summary', {}, 'The result\'s blocking factors'),
        h('p', { class: 'note' }, 'The engine blocks three loops: input channels, output channels, and batch × ofmap-row folds (the folds run as extra batch iterations). The loop nest above splits the last into batch and fold.'),
        blockingTable(layer)),
    ] : blockingTable(layer),
    h('h4', {}, 'On the PE array'),
    mapping,
    rsAnimationSection(explanation, shape),
    explanation ? [h('h4', {}, 'Data reuse'), h('section', { class: 'reuse', 'data-testid': 'reuse' }, reuseSection(explanation.reuse, type))] : '',
    alternativesSection(askAlternatives, joules));
}
