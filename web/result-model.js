// The result document (the reference's format: `nndf search` prints it, the
// engine's search answers it) and the engine's explanation of a layer, read
// into named fields. This is the only module that knows their positional
// arrays (`schedules[name] = [scheme, ofmap_layout, sched_seq]`, `part =
// [order, pdims]`, regions as 6-lists, `tvals[level][loop]`, `access[level]
// [data]`, ...); the views read what it gives them. The words for the
// positions come from vocabulary.js.
import { parsePyJson } from './py-json.js';
import {
  DATA, LEVELS, LOOPS, PARTITION_KEYS,
} from './vocabulary.js';

/**
 * @typedef {import('./vocabulary.js').LoopKey} LoopKey
 * @typedef {import('./vocabulary.js').LevelKey} LevelKey
 * @typedef {import('./vocabulary.js').DataKey} DataKey
 * @typedef {import('./vocabulary.js').PartitionKey} PartitionKey
 * @typedef {Record<DataKey, number>} PerData
 * @typedef {Record<LevelKey, number>} PerLevel
 * @typedef {{row: number, col: number}} Coord
 * @typedef {{rows: number, cols: number}} Size
 * @typedef {{size: Size, origin: Coord, dist: Size, wtot: number, wbeg: number}} Region
 * @typedef {{rows: number, cols: number, count: number}} PartDims
 * @typedef {{order: PartitionKey[], dims: Record<PartitionKey, PartDims>}} Partition
 *   `order`: the partitions from the outermost; `count` = rows x cols parts.
 * @typedef {{segment: number, slot: number, step: number}} Place
 *   Where a layer runs (sched_seq): its pipeline segment, spatial slot and temporal step, from 0.
 */

/**
 * One layer's schedule, the first element of `schedules[name]` and its place.
 * @typedef {object} LayerSchedule
 * @property {string} name
 * @property {number} index             Its position in the schedule, from 0.
 * @property {number} time              Cycles.
 * @property {number} cost              Energy, in the costs' units.
 * @property {number} ops               MACs.
 * @property {number} numNodes
 * @property {{op: number, noc: number, static: number}} energy  Its energy of MACs, NoC hops and idle time.
 * @property {Record<LevelKey, PerData>} access   Accesses per memory level and data category.
 * @property {PerData} remoteGbufAccess
 * @property {{mem: PerData, node: PerData, total: PerData, unit: PerData}} hops  NoC word-hops per data category.
 * @property {PerData} accfwdReduction  How much access forwarding cuts the memory fetches.
 * @property {PerData} bufshrGroupSize  The buffer-sharing group of each category.
 * @property {Record<LoopKey, number>[]} blocking  The blocking factors of each level of BLOCKING_LEVELS.
 * @property {LoopKey[][]} loopOrders   The loops of the two blocked levels, outer to inner.
 * @property {Partition} partition
 * @property {Place} place
 * @property {number} activePes         Average active PEs per node (NaN if the document lacks it).
 * @property {number} dramBandwidth     DRAM words per cycle (NaN if the document lacks it).
 */

/**
 * @typedef {{index: number, time: number, dramTime: number, slots: {nodes: number, layers: string[]}[]}} Segment
 *   A pipeline segment: its layers by spatial slot (each slot's layers in temporal order) with each slot's node count.
 */

/**
 * A result document, read.
 * @typedef {object} Result
 * @property {any} doc            The document as parsed (for export).
 * @property {string} net
 * @property {number} batch
 * @property {{cost: number, time: number, ops: number, accesses: PerLevel, opCost: number, nocCost: number, staticCost: number}} totals
 * @property {{mac: number, levels: PerLevel, hop: number, idle: number}} costs  Unit costs.
 * @property {Size} array         PEs per node.
 * @property {Region} procRegion  The node grid.
 * @property {Region} dramRegion  The memory channels.
 * @property {LayerSchedule[]} layers  In schedule order.
 * @property {Segment[]} segments
 */

const isList = Array.isArray;
const sum = (/** @type {number[]} */ values) => values.reduce((a, b) => a + b, 0);

/** A per-data-category list as {filters, ifmaps, ofmaps}. */
const perData = (/** @type {number[]} */ list) => /** @type {PerData} */ (
  Object.fromEntries(DATA.map(({ key }, i) => [key, list?.[i] ?? 0])));

/** A per-memory-level list as {dram, gbuf, itcn, regf}. */
const perLevel = (/** @type {number[]} */ list) => /** @type {PerLevel} */ (
  Object.fromEntries(LEVELS.map(({ key }, i) => [key, list[i]])));

/** A per-loop list as {i, o, b}. */
const perLoop = (/** @type {number[]} */ list) => /** @type {Record<LoopKey, number>} */ (
  Object.fromEntries(LOOPS.map(({ key }, i) => [key, list[i]])));

const coord = (/** @type {number[]} */ [row, col]) => ({ row, col });
const size = (/** @type {number[]} */ [rows, cols]) => ({ rows, cols });

/** A region, [dim, origin, dist, type, wtot, wbeg]. */
export function readRegion(/** @type {any[]} */ [dim, origin, dist, , wtot, wbeg]) {
  return {
    size: size(dim), origin: coord(origin), dist: size(dist), wtot, wbeg,
  };
}

/** A partition, [order, [[h, w] per OUTP, OFMP, BATP, INPP]]. */
export function readPartition(/** @type {any[]} */ [order, pdims]) {
  const dims = /** @type {Record<PartitionKey, PartDims>} */ (Object.fromEntries(PARTITION_KEYS.map((key, p) => {
    const [rows, cols] = pdims[p];
    return [key, { rows, cols, count: rows * cols }];
  })));
  return { order: order.map((/** @type {number} */ p) => PARTITION_KEYS[p]), dims };
}

/** The loops of one level from outer to inner: in `orders`, a smaller number is more inner. */
const outerToInner = (/** @type {number[]} */ order) => [0, 1, 2]
  .sort((a, b) => order[b] - order[a]).map((l) => LOOPS[l].key);

/** One layer of `schedules`. */
function readLayer(/** @type {any} */ doc, /** @type {string} */ name, /** @type {number} */ index) {
  const [scheme, , [segment, slot, step]] = doc.schedules[name];
  return {
    name,
    index,
    time: scheme.time,
    cost: scheme.cost,
    ops: scheme.ops,
    numNodes: scheme.num_nodes,
    energy: { op: scheme.cost_op, noc: scheme.cost_noc, static: scheme.cost_static },
    access: /** @type {Record<LevelKey, PerData>} */ (
      Object.fromEntries(LEVELS.map(({ key }, l) => [key, perData(scheme.access[l])]))),
    remoteGbufAccess: perData(scheme.remote_gbuf_access ?? []),
    hops: {
      mem: perData(scheme.mem_nhops), node: perData(scheme.node_nhops), total: perData(scheme.total_nhops), unit: perData(scheme.unit_nhops),
    },
    accfwdReduction: perData(scheme.accfwd_reduction ?? [1, 1, 1]),
    bufshrGroupSize: perData(scheme.bufshr_grp_size ?? [1, 1, 1]),
    blocking: scheme.tvals.map(perLoop),
    loopOrders: scheme.orders.map(outerToInner),
    partition: readPartition(scheme.part),
    place: { segment, slot, step },
    activePes: doc.active_node_pes?.[name] ?? NaN,
    dramBandwidth: doc.dram_bandwidth?.[name] ?? NaN,
  };
}

/** The segments of the layers, by index, each slot's layers in temporal order. */
function readSegments(/** @type {any} */ doc, /** @type {LayerSchedule[]} */ layers) {
  /** @type {Segment[]} */
  const out = [];
  for (const { name, numNodes, place: { segment, slot, step } } of layers) {
    out[segment] ??= {
      index: segment, time: doc.segment_time?.[segment] ?? NaN, dramTime: doc.segment_dram_time?.[segment] ?? NaN, slots: [],
    };
    const { slots } = out[segment];
    slots[slot] ??= { nodes: numNodes, layers: [] };
    slots[slot].layers[step] = name;
  }
  return out.filter(Boolean);
}

/** What is missing or malformed for the views, as the paths of a result document. */
function problemsOf(/** @type {any} */ doc) {
  const problems = [];
  if (typeof doc.total_cost !== 'number') problems.push('total_cost');
  if (typeof doc.schedules !== 'object' || doc.schedules === null) problems.push('schedules');
  if (typeof doc.cost !== 'object' || !isList(doc.cost?.mem_hier)) problems.push('cost.mem_hier');
  if (!isList(doc.total_accesses)) problems.push('total_accesses');
  for (const key of ['dim_array', 'proc_region', 'dram_region']) {
    if (!isList(doc.resource?.[key])) problems.push(`resource.${key}`);
  }
  for (const [name, entry] of Object.entries(doc.schedules ?? {})) {
    const [scheme, , seq] = isList(entry) ? entry : [];
    if (!scheme || !isList(scheme.access) || !isList(scheme.tvals) || !isList(scheme.orders) || !isList(scheme.part)
      || !isList(scheme.total_nhops) || !Number.isInteger(scheme.num_nodes) || !isList(seq) || seq.length !== 3) {
      problems.push(`schedules.${name}`);
      break;
    }
  }
  return problems;
}

/**
 * Reads a parsed result document into named fields. Throws an Error saying
 * what is wrong if it is not a result document.
 * @returns {Result}
 */
export function readResult(/** @type {any} */ doc) {
  if (doc === null) throw new Error('the file holds null: that search found no valid dataflow');
  if (typeof doc !== 'object' || isList(doc)) throw new Error('not a result document (expected an object)');
  const problems = problemsOf(doc);
  if (problems.length > 0) throw new Error(`not a result document of nndf (missing or bad: ${problems.join(', ')})`);
  const layers = Object.keys(doc.schedules).map((name, i) => readLayer(doc, name, i));
  return {
    doc,
    net: doc.net,
    batch: doc.batch,
    totals: {
      cost: doc.total_cost,
      time: doc.total_time,
      ops: doc.total_ops,
      accesses: perLevel(doc.total_accesses),
      opCost: doc.total_op_cost,
      nocCost: doc.total_noc_cost,
      staticCost: doc.total_static_cost,
    },
    costs: {
      mac: doc.cost.mac_op, levels: perLevel(doc.cost.mem_hier), hop: doc.cost.noc_hop, idle: doc.cost.idl_unit,
    },
    array: size(doc.resource.dim_array),
    procRegion: readRegion(doc.resource.proc_region),
    dramRegion: readRegion(doc.resource.dram_region),
    layers,
    segments: readSegments(doc, layers),
  };
}

/**
 * Reads a result document's text (from the engine, this page or `nndf
 * search`). Throws an Error saying what is wrong.
 */
export function readResultText(/** @type {string} */ text) {
  let doc;
  try {
    doc = parsePyJson(text);
  } catch (err) {
    throw new Error(`not a JSON document (${/** @type {Error} */ (err).message})`);
  }
  return readResult(doc);
}

/** The layer of a name; throws if the result has none. */
export function layerOf(/** @type {Result} */ result, /** @type {string} */ name) {
  const layer = result.layers.find((l) => l.name === name);
  if (!layer) throw new Error(`the result has no layer '${name}'`);
  return layer;
}

/** The segment a layer runs in. */
export const segmentOf = (/** @type {Result} */ result, /** @type {LayerSchedule} */ layer) => /** @type {Segment} */ (
  result.segments.find((s) => s.index === layer.place.segment));

/** True when a segment runs one layer alone (no pipelining). */
export const runsAlone = (/** @type {Segment} */ segment) => segment.slots.length === 1 && segment.slots[0].layers.length === 1;

/** The sum of a per-data record. */
export const total = (/** @type {Record<string, number>} */ values) => sum(Object.values(values));

// ---- The engine's explanation of a layer (explain in wasm/bindings.cpp) ----

/**
 * @typedef {{beg: number, end: number}} Range  [beg, end)
 * @typedef {{b: Range, n: Range, h: Range, w: Range}} FmapRange
 * @typedef {object} NodeShare  One node of a layer's partition.
 * @property {Coord} coord
 * @property {Record<PartitionKey, number>} position  Its part along each partition, from 0.
 * @property {FmapRange} ofm      The ofmap it computes.
 * @property {FmapRange} ifm      The ifmap it reads.
 * @property {{i: Range, o: Range} | null} filters  The filters it uses (null for layers without).
 * @property {boolean} idle       Nothing to compute.
 * @typedef {object} PeBlock  A piece of the (folded) logical PE set on the array in one pass.
 * @property {number} replica
 * @property {number} fold        Which width fold running side by side.
 * @property {Coord} origin       Its top-left PE.
 * @property {Size} size
 * @typedef {object} Mapping  The row-stationary mapping of a node's part of the layer.
 * @property {'filter' | 'region'} rowsAre  What the logical PE set's rows are.
 * @property {Size} logical
 * @property {Size} fold
 * @property {Size} replication
 * @property {number} sideBySide
 * @property {Size} folded
 * @property {Size} physical
 * @property {number} utilization
 * @property {number} activePes
 * @property {PeBlock[]} blocks
 * @typedef {object} Explanation
 * @property {string} layer
 * @property {Region} region
 * @property {Coord[]} regionNodes
 * @property {Coord[]} memoryNodes  The memory channels' nodes, in the DRAM region's order.
 * @property {NodeShare[]} nodes
 * @property {{nifm: number, nofm: number, hofm: number, wofm: number, batch: number}} nodePart  One node's part of the layer.
 * @property {Mapping} mapping
 * @property {LoopNest} loopNest  One node's loops, DRAM to PE (docs/explain.md).
 * @property {Reuse} reuse        Accesses, reuse and buffer occupancy.
 * @property {Passes | null} passes  The pass loop around it all (null from an engine that does not say).
 * @typedef {object} Passes  A grouped conv's or a matmul's passes of one unit layer (docs/extensions.md).
 * @property {number} count    Passes: groups, or heads × samples.
 * @property {number} groups   1 but for a grouped conv.
 * @property {number} heads    1 but for a matmul.
 * @property {number} samples  The samples a matmul runs as passes of their own (1 for other layers).
 * @property {number} together Passes run at once, side by side on the PE array (a round); 1 when one at a time.
 * @property {{nifm: number, nofm: number, batch: number}} unit  One pass's layer: its channels and batch.
 * @typedef {object} NestLoop  One loop of a node's nest.
 * @property {string} level      DRAM, GBUF, REGF, PE array or PE.
 * @property {string} dim        The dimension's key (batch, fold, ifm, ofm, orow, ocol, frow, fcol, rchan).
 * @property {string} name       The dimension for a person.
 * @property {number} count      Trip count.
 * @property {boolean} spatial
 * @property {boolean} partial   A ceiling: its last iteration is only partly used.
 * @property {string} note       Where replication or folding enters.
 * @typedef {{dim: string, name: string, layer: number, share: number, product: number}} NestDim
 *   A dimension: the whole layer's size, one node's share, the loops' product.
 * @typedef {object} LoopNest
 * @property {string[]} levels
 * @property {NestLoop[]} loops  Outer first.
 * @property {NestDim[]} dims
 * @property {{ifms: number, ofms: number, passes: number}} replication  Copies of the PE set on input and output channels, and passes side by side.
 * @property {number} ops         The engine's ops of one node.
 * @property {number} opsShare    MACs of the node's share.
 * @property {number} opsCovered  All trip counts multiplied.
 * @typedef {{level: string, data: string, access: number, reuse: number}} ReuseRow
 * @typedef {{level: string, per: string, words: Record<string, number>, total: number, capacity: number}} BufferFill
 * @typedef {object} Reuse
 * @property {number} ops        MACs of the layer, all its nodes.
 * @property {number} numNodes
 * @property {ReuseRow[]} access  Per level (DRAM, GBUF, ITCN, REGF) and data category, all nodes.
 * @property {number[]} remoteGbufAccess
 * @property {BufferFill[]} buffers  GBUF (one node) and REGF (one PE).
 * @property {number[]} gbufSharing
 * @property {{words: number, wordBits: number, bytes: number}} dram
 * @property {{cycles: number, compute: number, memory: number, bus: number, dram: number, bound: string}} time
 */

const range = (/** @type {number[]} */ [beg, end]) => ({ beg, end });
const fmapRange = (/** @type {Record<string, number[]>} */ f) => ({
  b: range(f.b), n: range(f.n), h: range(f.h), w: range(f.w),
});

/**
 * Reads the engine's explanation of a layer.
 * @returns {Explanation}
 */
export function readExplanation(/** @type {any} */ e) {
  const m = e.mapping;
  return {
    layer: e.layer,
    region: readRegion(e.region),
    regionNodes: e.region_nodes.map(coord),
    memoryNodes: (e.memory_nodes ?? []).map(coord),
    nodes: e.nodes.map((/** @type {any} */ n) => ({
      coord: coord(n.coord),
      position: /** @type {Record<PartitionKey, number>} */ (Object.fromEntries(PARTITION_KEYS.map((key, p) => [key, n.position[p]]))),
      ofm: fmapRange(n.ofm),
      ifm: fmapRange(n.ifm),
      filters: n.fil ? { i: range(n.fil.i), o: range(n.fil.o) } : null,
      idle: n.idle,
    })),
    nodePart: {
      nifm: e.node_part.nifm, nofm: e.node_part.nofm, hofm: e.node_part.hofm, wofm: e.node_part.wofm, batch: e.node_part.batch,
    },
    mapping: {
      rowsAre: m.rows_are,
      logical: size(m.logical),
      fold: size(m.fold),
      replication: size(m.replication),
      sideBySide: m.side_by_side,
      folded: size(m.folded),
      physical: size(m.physical),
      utilization: m.utilization,
      activePes: m.active_pes,
      blocks: m.blocks.map((/** @type {any} */ b) => ({
        replica: b.replica, fold: b.fold, origin: coord(b.origin), size: size(b.size),
      })),
    },
    loopNest: readLoopNest(e.loop_nest),
    reuse: readReuse(e.reuse),
    passes: e.passes ? {
      count: e.passes.count,
      groups: e.passes.groups,
      heads: e.passes.heads,
      samples: e.passes.samples,
      together: e.passes.together ?? 1,
      unit: { nifm: e.passes.unit.nifm, nofm: e.passes.unit.nofm, batch: e.passes.unit.batch },
    } : null,
  };
}

/** @returns {LoopNest} */
function readLoopNest(/** @type {any} */ n) {
  return {
    levels: n.levels,
    loops: n.loops.map((/** @type {any} */ l) => ({
      level: l.level, dim: l.dim, name: l.name, count: l.count, spatial: l.spatial, partial: l.partial, note: l.note,
    })),
    dims: n.dims.map((/** @type {any} */ d) => ({
      dim: d.dim, name: d.name, layer: d.layer, share: d.share, product: d.product,
    })),
    replication: { ifms: n.replication.ifms, ofms: n.replication.ofms, passes: n.replication.passes ?? 1 },
    ops: n.ops,
    opsShare: n.ops_share,
    opsCovered: n.ops_covered,
  };
}

/** @returns {Reuse} */
function readReuse(/** @type {any} */ r) {
  return {
    ops: r.ops,
    numNodes: r.num_nodes,
    access: r.access.map((/** @type {any} */ a) => ({ level: a.level, data: a.data, access: a.access, reuse: a.reuse })),
    remoteGbufAccess: r.remote_gbuf_access,
    buffers: r.buffers.map((/** @type {any} */ b) => ({
      level: b.level, per: b.per, words: b.words, total: b.total, capacity: b.capacity,
    })),
    gbufSharing: r.gbuf_sharing,
    dram: { words: r.dram.words, wordBits: r.dram.word_bits, bytes: r.dram.bytes },
    time: {
      cycles: r.time.cycles, compute: r.time.compute, memory: r.time.memory, bus: r.time.bus, dram: r.time.dram, bound: r.time.bound,
    },
  };
}
