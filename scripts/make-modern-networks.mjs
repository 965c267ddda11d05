#!/usr/bin/env node
// Writes the built-in networks of issue 12 to nns/ from their papers'
// architecture tables (docs/networks.md lists the sources, their MACs and
// parameters, and what the format leaves out): MobileNet v1 and v2,
// ResNeXt-50 (32x4d), BERT-base (128 tokens), ViT-B/16 (224x224) and GPT-2
// small (prefill of 1024 tokens). Run: node scripts/make-modern-networks.mjs
// (tests/js/modern-networks.test.mjs checks the files are what it writes).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { networkText } from '../web/network-text.js';

/** @typedef {Record<string, unknown>} Layer */

/** Builds a layer list; `prev` is the name the next layer reads by default. */
class Net {
  constructor(/** @type {string} */ name, /** @type {Record<string, unknown>} */ input) {
    this.name = name;
    this.input = input;
    /** @type {Layer[]} */
    this.layers = [];
  }

  /** The layer listed last (what a layer without prevs reads). */
  get last() {
    return this.layers.length === 0 ? '__INPUT__' : /** @type {string} */ (this.layers[this.layers.length - 1].name);
  }

  /** Adds a layer; prevs is written only when it is not the layer listed just before. */
  add(/** @type {Layer} */ layer, /** @type {string[] | undefined} */ prevs = undefined) {
    const { rhs, transpose_rhs: transposeRhs, ...fields } = layer;
    /** @type {Layer} */
    const out = { ...fields };
    if (prevs && !(prevs.length === 1 && prevs[0] === this.last)) out.prevs = prevs;
    if (rhs !== undefined) out.rhs = rhs;
    if (transposeRhs) out.transpose_rhs = true;
    this.layers.push(out);
    return /** @type {string} */ (layer.name);
  }

  doc() {
    return { format: 'nndf-network/1', name: this.name, input: this.input, layers: this.layers };
  }
}

const seq = (/** @type {number} */ s) => [s, 1];

/** MobileNet v1 (Howard et al. 2017, Table 1), width 1.0, 224x224. */
function mobilenetV1() {
  const n = new Net('MobileNet v1', { nofm: 3, sofm: 224 });
  n.add({ name: 'conv1', type: 'conv', nifm: 3, nofm: 32, sofm: 112, sfil: 3, strd: 2 });
  // [output channels of the pointwise conv, stride of the depthwise conv]; the
  // table's last depthwise layer says s2 but keeps 7x7: it is stride 1.
  const blocks = [[64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2], [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1]];
  let c = 32;
  let size = 112;
  blocks.forEach(([out, stride], i) => {
    size /= stride;
    const strd = stride === 1 ? {} : { strd: stride };
    n.add({ name: `conv${i + 2}_dw`, type: 'conv', nifm: c, nofm: c, sofm: size, sfil: 3, ...strd, groups: c });
    n.add({ name: `conv${i + 2}_pw`, type: 'conv', nifm: c, nofm: out, sofm: size, sfil: 1 });
    c = out;
  });
  n.add({ name: 'pool', type: 'pool', nofm: c, sofm: 1, sreg: 7 });
  n.add({ name: 'fc', type: 'fc', nifm: c, nofm: 1000 });
  return n;
}

/** MobileNet v2 (Sandler et al. 2018, Table 2), width 1.0, 224x224. */
function mobilenetV2() {
  const n = new Net('MobileNet v2', { nofm: 3, sofm: 224 });
  n.add({ name: 'conv1', type: 'conv', nifm: 3, nofm: 32, sofm: 112, sfil: 3, strd: 2 });
  // Table 2's rows: expansion t, output channels c, repeats n, first stride s.
  const rows = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]];
  let c = 32;
  let size = 112;
  let block = 0;
  for (const [t, out, repeats, first] of rows) {
    for (let r = 0; r < repeats; r++) {
      const stride = r === 0 ? first : 1;
      const input = n.last;
      const name = `b${++block}`;
      const hidden = c * t;
      if (t !== 1) n.add({ name: `${name}_expand`, type: 'conv', nifm: c, nofm: hidden, sofm: size, sfil: 1 });
      size /= stride;
      n.add({ name: `${name}_dw`, type: 'conv', nifm: hidden, nofm: hidden, sofm: size, sfil: 3, ...(stride === 1 ? {} : { strd: stride }), groups: hidden });
      const project = n.add({ name: `${name}_project`, type: 'conv', nifm: hidden, nofm: out, sofm: size, sfil: 1 });
      // The residual connection where the block keeps its size and channels.
      if (stride === 1 && c === out) n.add({ name: `${name}_add`, type: 'eltwise', nofm: out, sofm: size, nreg: 2 }, [input, project]);
      c = out;
    }
  }
  n.add({ name: 'conv_last', type: 'conv', nifm: c, nofm: 1280, sofm: 7, sfil: 1 });
  n.add({ name: 'pool', type: 'pool', nofm: 1280, sofm: 1, sreg: 7 });
  n.add({ name: 'fc', type: 'fc', nifm: 1280, nofm: 1000 });
  return n;
}

/** ResNeXt-50 32x4d (Xie et al. 2017, Table 1), 224x224; the stride is on the 3x3 grouped conv, as in the paper's code. */
function resnext50() {
  const n = new Net('ResNeXt-50 (32x4d)', { nofm: 3, sofm: 224 });
  n.add({ name: 'conv1', type: 'conv', nifm: 3, nofm: 64, sofm: 112, sfil: 7, strd: 2 });
  n.add({ name: 'pool1', type: 'pool', nofm: 64, sofm: 56, sreg: 3, strd: 2 });
  // Stages conv2..conv5: [blocks, width of the grouped conv, output channels, fmap size].
  const stages = [[3, 128, 256, 56], [4, 256, 512, 28], [6, 512, 1024, 14], [3, 1024, 2048, 7]];
  let c = 64;
  stages.forEach(([blocks, width, out, size], s) => {
    for (let b = 0; b < blocks; b++) {
      const input = n.last;
      const stride = b === 0 && s > 0 ? 2 : 1;
      const inSize = size * stride;
      const name = `conv${s + 2}_${b}`;
      n.add({ name: `${name}_a`, type: 'conv', nifm: c, nofm: width, sofm: inSize, sfil: 1 }, [input]);
      n.add({ name: `${name}_b`, type: 'conv', nifm: width, nofm: width, sofm: size, sfil: 3, ...(stride === 1 ? {} : { strd: 2 }), groups: 32 });
      const branch = n.add({ name: `${name}_c`, type: 'conv', nifm: width, nofm: out, sofm: size, sfil: 1 });
      const shortcut = b === 0
        ? n.add({ name: `conv${s + 2}_br`, type: 'conv', nifm: c, nofm: out, sofm: size, sfil: 1, ...(stride === 1 ? {} : { strd: 2 }) }, [input])
        : input;
      n.add({ name: `${name}_res`, type: 'eltwise', nofm: out, sofm: size, nreg: 2 }, [shortcut, branch]);
      c = out;
    }
  });
  n.add({ name: 'pool5', type: 'pool', nofm: 2048, sofm: 1, sreg: 7 });
  n.add({ name: 'fc', type: 'fc', nifm: 2048, nofm: 1000 });
  return n;
}

/**
 * One transformer layer on S tokens of D features, H heads, MLP of F: Q, K,
 * V projections, scores Q K^T per head, softmax over the keys, context with
 * V, output projection, residual; MLP with GELU, residual. Post-LN (BERT)
 * puts each layernorm after its residual, pre-LN (GPT-2, ViT) before its
 * block. Returns the layer's output.
 */
function encoderLayer(/** @type {Net} */ n, /** @type {string} */ p, /** @type {{S: number, D: number, H: number, F: number, preLN: boolean}} */ o) {
  const { S, D, H, F, preLN } = o;
  const sofm = seq(S);
  const input = n.last;
  const x = preLN ? n.add({ name: `${p}_ln1`, type: 'layernorm', nofm: D, sofm }) : input;
  const proj = (/** @type {string} */ what) => n.add({ name: `${p}_${what}`, type: 'conv', nifm: D, nofm: D, sofm, sfil: 1 }, [x]);
  const q = proj('q');
  const k = proj('k');
  const v = proj('v');
  n.add({ name: `${p}_scores`, type: 'matmul', nifm: D, nofm: H * S, sofm, heads: H, rhs: k, transpose_rhs: true }, [q]);
  n.add({ name: `${p}_probs`, type: 'softmax', nofm: H * S, sofm, nreg: S });
  n.add({ name: `${p}_context`, type: 'matmul', nifm: H * S, nofm: D, sofm, heads: H, rhs: v });
  const out = n.add({ name: `${p}_proj`, type: 'conv', nifm: D, nofm: D, sofm, sfil: 1 });
  const res1 = n.add({ name: `${p}_res1`, type: 'eltwise', nofm: D, sofm, nreg: 2 }, [input, out]);
  const mid = preLN ? res1 : n.add({ name: `${p}_ln1`, type: 'layernorm', nofm: D, sofm });
  if (preLN) n.add({ name: `${p}_ln2`, type: 'layernorm', nofm: D, sofm });
  n.add({ name: `${p}_fc1`, type: 'conv', nifm: D, nofm: F, sofm, sfil: 1 });
  n.add({ name: `${p}_gelu`, type: 'gelu', nofm: F, sofm });
  const fc2 = n.add({ name: `${p}_fc2`, type: 'conv', nifm: F, nofm: D, sofm, sfil: 1 });
  n.add({ name: `${p}_res2`, type: 'eltwise', nofm: D, sofm, nreg: 2 }, [mid, fc2]);
  return preLN ? n.last : n.add({ name: `${p}_ln2`, type: 'layernorm', nofm: D, sofm });
}

/**
 * A head that reads one token (BERT's pooler on [CLS], ViT's classifier on
 * its class token, GPT-2's next token): our format has no layer that picks
 * a position, so a pool over the tokens stands for the pick and the fc has
 * the head's exact weights and MACs (docs/networks.md).
 */
function tokenHead(/** @type {Net} */ n, /** @type {number} */ S, /** @type {number} */ D, /** @type {number} */ out, /** @type {string} */ name) {
  n.add({ name: `${name}_token`, type: 'pool', nofm: D, sofm: 1, sreg: seq(S) });
  n.add({ name, type: 'fc', nifm: D, nofm: out });
}

/** BERT-base (Devlin et al. 2019): 12 post-LN layers, D 768, 12 heads, MLP 3072, on 128 tokens; the input is the summed embeddings. */
function bertBase() {
  const S = 128;
  const D = 768;
  const n = new Net('BERT-base (128 tokens)', { nofm: D, sofm: seq(S) });
  n.add({ name: 'emb_ln', type: 'layernorm', nofm: D, sofm: seq(S) });
  for (let l = 0; l < 12; l++) encoderLayer(n, `l${l}`, { S, D, H: 12, F: 3072, preLN: false });
  tokenHead(n, S, D, D, 'pooler');
  return n;
}

/**
 * ViT-B/16 (Dosovitskiy et al. 2021), 224x224: the input is the image cut
 * into 196 patches of 16x16x3 = 768 values (a layout change) plus position
 * 0 for the class token, so the patch embedding is a 1x1 conv over 197
 * tokens and the encoder sees ViT's 197 tokens; 12 pre-LN layers, final LN,
 * the classifier on the class token.
 */
function vitB16() {
  const S = 197;
  const D = 768;
  const n = new Net('ViT-B/16 (224x224)', { nofm: 16 * 16 * 3, sofm: seq(S) });
  n.add({ name: 'patch_embed', type: 'conv', nifm: 768, nofm: D, sofm: seq(S), sfil: 1 });
  for (let l = 0; l < 12; l++) encoderLayer(n, `l${l}`, { S, D, H: 12, F: 3072, preLN: true });
  n.add({ name: 'ln_f', type: 'layernorm', nofm: D, sofm: seq(S) });
  tokenHead(n, S, D, 1000, 'head');
  return n;
}

/**
 * GPT-2 small (Radford et al. 2019), prefill of 1024 tokens: 12 pre-LN
 * layers, D 768, 12 heads, MLP 3072, final LN, the LM head (weights tied to
 * the token embedding) on the last token. Causal masking is an add of a
 * constant: the scores are the full 1024 x 1024 (docs/networks.md).
 */
function gpt2Small() {
  const S = 1024;
  const D = 768;
  const n = new Net('GPT-2 small (prefill, 1024 tokens)', { nofm: D, sofm: seq(S) });
  for (let l = 0; l < 12; l++) encoderLayer(n, `h${l}`, { S, D, H: 12, F: 3072, preLN: true });
  n.add({ name: 'ln_f', type: 'layernorm', nofm: D, sofm: seq(S) });
  tokenHead(n, S, D, 50257, 'lm_head');
  return n;
}

/** The networks by file name (nns/NAME.json). */
export const NEXT_NETWORKS = {
  mobilenet_v1: mobilenetV1,
  mobilenet_v2: mobilenetV2,
  resnext50: resnext50,
  bert_base: bertBase,
  vit_b16: vitB16,
  gpt2_small: gpt2Small,
};

/** Each network's file text. */
export function modernNetworkTexts() {
  return Object.entries(NEXT_NETWORKS).map(([file, make]) => ({ file: `${file}.json`, text: networkText(make().doc()) }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'nns');
  await mkdir(dir, { recursive: true });
  for (const { file, text } of modernNetworkTexts()) {
    await writeFile(join(dir, file), text);
    console.log(`make-modern-networks: wrote nns/${file}`);
  }
}
