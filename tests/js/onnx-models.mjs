// Small ONNX models built in code (tests/js/onnx-builder.mjs) for the
// importer's Node tests and the page's e2e test.
import { OnnxGraph } from './onnx-builder.mjs';

/** conv - bn - relu - conv - bn - add(input) - relu, then a Gemm classifier, on a 64 x 56 x 56 input. */
export function resnetBlock() {
  const g = new OnnxGraph('block');
  const x = g.input('x', [1, 64, 56, 56]);
  const bn = (t, n) => g.node('BatchNormalization', [t, ...['s', 'b', 'm', 'v'].map((p) => g.weight(`${n}_${p}`, [64]))], n);
  let t = g.node('Conv', [x, g.weight('w1', [64, 64, 3, 3])], 'conv1', { pads: [1, 1, 1, 1], kernel_shape: [3, 3] });
  t = g.node('Relu', [bn(t, 'bn1')], 'relu1');
  t = g.node('Conv', [t, g.weight('w2', [64, 64, 3, 3]), g.weight('b2', [64])], 'conv2', { pads: [1, 1, 1, 1] });
  t = g.node('Relu', [g.node('Add', [bn(t, 'bn2'), x], 'add')], 'relu2');
  t = g.node('Flatten', [g.node('GlobalAveragePool', [t], 'gap')], 'flat');
  g.output(g.node('Gemm', [t, g.weight('fcw', [10, 64]), g.weight('fcb', [10])], 'fc', { transB: 1 }));
  return g;
}

/**
 * One transformer encoder layer on S tokens of D = H * d features, as
 * PyTorch exports it: Q, K, V projections (MatMul + bias), heads by
 * Reshape (its shape from Shape/Gather/Concat) and Transpose, scores Q K^T
 * scaled, Softmax, context with V, output projection, residual,
 * LayerNormalization, an MLP with an Erf GELU, residual, LayerNormalization.
 */
export function encoderLayer({ S = 6, H = 2, d = 5, gelu = 'erf', opset = 17, ids = false, data = true } = {}) {
  const D = H * d;
  const F = 4 * D;
  const g = new OnnxGraph('encoder', { data });
  // With ids: token ids through an embedding table (plus position embeddings
  // of constant ids), and an attention mask input added to the scores, as
  // Hugging Face's BERT exports.
  const x = ids
    ? g.node('Add', [
      g.node('Gather', [g.weight('word_emb', [100, D]), g.input('input_ids', [1, S], 7)], 'word_embeddings', { axis: 0 }),
      g.node('Gather', [g.weight('pos_emb', [S, D]), g.ints('position_ids', [...Array(S).keys()])], 'position_embeddings', { axis: 0 }),
    ], 'embeddings')
    : g.input('x', [1, S, D]);
  const mask = ids
    ? g.node('Mul', [g.node('Sub', [g.scalar('mask_one', 1), g.node('Cast', [g.node('Unsqueeze', [g.input('attention_mask', [1, S], 7), g.ints('mask_axes', [1, 2])], 'mask_unsqueeze')], 'mask_cast', { to: 1 })], 'mask_sub'),
      g.scalar('mask_min', -10000)], 'mask_mul')
    : null;
  const proj = (name, t, k, n) => g.node('Add', [g.node('MatMul', [t, g.weight(`${name}_w`, [k, n])], name), g.weight(`${name}_b`, [n])], `${name}_bias`);
  const shape = g.node('Shape', [x], 'shape');
  const b0 = g.node('Gather', [shape, g.ints('i0', [0])], 'g0', { axis: 0 });
  const s0 = g.node('Gather', [shape, g.ints('i1', [1])], 'g1', { axis: 0 });
  const headShape = g.node('Concat', [b0, s0, g.ints('hd', [H, d])], 'headshape', { axis: 0 });
  const split = (t, perm, n) => g.node('Transpose', [g.node('Reshape', [t, headShape], `${n}_r`)], `${n}_t`, { perm });
  const q = split(proj('q', x, D, D), [0, 2, 1, 3], 'q');
  const k = split(proj('k', x, D, D), [0, 2, 3, 1], 'k');
  const v = split(proj('v', x, D, D), [0, 2, 1, 3], 'v');
  const scaled = g.node('Div', [g.node('MatMul', [q, k], 'scores'), g.scalar('sqrt_d', Math.sqrt(d))], 'scale');
  const s = mask ? g.node('Add', [scaled, mask], 'mask_add') : scaled;
  const p = g.node('Softmax', [s], 'probs', { axis: -1 });
  const c = g.node('MatMul', [p, v], 'context');
  const merged = g.node('Reshape', [g.node('Transpose', [c], 'ctx_t', { perm: [0, 2, 1, 3] }), g.ints('back', [1, S, D])], 'ctx_r');
  const a1 = g.node('Add', [proj('out', merged, D, D), x], 'res1');
  const ln1 = g.node('LayerNormalization', [a1, g.weight('ln1_g', [D]), g.weight('ln1_b', [D])], 'ln1', { axis: -1 });
  const h1 = proj('fc1', ln1, D, F);
  let act;
  if (gelu === 'erf') {
    // x * 0.5 * (1 + erf(x / sqrt 2)), as exported before opset 20.
    const erf = g.node('Erf', [g.node('Div', [h1, g.scalar('sqrt2', Math.SQRT2)], 'gelu_div')], 'gelu_erf');
    act = g.node('Mul', [g.node('Mul', [h1, g.node('Add', [erf, g.scalar('one', 1)], 'gelu_add')], 'gelu'), g.scalar('half', 0.5)], 'gelu_half');
  } else if (gelu === 'tanh') {
    // GPT-2: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
    const cube = g.node('Pow', [h1, g.scalar('gelu_three', 3)], 'gelu_pow');
    const inner = g.node('Add', [h1, g.node('Mul', [cube, g.scalar('gelu_cc', 0.044715)], 'gelu_c')], 'gelu_inner');
    const th = g.node('Tanh', [g.node('Mul', [inner, g.scalar('gelu_kc', Math.sqrt(2 / Math.PI))], 'gelu_k')], 'gelu_tanh');
    act = g.node('Mul', [g.node('Mul', [h1, g.scalar('half', 0.5)], 'gelu_half'), g.node('Add', [th, g.scalar('one', 1)], 'gelu_one')], 'gelu');
  } else {
    act = g.node('Gelu', [h1], 'gelu');
  }
  const a2 = g.node('Add', [proj('fc2', act, F, D), ln1], 'res2');
  g.output(g.node('LayerNormalization', [a2, g.weight('ln2_g', [D]), g.weight('ln2_b', [D])], 'ln2', { axis: -1 }));
  return { g, bytes: g.encode({ opset }), S, H, d, D, F };
}

/** conv 3x3 stride 2 - relu - maxpool 2x2 - flatten - Gemm (transB) - relu - MatMul - Softmax. */
export function classifier() {
  const g = new OnnxGraph('classifier');
  const x = g.input('image', [1, 3, 32, 32]);
  let t = g.node('Relu', [g.node('Conv', [x, g.weight('w', [16, 3, 3, 3])], 'conv', { strides: [2, 2], pads: [1, 1, 1, 1] })], 'relu');
  t = g.node('MaxPool', [t], 'pool', { kernel_shape: [2, 2], strides: [2, 2] });
  t = g.node('Flatten', [t], 'flat', { axis: 1 });
  t = g.node('Gemm', [t, g.weight('fc1_w', [100, 16 * 8 * 8]), g.weight('fc1_b', [100])], 'fc1', { transB: 1 });
  t = g.node('Relu', [t], 'relu_fc');
  g.output(g.node('Softmax', [g.node('MatMul', [t, g.weight('fc2_w', [100, 10])], 'fc2')], 'prob', { axis: 1 }));
  return g;
}
