// The pass loop of a grouped convolution or a matmul (docs/extensions.md,
// "passes of a unit layer"): the engine runs such a layer as passes of one
// unit layer, one after another, and explains one pass (explain's
// `passes`, read by result-model.js). This module says in words what one
// pass holds and that it repeats, for the PE array and the node grid. The
// numbers are the engine's; only words are made here.
/**
 * @typedef {import('./result-model.js').Passes} Passes
 * @typedef {import('./result-model.js').Mapping} Mapping
 * @typedef {import('./result-model.js').NodeShare} NodeShare
 * @typedef {import('./result-model.js').Size} Size
 * @typedef {import('./vocabulary.js').PartitionKey} PartitionKey
 * @typedef {import('./result-model.js').Range} Range
 */

const plural = (/** @type {number} */ n, /** @type {string} */ word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** True when the engine runs the layer as more than one pass. */
export const isMultiPass = (/** @type {Passes | null} */ passes) => passes !== null && passes.count > 1;

/** A matmul's passes run over heads and samples; a grouped conv's over groups. */
const overHeads = (/** @type {Passes} */ p) => p.heads > 1 || p.samples > 1;

/** Depthwise: one input channel per group (the engine's unit layer has one). */
export const isDepthwise = (/** @type {Passes | null} */ passes) => isMultiPass(passes) && !overHeads(/** @type {Passes} */ (passes))
  && /** @type {Passes} */ (passes).unit.nifm === 1;

/** The rounds a layer's passes run in: `together` passes at once, side by side on the PE array, a round. */
export const rounds = (/** @type {Passes} */ p) => p.count / p.together;

/** How the groups follow each other: one after another, or in rounds of several side by side. */
const groupOrder = (/** @type {Passes} */ p) => (p.together > 1
  ? `${rounds(p)} rounds of ${p.together} groups side by side`
  : 'one group after another');

/** How a node runs its passes, for the node grid: 'one after another', or in rounds side by side. */
export const passesInTurn = (/** @type {Passes} */ p) => (p.together > 1
  ? `${p.together} at a time side by side, in ${rounds(p)} rounds`
  : 'one after another');

/** What the PE array holds in one pass and how often the pass repeats; '' for a layer of one pass. */
export function passCaption(/** @type {Passes | null} */ passes) {
  if (!passes || !isMultiPass(passes)) return '';
  const { unit } = passes;
  if (overHeads(passes)) {
    return `One pass per head and sample: ${plural(passes.heads, 'head')} × ${plural(passes.samples, 'sample')} = ${passes.count} passes, `
      + `one after another. The array holds one head of one sample: ${unit.nifm} → ${unit.nofm} channels, `
      + 'with that head\'s slice of that sample\'s right operand.';
  }
  const { together } = passes;
  if (together > 1) {
    return `One round of ${passes.groups} groups: the array runs ${together} groups at once, each in its own copies of this mapping, `
      + `and the round repeats ${rounds(passes)} times; each group is the convolution of ${plural(unit.nifm, 'input channel')} `
      + `into ${plural(unit.nofm, 'output channel')}${isDepthwise(passes) ? ' (depthwise: one channel per group)' : ''}.`;
  }
  return `One pass of ${passes.groups} groups: this mapping runs ${passes.groups} times, one group after another, `
    + `each the convolution of ${plural(unit.nifm, 'input channel')} into ${plural(unit.nofm, 'output channel')}`
    + `${isDepthwise(passes) ? ' (depthwise: one channel per pass)' : ''}.`;
}

/**
 * Why a depthwise pass keeps few PEs busy, or what fills them ('' for other
 * layers): one group has one input channel, so of the copies of the PE set
 * the array holds only those over the group's few output channels have
 * work, unless other groups run side by side in the rest (`working`, the
 * loop nest's replication, counts both). `busy` is the result's average
 * active PEs of a node (NaN when the document lacks it).
 */
export function depthwiseNote(/** @type {Passes | null} */ passes, /** @type {Mapping} */ mapping, /** @type {Size} */ array, /** @type {number} */ busy, /** @type {number} */ working) {
  if (!passes || !isDepthwise(passes)) return '';
  const pes = array.rows * array.cols;
  const k = passes.unit.nofm;
  const copies = mapping.replication.rows * mapping.replication.cols;
  const set = `${mapping.logical.rows} × ${mapping.logical.cols}`;
  const { together } = passes;
  const perGroup = working / together;
  const groupSays = `one group has one input channel and ${k === 1 ? 'one output channel' : `${k} output channels`}`;
  if (together > 1) {
    const average = Number.isFinite(busy) ? ` (${Number(busy.toPrecision(3))} of a node's ${pes} PEs busy on average, the result's active PEs)` : '';
    return `${groupSays[0].toUpperCase()}${groupSays.slice(1)}, enough for ${perGroup === 1 ? 'one' : perGroup} of the ${copies} copies of the ${set} set that the array holds; `
      + `so ${together} groups run side by side in ${working} copies${average}, in ${rounds(passes)} rounds `
      + '(docs/extensions.md, "Groups side by side").';
  }
  const few = Number.isFinite(busy)
    ? `A depthwise pass keeps ${Number(busy.toPrecision(3))} of a node's ${pes} PEs busy on average (the result's active PEs): `
    : 'A depthwise pass keeps few PEs busy: ';
  const why = copies > working
    ? `only ${working} of the ${copies} copies of the ${set} set that the array holds ${working === 1 ? 'has' : 'have'} a channel to work on, the others stay idle`
    : `${working === 1 ? `the ${set} set has no other channel to be copied over` : `the ${working} copies of the ${set} set cover its output channels`}`;
  return `${few}${groupSays}, so ${why}; `
    + `and the groups run one pass after another${copies > working ? ': rounds of groups side by side must divide the groups evenly, and no such round fits the rest' : ''} (docs/extensions.md, "Groups side by side").`;
}

/** What every node does across the passes, for the node grid; '' for a layer of one pass. */
export function passGridNote(/** @type {Passes | null} */ passes) {
  if (!passes || !isMultiPass(passes)) return '';
  const { unit } = passes;
  if (overHeads(passes)) {
    return `Every node works on all ${passes.count} passes (${plural(passes.heads, 'head')} × ${plural(passes.samples, 'sample')}), one after another: `
      + `in each pass it holds the same part of one head of one sample, so its channel ranges count within a head's ${unit.nifm} input and ${unit.nofm} output channels, `
      + 'and its batch item is the pass\'s sample.';
  }
  return `Every node works on all ${passes.groups} groups, ${passes.together > 1 ? groupOrder(passes) : 'one after another'}: in each pass it holds the same part of that group, `
    + `so its channel ranges count within a group's ${plural(unit.nifm, 'input channel')} and ${plural(unit.nofm, 'output channel')}.`;
}

/**
 * What a node holds along a partition in every pass, given its range (of
 * the unit layer, the engine's) and that range in words: '0–3 of each
 * group's 8', 'all of each head's 64', and for a matmul's batch, whose
 * every pass is one sample, 'one sample a pass, all 16 in turn'. Just
 * `text` for a layer of one pass and for the fmap area.
 */
export function passHeld(/** @type {Passes | null} */ passes, /** @type {PartitionKey} */ key, /** @type {Range} */ range, /** @type {string} */ text) {
  if (!passes || !isMultiPass(passes) || range.end <= range.beg) return text;
  const per = overHeads(passes) ? 'head' : 'group';
  const of = (/** @type {number} */ n) => (range.beg === 0 && range.end === n ? `all of each ${per}'s ${n}` : `${text} of each ${per}'s ${n}`);
  if (key === 'OUTP') return of(passes.unit.nofm);
  if (key === 'INPP') return of(passes.unit.nifm);
  if (key === 'BATP' && passes.samples > 1) return `one sample a pass, all ${passes.samples} in turn`;
  return text;
}

/** A node's passes in a sentence, for its tooltip and the grid's live line; '' for a layer of one pass. */
export function nodePasses(/** @type {Passes | null} */ passes, /** @type {NodeShare} */ node) {
  if (!passes || !isMultiPass(passes) || node.idle) return '';
  return overHeads(passes)
    ? ` It runs all ${passes.count} passes, one head of one sample after another.`
    : ` It runs all ${passes.count} passes, ${groupOrder(passes)}.`;
}
