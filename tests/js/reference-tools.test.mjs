// The tools that run the reference (scripts/reference/), checked without a
// reference checkout: the network converter, the random generators of the
// differential test and its verdicts, and the golden regeneration's diff.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { CLASSES, classify, knownIssue } from '../../scripts/reference/difftest-verdict.mjs';
import { randomSource } from '../../scripts/reference/random.mjs';
import { randomNetwork } from '../../scripts/reference/random-network.mjs';
import { PROFILES, randomRunConfig } from '../../scripts/reference/random-run-config.mjs';
import { python, pythonException } from '../../scripts/reference/reference-runner.mjs';
import { changedPaths } from '../../scripts/reference/regenerate-golden.mjs';
import { repoPath, runCli } from './support.mjs';

let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nndf-reftools-test-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const convert = async (doc) => {
  const file = join(dir, 'net.json');
  await writeFile(file, JSON.stringify(doc));
  return spawnSync(python, [repoPath('scripts/reference/net_to_py.py'), file], { encoding: 'utf8' });
};

test('net_to_py writes the reference calls for every layer kind, ext inputs and an LSTM cell', async () => {
  const { status, stdout, stderr } = await convert({
    format: 'nndf-network/1',
    name: 'T',
    input: { nofm: 3, sofm: [8, 6] },
    ext: [{ name: 'e', nofm: 4, sofm: 1 }],
    layers: [
      { name: 'c', type: 'conv', nifm: 3, nofm: 8, sofm: [4, 3], sfil: 3, strd: 2 },
      { name: 'p', type: 'pool', nofm: 8, sofm: 2, sreg: [2, 1] },
      { name: 'l', type: 'local_region', nofm: 4, sofm: 2, nreg: 3, sreg: 1, ntrd: 2 },
      { name: 'f', type: 'fc', nifm: 4, nofm: 4.0, sfil: 2, prevs: 'l' },
      { name: 'x', type: 'eltwise', nofm: 4, sofm: 1, nreg: 2, prevs: ['f', 'e'] },
      { name: 'cell', type: 'lstm_cell', size: 4, xin: 'x', hin: 'f' },
      { name: 'top', type: 'fc', nifm: 7, nofm: 2, prevs: [null, 'cell_hout'] },
    ],
  });
  assert.equal(status, 0, stderr);
  const lines = stdout.split('\n');
  for (const line of [
    "NN = Network('T')",
    'NN.set_input_layer(InputLayer(3, (8, 6)))',
    "NN.add_ext('e', InputLayer(4, 1))",
    "NN.add('c', ConvLayer(3, 8, (4, 3), 3, strd=2))",
    "NN.add('p', PoolingLayer(8, 2, (2, 1)))",
    "NN.add('l', LocalRegionLayer(4, 2, 3, 1, ntrd=2))",
    "NN.add('f', FCLayer(4, 4, sfil=2), prevs=('l',))",
    "NN.add('x', EltwiseLayer(4, 1, 2), prevs=('f', 'e',))",
    "add_lstm_cell(NN, 'cell', 4, 'x', hin='f')",
    "NN.add('top', FCLayer(7, 2), prevs=('__INPUT__', 'cell_hout',))",
  ]) {
    assert.ok(lines.includes(line), `missing line: ${line}\n${stdout}`);
  }
});

test('net_to_py names the field it cannot convert', async () => {
  const { status, stderr } = await convert({ input: { nofm: 1, sofm: 1 }, layers: [{ name: 'a', type: 'conv', nifm: 1, nofm: 2, sofm: 1, sfil: 1, pad: 1 }] });
  assert.equal(status, 2);
  assert.match(stderr, /layers\[0\]\.pad: unknown field/);
});

test('random networks are reproducible from their seed and valid for nndf', async () => {
  assert.deepEqual(randomNetwork(randomSource('x:1'), 'n'), randomNetwork(randomSource('x:1'), 'n'));
  assert.notDeepEqual(randomNetwork(randomSource('x:1'), 'n'), randomNetwork(randomSource('x:2'), 'n'));
  const types = new Set();
  let joins = 0;
  let exts = 0;
  for (let i = 0; i < 60; ++i) {
    const net = randomNetwork(randomSource(`t:${i}`), `n${i}`);
    assert.ok(net.layers.length >= 2 && net.layers.length <= 8);
    net.layers.forEach((l) => types.add(l.type));
    joins += net.layers.some((l) => l.prevs?.length > 1);
    exts += Boolean(net.ext);
    const file = join(dir, `n${i}.json`);
    await writeFile(file, JSON.stringify(net));
    const { status, stderr } = runCli(['layers', file]);
    assert.equal(status, 0, `network t:${i}: ${stderr}`);
  }
  assert.deepEqual([...types].sort(), ['conv', 'eltwise', 'fc', 'local_region', 'lstm_cell', 'pool']);
  assert.ok(joins > 5 && exts > 2, `joins ${joins}, ext inputs ${exts}`);
});

test('random run configurations keep the reference option rules', () => {
  for (let i = 0; i < 600; ++i) {
    const profile = PROFILES[i % PROFILES.length];
    const f = randomRunConfig(randomSource(`c:${i}`), profile);
    const has = (flag) => f.includes(flag);
    assert.ok(!(has('--solve-loopblocking') && has('--enable-gbuf-sharing')), f.join(' '));
    assert.ok(!(has('--solve-loopblocking') && has('--enable-save-writeback')), f.join(' '));
    assert.ok(!(has('--enable-access-forwarding') && has('--enable-gbuf-sharing')), f.join(' '));
    assert.ok(!has('--ifmaps-partition') || has('--hybrid-partition'), f.join(' '));
    const nodes = f.slice(f.indexOf('--nodes') + 1, f.indexOf('--nodes') + 3).map(Number);
    assert.ok(nodes.every((n) => n >= (['mixed', 'ties'].includes(profile) ? 1 : 2) && n <= 4));
    if (profile === 'pipeline') assert.ok(has('--interlayer-partition'));
    if (profile === 'sharing') assert.ok(has('--enable-gbuf-sharing'));
    if (profile === 'ties') {
      const costs = ['--op-cost', '--hop-cost', '--unit-idle-cost'].map((k) => f[f.indexOf(k) + 1]);
      const at = f.indexOf('--hier-cost');
      assert.ok([...costs, ...f.slice(at + 1, at + 5)].some((x) => x !== '0'), f.join(' '));
    }
  }
});

const run = (status, stdout = '', stderr = '') => ({ status, stdout, stderr, signal: null, timedOut: false });
const result = (cost) =>
  JSON.stringify({
    total_cost: cost, total_time: 5, total_ops: 1, total_accesses: [1, 1, 1, 1], total_noc_hops: 0,
    total_op_cost: 1, total_access_cost: 1, total_noc_cost: 0, total_static_cost: 0,
    schedules: { a: [{ cost, time: 5, ops: 1, access: [[1]], total_nhops: [0], part: [1], tvals: [1], orders: [1] }, 0, [0, 0, 0]] },
  });

test('difftest verdicts', () => {
  const none = run(2, 'null\n', 'No valid dataflow found.\n');
  const crash = run(1, '', 'Traceback (most recent call last):\n  File "x.py", line 1\nUnboundLocalError: local variable \'tx0\' referenced\n');
  assert.equal(classify(run(0, result(10)), run(0, result(10 * (1 + 1e-9)))).cls, 'equal');
  assert.deepEqual(
    [classify(none, none).cls, classify(none, run(0, result(1))).kind, classify(run(0, result(1)), none).kind],
    ['both_no_dataflow', 'only nndf found a dataflow', 'only the reference found a dataflow'],
  );
  const d = classify(run(0, result(10)), run(0, result(11)));
  assert.equal(d.cls, 'differ');
  assert.equal(d.kind, 'layer cost, totals');
  const c = classify(crash, run(0, result(1)));
  assert.deepEqual([c.cls, c.kind], ['reference_crash', 'UnboundLocalError']);
  assert.match(knownIssue(c, [], crash, run(0)), /tx0/);
  const e = classify(run(0, result(1)), run(3, '', 'nndf: internal error: uneven data replication\n'));
  assert.deepEqual([e.cls, e.kind], ['nndf_error', 'exit 3']);
  assert.equal(classify({ ...run(null), timedOut: true }, run(0)).cls, 'timeout');
  assert.ok(CLASSES.includes('reference_crash'));
});

test('pythonException finds the exception line of a traceback', () => {
  assert.equal(pythonException('noise\nTraceback (most recent call last):\n  File "a", line 2\n    x = 1/0\nZeroDivisionError: division by zero\n'), 'ZeroDivisionError: division by zero');
  assert.equal(pythonException('No valid dataflow found.\n'), '');
});

test('golden regeneration ignores only the search time', () => {
  const a = { elapsed: 1, total_cost: 2, schedules: { x: [{ part: [1, 2] }] } };
  assert.deepEqual(changedPaths(a, { ...a, elapsed: 3 }), []);
  assert.deepEqual(changedPaths(a, { ...a, schedules: { x: [{ part: [1, 3] }] } }), ['schedules.x[0].part[1]']);
  assert.deepEqual(changedPaths(a, { elapsed: 1, schedules: a.schedules }), ['total_cost']);
});
