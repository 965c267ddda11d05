// Configurations from the literature, as the reference's tests set them up
// (tests/dataflow_test/test_nn_dataflow.py). Sizes are bytes with 16-bit
// words, so the reference's word counts are doubled here.
import { defaultState } from './fields.js';

/** The energy model of TETRIS's 3D memory (joules per 16-bit access), which Tangram reuses. */
const TETRIS_3D_COSTS = {
  op_cost: 2e-12, dram_cost: 80e-12, gbuf_cost: 14e-12, array_cost: 4e-12, rf_cost: 0.6e-12, hop_cost: 40e-12, idle_cost: 200e-12,
};

/** Tangram's node (16x16 PEs, 64 kB buffer) and options: the golden case alex_b16_tangram_8x8. */
const TANGRAM = {
  nodes: [8, 8], mem: '3D', array: [16, 16], regf: 512, gbuf: 65536, ...TETRIS_3D_COSTS,
  no_bypass: '', solver: true, hybrid: true, batch_part: true, interlayer: true, access_fwd: true,
};

export const PRESETS = [
  {
    id: 'eyeriss-isca16',
    name: 'Eyeriss ISCA\'16',
    about: 'AlexNet, batch 16, one 16x16 node, 512 B RF, 128 kB buffer, normalized costs 200/6/2/1 (test_eyeriss_isca16). The default.',
    values: {},
  },
  {
    id: 'eyeriss-isscc16',
    name: 'Eyeriss ISSCC\'16 chip',
    about: 'The fabricated chip: AlexNet, batch 4, a 12x14 array, 261-word RF, 108 kB buffer, costs in joules, 30 mW static at 200 MHz (test_eyeriss_isscc16).',
    values: {
      batch: 4, array: [12, 14], regf: 522, gbuf: 110592, op_cost: 2e-12,
      dram_cost: 460e-12, gbuf_cost: 15e-12, array_cost: 4e-12, rf_cost: 1e-12, hop_cost: 0, idle_cost: 1.5e-10,
    },
  },
  {
    id: 'tetris-l1',
    name: 'TETRIS L-1',
    about: 'The 2D baseline of TETRIS (ASPLOS\'17): AlexNet, batch 16, one 16x16 node, 1 kB RF, 576 kB buffer (test_eyeriss_asplos17).',
    values: {
      regf: 1024, gbuf: 576056, op_cost: 2e-12,
      dram_cost: 240e-12, gbuf_cost: 28e-12, array_cost: 4e-12, rf_cost: 1e-12, hop_cost: 0, idle_cost: 320e-12,
    },
  },
  {
    id: 'tetris-t16',
    name: 'TETRIS T-16',
    about: 'TETRIS with 3D memory: 4x4 nodes of 14x14 PEs, 133 kB buffers, bypass allowed, the loop-blocking solver and hybrid partitioning (test_eyeriss_asplos17).',
    values: {
      nodes: [4, 4], mem: '3D', array: [14, 14], regf: 512, gbuf: 133032, ...TETRIS_3D_COSTS,
      no_bypass: '', solver: true, hybrid: true,
    },
  },
  {
    id: 'tangram-8x8',
    name: 'Tangram 8x8',
    about: 'Tangram (ASPLOS\'19) on 8x8 nodes of 16x16 PEs with 3D memory: AlexNet, batch 16, 64 kB buffers, inter-layer pipelining, access forwarding, the loop-blocking solver, hybrid and batch partitioning.',
    values: TANGRAM,
  },
  {
    id: 'tangram-16x16',
    name: 'Tangram 16x16',
    about: 'The Tangram node and options on a 16x16 grid (256 nodes): AlexNet at batch 64, enough work to spread over the grid. The search takes about 3 s.',
    values: { ...TANGRAM, nodes: [16, 16], batch: 64 },
  },
];

/** The preset's full configuration: the defaults with its values over them. */
export const presetState = (preset) => ({ ...defaultState(), ...structuredClone(preset.values) });
