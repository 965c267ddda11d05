// The words the page shows for softmax, layernorm and gelu, and for a
// layer's groups or heads (web/layer-kinds.js), from the engine's own layer
// list of a transformer block (the wasm module) and the CLI's.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, test } from 'node:test';

import {
  kindGridNote, kindLoopNote, kindMappingNote, kindSummary,
} from '../../web/layer-kinds.js';
import { layerTypeName, opsAreMacs } from '../../web/vocabulary.js';
import {
  loadWasm, repoPath, runCli, unwrap,
} from './support.mjs';

const BLOCK = repoPath('tests/data/networks/transformer_block.json');
let layers;
/** @type {any} */
let nndf;
before(async () => {
  nndf = await loadWasm();
  layers = unwrap(nndf.networkLayers(await readFile(BLOCK, 'utf8'), 2, 16)).layers;
});
const layer = (name) => layers.find((l) => l.name === name);

test('the engine names the three kinds, and the CLI agrees', () => {
  assert.deepEqual(['ln1', 'probs', 'act'].map((n) => layer(n).type), ['LayerNormLayer', 'SoftmaxLayer', 'GELULayer']);
  assert.deepEqual(['ln1', 'probs', 'act'].map((n) => layerTypeName(layer(n).type)), ['layernorm', 'softmax', 'gelu']);
  const cli = runCli(['layers', BLOCK, '--batch', '2', '--json']);
  assert.equal(cli.status, 0, cli.stderr);
  assert.deepEqual(JSON.parse(cli.stdout), layers);
});

test('their ops are not MACs: counted apart, from their region', () => {
  for (const l of layers) {
    const mine = ['LayerNormLayer', 'SoftmaxLayer', 'GELULayer'].includes(l.type);
    assert.equal(opsAreMacs(l.type), !mine, l.name);
    if (!mine) continue;
    assert.equal(l.stats.macs_M, 0);
    assert.equal(l.stats.ops_M * 1024 * 1024, 2 * l.total_ops_batch1);
    assert.equal(l.total_ops_batch1, l.nofm * l.hofm * l.wofm * l.nreg * l.hreg * l.wreg);
    assert.equal(l.nifm, l.nofm);
  }
  assert.equal(layer('ln1').params, 2 * layer('ln1').nofm);
  assert.equal(layer('probs').params, 0);
  assert.equal(layer('q').params, undefined);
});

test('the words carry the engine\'s numbers', () => {
  const probs = layer('probs');
  assert.equal(kindSummary(probs), `over groups of ${probs.nreg} channels, ${probs.nofm / probs.nreg} groups`);
  assert.match(kindLoopNote(probs), new RegExp(`costs ${probs.nreg} ops`));
  const ln = layer('ln1');
  assert.equal(kindSummary(ln), `over all ${ln.nofm} channels, ${ln.params} parameters`);
  assert.match(kindLoopNote(ln), new RegExp(`all ${ln.nofm} channels`));
  assert.equal(kindSummary(layer('act')), 'element-wise');
  assert.match(kindMappingNote(layer('act')), /^GELU maps as a local region of 1 channel × 1 × 1/);
  for (const name of ['q', 'res1']) {
    assert.equal(kindSummary(layer(name)), '');
    assert.equal(kindLoopNote(layer(name)), '');
    assert.equal(kindMappingNote(layer(name)), '');
  }
});

test('the node-grid note appears only when the channels are split', () => {
  assert.equal(kindGridNote(layer('probs'), 1), '');
  assert.match(kindGridNote(layer('probs'), 4), /4 parts.*16 on each side.*groups of 32/);
  assert.match(kindGridNote(layer('ln1'), 2), /all 64 channels/);
  assert.equal(kindGridNote(layer('act'), 4), '');
  assert.equal(kindGridNote(layer('q'), 4), '');
});

test('groups and heads show when the engine lists them, and only then', () => {
  const conv = layer('q');
  assert.equal(kindSummary({ ...conv, groups: conv.nifm }), `${conv.nifm} groups (depthwise)`);
  assert.equal(kindSummary({ ...conv, groups: 4 }), '4 groups');
  assert.equal(kindSummary({ ...conv, groups: 1 }), '1 group');
  assert.equal(kindSummary({ ...conv, type: 'MatMulLayer', heads: 12 }), '12 heads');
  assert.equal(kindSummary(conv), '');
});

test('nndf layers: 0 MACs on their rows, their ops summed on a line of their own', () => {
  const cli = runCli(['layers', BLOCK, '--batch', '2']);
  assert.equal(cli.status, 0, cli.stderr);
  const lines = cli.stdout.split('\n');
  const row = (name) => lines.find((l) => l.startsWith(`${name} `)).split(',').map((s) => s.trim());
  const mine = layers.filter((l) => !opsAreMacs(l.type));
  for (const l of mine) assert.equal(Number(row(l.name)[4]), 0, l.name);
  assert.equal(Number(row('q')[4]).toFixed(2), layers.find((l) => l.name === 'q').stats.macs_M.toFixed(2));
  const opsM = mine.reduce((n, l) => n + l.stats.ops_M, 0);
  assert.ok(lines.includes(`# softmax, layernorm and gelu layers = ${mine.length}, their ops/M = ${opsM.toFixed(2)} (not MACs, docs/extensions.md)`), cli.stdout);
  // A network without them prints no such line.
  assert.doesNotMatch(runCli(['layers', 'alex_net']).stdout, /softmax/);
});

test('every layer type of every built-in network has the page\'s short name (not the engine\'s class name)', () => {
  const seen = new Set();
  for (const { json } of unwrap(nndf.builtinNetworks()).networks) {
    for (const l of unwrap(nndf.networkLayers(json, 1, 16)).layers) seen.add(l.type);
  }
  assert.ok(seen.has('MatmulLayer') && seen.has('ConvLayer'), [...seen].join(', '));
  for (const type of seen) assert.doesNotMatch(layerTypeName(type), /Layer$/, type);
});
