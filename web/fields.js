// The one table of configuration fields. It drives the form (label, help,
// input kind), the URL codec (key and text form), the defaults and the run
// document the engine reads (docs/run-config.md), like TensorFlow
// Playground's state.ts: a field added here appears everywhere.
//
// Every field has a type with `parse(text)` (returns the value or throws a
// FieldError whose message completes "<label> ...") and `format(value)`
// (the text form used in inputs, links and saved drafts).

export class FieldError extends Error {}

const MAX_INT = 2147483647;

/** A whole number from `min` to 2^31 - 1. */
const wholeNumber = (min) => ({
  kind: 'int',
  parse(text) {
    const t = String(text).trim();
    if (!/^\d+$/.test(t)) throw new FieldError(`must be a whole number of at least ${min}`);
    const value = Number(t);
    if (value < min || value > MAX_INT) throw new FieldError(`must be a whole number from ${min} to ${MAX_INT}`);
    return value;
  },
  format: String,
});

const INF_WORDS = new Set(['inf', 'infinity', '∞']);

/** A finite number >= 0 (> 0 if `positive`), or also unlimited if `unlimited`. */
const amount = ({ positive = false, unlimited = false } = {}) => ({
  kind: 'number',
  unlimited,
  parse(text) {
    const t = String(text).trim().toLowerCase();
    if (unlimited && INF_WORDS.has(t)) return Infinity;
    // Number('') is 0 and Number('0x10') is 16: accept decimal notation only.
    const value = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t) ? Number(t) : NaN;
    const range = positive ? 'a number above 0' : 'a number of at least 0';
    const what = unlimited ? `${range}, or inf for unlimited` : range;
    if (!Number.isFinite(value) || value < 0 || (positive && value === 0)) throw new FieldError(`must be ${what}`);
    return value;
  },
  format: (value) => (value === Infinity ? 'inf' : String(value)),
});

/** Two whole numbers >= 1, rows x columns, written `4x4` (also `4 4`, `4,4`, `4×4`). */
const grid = () => ({
  kind: 'pair',
  parse(text) {
    const m = String(text).trim().match(/^(\d+)\s*(?:[x×*,]|\s)\s*(\d+)$/i);
    const pair = m ? [Number(m[1]), Number(m[2])] : [];
    if (pair.length !== 2 || pair.some((v) => v < 1 || v > MAX_INT)) {
      throw new FieldError('must be rows x columns, two whole numbers of at least 1 (e.g. 4x4)');
    }
    return pair;
  },
  format: ([h, w]) => `${h}x${w}`,
});

const flag = () => ({
  kind: 'bool',
  parse(text) {
    const t = String(text).trim().toLowerCase();
    if (t === '1' || t === 'true') return true;
    if (t === '0' || t === 'false') return false;
    throw new FieldError('must be 1 (on) or 0 (off)');
  },
  format: (value) => (value ? '1' : '0'),
});

/** One of `choices` ([value, label] pairs). */
const oneOf = (choices) => ({
  kind: 'choice',
  choices,
  parse(text) {
    const t = String(text).trim();
    if (!choices.some(([value]) => value === t)) {
      throw new FieldError(`must be one of ${choices.map(([v]) => v).join(', ')}`);
    }
    return t;
  },
  format: String,
});

/** A set of letters out of `letters` ([letter, label] pairs), written in table order, e.g. `iof`. */
const letterSet = (letters) => ({
  kind: 'letters',
  letters,
  parse(text) {
    const t = String(text).trim().toLowerCase();
    const known = letters.map(([l]) => l);
    if ([...t].some((c) => !known.includes(c)) || new Set(t).size !== t.length) {
      throw new FieldError(`must be some of the letters ${known.join('')}, each at most once`);
    }
    return known.filter((l) => t.includes(l)).join('');
  },
  format: String,
});

/** The built-in networks (nns/), in the engine's order; a test checks this against the wasm. */
export const BUILTIN_NETWORKS = [
  'alex_net', 'googlenet', 'lstm_gnmt', 'lstm_phoneme', 'lstm_showtell', 'mlp_l', 'mlp_m',
  'mlp_s', 'resnet152', 'resnet50', 'vgg19_net', 'vgg_net', 'zfnet',
];
/** The `net` value that means "the network in the editor". */
export const CUSTOM = 'custom';

/**
 * The fields, in form order. `key` is also the URL key; `group` the form
 * tab; `run` the field's JSON path in the run document (engine errors name
 * it); `flag` the CLI flag (some engine errors name that instead).
 */
export const FIELDS = [
  {
    key: 'net', group: 'network', label: 'Network', run: 'network', type: oneOf([
      ...BUILTIN_NETWORKS.map((n) => [n, n]), [CUSTOM, 'your own (editor below)']]),
    default: 'alex_net', help: 'One of the reference\'s networks, or your own in the editor.',
  },
  {
    key: 'batch', group: 'network', label: 'Batch size', run: 'batch', flag: '--batch',
    type: wholeNumber(1), default: 16, help: 'Inputs processed together; more reuse of filters.',
  },
  {
    key: 'word', group: 'hardware', label: 'Word size (bits)', run: 'word', flag: '--word',
    type: wholeNumber(1), default: 16, help: 'Bits per data word; buffer sizes in bytes hold fewer long words.',
  },
  {
    key: 'nodes', group: 'hardware', label: 'Node grid', run: 'nodes', flag: '--nodes',
    type: grid(), default: [1, 1], help: 'Rows x columns of accelerator nodes (chips or vaults), e.g. 4x4.',
  },
  {
    key: 'array', group: 'hardware', label: 'PE array per node', run: 'array', flag: '--array',
    type: grid(), default: [16, 16], help: 'Rows x columns of processing elements in each node.',
  },
  {
    key: 'regf', group: 'hardware', label: 'Register file per PE (bytes)', run: 'regf', flag: '--regf',
    type: wholeNumber(1), default: 512, help: 'Each PE\'s scratchpad for inputs, filters and partial sums.',
  },
  {
    key: 'gbuf', group: 'hardware', label: 'Global buffer per node (bytes)', run: 'gbuf', flag: '--gbuf',
    type: wholeNumber(1), default: 131072, help: 'The on-chip SRAM shared by a node\'s PEs (131072 B = 128 kB).',
  },
  {
    key: 'bus', group: 'hardware', label: 'Array bus width (bits)', run: 'bus_width', flag: '--bus-width',
    type: wholeNumber(0), default: 0, help: 'Width of the buses feeding the PE array; 0 = unlimited.',
  },
  {
    key: 'dram_bw', group: 'hardware', label: 'DRAM bandwidth (bytes/cycle)', run: 'dram_bw', flag: '--dram-bw',
    type: amount({ positive: true, unlimited: true }), default: Infinity,
    help: 'Memory bandwidth per cycle; inf = unlimited (only compute time counts).',
  },
  {
    key: 'mem', group: 'hardware', label: 'Memory', run: 'mem_type', flag: '--mem-type',
    type: oneOf([['2D', '2D: channels on the grid\'s four corners'], ['3D', '3D: stacked above every node']]),
    default: '2D', help: '2D memory sits at the chip\'s corners; 3D memory (TETRIS) above every node.',
  },
  {
    key: 'op_cost', group: 'cost', label: 'MAC operation', run: 'cost.op', flag: '--op-cost',
    type: amount(), default: 1, help: 'Energy of one multiply-accumulate (ALU).',
  },
  {
    key: 'dram_cost', group: 'cost', label: 'DRAM access', run: 'cost.hier[0]', flag: '--hier-cost',
    type: amount(), default: 200, help: 'Energy of one word read or written in DRAM.',
  },
  {
    key: 'gbuf_cost', group: 'cost', label: 'Global buffer access', run: 'cost.hier[1]',
    type: amount(), default: 6, help: 'Energy of one word in the global buffer (GBUF).',
  },
  {
    key: 'array_cost', group: 'cost', label: 'Array interconnect access', run: 'cost.hier[2]',
    type: amount(), default: 2, help: 'Energy of moving one word between PEs (ITCN).',
  },
  {
    key: 'rf_cost', group: 'cost', label: 'Register file access', run: 'cost.hier[3]',
    type: amount(), default: 1, help: 'Energy of one word in a PE\'s register file (REGF).',
  },
  {
    key: 'hop_cost', group: 'cost', label: 'NoC hop', run: 'cost.hop', flag: '--hop-cost',
    type: amount(), default: 0, help: 'Energy of one word travelling one hop between nodes.',
  },
  {
    key: 'idle_cost', group: 'cost', label: 'Static per cycle', run: 'cost.unit_idle', flag: '--unit-idle-cost',
    type: amount(), default: 0, help: 'Static (leakage) energy of all nodes per cycle.',
  },
  {
    key: 'no_bypass', group: 'options', label: 'May not bypass the global buffer', run: 'options.disable_bypass',
    flag: '--disable-bypass', type: letterSet([['i', 'inputs'], ['o', 'outputs'], ['f', 'filters']]),
    default: 'iof', help: 'Data that must pass through the global buffer instead of going straight from DRAM to the PEs.',
  },
  {
    key: 'solver', group: 'options', label: 'Loop-blocking solver', run: 'options.solve_loopblocking',
    flag: '--solve-loopblocking', type: flag(), default: false,
    help: 'The analytical solver (TETRIS) instead of the exhaustive search: much faster, nearly as good.',
  },
  {
    key: 'access_fwd', group: 'options', label: 'Access forwarding', run: 'options.enable_access_forwarding',
    flag: '--enable-access-forwarding', type: flag(), default: false,
    help: 'Nodes fetch disjoint parts of shared data from DRAM and forward them to each other.',
  },
  {
    key: 'gbuf_sharing', group: 'options', label: 'Buffer sharing', run: 'options.enable_gbuf_sharing',
    flag: '--enable-gbuf-sharing', type: flag(), default: false,
    help: 'Nodes share their global buffers (Tangram); implies access forwarding.',
  },
  {
    key: 'save_writeback', group: 'options', label: 'Save writeback', run: 'options.enable_save_writeback',
    flag: '--enable-save-writeback', type: flag(), default: false,
    help: 'Keep intermediate fmaps on chip when they fit instead of writing them to DRAM.',
  },
  {
    key: 'hybrid', group: 'options', label: 'Hybrid partitioning', run: 'options.hybrid_partition',
    flag: '--hybrid-partition', type: flag(), default: false,
    help: 'Split a layer across nodes by fmap area and output channels together.',
  },
  {
    key: 'batch_part', group: 'options', label: 'Batch partitioning', run: 'options.batch_partition',
    flag: '--batch-partition', type: flag(), default: false, help: 'Also split a layer across nodes by batch.',
  },
  {
    key: 'ifmaps_part', group: 'options', label: 'Input-channel partitioning', run: 'options.ifmaps_partition',
    flag: '--ifmaps-partition', type: flag(), default: false,
    help: 'Also split a layer across nodes by input channels (needs hybrid partitioning).',
  },
  {
    key: 'interlayer', group: 'options', label: 'Inter-layer pipelining', run: 'options.interlayer_partition',
    flag: '--interlayer-partition', type: flag(), default: false,
    help: 'Run several layers at once on parts of the node grid, passing fmaps on chip (Tangram).',
  },
  {
    key: 'basic_interlayer', group: 'options', label: 'Basic inter-layer pipelining only',
    run: 'options.disable_interlayer_opt', flag: '--disable-interlayer-opt', type: flag(), default: false,
    help: 'Skip the inter-layer optimizations of Tangram; pipelining only.',
  },
  {
    key: 'pipe_overhead', group: 'options', label: 'Pipeline time overhead limit',
    run: 'options.layer_pipeline_time_overhead', flag: '--layer-pipeline-time-overhead',
    type: amount({ unlimited: true }), default: Infinity, help: 'Largest time overhead a pipeline segment may add; inf = any.',
  },
  {
    key: 'pipe_degree', group: 'options', label: 'Pipeline degree limit', run: 'options.layer_pipeline_max_degree',
    flag: '--layer-pipeline-max-degree', type: amount({ unlimited: true }), default: Infinity,
    help: 'Most layers in one pipeline segment; inf = any.',
  },
  {
    key: 'goal', group: 'options', label: 'Goal', run: 'options.goal', flag: '--goal',
    type: oneOf([['e', 'least energy'], ['d', 'least delay'], ['ed', 'least energy × delay']]), default: 'e',
    help: 'What the search minimizes.',
  },
  {
    key: 'top', group: 'options', label: 'Schedules kept per step', run: 'options.top', flag: '--top',
    type: wholeNumber(1), default: 1, help: 'More keeps more candidates between layers: slower, sometimes better.',
  },
];

export const FIELD = Object.fromEntries(FIELDS.map((f) => [f.key, f]));

/** The default configuration: Eyeriss ISCA'16 (AlexNet, batch 16, one 16x16 node). */
export const defaultState = () => Object.fromEntries(FIELDS.map((f) => [f.key, structuredClone(f.default)]));

/** The text form of every field of a state: what inputs show and drafts store. */
export const formatState = (state) => Object.fromEntries(FIELDS.map((f) => [f.key, f.type.format(state[f.key])]));

/**
 * Parses a draft ({key: text}) into {state, errors}: each field that does
 * not parse keeps its value from `fallback` and gets a message in `errors`.
 */
export function parseDraft(draft, fallback = defaultState()) {
  const state = {};
  const errors = {};
  for (const f of FIELDS) {
    try {
      state[f.key] = f.key in draft ? f.type.parse(draft[f.key]) : fallback[f.key];
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      state[f.key] = fallback[f.key];
      errors[f.key] = err.message;
    }
  }
  return { state, errors };
}

/**
 * The reference's option rules (Option in option.py), as messages at the
 * field a person would change: {key: [message]}. The form shows them beside
 * the field and refuses to run; it never flips an option by itself.
 */
export function ruleErrors(state) {
  const errors = {};
  const add = (key, message) => (errors[key] ??= []).push(message);
  if (state.solver && state.gbuf_sharing) {
    add('gbuf_sharing', 'cannot be combined with the loop-blocking solver: turn one of them off');
  }
  if (state.solver && state.save_writeback) {
    add('save_writeback', 'cannot be combined with the loop-blocking solver: turn one of them off');
  }
  if (state.access_fwd && state.gbuf_sharing) {
    add('gbuf_sharing', 'already implies access forwarding: turn access forwarding off');
  }
  if (state.ifmaps_part && !state.hybrid) {
    add('ifmaps_part', 'needs hybrid partitioning: turn hybrid partitioning on');
  }
  return errors;
}

/**
 * The run document (docs/run-config.md) of a state; `customNetwork` is the
 * editor's network as an object, used when `net` is 'custom'.
 */
export function runDocument(state, customNetwork) {
  const finite = (v) => (v === Infinity ? 'inf' : v);
  return {
    network: state.net === CUSTOM ? customNetwork : state.net,
    batch: state.batch,
    word: state.word,
    nodes: state.nodes,
    array: state.array,
    regf: state.regf,
    gbuf: state.gbuf,
    bus_width: state.bus,
    dram_bw: finite(state.dram_bw),
    mem_type: state.mem,
    cost: {
      op: state.op_cost,
      hier: [state.dram_cost, state.gbuf_cost, state.array_cost, state.rf_cost],
      hop: state.hop_cost,
      unit_idle: state.idle_cost,
    },
    options: {
      disable_bypass: [...state.no_bypass],
      solve_loopblocking: state.solver,
      enable_access_forwarding: state.access_fwd,
      enable_gbuf_sharing: state.gbuf_sharing,
      enable_save_writeback: state.save_writeback,
      disable_interlayer_opt: state.basic_interlayer,
      hybrid_partition: state.hybrid,
      batch_partition: state.batch_part,
      ifmaps_partition: state.ifmaps_part,
      interlayer_partition: state.interlayer,
      layer_pipeline_time_overhead: finite(state.pipe_overhead),
      layer_pipeline_max_degree: finite(state.pipe_degree),
      goal: state.goal,
      top: state.top,
    },
  };
}

/**
 * The field an engine error is about, from its path: a run-document path
 * (`options.goal`, `cost.hier[2]`, `network.layers[0] "c1".nifm`) or a CLI
 * flag (`--interlayer-partition`). Returns the field's key or null.
 */
export function fieldOfPath(path) {
  if (!path) return null;
  const exact = FIELDS.find((f) => f.run === path || f.flag === path);
  if (exact) return exact.key;
  const inside = FIELDS.find((f) => path.startsWith(`${f.run}.`) || path.startsWith(`${f.run}[`));
  // A path naming a whole list (`cost.hier`) is about its first field.
  const whole = FIELDS.find((f) => f.run.startsWith(`${path}[`));
  return (inside ?? whole)?.key ?? null;
}
