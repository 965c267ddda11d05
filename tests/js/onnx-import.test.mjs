// The ONNX importer (web/onnx-import.js) on models built in code
// (tests/js/onnx-builder.mjs): each converted network field by field, its
// MACs by the format's definitions (and, for the layer types the engine has,
// by the engine), and the errors of files it cannot read.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import { OnnxImportError, importOnnx } from '../../web/onnx-import.js';
import { countNetwork, formatProblems, layerMacs } from './network-count.mjs';
import { OnnxGraph } from './onnx-builder.mjs';
import { classifier, encoderLayer, resnetBlock } from './onnx-models.mjs';
import { loadWasm, repoPath, unwrap } from './support.mjs';

const { onnx } = createRequire(import.meta.url)('onnx-proto');

const layer = (net, name) => {
  const l = net.layers.find((x) => x.name === name);
  assert.ok(l, `no layer ${name} in ${net.layers.map((x) => x.name).join(', ')}`);
  return l;
};
const names = (net) => net.layers.map((l) => l.name);

describe('the schema', () => {
  test('decodes what onnx-proto\'s generated decoder decodes (field numbers agree)', () => {
    const { bytes } = encoderLayer();
    const theirs = onnx.ModelProto.decode(bytes);
    const graph = theirs.graph;
    assert.equal(graph.name, 'encoder');
    assert.equal(Number(theirs.irVersion), 8);
    assert.equal(theirs.producerName, 'nndf-tests');
    assert.equal(Number(theirs.opsetImport[0].version), 17);
    const reshape = graph.node.find((n) => n.name === 'q_t');
    assert.equal(reshape.opType, 'Transpose');
    assert.deepEqual(reshape.attribute[0].ints.map(Number), [0, 2, 1, 3]);
    assert.equal(reshape.attribute[0].name, 'perm');
    assert.equal(reshape.attribute[0].type, onnx.AttributeProto.AttributeType.INTS);
    const w = graph.initializer.find((t) => t.name === 'fc1_w');
    assert.deepEqual(w.dims.map(Number), [10, 40]);
    assert.equal(w.rawData.length, 4 * 10 * 40);
    assert.deepEqual(graph.initializer.find((t) => t.name === 'hd').int64Data.map(Number), [2, 5]);
    assert.deepEqual(graph.input[0].type.tensorType.shape.dim.map((d) => Number(d.dimValue)), [1, 6, 10]);
    const constant = graph.node.find((n) => n.opType === 'Constant');
    assert.equal(constant.attribute[0].t.floatData[0], Math.fround(Math.sqrt(5)));
    assert.equal(constant.attribute[0].type, onnx.AttributeProto.AttributeType.TENSOR);
  });
});

describe('a ResNet-style block', () => {
  const { network: net, notes } = importOnnx(resnetBlock().encode());

  test('becomes conv, conv, eltwise with the block input, pool and fc', () => {
    assert.deepEqual(net.input, { nofm: 64, sofm: 56 });
    assert.deepEqual(names(net), ['conv1', 'conv2', 'add', 'gap', 'fc']);
    assert.deepEqual(layer(net, 'conv1'), { name: 'conv1', type: 'conv', nifm: 64, nofm: 64, sofm: 56, sfil: 3 });
    assert.deepEqual(layer(net, 'conv2'), { name: 'conv2', type: 'conv', nifm: 64, nofm: 64, sofm: 56, sfil: 3 });
    assert.deepEqual(layer(net, 'add'), { name: 'add', type: 'eltwise', nofm: 64, sofm: 56, nreg: 2, prevs: ['conv2', '__INPUT__'] });
    assert.deepEqual(layer(net, 'gap'), { name: 'gap', type: 'pool', nofm: 64, sofm: 1, sreg: 56 });
    assert.deepEqual(layer(net, 'fc'), { name: 'fc', type: 'fc', nifm: 64, nofm: 10 });
    assert.deepEqual(formatProblems(net), []);
  });

  test('says what it folded: batch norms, relus, biases, the flatten', () => {
    const text = notes.join('\n');
    assert.match(text, /BatchNormalization folded .*'bn1' into 'conv1', 'bn2' into 'conv2'/);
    assert.match(text, /Relu folded .*'relu1' into 'conv1', 'relu2' into 'add'/);
    assert.match(text, /biases.*'conv2', 'fc'/);
    assert.match(text, /Layout only.*'flat'/);
  });
});

describe('the engine reads what the importer writes (layer types it has)', () => {
  let nndf;
  before(async () => {
    nndf = await loadWasm();
  });

  test('ResNet block and Gemm classifier: the engine\'s MACs and weights per layer are the format\'s', () => {
    // (Without groups, which the engine of this branch does not read yet.)
    for (const g of [resnetBlock(), classifier(), caffeStyle({ shuffle: false })]) {
      const { network, text } = importOnnx(g.encode());
      const { layers } = unwrap(nndf.networkLayers(text, 1, 16));
      assert.deepEqual(layers.map((l) => l.name), network.layers.map((l) => l.name));
      for (const l of layers) {
        const ours = network.layers.find((x) => x.name === l.name);
        if (ours.type === 'conv' || ours.type === 'fc') assert.equal(l.total_ops_batch1, layerMacs(ours), l.name);
      }
    }
  });
});

test('a Gemm classifier: a flattened fmap is an fc layer with the fmap as its filter; the final Softmax is skipped', () => {
  const { network: net, notes } = importOnnx(classifier().encode());
  assert.deepEqual(net.input, { nofm: 3, sofm: 32 });
  assert.deepEqual(net.layers, [
    { name: 'conv', type: 'conv', nifm: 3, nofm: 16, sofm: 16, sfil: 3, strd: 2 },
    { name: 'pool', type: 'pool', nofm: 16, sofm: 8, sreg: 2 },
    { name: 'fc1', type: 'fc', nifm: 16, nofm: 100, sfil: 8 },
    { name: 'fc2', type: 'fc', nifm: 100, nofm: 10 },
  ]);
  assert.match(notes.join('\n'), /final Softmax: skipped.*'prob'/);
  // The fc's weights are the Gemm's: 100 x (16 * 8 * 8).
  assert.equal(countNetwork({ layers: [net.layers[2]] }).weights, 100 * 16 * 8 * 8);
});

test('depthwise, channel-multiplier and grouped convolutions keep their groups', () => {
  const g = new OnnxGraph('mobile');
  const x = g.input('x', [1, 32, 112, 112]);
  let t = g.node('Conv', [x, g.weight('dw_w', [32, 1, 3, 3])], 'dw', { group: 32, strides: [2, 2], pads: [1, 1, 1, 1] });
  t = g.node('Clip', [t], 'relu6');
  t = g.node('Conv', [t, g.weight('pw_w', [64, 32, 1, 1])], 'pw');
  t = g.node('Conv', [t, g.weight('dw2_w', [128, 1, 3, 3])], 'dw2', { group: 64, pads: [1, 1, 1, 1] });
  g.output(g.node('Conv', [t, g.weight('gc_w', [256, 32, 3, 3])], 'grouped', { group: 4, auto_pad: 'SAME_UPPER' }));
  const { network: net, notes } = importOnnx(g.encode());
  assert.deepEqual(net.layers, [
    { name: 'dw', type: 'conv', nifm: 32, nofm: 32, sofm: 56, sfil: 3, strd: 2, groups: 32 },
    { name: 'pw', type: 'conv', nifm: 32, nofm: 64, sofm: 56, sfil: 1 },
    { name: 'dw2', type: 'conv', nifm: 64, nofm: 128, sofm: 56, sfil: 3, groups: 64 },
    { name: 'grouped', type: 'conv', nifm: 128, nofm: 256, sofm: 56, sfil: 3, groups: 4 },
  ]);
  assert.deepEqual(formatProblems(net), []);
  // Depthwise: one 3x3 filter per channel, 9 MACs per output.
  assert.equal(layerMacs(net.layers[0]), 32 * 56 * 56 * 9);
  assert.match(notes.join('\n'), /Clip folded .*'relu6' into 'dw'/);
});

test('a MobileNet v2 inverted residual block (Clip as ReLU6) is block b3 of nns/mobilenet_v2.json', async () => {
  const mobile = JSON.parse(await readFile(repoPath('nns/mobilenet_v2.json'), 'utf8'));
  const g = new OnnxGraph('b3', { data: false });
  const x = g.input('x', [1, 24, 56, 56]);
  const relu6 = (t, n) => g.node('Clip', [t, g.scalar(`${n}_min`, 0), g.scalar(`${n}_max`, 6)], n);
  let t = relu6(g.node('Conv', [x, g.weight('e_w', [144, 24, 1, 1])], 'b3_expand'), 'r1');
  t = relu6(g.node('Conv', [t, g.weight('d_w', [144, 1, 3, 3])], 'b3_dw', { group: 144, pads: [1, 1, 1, 1] }), 'r2');
  t = g.node('Conv', [t, g.weight('p_w', [24, 144, 1, 1])], 'b3_project');
  g.output(g.node('Add', [x, t], 'b3_add'));
  const { network } = importOnnx(g.encode());
  const b3 = mobile.layers.filter((l) => l.name.startsWith('b3_'));
  const fields = ({ prevs, ...rest }) => rest;
  assert.deepEqual(network.layers.map(fields), b3.map(fields));
  assert.deepEqual(network.layers.at(-1).prevs, ['__INPUT__', 'b3_project']);
  assert.deepEqual(b3.at(-1).prevs, ['b2_project', 'b3_project']);
});

describe('an attention block', () => {
  const { bytes, S, H, d, D, F } = encoderLayer();
  const { network: net, notes } = importOnnx(bytes);
  const seq = [S, 1];

  test('projections are 1x1 convs over the tokens, heads are the matmuls\' heads', () => {
    assert.deepEqual(net.input, { nofm: D, sofm: seq });
    assert.deepEqual(names(net), ['q', 'k', 'v', 'scores', 'probs', 'context', 'out', 'res1', 'ln1', 'fc1', 'gelu', 'fc2', 'res2', 'ln2']);
    assert.deepEqual(layer(net, 'q'), { name: 'q', type: 'conv', nifm: D, nofm: D, sofm: seq, sfil: 1 });
    assert.deepEqual(layer(net, 'k'), { name: 'k', type: 'conv', nifm: D, nofm: D, sofm: seq, sfil: 1, prevs: ['__INPUT__'] });
    assert.deepEqual(layer(net, 'scores'), {
      name: 'scores', type: 'matmul', nifm: H * d, nofm: H * S, sofm: seq, heads: H, prevs: ['q'], rhs: 'k', transpose_rhs: true,
    });
    assert.deepEqual(layer(net, 'probs'), { name: 'probs', type: 'softmax', nofm: H * S, sofm: seq, nreg: S });
    assert.deepEqual(layer(net, 'context'), { name: 'context', type: 'matmul', nifm: H * S, nofm: H * d, sofm: seq, heads: H, rhs: 'v' });
    assert.deepEqual(layer(net, 'res1'), { name: 'res1', type: 'eltwise', nofm: D, sofm: seq, nreg: 2, prevs: ['out', '__INPUT__'] });
    assert.deepEqual(layer(net, 'ln1'), { name: 'ln1', type: 'layernorm', nofm: D, sofm: seq });
    assert.deepEqual(layer(net, 'fc1'), { name: 'fc1', type: 'conv', nifm: D, nofm: F, sofm: seq, sfil: 1 });
    assert.deepEqual(layer(net, 'gelu'), { name: 'gelu', type: 'gelu', nofm: F, sofm: seq });
    assert.deepEqual(layer(net, 'res2'), { name: 'res2', type: 'eltwise', nofm: D, sofm: seq, nreg: 2, prevs: ['fc2', 'ln1'] });
    assert.deepEqual(formatProblems(net), []);
  });

  test('the MACs are those of the computation: 4 projections, QK^T, PV and the MLP', () => {
    assert.equal(countNetwork(net).macs, 4 * S * D * D + 2 * H * S * S * d + 2 * S * D * F);
  });

  test('notes name the shape arithmetic, the scale and biases, the layout ops and the GELU pattern', () => {
    const text = notes.join('\n');
    assert.match(text, /Shape arithmetic.*'shape'/);
    assert.match(text, /constant \(bias, scale, mask\).*'q_bias'/);
    assert.match(text, /Layout only.*'q_r', 'q_t'/);
    assert.match(text, /GELU.*'gelu'/);
  });

  test('the Tanh GELU of GPT-2 and the Gelu operator of opset 20 give the same network', () => {
    const tanh = importOnnx(encoderLayer({ gelu: 'tanh' }).bytes).network;
    const op = importOnnx(encoderLayer({ gelu: 'op', opset: 20 }).bytes).network;
    assert.deepEqual(tanh.layers, net.layers);
    assert.deepEqual(op.layers, net.layers);
  });

  test('a Hugging Face style export (token ids, position embeddings, an attention mask) gives the same network', () => {
    const { network: withIds, notes: n } = importOnnx(encoderLayer({ ids: true }).bytes);
    assert.deepEqual(withIds.input, net.input);
    assert.deepEqual(withIds.layers, net.layers);
    const text = n.join('\n');
    assert.match(text, /Embedding lookup.*'word_embeddings'/);
    assert.match(text, /constant \(bias, scale, mask\).*'embeddings'/);
    assert.match(text, /attention mask.*'mask_add'/);
  });

  test('at BERT-base\'s sizes, the import is a layer of nns/bert_base.json (importer and generator agree)', async () => {
    const bert = JSON.parse(await readFile(repoPath('nns/bert_base.json'), 'utf8'));
    const { network } = importOnnx(encoderLayer({ S: 128, H: 12, d: 64, data: false }).bytes);
    const shape = ({ name, prevs, rhs, ...fields }) => fields;
    const layer0 = bert.layers.filter((l) => l.name.startsWith('l0_'));
    assert.deepEqual(network.layers.map(shape), layer0.map(shape));
    assert.deepEqual(countNetwork(network), countNetwork({ layers: layer0 }));
  });

  test('token ids through an embedding lookup make the embedding the network input', () => {
    const g = new OnnxGraph('embed');
    const ids = g.input('input_ids', [1, 12], 7);
    const e = g.node('Gather', [g.weight('table', [1000, 16]), ids], 'embed', { axis: 0 });
    g.output(g.node('MatMul', [e, g.weight('w', [16, 8])], 'proj'));
    const { network, notes: n } = importOnnx(g.encode());
    assert.deepEqual(network.input, { nofm: 16, sofm: [12, 1] });
    assert.deepEqual(network.layers, [{ name: 'proj', type: 'conv', nifm: 16, nofm: 8, sofm: [12, 1], sfil: 1 }]);
    assert.match(n.join('\n'), /Embedding lookup.*'embed'/);
  });
});

test('Concat along the channels has no layer: the next layer reads all its inputs', () => {
  const g = new OnnxGraph('inception');
  const x = g.input('x', [1, 8, 14, 14]);
  const a = g.node('Conv', [x, g.weight('wa', [4, 8, 1, 1])], 'a');
  const b = g.node('Conv', [x, g.weight('wb', [6, 8, 3, 3])], 'b', { pads: [1, 1, 1, 1] });
  const cat = g.node('Concat', [a, b], 'cat', { axis: 1 });
  g.output(g.node('Conv', [cat, g.weight('wc', [5, 10, 1, 1])], 'c'));
  const { network: net } = importOnnx(g.encode());
  assert.deepEqual(layer(net, 'c'), { name: 'c', type: 'conv', nifm: 10, nofm: 5, sofm: 14, sfil: 1, prevs: ['a', 'b'] });
  assert.deepEqual(layer(net, 'b').prevs, ['__INPUT__']);
});

test('a batch of 2, and a weight stored transposed, are read', () => {
  const g = new OnnxGraph('batch2');
  const x = g.input('x', [2, 3, 16, 16]);
  let t = g.node('Conv', [x, g.weight('w', [8, 3, 3, 3])], 'conv', { pads: [1, 1, 1, 1], strides: [2, 2] });
  t = g.node('Reshape', [t, g.ints('flat_shape', [2, -1])], 'flat');
  const wt = g.node('Transpose', [g.weight('fc_w_t', [10, 8 * 8 * 8])], 'fc_w', { perm: [1, 0] });
  g.output(g.node('MatMul', [t, wt], 'fc'));
  const { network } = importOnnx(g.encode());
  assert.deepEqual(network.layers, [
    { name: 'conv', type: 'conv', nifm: 3, nofm: 8, sofm: 8, sfil: 3, strd: 2 },
    { name: 'fc', type: 'fc', nifm: 8, nofm: 10, sfil: 8 },
  ]);
});

/** GPT-2's attention as Hugging Face exports it: pre-LN, one fused Q, K, V projection, Split, heads, causal scores. */
function fusedAttention({ opset = 17, alsoRead = false } = {}) {
  const [S, H, d] = [8, 2, 3];
  const D = H * d;
  const g = new OnnxGraph('gpt2-attention');
  const x = g.input('x', [1, S, D]);
  const ln = g.node('LayerNormalization', [x, g.weight('ln_g', [D]), g.weight('ln_b', [D])], 'ln_1', { axis: -1 });
  const qkv = g.node('Add', [g.node('MatMul', [ln, g.weight('c_attn_w', [D, 3 * D])], 'c_attn'), g.weight('c_attn_b', [3 * D])], 'c_attn_bias');
  const splitArgs = opset >= 13 ? [[qkv, g.ints('sizes', [D, D, D])], {}] : [[qkv], { split: [D, D, D] }];
  g.node('Split', splitArgs[0], 'split', { axis: 2, ...splitArgs[1] }, ['q', 'k', 'v']);
  const heads = (t, perm) => g.node('Transpose', [g.node('Reshape', [t, g.ints(`${t}_shape`, [1, S, H, d])], `${t}_r`)], `${t}_t`, { perm });
  const scores = g.node('MatMul', [heads('q', [0, 2, 1, 3]), heads('k', [0, 2, 3, 1])], 'scores');
  const probs = g.node('Softmax', [g.node('Add', [scores, g.weight('causal_mask', [1, 1, S, S])], 'mask')], 'probs', { axis: -1 });
  g.output(g.node('MatMul', [probs, heads('v', [0, 2, 1, 3])], 'context'));
  if (alsoRead) g.output(g.node('MatMul', [qkv, g.weight('other_w', [3 * D, D])], 'other_reader'));
  return { bytes: g.encode({ opset }), S, H, d, D };
}

test('GPT-2\'s fused Q, K, V projection and its Split become three projections', () => {
  for (const opset of [11, 17]) {
    const { bytes, S, H, d, D } = fusedAttention({ opset });
    const { network: net, notes } = importOnnx(bytes);
    const seq = [S, 1];
    assert.deepEqual(net.layers, [
      { name: 'ln_1', type: 'layernorm', nofm: D, sofm: seq },
      { name: 'c_attn_0', type: 'conv', nifm: D, nofm: D, sofm: seq, sfil: 1 },
      { name: 'c_attn_1', type: 'conv', nifm: D, nofm: D, sofm: seq, sfil: 1, prevs: ['ln_1'] },
      { name: 'c_attn_2', type: 'conv', nifm: D, nofm: D, sofm: seq, sfil: 1, prevs: ['ln_1'] },
      { name: 'scores', type: 'matmul', nifm: D, nofm: H * S, sofm: seq, heads: H, prevs: ['c_attn_0'], rhs: 'c_attn_1', transpose_rhs: true },
      { name: 'probs', type: 'softmax', nofm: H * S, sofm: seq, nreg: S },
      { name: 'context', type: 'matmul', nifm: H * S, nofm: H * d, sofm: seq, heads: H, rhs: 'c_attn_2' },
    ], `opset ${opset}`);
    assert.deepEqual(formatProblems(net), []);
    assert.match(notes.join('\n'), /Split of a projection's channels.*'split' \('c_attn' into 'c_attn_0', 'c_attn_1', 'c_attn_2'\)/);
  }
});

test('a layer normalization written out (opset < 17), RMSNorm, and ReduceMean as a global pool', () => {
  for (const [opset, form] of [[13, 'ln'], [18, 'ln'], [18, 'rms']]) {
    const g = new OnnxGraph('norms');
    const x = g.node('MatMul', [g.input('x', [1, 4, 6]), g.weight('w1', [6, 6])], 'proj');
    const mean = (t, n) => (opset >= 18 ? g.node('ReduceMean', [t, g.ints(`${n}_axes`, [-1])], n) : g.node('ReduceMean', [t], n, { axes: [-1] }));
    let y;
    if (form === 'ln') {
      const d = g.node('Sub', [x, mean(x, 'mu')], 'centered');
      const std = g.node('Sqrt', [g.node('Add', [mean(g.node('Pow', [d, g.scalar('two', 2)], 'sq'), 'var'), g.scalar('eps', 1e-5)], 'var_eps')], 'std');
      y = g.node('Add', [g.node('Mul', [g.node('Div', [d, std], 'normed'), g.weight('gamma', [6])], 'scaled'), g.weight('beta', [6])], 'shifted');
    } else {
      const r = g.node('Reciprocal', [g.node('Sqrt', [g.node('Add', [mean(g.node('Pow', [x, g.scalar('two', 2)], 'sq'), 'ms'), g.scalar('eps', 1e-6)], 'ms_eps')], 'rms')], 'inv');
      y = g.node('Mul', [g.node('Mul', [x, r], 'normed'), g.weight('gamma', [6])], 'scaled');
    }
    g.output(g.node('MatMul', [y, g.weight('w2', [6, 3])], 'out'));
    const { network, notes } = importOnnx(g.encode({ opset }));
    assert.deepEqual(network.layers, [
      { name: 'proj', type: 'conv', nifm: 6, nofm: 6, sofm: [4, 1], sfil: 1 },
      { name: 'normed', type: 'layernorm', nofm: 6, sofm: [4, 1] },
      { name: 'out', type: 'conv', nifm: 6, nofm: 3, sofm: [4, 1], sfil: 1 },
    ], `${form}, opset ${opset}`);
    assert.match(notes.join('\n'), /Layer normalization written out.*'normed'/);
  }
  const p = new OnnxGraph('mean-pool');
  const x = p.input('x', [1, 8, 7, 7]);
  p.output(p.node('Gemm', [p.node('ReduceMean', [x], 'gap', { axes: [2, 3], keepdims: 0 }), p.weight('fc_w', [8, 4])], 'fc'));
  assert.deepEqual(importOnnx(p.encode({ opset: 13 })).network.layers, [
    { name: 'gap', type: 'pool', nofm: 8, sofm: 1, sreg: 7 },
    { name: 'fc', type: 'fc', nifm: 8, nofm: 4 },
  ]);
});

/** AlexNet's first layers as Caffe-converted models have them on a 224 input, then a ShuffleNet channel shuffle. */
function caffeStyle({ shuffle = true } = {}) {
  const g = new OnnxGraph('caffe');
  const x = g.input('data', [1, 3, 224, 224]);
  let t = g.node('Conv', [x, g.weight('w1', [96, 3, 11, 11])], 'conv1', { strides: [4, 4] });
  t = g.node('LRN', [g.node('Relu', [t], 'relu1')], 'norm1', { size: 5, alpha: { f: 1e-4 }, beta: { f: 0.75 } });
  t = g.node('MaxPool', [t], 'pool1', { kernel_shape: [3, 3], strides: [2, 2], pads: [0, 0, 1, 1] });
  if (!shuffle) return g.output(t) && g;
  t = g.node('Conv', [t, g.weight('w2', [96, 24, 1, 1])], 'group_conv', { group: 4 });
  // Channel shuffle: [1, 4, 24, h, w] -> transpose the group and channel axes -> [1, 96, h, w].
  t = g.node('Reshape', [g.node('Transpose', [g.node('Reshape', [t, g.ints('s5', [1, 4, 24, 27, 27])], 'split_groups')], 'shuffle', { perm: [0, 2, 1, 3, 4] }), g.ints('s4', [1, 96, 27, 27])], 'merge_groups');
  g.output(g.node('Conv', [t, g.weight('w3', [96, 24, 3, 3])], 'after_shuffle', { group: 4, pads: [1, 1, 1, 1] }));
  return g;
}

test('LRN is a local_region layer; rows of the input no window reads are cropped; a channel shuffle is a reordering', () => {
  const { network, notes } = importOnnx(caffeStyle().encode());
  assert.deepEqual(network.input, { nofm: 3, sofm: 223 });
  assert.deepEqual(network.layers, [
    { name: 'conv1', type: 'conv', nifm: 3, nofm: 96, sofm: 54, sfil: 11, strd: 4 },
    { name: 'norm1', type: 'local_region', nofm: 96, sofm: 54, sreg: 1, nreg: 5 },
    { name: 'pool1', type: 'pool', nofm: 96, sofm: 27, sreg: 3, strd: 2 },
    { name: 'group_conv', type: 'conv', nifm: 96, nofm: 96, sofm: 27, sfil: 1, groups: 4 },
    { name: 'after_shuffle', type: 'conv', nifm: 96, nofm: 96, sofm: 27, sfil: 3, groups: 4 },
  ]);
  const text = notes.join('\n');
  assert.match(text, /input is cropped to the rows its first layer reads \(223 of 224/);
  assert.match(text, /Channels permuted.*'after_shuffle'/);
});

test('a window that leaves rows of a layer\'s output unread is an error that says what to do', () => {
  const g = new OnnxGraph('unread');
  const t = g.node('Conv', [g.input('x', [1, 3, 32, 32]), g.weight('w', [4, 3, 3, 3])], 'conv', { pads: [1, 1, 1, 1] });
  g.output(g.node('MaxPool', [t], 'pool', { kernel_shape: [3, 3], strides: [2, 2] }));
  assert.throws(() => importOnnx(g.encode()), /MaxPool node 'pool': output 15 from input 32 \(window 3, stride 2\) leaves 1 input row\(s\) unread; nndf-network\/1 needs the input between 30 and 31/);
});

test('weights stored outside the file (external data, as exports over 2 GB have) are read by their dims', () => {
  const g = new OnnxGraph('external');
  const x = g.input('x', [1, 16, 8, 8]);
  g.initializers.push({ name: 'w', dims: [32, 16, 3, 3], dataType: 1, dataLocation: 1,
    externalData: [{ key: 'location', value: 'weights.bin' }, { key: 'offset', value: '0' }, { key: 'length', value: String(32 * 16 * 9 * 4) }] });
  g.output(g.node('Conv', [x, 'w'], 'conv', { pads: [1, 1, 1, 1] }));
  assert.deepEqual(importOnnx(g.encode()).network.layers, [{ name: 'conv', type: 'conv', nifm: 16, nofm: 32, sofm: 8, sfil: 3 }]);
});

describe('errors', () => {
  const message = (bytes) => {
    try {
      importOnnx(bytes);
    } catch (err) {
      assert.ok(err instanceof OnnxImportError, String(err));
      return err.message;
    }
    assert.fail('no error');
  };

  test('a file that is not ONNX: JSON, text, an image, an empty file', () => {
    assert.match(message(new TextEncoder().encode('{"format": "nndf-network/1", "layers": []}')), /^Not an ONNX model.*looks like JSON/);
    assert.match(message(new TextEncoder().encode('hello, world\n')), /^Not an ONNX model/);
    assert.match(message(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), /^Not an ONNX model.*PNG/);
    assert.match(message(new Uint8Array(0)), /empty/);
  });

  test('a truncated or damaged ONNX file', () => {
    const bytes = resnetBlock().encode();
    for (const cut of [bytes.length - 1, Math.floor(bytes.length / 2), 40]) {
      assert.match(message(bytes.subarray(0, cut)), /^The ONNX file is truncated/, `cut at ${cut}`);
    }
  });

  test('a graph that is not valid ONNX: a tensor defined twice, an input nobody computes', () => {
    const g = new OnnxGraph('twice');
    const x = g.input('x', [1, 4, 8, 8]);
    g.node('Conv', [x, g.weight('c', [4, 4, 1, 1])], 'c');
    assert.match(message(g.encode()), /not valid ONNX: tensor 'c' is defined twice \(again by Conv node 'c'\)/);
    const h = new OnnxGraph('dangling');
    h.input('x', [1, 4, 8, 8]);
    h.node('Relu', ['nowhere'], 'r');
    assert.match(message(h.encode()), /Relu node 'r': its input 0 \('nowhere'\) is not computed by any node before it/);
  });

  test('a model with dynamic shapes names the input, the axis and its symbol', () => {
    const g = new OnnxGraph('dyn');
    const x = g.input('pixels', ['batch', 3, 32, 32]);
    g.output(g.node('Conv', [x, g.weight('w', [8, 3, 3, 3])], 'conv'));
    assert.match(message(g.encode()), /dynamic shapes: its input 'pixels' has axis 0 'batch'.*make_dynamic_shape_fixed --dim_param batch/);
  });

  test('an unsupported operator is named with its node', () => {
    const g = new OnnxGraph('odd');
    const x = g.input('x', [1, 8, 16, 16]);
    g.output(g.node('Resize', [x], 'up_1'));
    assert.match(message(g.encode()), /^Unsupported operator Resize \(Resize node 'up_1'\): upsampling/);
    const h = new OnnxGraph('odd');
    h.output(h.node('FancyOp', [h.input('x', [1, 4])], 'mystery'));
    assert.match(message(h.encode()), /^Unsupported operator FancyOp \(FancyOp node 'mystery'\): the importer does not know it/);
  });

  test('a class token concatenated to the patches is refused with a pointer to the docs', () => {
    const g = new OnnxGraph('vit');
    const patches = g.input('patches', [1, 4, 8]);
    g.output(g.node('Concat', [g.weight('cls_token', [1, 1, 8]), patches], 'cat_cls', { axis: 1 }));
    assert.match(message(g.encode()), /Concat node 'cat_cls' joins a constant \('cls_token', a class token\?\) to activations along axis 1/);
  });

  test('a Split of a projection that something else also reads is refused', () => {
    const { bytes } = fusedAttention({ alsoRead: true });
    assert.match(message(bytes), /^MatMul node 'other_reader' reads all of 'c_attn', which Split node 'split' split into one layer per part/);
  });

  test('dilation, a split of channels and a broadcast between activations are refused with the node', () => {
    const g = new OnnxGraph('dilated');
    g.output(g.node('Conv', [g.input('x', [1, 4, 16, 16]), g.weight('w', [4, 4, 3, 3])], 'atrous', { dilations: [2, 2], pads: [2, 2, 2, 2] }));
    assert.match(message(g.encode()), /Conv node 'atrous' has dilations \[2, 2\]: dilated filters are not expressible/);
    const s = new OnnxGraph('split');
    s.output(s.node('Split', [s.input('x', [1, 6, 12])], 'qkv', {}, ['a', 'b']));
    assert.match(message(s.encode()), /Unsupported operator Split \(Split node 'qkv'\): it splits something other than the output of one conv or fc layer; a layer cannot read part/);
    const b = new OnnxGraph('se');
    const x = b.input('x', [1, 8, 4, 4]);
    const squeeze = b.node('GlobalAveragePool', [x], 'gap');
    b.output(b.node('Mul', [x, squeeze], 'excite'));
    assert.match(message(b.encode()), /Mul node 'excite': its inputs are activations of different shapes or layouts \(\[1, 8, 4, 4\] and \[1, 8, 1, 1\]\)/);
  });
});

describe('the CLI (npm run import)', () => {
  const script = repoPath('scripts/onnx-import.mjs');
  const run = (args) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

  test('writes the network to stdout and the notes to stderr, as the module does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onnx-'));
    try {
      const bytes = resnetBlock().encode();
      await writeFile(join(dir, 'block.onnx'), bytes);
      const { status, stdout, stderr } = run([join(dir, 'block.onnx')]);
      assert.equal(status, 0, stderr);
      const { text, notes } = importOnnx(bytes);
      assert.equal(stdout, text);
      assert.deepEqual(stderr.trim().split('\n'), notes.map((n) => `onnx-import: note: ${n}`));
      const quiet = run([join(dir, 'block.onnx'), '-o', join(dir, 'net.json'), '--quiet']);
      assert.equal(quiet.status, 0);
      assert.equal(quiet.stdout + quiet.stderr, '');
      assert.equal(await readFile(join(dir, 'net.json'), 'utf8'), text);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('an error is one line on stderr, exit status 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onnx-'));
    try {
      await writeFile(join(dir, 'net.json'), '{"layers": []}');
      for (const args of [[join(dir, 'net.json')], [join(dir, 'missing.onnx')], [], ['a.onnx', 'b.onnx']]) {
        const { status, stdout, stderr } = run(args);
        assert.equal(status, 1, args.join(' '));
        assert.equal(stdout, '');
        assert.match(stderr, /^onnx-import: error: [^\n]+\n$/);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
