// `nndf explain RESULT.json LAYER` and `nndf search ... --explain LAYER`: a
// layer's loop nest (printed as Timeloop prints a mapping) and its reuse
// table, checked against the result file's own numbers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { repoPath, runCli } from './support.mjs';

/** A small search's command line (the flags `nndf search` requires). */
const SEARCH = ['search', 'mlp_s', '--batch', '2', '--nodes', '1', '1', '--array', '16', '16', '--regf', '512', '--gbuf', '131072'];
const GOLDEN = repoPath('tests/golden/alex_b16_tangram_8x8.json');
const result = JSON.parse(readFileSync(GOLDEN, 'utf8').replace(/\bInfinity\b/g, '1e999'));

/** The `for` lines of a printed nest: [variable, count, spatial]. */
const loopsOf = (/** @type {string} */ text) => [...text.matchAll(/for (\w) in \[0:(\d+)\)(\s+\(spatial\))?/g)]
  .map((m) => ({ v: m[1], n: Number(m[2]), spatial: Boolean(m[3]) }));

test('explain prints the loop nest level by level and the reuse table of the result', () => {
  const { status, stdout, stderr } = runCli(['explain', GOLDEN, 'conv2_a']);
  assert.equal(status, 0, stderr);
  assert.equal(stderr, '');
  const levels = ['DRAM', 'GBUF', 'REGF', 'PE array', 'PE'].map((l) => stdout.indexOf(`\n${l}\n${'-'.repeat(l.length)}\n`));
  assert.ok(levels.every((i, k) => i > 0 && (k === 0 || i > levels[k - 1])), 'levels in order');
  const loops = loopsOf(stdout);
  assert.ok(loops.some((l) => l.spatial) && loops.some((l) => !l.spatial));
  // Output channels: the loops' counts multiply to the product printed for the node's share.
  const product = loops.filter((l) => l.v === 'k').reduce((n, l) => n * l.n, 1);
  assert.match(stdout, new RegExp(`output channels\\s+${product} (=|>=) \\d+`));
  // The DRAM ifmap accesses are the result's own.
  const dramIfm = result.schedules.conv2_a[0].access[0][1];
  assert.match(stdout, new RegExp(`DRAM\\s+ifmaps\\s+${Math.round(dramIfm)}\\s`));
  assert.match(stdout, new RegExp(`GBUF, one node .* / ${result.resource.size_gbuf}`));
});

test('explain works on a pooling layer and an FC layer', () => {
  for (const layer of ['pool1_a', 'fc1']) {
    const { status, stdout, stderr } = runCli(['explain', GOLDEN, layer]);
    assert.equal(status, 0, stderr);
    assert.match(stdout, new RegExp(`^Layer ${layer}: `));
    assert.match(stdout, /MACs\/access/);
  }
});

test('search --explain prints the explanation of the result it found', () => {
  const { status, stdout, stderr } = runCli([...SEARCH, '--explain', 'fc2']);
  assert.equal(status, 0, stderr);
  assert.match(stdout, /^Layer fc2: /);
  assert.match(stdout, /Time: \d+ cycles = compute \d+/);
});

test('explain: bad input is one readable line and status 1', () => {
  const cases = [
    [['explain', GOLDEN, 'conv9'], /^nndf: error: .*no layer 'conv9'\n$/],
    [['explain', GOLDEN], /^nndf: error: .*RESULT\.json and LAYER.*\n$/],
    [['explain', repoPath('tests/golden/absent.json'), 'fc1'], /^nndf: error: .*cannot read.*\n$/],
    [['explain', GOLDEN, 'fc1', '--network', 'vgg_net'], /^nndf: error: .*\n$/],
    [[...SEARCH, '--explain', 'nope'], /^nndf: error: .*no layer 'nope'\n$/],
  ];
  for (const [args, pattern] of cases) {
    const { status, stdout, stderr } = runCli(args);
    assert.equal(status, 1, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, pattern);
    assert.equal(stdout, '');
  }
});
