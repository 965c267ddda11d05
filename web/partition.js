// What the nodes of a layer hold, in words: the engine computes each node's
// coordinate and data ranges (explain, read by result-model.js); this module
// only says them, for the node grid's tooltips, its live line and its table.
import { PARTITIONS, partitionOf } from './vocabulary.js';
import { nodePasses, passHeld } from './passes.js';

/**
 * @typedef {import('./result-model.js').NodeShare} NodeShare
 * @typedef {import('./result-model.js').Partition} Partition
 * @typedef {import('./result-model.js').Range} Range
 * @typedef {import('./vocabulary.js').PartitionKey} PartitionKey
 * @typedef {import('./result-model.js').Passes} Passes
 */

/** A range [beg, end) as people count: '0–63', '7', or 'none'. */
export function rangeText(/** @type {Range} */ { beg, end }) {
  if (end <= beg) return 'none';
  return end - beg === 1 ? String(beg) : `${beg}–${end - 1}`;
}

/**
 * The numbers a node holds along a partition: '0–63', or 'rows 6–12,
 * columns 13–26' for the fmap area. A layer of several passes (`passes`,
 * the engine's) holds them in every pass: '0–3 of each group's 8'
 * (passes.js).
 */
export function held(/** @type {NodeShare} */ node, /** @type {PartitionKey} */ key, /** @type {Passes | null} */ passes = null) {
  if (key === 'OFMP') return `rows ${rangeText(node.ofm.h)}, columns ${rangeText(node.ofm.w)}`;
  const range = key === 'OUTP' ? node.ofm.n : key === 'BATP' ? node.ofm.b : node.ifm.n;
  return passHeld(passes, key, range, rangeText(range));
}

/** What a node holds along a partition, in words: 'output channels 0–63'. */
export const holds = (/** @type {NodeShare} */ node, /** @type {PartitionKey} */ key, /** @type {Passes | null} */ passes = null) => (
  `${partitionOf(key).holds} ${held(node, key, passes)}`);

/** The order a node's holdings are said in: the batch first, then as the layer goes. */
const SAID = /** @type {PartitionKey[]} */ (['BATP', 'OUTP', 'OFMP', 'INPP']);

/** The partitions that split the layer, in `part`'s order. */
const splits = (/** @type {Partition} */ partition) => PARTITIONS.map((p) => p.key).filter((key) => partition.dims[key].count > 1);

/** One node in a sentence: where it is, all it holds, its part along each split, and the ifmap it reads. */
export function nodeText(/** @type {NodeShare} */ node, /** @type {Partition} */ partition, /** @type {Passes | null} */ passes = null) {
  const { row, col } = node.coord;
  const all = SAID.map((key) => holds(node, key, passes)).join('; ');
  const parts = splits(partition).map((key) => `${partitionOf(key).label} part ${node.position[key]} of ${partition.dims[key].count}`);
  return `Node (row ${row}, column ${col})${node.idle ? ', idle: nothing to compute' : ''}: ${all}.`
    + `${parts.length ? ` Partition index: ${parts.join(', ')}.` : ''}`
    + ` Reads ifmap rows ${rangeText(node.ifm.h)}, columns ${rangeText(node.ifm.w)}.${nodePasses(passes, node)}`;
}

/** The partitions that split the layer, most parts first: the choices of colouring. */
export const splitBy = (/** @type {Partition} */ partition) => splits(partition)
  .sort((a, b) => partition.dims[b].count - partition.dims[a].count);

/** A table cell of a node along a partition: '#3: rows 6–12, columns 13–26' ('#': its part, along a split). */
export const cellText = (/** @type {NodeShare} */ node, /** @type {Partition} */ partition, /** @type {PartitionKey} */ key, /** @type {Passes | null} */ passes = null) => (
  `${partition.dims[key].count > 1 ? `#${node.position[key]}: ` : ''}${held(node, key, passes)}`);

/** The column order of the node table. */
export const TABLE_ORDER = SAID;
