// `nndf alternatives RESULT.json LAYER`: the layer's best schedules under the
// result's conditions, checked against the result file itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { repoPath, runCli } from './support.mjs';

// A plain case (one node, no pipelining) and one with a network file.
const plain = 'tests/golden/isca16_alex_b16_solver.json';
const fileNet = 'tests/golden/min_fanout3_b1_3x3_ilp_tie.json';
const readResult = (path) => JSON.parse(readFileSync(repoPath(path), 'utf8').replace(/\bInfinity\b/g, '1e999'));

test('alternatives --json: the first is the result\'s schedule at its cost, the rest in order, differences exact', () => {
  const result = readResult(plain);
  for (const layer of ['conv2_a', 'fc1']) {
    const { status, stdout, stderr } = runCli(['alternatives', repoPath(plain), layer, '-n', '4', '--json', '--threads', '1']);
    assert.equal(status, 0, stderr);
    const a = JSON.parse(stdout);
    const own = result.schedules[layer][0];
    assert.equal(a.layer, layer);
    assert.equal(a.result_cost, own.cost);
    assert.equal(a.reproduced, true);
    assert.ok(a.alternatives.length >= 2 && a.alternatives.length <= 4);
    const [best] = a.alternatives;
    assert.equal(best.is_result, true);
    assert.ok(Math.abs(best.cost - own.cost) <= 1e-9 * own.cost);
    // The winner's choices are the result's own.
    for (const key of ['ti', 'to', 'tb']) own[key].forEach((t, level) => assert.equal(best.fields[`${key}[${level}]`], t));
    assert.equal(best.differences.length, 0);
    for (let k = 1; k < a.alternatives.length; ++k) {
      const alt = a.alternatives[k];
      assert.ok(alt.cost >= a.alternatives[k - 1].cost, 'sorted by cost');
      assert.ok(Math.abs(alt.cost_delta - (alt.cost - best.cost)) <= 1e-12 * best.cost);
      assert.equal(alt.cost, alt.cost_op + alt.cost_access + alt.cost_noc + alt.cost_static);
      const listed = new Set(alt.differences.map((d) => d.field));
      for (const d of alt.differences) {
        assert.deepEqual(d.winner, best.fields[d.field]);
        assert.deepEqual(d.alternative, alt.fields[d.field]);
        assert.notDeepEqual(d.winner, d.alternative);
      }
      for (const field of Object.keys(best.fields)) {
        if (!listed.has(field)) assert.deepEqual(alt.fields[field], best.fields[field], field);
      }
    }
  }
});

test('alternatives prints a table: a row per schedule with its delta against the first', () => {
  const { status, stdout, stderr } = runCli(['alternatives', repoPath(plain), 'conv3_a', '-n', '3', '--threads', '1']);
  assert.equal(status, 0, stderr);
  assert.match(stdout, /reproduced as rank 1/);
  const rows = stdout.split('\n').filter((l) => /^\s*\d+\*?\s/.test(l));
  assert.equal(rows.length, 3);
  const costs = rows.map((r) => Number(r.trim().split(/\s+/)[1]));
  const pcts = rows.map((r) => Number(r.match(/([+-]\d+\.\d+)%/)[1]));
  assert.equal(pcts[0], 0);
  for (let k = 1; k < rows.length; ++k) {
    assert.ok(costs[k] >= costs[0]);
    assert.ok(Math.abs(pcts[k] - (100 * (costs[k] - costs[0])) / costs[0]) < 0.01);
  }
  assert.match(rows[0], /^\s*1\*/, 'the result\'s schedule is marked');
});

test('alternatives of a network given by file', () => {
  const result = readResult(fileNet);
  const layer = Object.keys(result.schedules).at(-1);
  const { status, stdout, stderr } = runCli(['alternatives', repoPath(fileNet), layer, '--network', repoPath('tests/golden/nets/min_fanout3.json'), '--json', '--threads', '1']);
  assert.equal(status, 0, stderr);
  const a = JSON.parse(stdout);
  assert.equal(a.alternatives[0].cost, a.alternatives[0].cost_op + a.alternatives[0].cost_access + a.alternatives[0].cost_noc + a.alternatives[0].cost_static);
  assert.ok(Math.abs(a.result_cost - result.schedules[layer][0].cost) <= 0);
});

test('alternatives errors name what is wrong', () => {
  const cases = [
    [['alternatives', repoPath(plain), 'no_such_layer'], /no layer 'no_such_layer'/],
    [['alternatives', repoPath(plain), 'conv1_a', '-n', '1'], /n: must be from 2 to 50/],
    [['alternatives', repoPath(plain)], /a result file and a layer/],
    [['alternatives', repoPath(fileNet), 'x'], /not built in: give its file with --network/],
  ];
  for (const [args, message] of cases) {
    const { status, stderr } = runCli(args);
    assert.equal(status, 1, args.join(' '));
    assert.match(stderr, message);
  }
});

test('alternatives --help names its options, and nndf --help lists the command', () => {
  const { status, stdout } = runCli(['alternatives', '--help']);
  assert.equal(status, 0);
  for (const option of ['--count', '--network', '--threads', '--json', 'RESULT.json', 'LAYER']) assert.match(stdout, new RegExp(option));
  assert.match(runCli(['--help']).stdout, /alternatives RESULT\.json LAYER/);
});
