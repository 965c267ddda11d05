// Configurations from the literature, as the reference's tests set them up
// (tests/dataflow_test/test_nn_dataflow.py), by the run schema's field
// names. Sizes are bytes with 16-bit words, so the reference's word counts
// are doubled here. A preset is laid over the schema's defaults; the first
// one is the page's opening configuration.

/**
 * @typedef {import('./fields.js').FormField} FormField
 * @typedef {{id: string, name: string, about: string, values: Record<string, any>, seconds: number}} Preset
 *   `seconds`: how long its search takes in the page, measured in headless
 *   Chromium on 2 threads of a shared 2-core machine (the e2e machine), rounded up.
 */

/** Eyeriss ISCA'16 with normalized costs: the reference's test_eyeriss_isca16. */
const EYERISS_ISCA16 = {
  network: 'alex_net',
  batch: 16,
  nodes: [1, 1],
  array: [16, 16],
  regf: 512,
  gbuf: 131072,
  op_cost: 1,
  hier_cost: [200, 6, 2, 1],
  hop_cost: 0,
  unit_idle_cost: 0,
  disable_bypass: ['i', 'o', 'f'],
};

/** The energy model of TETRIS's 3D memory (joules per 16-bit access), which Tangram reuses. */
const TETRIS_3D_COSTS = {
  op_cost: 2e-12, hier_cost: [80e-12, 14e-12, 4e-12, 0.6e-12], hop_cost: 40e-12, unit_idle_cost: 200e-12,
};

/** Tangram's node (16x16 PEs, 64 kB buffer) and options: the golden case alex_b16_tangram_8x8. */
const TANGRAM = {
  ...EYERISS_ISCA16,
  nodes: [8, 8],
  mem_type: '3D',
  array: [16, 16],
  regf: 512,
  gbuf: 65536,
  ...TETRIS_3D_COSTS,
  disable_bypass: /** @type {string[]} */ ([]),
  solve_loopblocking: true,
  hybrid_partition: true,
  batch_partition: true,
  interlayer_partition: true,
  enable_access_forwarding: true,
};

/** @type {Preset[]} */
export const PRESETS = [
  {
    id: 'eyeriss-isca16',
    name: 'Eyeriss ISCA\'16',
    about: 'AlexNet, batch 16, one 16x16 node, 512 B RF, 128 kB buffer, normalized costs 200/6/2/1 (test_eyeriss_isca16). The default.',
    seconds: 0.5,
    values: EYERISS_ISCA16,
  },
  {
    id: 'eyeriss-isscc16',
    name: 'Eyeriss ISSCC\'16 chip',
    about: 'The fabricated chip: AlexNet, batch 4, a 12x14 array, 261-word RF, 108 kB buffer, costs in joules, 30 mW static at 200 MHz (test_eyeriss_isscc16).',
    seconds: 0.5,
    values: {
      ...EYERISS_ISCA16,
      batch: 4,
      array: [12, 14],
      regf: 522,
      gbuf: 110592,
      op_cost: 2e-12,
      hier_cost: [460e-12, 15e-12, 4e-12, 1e-12],
      hop_cost: 0,
      unit_idle_cost: 1.5e-10,
    },
  },
  {
    id: 'tetris-l1',
    name: 'TETRIS L-1',
    about: 'The 2D baseline of TETRIS (ASPLOS\'17): AlexNet, batch 16, one 16x16 node, 1 kB RF, 576 kB buffer (test_eyeriss_asplos17).',
    seconds: 1,
    values: {
      ...EYERISS_ISCA16,
      regf: 1024,
      gbuf: 576056,
      op_cost: 2e-12,
      hier_cost: [240e-12, 28e-12, 4e-12, 1e-12],
      hop_cost: 0,
      unit_idle_cost: 320e-12,
    },
  },
  {
    id: 'tetris-t16',
    name: 'TETRIS T-16',
    about: 'TETRIS with 3D memory: 4x4 nodes of 14x14 PEs, 133 kB buffers, bypass allowed, the loop-blocking solver and hybrid partitioning (test_eyeriss_asplos17).',
    seconds: 0.5,
    values: {
      ...EYERISS_ISCA16,
      nodes: [4, 4],
      mem_type: '3D',
      array: [14, 14],
      regf: 512,
      gbuf: 133032,
      ...TETRIS_3D_COSTS,
      disable_bypass: [],
      solve_loopblocking: true,
      hybrid_partition: true,
    },
  },
  {
    id: 'tangram-8x8',
    name: 'Tangram 8x8',
    about: 'Tangram (ASPLOS\'19) on 8x8 nodes of 16x16 PEs with 3D memory: AlexNet, batch 16, 64 kB buffers, inter-layer pipelining, access forwarding, the loop-blocking solver, hybrid and batch partitioning.',
    values: TANGRAM,
    seconds: 3,
  },
  {
    id: 'tangram-16x16',
    name: 'Tangram 16x16',
    about: 'The Tangram node and options on a 16x16 grid (256 nodes): AlexNet at batch 64, enough work to spread over the grid.',
    values: { ...TANGRAM, nodes: [16, 16], batch: 64 },
    seconds: 13,
  },
  {
    id: 'mobilenet-v2-tangram',
    name: 'MobileNet v2 on Tangram 8x8',
    about: 'MobileNet v2 (224x224, depthwise and pointwise convolutions, docs/networks.md) on the Tangram 8x8 node grid and options, batch 16.',
    values: { ...TANGRAM, network: 'mobilenet_v2' },
    seconds: 3,
  },
  {
    id: 'bert-base-tangram',
    name: 'BERT-base on Tangram 8x8',
    about: 'BERT-base encoder (128 tokens: projections, attention matmuls over 12 heads, softmax, layernorm, GELU; docs/networks.md) on the Tangram 8x8 node grid and options, batch 16.',
    values: { ...TANGRAM, network: 'bert_base' },
    seconds: 3,
  },
];

/** A preset whose search takes longer than this (s) runs on a click, not as soon as it is applied. */
export const RUN_AT_ONCE_SECONDS = 2;

/** Whether applying a preset runs it at once (its search is quick). */
export const runsAtOnce = (/** @type {Preset} */ preset) => preset.seconds <= RUN_AT_ONCE_SECONDS;

/** The configuration the page opens with (when no link or saved draft says otherwise). */
export const OPENING = PRESETS[0];

/**
 * A preset's whole configuration, {name: value}: the schema's defaults with
 * its values over them (a required field it does not set stays null).
 * @returns {Record<string, any>}
 */
export function presetState(/** @type {FormField[]} */ fields, /** @type {Preset} */ preset) {
  return Object.fromEntries(fields.map((f) => [f.name, structuredClone(f.name in preset.values ? preset.values[f.name] : f.default)]));
}
