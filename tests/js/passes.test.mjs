// The pass loop of a grouped conv or a matmul in words (web/passes.js) and
// the words a matmul's right operand goes by (web/vocabulary.js): from the
// engine's explanation of searched layers (the CLI searches, the wasm
// module explains, as the page does) and from made-up passes for the cases
// the words choose between.
import assert from 'node:assert/strict';
import {
  mkdtemp, readFile, rm, writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';

import {
  depthwiseNote, isDepthwise, isMultiPass, nodePasses, passCaption, passGridNote, passHeld, passesInTurn,
} from '../../web/passes.js';
import { held, nodeText } from '../../web/partition.js';
import { readExplanation, readResultText } from '../../web/result-model.js';
import {
  DATA, dataOf, dimName, peRowWord,
} from '../../web/vocabulary.js';
import {
  loadWasm, repoPath, runCli, unwrap,
} from './support.mjs';

/** @returns {import('../../web/result-model.js').Passes} */
const passes = (count, groups, heads, samples, nifm, nofm, batch, together = 1) => ({
  count, groups, heads, samples, together, unit: { nifm, nofm, batch },
});
const DEPTHWISE = passes(32, 32, 1, 1, 1, 1, 16);
const GROUPED = passes(4, 4, 1, 1, 8, 4, 4);
const MATMUL = passes(24, 1, 12, 2, 64, 128, 1);
const PLAIN = passes(1, 1, 1, 1, 64, 64, 16);
/** Depthwise, 8 groups a round side by side on the array. */
const ROUNDS = passes(32, 32, 1, 1, 1, 1, 16, 8);

const node = (/** @type {Partial<Record<'b' | 'n' | 'h' | 'w', [number, number]>>} */ ofm) => {
  const r = (/** @type {[number, number]} */ [beg, end]) => ({ beg, end });
  const f = { b: r(ofm.b ?? [0, 1]), n: r(ofm.n ?? [0, 4]), h: r(ofm.h ?? [0, 8]), w: r(ofm.w ?? [0, 8]) };
  return {
    coord: { row: 0, col: 1 }, position: { OUTP: 0, OFMP: 0, BATP: 0, INPP: 0 }, ofm: f, ifm: f, filters: null, idle: false,
  };
};
const ONE = { rows: 1, cols: 1, count: 1 };
const UNSPLIT = { order: /** @type {any[]} */ (['OUTP']), dims: { OUTP: ONE, OFMP: ONE, BATP: ONE, INPP: ONE } };

test('one pass says nothing of passes; several say what one pass holds and how often it runs', () => {
  for (const p of [null, PLAIN]) {
    assert.equal(isMultiPass(p), false);
    assert.equal(passCaption(p), '');
    assert.equal(passGridNote(p), '');
    assert.equal(passHeld(p, 'OUTP', { beg: 0, end: 4 }, '0–3'), '0–3');
  }
  assert.match(passCaption(DEPTHWISE), /^One pass of 32 groups: this mapping runs 32 times, one group after another, each the convolution of 1 input channel into 1 output channel \(depthwise: one channel per pass\)\.$/);
  assert.match(passCaption(GROUPED), /One pass of 4 groups: this mapping runs 4 times.*8 input channels into 4 output channels\.$/);
  assert.doesNotMatch(passCaption(GROUPED), /depthwise/);
  assert.match(passCaption(MATMUL), /^One pass per head and sample: 12 heads × 2 samples = 24 passes, one after another\. The array holds one head of one sample: 64 → 128 channels/);
  assert.deepEqual([DEPTHWISE, GROUPED, MATMUL, PLAIN].map(isDepthwise), [true, false, false, false]);
});

test('a depthwise pass explains its few busy PEs with the result\'s and the mapping\'s numbers', () => {
  const mapping = /** @type {any} */ ({ logical: { rows: 3, cols: 2 }, replication: { rows: 5, cols: 8 } });
  const array = { rows: 16, cols: 16 };
  assert.equal(depthwiseNote(GROUPED, mapping, array, 5.25, 1), '');
  assert.equal(depthwiseNote(MATMUL, mapping, array, 5.25, 1), '');
  const note = depthwiseNote(DEPTHWISE, mapping, array, 5.25, 1);
  assert.match(note, /^A depthwise pass keeps 5\.25 of a node's 256 PEs busy on average \(the result's active PEs\)/);
  assert.match(note, /one input channel and one output channel, so only 1 of the 40 copies of the 3 × 2 set that the array holds has a channel to work on/);
  const multiplier = depthwiseNote(passes(32, 32, 1, 1, 1, 2, 16), mapping, array, 10.5, 2);
  assert.match(multiplier, /one input channel and 2 output channels, so only 2 of the 40 copies .* have a channel/);
  const alone = depthwiseNote(DEPTHWISE, { ...mapping, replication: { rows: 1, cols: 1 } }, array, 168, 1);
  assert.match(alone, /168 of a node's 256 PEs.*so the 3 × 2 set has no other channel to be copied over/);
  assert.match(depthwiseNote(DEPTHWISE, mapping, array, NaN, 1), /^A depthwise pass keeps few PEs busy: /);
});

test('groups side by side: the caption, the note and the grid say rounds of them, with the engine\'s numbers', () => {
  assert.equal(passCaption(ROUNDS), 'One round of 32 groups: the array runs 8 groups at once, each in its own copies of this mapping, '
    + 'and the round repeats 4 times; each group is the convolution of 1 input channel into 1 output channel (depthwise: one channel per group).');
  const mapping = /** @type {any} */ ({ logical: { rows: 3, cols: 2 }, replication: { rows: 5, cols: 8 } });
  const note = depthwiseNote(ROUNDS, mapping, { rows: 16, cols: 16 }, 42, 8);
  assert.equal(note, 'One group has one input channel and one output channel, enough for one of the 40 copies of the 3 × 2 set that the array holds; '
    + 'so 8 groups run side by side in 8 copies (42 of a node\'s 256 PEs busy on average, the result\'s active PEs), in 4 rounds (docs/extensions.md, "Groups side by side").');
  // A channel multiplier of 2: each group takes 2 copies.
  const two = depthwiseNote(passes(32, 32, 1, 1, 1, 2, 16, 4), mapping, { rows: 16, cols: 16 }, NaN, 8);
  assert.match(two, /^One group has one input channel and 2 output channels, enough for 2 of the 40 copies .*; so 4 groups run side by side in 8 copies, in 8 rounds/);
  assert.match(passGridNote(ROUNDS), /^Every node works on all 32 groups, 4 rounds of 8 groups side by side: in each pass/);
  assert.equal(nodePasses(ROUNDS, node({})), ' It runs all 32 passes, 4 rounds of 8 groups side by side.');
  assert.equal(passesInTurn(ROUNDS), '8 at a time side by side, in 4 rounds');
  assert.equal(passesInTurn(DEPTHWISE), 'one after another');
  // One group at a time with copies idle: the note says why no round fits.
  assert.match(depthwiseNote(passes(7, 7, 1, 1, 1, 1, 16), mapping, { rows: 16, cols: 16 }, 5.25, 1),
    /one pass after another: rounds of groups side by side must divide the groups evenly, and no such round fits the rest/);
});

test('a node of a layer of passes holds its ranges in every pass', () => {
  const n = node({ n: [0, 4], b: [0, 1] });
  assert.equal(held(n, 'OUTP'), '0–3');
  assert.equal(held(n, 'OUTP', GROUPED), 'all of each group\'s 4');
  assert.equal(held(n, 'INPP', GROUPED), '0–3 of each group\'s 8');
  assert.equal(held(n, 'BATP', GROUPED), '0');
  assert.equal(held(n, 'OUTP', MATMUL), '0–3 of each head\'s 128');
  assert.equal(held(n, 'BATP', MATMUL), 'one sample a pass, all 2 in turn');
  assert.equal(held(node({ n: [0, 1] }), 'OUTP', DEPTHWISE), 'all of each group\'s 1');
  assert.equal(held(node({ n: [0, 0] }), 'OUTP', DEPTHWISE), 'none');
  assert.match(nodeText(n, UNSPLIT, MATMUL), /It runs all 24 passes, one head of one sample after another\.$/);
  assert.match(nodeText(n, UNSPLIT, DEPTHWISE), /It runs all 32 passes, one group after another\.$/);
  assert.doesNotMatch(nodeText(n, UNSPLIT, PLAIN), /passes/);
  assert.equal(nodePasses(DEPTHWISE, { ...n, idle: true }), '');
  assert.match(passGridNote(GROUPED), /^Every node works on all 4 groups, one after another/);
  assert.match(passGridNote(MATMUL), /^Every node works on all 24 passes \(12 heads × 2 samples\)/);
});

test('a matmul\'s filters are its right operand, in one definition', () => {
  assert.equal(dataOf('ConvLayer'), DATA);
  assert.equal(dataOf(undefined), DATA);
  const words = dataOf('MatmulLayer');
  assert.deepEqual(words.map((d) => d.key), DATA.map((d) => d.key));
  assert.deepEqual([words[0].label, words[0].long], ['Right operand', 'right operand']);
  assert.ok(words.every((d) => !/filter/i.test(`${d.label} ${d.long}`)));
  assert.deepEqual([peRowWord('ConvLayer', 'filter'), peRowWord('MatmulLayer', 'filter'), peRowWord('PoolingLayer', 'region')],
    ['filter row', 'right-operand row', 'window row']);
  assert.deepEqual([dimName('MatmulLayer', 'filter rows'), dimName('MatmulLayer', 'output rows'), dimName('ConvLayer', 'filter rows')],
    ['right operand rows', 'output rows', 'filter rows']);
});

// Small searches the CLI makes in a moment: a grouped conv (4 groups) and a
// depthwise one (8 groups of one channel) on 2x2 nodes, and attention's two
// matmuls (4 heads; as in tests/cpp/test_groups.cpp) at batch 2.
const SEARCH = ['--nodes', '2', '2', '--array', '8', '8', '--regf', '128', '--gbuf', '16384', '--hier-cost', '200', '6', '2', '1',
  '--op-cost', '1', '--hop-cost', '10', '--unit-idle-cost', '1', '--solve-loopblocking', '--hybrid-partition'];
const ATTENTION = JSON.stringify({
  name: 'attn',
  input: { nofm: 64, sofm: [16, 1] },
  layers: [
    { name: 'q', type: 'conv', nifm: 64, nofm: 64, sofm: [16, 1], sfil: 1 },
    { name: 'k', type: 'conv', nifm: 64, nofm: 64, sofm: [16, 1], sfil: 1, prevs: null },
    { name: 'v', type: 'conv', nifm: 64, nofm: 64, sofm: [16, 1], sfil: 1, prevs: null },
    {
      name: 'scores', type: 'matmul', nifm: 64, nofm: 64, sofm: [16, 1], heads: 4, prevs: 'q', rhs: 'k', transpose_rhs: true,
    },
    {
      name: 'context', type: 'matmul', nifm: 64, nofm: 64, sofm: [16, 1], heads: 4, prevs: 'scores', rhs: 'v',
    },
  ],
});

/** @type {any} */
let nndf;
before(async () => {
  nndf = await loadWasm();
});

test('the engine\'s passes are the result\'s: groups, or heads × samples, of a unit layer that divides the layer', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nndf-passes-'));
  const attention = join(dir, 'attn.json');
  await writeFile(attention, ATTENTION);
  const cases = [
    { net: repoPath('tests/golden/groups/nets/grp4_grouped.json'), batch: 4 },
    { net: repoPath('tests/golden/groups/nets/dw8_grouped.json'), batch: 4 },
    { net: attention, batch: 2 },
  ];
  const seen = { grouped: 0, depthwise: 0, matmul: 0, plain: 0 };
  for (const { net, batch } of cases) {
    const cli = runCli(['search', net, '--batch', String(batch), ...SEARCH]);
    assert.equal(cli.status, 0, cli.stderr);
    const result = readResultText(cli.stdout);
    const network = await readFile(net, 'utf8');
    const shapes = new Map(unwrap(nndf.networkLayers(network, batch, 16)).layers.map((/** @type {any} */ l) => [l.name, l]));
    for (const layer of result.layers) {
      const scheme = result.doc.schedules[layer.name][0];
      const e = readExplanation(unwrap(nndf.explain(network, cli.stdout, layer.name, 16)).explanation);
      const p = /** @type {import('../../web/result-model.js').Passes} */ (e.passes);
      const shape = shapes.get(layer.name);
      const what = `${net} ${layer.name}`;
      assert.equal(p.count, scheme.passes ?? 1, what);
      assert.equal(p.groups, scheme.groups ?? 1, what);
      assert.equal(p.heads, scheme.heads ?? 1, what);
      assert.equal(p.groups * p.heads * p.samples, p.count, what);
      assert.equal(p.unit.batch * p.samples, batch, what);
      if (!isMultiPass(p)) {
        seen.plain += 1;
        assert.equal(passCaption(p), '', what);
        continue;
      }
      // One pass's channels times the groups or heads are the layer's.
      assert.equal(p.unit.nofm * p.groups * p.heads, shape.nofm, what);
      assert.equal(p.unit.nifm * p.groups * p.heads, shape.nifm, what);
      // A node's part of the layer is a part of one pass's.
      assert.ok(e.nodePart.nofm <= p.unit.nofm && e.nodePart.batch <= p.unit.batch, what);
      const caption = passCaption(p);
      if (shape.type === 'MatmulLayer') {
        seen.matmul += 1;
        assert.equal(p.heads, shape.heads, what);
        assert.match(caption, new RegExp(`${shape.heads} heads × ${batch} samples = ${scheme.passes} passes`), what);
      } else {
        assert.equal(p.groups, shape.groups, what);
        assert.match(caption, new RegExp(`^One pass of ${shape.groups} groups: this mapping runs ${scheme.passes} times`), what);
        if (shape.groups === shape.nifm) {
          seen.depthwise += 1;
          assert.match(caption, /depthwise/, what);
          // The copies with work are the loop nest's, never more than the array's copies.
          const working = e.loopNest.replication.ifms * e.loopNest.replication.ofms;
          assert.ok(working <= e.mapping.replication.rows * e.mapping.replication.cols, what);
          assert.equal(e.loopNest.replication.ifms, 1, what);
          assert.match(depthwiseNote(p, e.mapping, result.array, layer.activePes, working), new RegExp(`keeps ${Number(layer.activePes.toPrecision(3))} of a node's ${result.array.rows * result.array.cols} PEs`), what);
        } else {
          seen.grouped += 1;
          assert.doesNotMatch(caption, /depthwise/, what);
        }
      }
    }
  }
  await rm(dir, { recursive: true, force: true });
  assert.ok(seen.grouped >= 1 && seen.depthwise >= 1 && seen.matmul >= 2 && seen.plain >= 1, JSON.stringify(seen));
});
