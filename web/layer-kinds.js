// What is particular to the layer kinds beyond the reference, in words for
// each view: softmax, layer normalization and GELU (local regions of their
// own, docs/extensions.md), and a convolution's `groups` or a matrix
// multiply's `heads` when the engine's layer list has them. The numbers
// are the engine's (networkLayers); only words are made here.

/**
 * @typedef {import('./view-network.js').LayerShape} LayerShape
 */

/** A layer's `groups` (grouped convolution) or `heads` (matmul), when the engine lists them. */
function splitWords(/** @type {LayerShape} */ shape) {
  const words = [];
  if (shape.groups !== undefined) {
    const depthwise = shape.groups > 1 && shape.groups === shape.nifm;
    words.push(`${shape.groups} group${shape.groups === 1 ? '' : 's'}${depthwise ? ' (depthwise)' : ''}`);
  }
  if (shape.heads !== undefined) words.push(`${shape.heads} head${shape.heads === 1 ? '' : 's'}`);
  return words;
}

/**
 * What the layer computes over which inputs, for the layer table and the
 * detail: '' for kinds with nothing particular.
 */
export function kindSummary(/** @type {LayerShape} */ shape) {
  const words = splitWords(shape);
  if (shape.type === 'SoftmaxLayer') {
    words.push(`over groups of ${shape.nreg} channels, ${shape.nofm / shape.nreg} groups`);
  } else if (shape.type === 'LayerNormLayer') {
    words.push(`over all ${shape.nreg} channels, ${shape.params ?? 0} parameters`);
  } else if (shape.type === 'GELULayer') {
    words.push('element-wise');
  }
  return words.join('; ');
}

/** What the region-channel loop `g` of the loop nest means for the kind, or ''. */
export function kindLoopNote(/** @type {LayerShape} */ shape) {
  if (shape.type === 'SoftmaxLayer') {
    return `Softmax: g runs over the ${shape.nreg} channels of an output's group. Each output reads its whole group (the running maximum and sum of exponentials), one op per input, so it costs ${shape.nreg} ops.`;
  }
  if (shape.type === 'LayerNormLayer') {
    return `Layer normalization: g runs over all ${shape.nreg} channels at the output's position (the running mean and variance), one op per input, so it costs ${shape.nreg} ops. Its scale and shift are held in the global buffer, not fetched per output.`;
  }
  if (shape.type === 'GELULayer') return 'GELU: g has one channel; each output reads its own input, one op.';
  return '';
}

/** How the kind sits on the PE array (the local-region mapping), or ''. */
export function kindMappingNote(/** @type {LayerShape} */ shape) {
  if (!['SoftmaxLayer', 'LayerNormLayer', 'GELULayer'].includes(shape.type)) return '';
  return `${kindName(shape)} maps as a local region of ${shape.nreg} channel${shape.nreg === 1 ? '' : 's'} × 1 × 1: `
    + 'its logical PE set is one row of PEs, one per output row (token); the region channels stream through each PE.';
}

/** What a node of a channel split reads, for the node grid, or ''. */
export function kindGridNote(/** @type {LayerShape} */ shape, /** @type {number} */ channelParts) {
  if (channelParts <= 1) return '';
  if (shape.type === 'SoftmaxLayer') {
    return `The output channels are split over ${channelParts} parts; each node's input range is the local-region rule's (its channels and ${Math.floor(shape.nreg / 2)} on each side), which a softmax over groups of ${shape.nreg} needs only as whole groups.`;
  }
  if (shape.type === 'LayerNormLayer') {
    return `The output channels are split over ${channelParts} parts; a layer normalization needs all ${shape.nreg} channels at each node, and the input range shown is the local-region rule's (its channels and half the layer's on each side): exact for up to 2 parts.`;
  }
  return '';
}

/** The kind's own name in a sentence. */
function kindName(/** @type {LayerShape} */ shape) {
  return { SoftmaxLayer: 'Softmax', LayerNormLayer: 'Layer normalization', GELULayer: 'GELU' }[shape.type] ?? shape.type;
}
