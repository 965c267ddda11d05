// Links (and saved drafts) of older versions, brought to the current one
// step by step, as Compiler Explorer's url-serialization migrates old
// states: each step takes the field texts of one version ({key: text}) and
// returns those of the next. A step is frozen once released: the links it
// reads are out there (tests/js/url-codec.test.mjs keeps real ones as
// literals), so a later change of the form gets a new step instead.

/** @typedef {Record<string, string>} Texts  The field texts of a link, by key. */

/**
 * Version 1 (the page before the run schema): short keys of its own, the
 * four memory costs as four keys, and missing keys meaning its defaults
 * (Eyeriss ISCA'16), which are spelled out here so that an old short link
 * keeps its meaning whatever the page opens with now.
 * @type {Texts}
 */
const V1_DEFAULTS = {
  net: 'alex_net', batch: '16', word: '16', nodes: '1x1', array: '16x16', regf: '512', gbuf: '131072', bus: '0',
  dram_bw: 'inf', mem: '2D', op_cost: '1', dram_cost: '200', gbuf_cost: '6', array_cost: '2', rf_cost: '1', hop_cost: '0',
  idle_cost: '0', no_bypass: 'iof', solver: '0', access_fwd: '0', gbuf_sharing: '0', save_writeback: '0', hybrid: '0',
  batch_part: '0', ifmaps_part: '0', interlayer: '0', basic_interlayer: '0', pipe_overhead: 'inf', pipe_degree: 'inf',
  goal: 'e', top: '1',
};

/** Version 1 keys whose field has another name in version 2 (the rest kept their names). @type {Texts} */
const V1_RENAMED = {
  net: 'network',
  bus: 'bus_width',
  mem: 'mem_type',
  idle_cost: 'unit_idle_cost',
  no_bypass: 'disable_bypass',
  solver: 'solve_loopblocking',
  access_fwd: 'enable_access_forwarding',
  gbuf_sharing: 'enable_gbuf_sharing',
  save_writeback: 'enable_save_writeback',
  hybrid: 'hybrid_partition',
  batch_part: 'batch_partition',
  ifmaps_part: 'ifmaps_partition',
  interlayer: 'interlayer_partition',
  basic_interlayer: 'disable_interlayer_opt',
  pipe_overhead: 'layer_pipeline_time_overhead',
  pipe_degree: 'layer_pipeline_max_degree',
};

/** Version 1's memory costs, one key per level, which version 2 writes as one list. */
const V1_HIER_COST = ['dram_cost', 'gbuf_cost', 'array_cost', 'rf_cost'];

/** @type {(texts: Texts) => Texts} */
function v1ToV2(texts) {
  const all = { ...V1_DEFAULTS, ...texts };
  /** @type {Texts} */
  const out = {};
  for (const [key, text] of Object.entries(all)) {
    if (V1_HIER_COST.includes(key)) continue;
    out[V1_RENAMED[key] ?? key] = text;
  }
  out.hier_cost = V1_HIER_COST.map((key) => all[key]).join(',');
  return out;
}

/** The steps: MIGRATIONS[v] takes texts of version v to version v + 1. */
const MIGRATIONS = /** @type {Record<number, (texts: Texts) => Texts>} */ ({ 1: v1ToV2 });

/** The link version this page writes. */
export const CURRENT_VERSION = 2;

/** The oldest version this page reads. */
export const OLDEST_VERSION = 1;

/**
 * The texts of a link (or draft) of `version`, in the current version's
 * keys. Keys a step does not know pass through (the reader reports them).
 */
export function migrate(/** @type {Texts} */ texts, /** @type {number} */ version) {
  let out = texts;
  for (let v = version; v < CURRENT_VERSION; v += 1) out = MIGRATIONS[v](out);
  return out;
}
