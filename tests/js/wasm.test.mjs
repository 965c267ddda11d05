// The wasm module's JS interface (wasm/bindings.cpp), loaded in Node.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import {
  builtinNetworkNames, loadWasm, runCli, unwrap,
} from './support.mjs';


let nndf;
let networks;
before(async () => {
  nndf = await loadWasm();
  networks = unwrap(nndf.builtinNetworks()).networks;
});

const layersOf = (text, batch = 1, wordBits = 16) => JSON.parse(nndf.networkLayers(text, batch, wordBits));
const builtin = (name) => networks.find((n) => n.name === name).json;

/** A one-layer network whose conv layer has the given fields changed. */
const oneConv = (changes) => JSON.stringify({
  input: { nofm: 3, sofm: 32 },
  layers: [{ name: 'c1', type: 'conv', nifm: 3, nofm: 16, sofm: 32, sfil: 3, ...changes }],
});

test('version is a semantic version', () => {
  assert.match(nndf.version(), /^\d+\.\d+\.\d+$/);
});

test('builtinNetworks lists every network of nns/ (the reference\'s 13 and issue 12\'s 6), sorted, with its JSON text', () => {
  assert.equal(networks.length, 19);
  assert.deepEqual(networks.map((n) => n.name), builtinNetworkNames());
  for (const { name, json } of networks) {
    assert.equal(typeof JSON.parse(json).layers, 'object', name);
  }
});

test('runSchema is the CLI\'s schema, in an envelope', () => {
  const cli = runCli(['schema', '--json']);
  assert.equal(cli.status, 0, cli.stderr);
  assert.deepEqual(unwrap(nndf.runSchema()).schema, JSON.parse(cli.stdout));
});

describe('validate', () => {
  const run = {
    format: 'nndf-run/2', network: 'alex_net', batch: 16, nodes: [1, 1], array: [16, 16], regf: 512, gbuf: 131072,
  };
  const problemsOf = (/** @type {object} */ doc) => unwrap(nndf.validate(JSON.stringify(doc))).problems;

  test('a runnable document has no problems', () => {
    assert.deepEqual(problemsOf(run), []);
  });

  test('every problem at its path, rules named with the fields\' labels', () => {
    const problems = problemsOf({
      ...run, batch: 0, hier_cost: [200, -1, 2, 1], solve_loopblocking: true, enable_save_writeback: true,
    });
    assert.deepEqual(problems.map((p) => p.path), ['batch', 'hier_cost[1]', 'enable_save_writeback']);
    assert.match(problems[2].message, /Loop-blocking solver/);
    const { regf, ...noRegf } = run;
    assert.deepEqual(problemsOf(noRegf), [{ path: 'regf', message: 'is required' }]);
  });

  test('a document it cannot read is an error envelope', () => {
    const answer = JSON.parse(nndf.validate('{"batch": '));
    assert.equal(answer.ok, false);
    assert.match(answer.error.message, /malformed JSON/);
  });
});

describe('networkLayers', () => {
  test('alex_net has 19 layers with the reference op counts', () => {
    const result = layersOf(builtin('alex_net'));
    assert.equal(result.ok, true);
    assert.equal(result.layers.length, 19);
    const conv1a = result.layers[0];
    assert.equal(conv1a.name, 'conv1_a');
    assert.equal(conv1a.total_ops_batch1, 52707600);
  });

  test('batch and word size reach the statistics', () => {
    const { stats } = layersOf(builtin('alex_net'), 4, 8).layers[0];
    assert.equal(stats.batch, 4);
    assert.equal(stats.word_bits, 8);
  });

  test('agrees with nndf layers --json for every built-in network', () => {
    for (const name of builtinNetworkNames()) {
      const cli = runCli(['layers', name, '--batch', '2', '--word', '8', '--json']);
      assert.equal(cli.status, 0, cli.stderr);
      assert.deepEqual(layersOf(builtin(name), 2, 8).layers, JSON.parse(cli.stdout), name);
    }
  });

  const failures = [
    ['malformed JSON', '{"input": {"nofm": 3,', 1, '', /malformed JSON at line 1, column \d+/],
    ['a document that is not an object', '[]', 1, '', /must be a JSON object/],
    ['an unknown layer type', oneConv({ type: 'convx' }), 1, 'layers[0] "c1".type', /unknown layer type 'convx'/],
    ['a channel mismatch', oneConv({ nifm: 4 }), 1, 'layers[0] "c1".nifm', /nifm 4.*give 3 channels/],
    ['batch 0', oneConv({}), 0, 'batch', /whole number from 1/],
    ['a fractional batch', oneConv({}), 2.5, 'batch', /whole number from 1/],
  ];
  for (const [what, text, batch, path, message] of failures) {
    test(`returns an error object for ${what}`, () => {
      const result = layersOf(text, batch);
      assert.equal(result.ok, false);
      assert.deepEqual(Object.keys(result.error).sort(), ['message', 'path']);
      assert.equal(result.error.path, path);
      assert.match(result.error.message, message);
    });
  }

  test('an error leaves the module usable', () => {
    layersOf('not json');
    assert.equal(layersOf(builtin('mlp_s')).ok, true);
  });
});
