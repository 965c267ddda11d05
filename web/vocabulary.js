// The words of the engine's model, in one place: the loops of a layer, the
// memory levels, the data categories, the partitions across nodes and the
// layer types. Each list is in the order the result document uses it, so
// the result model (result-model.js) can name the positions it reads, and
// the views say the same thing the same way.

/**
 * @typedef {'i' | 'o' | 'b'} LoopKey
 * @typedef {{key: LoopKey, label: string, short: string}} Loop
 */

/** The loops blocked per level, in `tvals` and `orders` order (the engine's IFM, OFM, BAT). */
/** @type {readonly Loop[]} */
export const LOOPS = [
  { key: 'i', label: 'input channels', short: 'I' },
  { key: 'o', label: 'output channels', short: 'O' },
  { key: 'b', label: 'batch', short: 'B' },
];

/**
 * @typedef {'dram' | 'gbuf' | 'itcn' | 'regf'} LevelKey
 * @typedef {{key: LevelKey, name: string, label: string}} Level
 */

/** The memory levels, in `access`, `mem_hier` and `total_accesses` order. */
/** @type {readonly Level[]} */
export const LEVELS = [
  { key: 'dram', name: 'DRAM', label: 'DRAM' },
  { key: 'gbuf', name: 'GBUF', label: 'global buffer' },
  { key: 'itcn', name: 'ITCN', label: 'array interconnect' },
  { key: 'regf', name: 'REGF', label: 'register file' },
];

/**
 * The levels of the loop blocking, in `tvals` order: what one iteration of
 * each level's loops moves.
 * @type {readonly {key: string, label: string, note: string}[]}
 */
export const BLOCKING_LEVELS = [
  { key: 'dram', label: 'DRAM → global buffer', note: 'Each iteration brings a block of data from DRAM into the global buffer.' },
  { key: 'gbuf', label: 'global buffer → register file', note: 'Each iteration brings a block from the global buffer into the PEs\' register files.' },
  { key: 'pe', label: 'in the PE array', note: 'Processed in the PE array in one pass, from the register files.' },
];

/**
 * @typedef {'filters' | 'ifmaps' | 'ofmaps'} DataKey
 * @typedef {{key: DataKey, label: string, long: string}} DataCategory
 */

/** The data categories, in the order of every per-data list of a scheme (`access[level]`, `total_nhops`, ...). */
/** @type {readonly DataCategory[]} */
export const DATA = [
  { key: 'filters', label: 'Filters', long: 'filters' },
  { key: 'ifmaps', label: 'Ifmaps', long: 'input fmaps' },
  { key: 'ofmaps', label: 'Ofmaps', long: 'output fmaps' },
];

/**
 * What a layer type calls its filters, where they are not weights: a
 * matmul's "filters" are its right operand, an activation fetched from the
 * rhs layer's layout (docs/extensions.md). `row` is what a PE row of the
 * row-stationary set keeps.
 * @type {Record<string, {label: string, long: string, row: string}>}
 */
const FILTERS_ARE = {
  MatmulLayer: { label: 'Right operand', long: 'right operand', row: 'right-operand row' },
};

/** The data categories as a layer type names them: DATA, with a matmul's filters called its right operand. */
export function dataOf(/** @type {string | undefined} */ type) {
  const words = type === undefined ? undefined : FILTERS_ARE[type];
  if (!words) return DATA;
  return /** @type {readonly DataCategory[]} */ (DATA.map((d) => (d.key === 'filters' ? { ...d, label: words.label, long: words.long } : d)));
}

/**
 * What a row of the logical PE set keeps, for a layer type: 'filter row',
 * 'right-operand row' (matmul) or 'window row' (the local-region layers,
 * whose `rowsAre` is 'region').
 */
export function peRowWord(/** @type {string | undefined} */ type, /** @type {'filter' | 'region'} */ rowsAre) {
  if (rowsAre === 'region') return 'window row';
  return (type === undefined ? undefined : FILTERS_ARE[type])?.row ?? 'filter row';
}

/**
 * The engine's name of a loop dimension (explain's loop_nest), in a layer
 * type's words: a matmul's filter rows and columns are its right operand's.
 */
export function dimName(/** @type {string | undefined} */ type, /** @type {string} */ name) {
  const words = type === undefined ? undefined : FILTERS_ARE[type];
  return words && name.startsWith('filter ') ? `${words.long} ${name.slice('filter '.length)}` : name;
}

/**
 * @typedef {'OUTP' | 'OFMP' | 'BATP' | 'INPP'} PartitionKey
 * @typedef {{key: PartitionKey, label: string, holds: string}} Partition
 */

/** The ways to split a layer across nodes, in `part`'s order (and the engine's pe:: indexes). */
/** @type {readonly Partition[]} */
export const PARTITIONS = [
  { key: 'OUTP', label: 'output channels', holds: 'output channels' },
  { key: 'OFMP', label: 'fmap area', holds: 'ofmap' },
  { key: 'BATP', label: 'batch', holds: 'batch items' },
  { key: 'INPP', label: 'input channels', holds: 'input channels' },
];

/** The partition keys, in `part`'s order. */
export const PARTITION_KEYS = /** @type {readonly PartitionKey[]} */ (PARTITIONS.map((p) => p.key));

/** The partition of a key. */
export const partitionOf = (/** @type {PartitionKey} */ key) => /** @type {Partition} */ (PARTITIONS.find((p) => p.key === key));

/** The layer types of the engine (networkLayers' `type`), with their short names. */
/** @type {Record<string, {name: string, filters: boolean, macs?: false}>} */
const LAYER_TYPES = {
  ConvLayer: { name: 'conv', filters: true },
  FCLayer: { name: 'fc', filters: true },
  PoolingLayer: { name: 'pool', filters: false },
  EltwiseLayer: { name: 'eltwise', filters: false },
  LocalRegionLayer: { name: 'local region', filters: false },
  // Local regions too (docs/extensions.md), whose ops are not MACs.
  SoftmaxLayer: { name: 'softmax', filters: false, macs: false },
  LayerNormLayer: { name: 'layernorm', filters: false, macs: false },
  GELULayer: { name: 'gelu', filters: false, macs: false },
  // Both operands are activations: no weights (docs/extensions.md).
  MatmulLayer: { name: 'matmul', filters: false },
};

/** The short name of a layer type: 'conv', 'pool', ... (the type itself if unknown). */
export const layerTypeName = (/** @type {string} */ type) => LAYER_TYPES[type]?.name ?? type;

/** True for layers with filters (conv and fc); the rest are local-region layers (pool, eltwise, ...). */
export const hasFilters = (/** @type {string} */ type) => LAYER_TYPES[type]?.filters ?? false;

/** False for the layer types whose ops are not multiply-accumulates (softmax, layernorm, gelu). */
export const opsAreMacs = (/** @type {string} */ type) => LAYER_TYPES[type]?.macs ?? true;
