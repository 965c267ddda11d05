// The summary tells MACs from the ops of softmax, layernorm and gelu
// (docs/extensions.md) by the engine's layer types.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { nonMacOps } from '../../web/view-summary.js';

const result = /** @type {any} */ ({
  layers: [{ name: 'q', ops: 1000 }, { name: 'probs', ops: 70 }, { name: 'ln', ops: 30 }, { name: 'pool', ops: 9 }],
});

test('the ops of softmax, layernorm and gelu layers are not MACs; pooling\'s stay counted as the reference counts them', () => {
  const shapes = new Map([
    ['q', { type: 'ConvLayer' }], ['probs', { type: 'SoftmaxLayer' }], ['ln', { type: 'LayerNormLayer' }], ['pool', { type: 'PoolingLayer' }],
  ]);
  assert.equal(nonMacOps(result, shapes), 100);
});

test('unknown layer types (a result without its network) count nothing apart', () => {
  assert.equal(nonMacOps(result, new Map()), 0);
});
