// The lessons: a short guided tour of dataflow built from the presets, as
// data. Each step is a configuration (a preset with a few changes) and a view
// (view-params.js), so that it is a link; its sentences say what that view
// then shows. Every sentence that states a fact about the result has a check
// in `evidence`, which the page runs on the result it shows (and prints
// beside the sentences) and the tests run on the engine's result: a lesson
// that stopped being true fails a test instead of teaching something false.
import { energyTotal, layerEnergy, networkEnergy } from './energy.js';
import { formatCompact, formatCount } from './format.js';
import { PRESETS, presetState } from './presets.js';
import { layerOf, segmentOf, total } from './result-model.js';

/**
 * @typedef {import('./result-model.js').Result} Result
 * @typedef {{holds: boolean | null, text: string}} Evidence
 *   `holds`: the step's claims are true of the result (null: cannot be told, `text` says why).
 * @typedef {(id: string) => Result | null} Seen  The result of another step's configuration, if the page has shown it.
 * @typedef {object} LessonStep
 * @property {string} id          Its name in links (`lesson=`).
 * @property {string} title
 * @property {string} preset      A preset's id (presets.js).
 * @property {Record<string, any>} values  Changes over the preset, by run field name.
 * @property {{view: string, layer: string | null, node: import('./view-params.js').Coord | null}} view  What the step opens.
 * @property {string[]} text      Two or three sentences.
 * @property {string} look        Where on the page to look.
 * @property {(result: Result, seen: Seen) => Evidence} evidence
 */

/** @type {[import('./vocabulary.js').PartitionKey, string][]} */
const PART_WORDS = [['OUTP', 'output-channel parts'], ['OFMP', 'fmap tiles'], ['BATP', 'batch parts'], ['INPP', 'input-channel parts']];
const share = (/** @type {number} */ part, /** @type {number} */ whole) => `${((100 * part) / whole).toFixed(1)}%`;
const ratio = (/** @type {number} */ a, /** @type {number} */ b) => formatCount(a / b);

/** @type {readonly LessonStep[]} */
export const LESSONS = [
  {
    id: 'memory',
    title: 'Why memory dominates energy',
    preset: 'eyeriss-isca16',
    values: {},
    view: { view: 'energy', layer: null, node: null },
    text: [
      'In Eyeriss\'s normalized costs a MAC costs 1, a register-file access 1, a global buffer access 6 and a DRAM access 200.',
      'Most operands come from the register files, yet DRAM alone costs more energy than all the MACs of AlexNet, and the memory levels together take most of it.',
    ],
    look: 'The whole-network bar and the last row of the table on the Energy tab.',
    evidence(result) {
      const e = networkEnergy(result);
      const all = energyTotal(e);
      const memory = e.dram + e.gbuf + e.array + e.rf;
      const { accesses } = result.totals;
      const rfShare = accesses.regf / total(accesses);
      return {
        holds: e.dram > e.alu && memory > all / 2 && rfShare > 0.5,
        text: `DRAM ${share(e.dram, all)} of the energy against ${share(e.alu, all)} for the MACs; all memory levels ${share(memory, all)}; `
          + `${share(accesses.regf, total(accesses))} of all accesses are to the register files.`,
      };
    },
  },
  {
    id: 'reuse',
    title: 'Reuse: one fetch, many MACs',
    preset: 'eyeriss-isca16',
    values: {},
    view: { view: 'detail', layer: 'conv2_a', node: null },
    text: [
      'A schedule beats the cost of DRAM by reuse: a word fetched once is used by many MACs from the cheaper levels below.',
      'conv2_a reads one word from DRAM for every few hundred MACs, while its register files are read at least once per MAC.',
      'The loop nest shows how: the inner loops work on a tile held in the buffer, the outer loops bring the next one from DRAM.',
    ],
    look: 'The loop nest of conv2_a on the Layer detail tab.',
    evidence(result) {
      const layer = layerOf(result, 'conv2_a');
      const dram = total(layer.access.dram);
      const rf = total(layer.access.regf);
      return {
        holds: layer.ops / dram >= 200 && rf >= layer.ops,
        text: `conv2_a: ${formatCompact(layer.ops)} MACs, ${formatCompact(dram)} DRAM accesses (one per ${ratio(layer.ops, dram)} MACs), `
          + `${formatCompact(rf)} register-file accesses (${(rf / layer.ops).toFixed(1)} per MAC).`,
      };
    },
  },
  {
    id: 'row-stationary',
    title: 'Row-stationary on the PE array',
    preset: 'eyeriss-isca16',
    values: {},
    view: { view: 'detail', layer: 'conv3_a', node: null },
    text: [
      'Row-stationary keeps a filter row in each PE\'s register file while an ifmap row streams past it; the PEs of a column add their partial sums into one ofmap row.',
      'conv3_a has 3×3 filters and a 13×13 ofmap, so one set is 3 PEs tall and 13 wide, and the 16×16 array holds copies of it that keep most PEs busy.',
      'Each filter weight read from DRAM is then read many times from the register files.',
    ],
    look: 'On the PE array, at the end of the Layer detail tab.',
    evidence(result) {
      const layer = layerOf(result, 'conv3_a');
      const pes = result.array.rows * result.array.cols;
      const filterReuse = layer.access.regf.filters / layer.access.dram.filters;
      return {
        holds: layer.activePes > pes / 2 && filterReuse >= 100,
        text: `conv3_a keeps ${layer.activePes.toFixed(0)} of ${pes} PEs busy on average; each filter weight fetched from DRAM is read ${ratio(layer.access.regf.filters, layer.access.dram.filters)} times from the register files.`,
      };
    },
  },
  {
    id: 'buffer',
    title: 'What the buffer size buys',
    preset: 'eyeriss-isca16',
    values: { gbuf: 32768 },
    view: { view: 'energy', layer: null, node: null },
    text: [
      'The same AlexNet with a 32 kB global buffer instead of 128 kB (step 1).',
      'Only smaller tiles fit, so the outer loops fetch the same data from DRAM more often: DRAM accesses and the total energy go up, while the MACs and the register-file accesses stay the same.',
    ],
    look: 'The DRAM part of the bars on the Energy tab, against step 1.',
    evidence(result, seen) {
      const base = seen('memory');
      if (!base) return { holds: null, text: 'Open step 1 (the 128 kB buffer) to compare.' };
      const [now, then] = [result.totals, base.totals];
      return {
        holds: now.accesses.dram > then.accesses.dram && now.cost > then.cost && now.ops === then.ops && now.accesses.regf === then.accesses.regf,
        text: `DRAM accesses ${formatCompact(now.accesses.dram)} against ${formatCompact(then.accesses.dram)} with 128 kB (${share(now.accesses.dram - then.accesses.dram, then.accesses.dram)} more); `
          + `total energy ${share(now.cost - then.cost, then.cost)} more; MACs and register-file accesses unchanged.`,
      };
    },
  },
  {
    id: 'split',
    title: 'Splitting a layer over nodes',
    preset: 'tetris-t16',
    values: {},
    view: { view: 'detail', layer: 'conv2_a', node: { row: 1, col: 2 } },
    text: [
      'TETRIS T-16 has 4×4 nodes, each with its own PE array and global buffer over a vault of 3D memory.',
      'conv2_a is split over all 16 nodes: its output channels in 2 parts and its ofmap in 8 tiles, so each node computes a sixteenth of the layer.',
      'The grid colours each node by its part; node (1, 2) is chosen, and the table lists what every node holds.',
    ],
    look: 'On the node grid, on the Layer detail tab.',
    evidence(result) {
      const layer = layerOf(result, 'conv2_a');
      const { dims } = layer.partition;
      const parts = Object.values(dims).reduce((n, d) => n * d.count, 1);
      const grid = result.procRegion.size.rows * result.procRegion.size.cols;
      return {
        holds: layer.numNodes === grid && parts === layer.numNodes && dims.OUTP.count === 2 && dims.OFMP.count === 8,
        text: `conv2_a runs on ${layer.numNodes} of ${grid} nodes, split into ${PART_WORDS.filter(([key]) => dims[key].count > 1)
          .map(([key, what]) => `${dims[key].count} ${what}`).join(' × ')}.`,
      };
    },
  },
  {
    id: 'pipeline',
    title: 'Pipelining layers',
    preset: 'tangram-8x8',
    values: {},
    view: { view: 'layers', layer: null, node: null },
    text: [
      'Tangram pipelines layers: a segment runs several layers on the 8×8 grid, side by side in spatial slots or one after another on the same nodes, and passes their fmaps on chip instead of through DRAM.',
      'Here conv2_a and pool2_a share a segment, and fc1 and fc2 run side by side on parts of the grid.',
    ],
    look: 'The pipeline segments on the Layers tab.',
    evidence(result) {
      const together = (/** @type {string} */ a, /** @type {string} */ b) => segmentOf(result, layerOf(result, a)) === segmentOf(result, layerOf(result, b));
      const fc = segmentOf(result, layerOf(result, 'fc1'));
      const shared = result.segments.filter((s) => s.slots.flatMap((slot) => slot.layers).length > 1);
      return {
        holds: together('conv2_a', 'pool2_a') && together('fc1', 'fc2') && fc.slots.length > 1,
        text: `${result.segments.length} segments for ${result.layers.length} layers; ${shared.length} run more than one layer: `
          + `${shared.map((s) => s.slots.map((slot) => slot.layers.join(' → ')).join(' | ')).join('; ')}.`,
      };
    },
  },
];

/** The step of an id, or null. */
export const lessonOf = (/** @type {string | null} */ id) => LESSONS.find((l) => l.id === id) ?? null;

/**
 * A step's whole configuration, {name: value}: its preset's with its changes over them.
 * @returns {Record<string, any>}
 */
export function lessonState(/** @type {import('./fields.js').FormField[]} */ fields, /** @type {LessonStep} */ step) {
  const preset = PRESETS.find((p) => p.id === step.preset);
  if (!preset) throw new Error(`lesson ${step.id}: no preset '${step.preset}'`);
  return { ...presetState(fields, preset), ...structuredClone(step.values) };
}
