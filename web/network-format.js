// The network format (`nndf-network/1`, nns/README.md) as the page knows
// it: its sections, layer types and fields, with a line about each. The
// editor's completion and the format help on the page both read this list,
// so there is one definition on the JS side; the engine (network_json.cpp)
// does not export its own, and tests/js/network-format.test.mjs checks this
// list against the fields the engine accepts (its "unknown field (expected
// one of: ...)" answer).

/**
 * @typedef {{name: string, about: string, optional?: boolean}} FormatField
 *   `optional`: has a default or may be left out.
 * @typedef {{type: string, about: string, fields: FormatField[]}} LayerType
 */

export const NETWORK_FORMAT = 'nndf-network/1';

/** The fields of the network document itself. @type {FormatField[]} */
export const NETWORK_FIELDS = [
  { name: 'format', about: `"${NETWORK_FORMAT}"`, optional: true },
  { name: 'name', about: 'the network\'s name, shown in results', optional: true },
  { name: 'description', about: 'free text', optional: true },
  { name: 'input', about: 'the network input: {"nofm": channels, "sofm": size}' },
  { name: 'ext', about: 'extra external inputs: [{"name", "nofm", "sofm"}, ...]; layers read them through prevs', optional: true },
  { name: 'layers', about: 'the layers, in order' },
];

/** The fields of `input`. @type {FormatField[]} */
export const INPUT_FIELDS = [
  { name: 'nofm', about: 'input channels' },
  { name: 'sofm', about: 'input fmap size: a number (square) or [height, width]' },
];

/** The fields of an `ext` entry. @type {FormatField[]} */
export const EXT_FIELDS = [
  { name: 'name', about: 'the name layers use in prevs' },
  ...INPUT_FIELDS,
];

const NAME = { name: 'name', about: 'the layer\'s name (unique)' };
const TYPE = { name: 'type', about: 'the layer type' };
const PREVS = {
  name: 'prevs',
  about: 'the layers (or ext inputs, or "__INPUT__") it reads; default: the layer listed before it',
  optional: true,
};
const NIFM = { name: 'nifm', about: 'input channels (the channels of all prevs add up to it)' };
const NOFM = { name: 'nofm', about: 'output channels' };
const SOFM = { name: 'sofm', about: 'output fmap size: a number (square) or [height, width]' };
const STRD1 = { name: 'strd', about: 'stride (default 1)', optional: true };

/** Every layer type, with its fields (name, type and prevs included). @type {LayerType[]} */
export const LAYER_TYPES = [
  {
    type: 'conv',
    about: 'convolution',
    fields: [NAME, TYPE, NIFM, NOFM, SOFM,
      { name: 'sfil', about: 'filter size' }, STRD1,
      { name: 'groups', about: 'groups (default 1; nifm and nofm are multiples of it; nifm for depthwise)', optional: true },
      PREVS],
  },
  {
    type: 'fc',
    about: 'fully connected (output 1x1)',
    fields: [NAME, TYPE, NIFM, NOFM, { name: 'sfil', about: 'the input fmap size (default 1)', optional: true }, PREVS],
  },
  {
    type: 'pool',
    about: 'pooling over a window',
    fields: [NAME, TYPE, NOFM, SOFM, { name: 'sreg', about: 'window size' },
      { name: 'strd', about: 'stride (default sreg)', optional: true }, PREVS],
  },
  {
    type: 'eltwise',
    about: 'element-wise merge of nreg inputs (a residual add: nreg 2)',
    fields: [NAME, TYPE, NOFM, SOFM, { name: 'nreg', about: 'number of inputs merged' }, PREVS],
  },
  {
    type: 'local_region',
    about: 'a general local-region layer (channels or a 2D window)',
    fields: [NAME, TYPE, NOFM, SOFM, { name: 'nreg', about: 'channels in a region' },
      { name: 'sreg', about: 'window size' }, { name: 'ntrd', about: 'channel stride (default 1)', optional: true }, STRD1, PREVS],
  },
  {
    type: 'lstm_cell',
    about: 'an LSTM cell, expanded into fc and eltwise layers',
    fields: [NAME, TYPE, { name: 'size', about: 'the cell\'s size' },
      { name: 'xin', about: 'the layer it reads' },
      { name: 'cin', about: 'the cell state it reads (default: a new ext input)', optional: true },
      { name: 'hin', about: 'the hidden state it reads (default: a new ext input)', optional: true }],
  },
  {
    type: 'matmul',
    about: 'matrix multiply of two activations (attention), no weights',
    fields: [NAME, TYPE, { name: 'nifm', about: 'left operand channels (from prevs)' }, NOFM, SOFM,
      { name: 'heads', about: 'heads (default 1; nifm and nofm are multiples of it)', optional: true },
      { name: 'rhs', about: 'the earlier layer (or ext input) whose output is the right operand' },
      { name: 'transpose_rhs', about: 'multiply by the transposed right operand (default false)', optional: true },
      PREVS],
  },
  {
    type: 'softmax',
    about: 'softmax over nreg consecutive channels',
    fields: [NAME, TYPE, NOFM, SOFM, { name: 'nreg', about: 'channels normalized together (nofm is a multiple)' }, PREVS],
  },
  {
    type: 'layernorm',
    about: 'layer normalization over all channels at each position',
    fields: [NAME, TYPE, NOFM, SOFM, PREVS],
  },
  {
    type: 'gelu',
    about: 'GELU, element-wise',
    fields: [NAME, TYPE, NOFM, SOFM, PREVS],
  },
];

/** The layer type named `type`, or undefined. */
export const layerType = (/** @type {string} */ type) => LAYER_TYPES.find((t) => t.type === type);

/**
 * The fields a layer may have: its type's, or those of every type (each
 * once) while the type is not known yet.
 */
export function layerFields(/** @type {string | undefined} */ type) {
  const known = type === undefined ? undefined : layerType(type);
  if (known) return known.fields;
  /** @type {Map<string, FormatField>} */
  const all = new Map();
  for (const t of LAYER_TYPES) for (const f of t.fields) if (!all.has(f.name)) all.set(f.name, f);
  return [...all.values()];
}
