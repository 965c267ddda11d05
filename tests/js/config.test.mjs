// The configuration side of the page: the field table, the option rules,
// the presets (run through the real wasm), the model behind the form, and
// finding an editor error's line.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';

import { ConfigModel } from '../../web/config-model.js';
import {
  BUILTIN_NETWORKS, FIELDS, defaultState, fieldOfPath, ruleErrors, runDocument,
} from '../../web/fields.js';
import { locateError, pathSteps } from '../../web/json-locate.js';
import { PRESETS, presetState } from '../../web/presets.js';
import { resultJsonText } from '../../web/export.js';
import { parsePyJson, resultTextOf } from '../../web/py-json.js';
import {
  cliSearchConfig, loadWasm, repoPath, withoutElapsed,
} from './support.mjs';

let nndf;
before(async () => {
  nndf = await loadWasm();
});
const search = (doc) => parsePyJson(nndf.search(JSON.stringify(doc), null));
const golden = async (name) => parsePyJson(await readFile(repoPath(`tests/golden/${name}.json`), 'utf8'));

describe('the field table', () => {
  test('keys are unique and every field has a label, help and a default that formats and parses back', () => {
    assert.equal(new Set(FIELDS.map((f) => f.key)).size, FIELDS.length);
    for (const f of FIELDS) {
      assert.ok(f.label && f.help && f.run, f.key);
      assert.deepEqual(f.type.parse(f.type.format(f.default)), f.default, f.key);
    }
  });

  test('the built-in networks are the engine\'s', () => {
    assert.deepEqual(JSON.parse(nndf.builtinNetworks()).map((n) => n.name), BUILTIN_NETWORKS);
  });

  test('the default run document is Eyeriss ISCA\'16 and the engine accepts it', async () => {
    const doc = runDocument(defaultState());
    assert.equal(doc.network, 'alex_net');
    assert.deepEqual(doc.options.disable_bypass, ['i', 'o', 'f']);
    assert.equal(doc.dram_bw, 'inf');
    const answer = search(doc);
    assert.equal(answer.ok, true);
    assert.equal(answer.result.total_cost, (await golden('isca16_paper_alex_b16_nobypass')).total_cost);
  });

  test('inputs are parsed strictly, with messages that complete the label', () => {
    const byKey = Object.fromEntries(FIELDS.map((f) => [f.key, f.type]));
    assert.equal(byKey.batch.parse(' 16 '), 16);
    assert.throws(() => byKey.batch.parse('0'), /whole number from 1/);
    assert.throws(() => byKey.batch.parse('1.5'), /whole number/);
    assert.throws(() => byKey.batch.parse(''), /whole number/);
    assert.deepEqual(byKey.nodes.parse('4 × 4'), [4, 4]);
    assert.throws(() => byKey.nodes.parse('4'), /rows x columns/);
    assert.equal(byKey.dram_bw.parse('INF'), Infinity);
    assert.throws(() => byKey.dram_bw.parse('0'), /above 0/);
    assert.equal(byKey.op_cost.parse('2e-12'), 2e-12);
    assert.throws(() => byKey.op_cost.parse('0x10'), /number/);
    assert.throws(() => byKey.op_cost.parse('inf'), /number/);
    assert.equal(byKey.no_bypass.parse('fi'), 'if');
    assert.throws(() => byKey.no_bypass.parse('ii'), /at most once/);
    assert.throws(() => byKey.goal.parse('x'), /one of e, d, ed/);
  });
});

describe('option rules (the reference\'s Option)', () => {
  const rules = [
    [{ solver: true, gbuf_sharing: true }, 'gbuf_sharing', /loop-blocking solver/],
    [{ solver: true, save_writeback: true }, 'save_writeback', /loop-blocking solver/],
    [{ access_fwd: true, gbuf_sharing: true }, 'gbuf_sharing', /implies access forwarding/],
    [{ ifmaps_part: true }, 'ifmaps_part', /needs hybrid/],
  ];
  for (const [changes, key, message] of rules) {
    test(`${Object.keys(changes).join(' + ')} is refused at ${key}`, () => {
      const errors = ruleErrors({ ...defaultState(), ...changes });
      assert.deepEqual(Object.keys(errors), [key]);
      assert.match(errors[key][0], message);
      // The engine agrees that this combination is an error.
      const doc = runDocument({ ...defaultState(), ...changes });
      assert.equal(search(doc).ok, false);
    });
  }

  test('allowed combinations pass', () => {
    assert.deepEqual(ruleErrors({ ...defaultState(), ifmaps_part: true, hybrid: true, solver: true }), {});
  });
});

describe('engine error paths map to fields', () => {
  for (const [path, key] of [['options.goal', 'goal'], ['cost.hier[2]', 'array_cost'], ['cost.hier', 'dram_cost'],
    ['--interlayer-partition', 'interlayer'], ['--enable-gbuf-sharing', 'gbuf_sharing'], ['array', 'array'],
    ['network.layers[0] "c".nifm', 'net'], ['options.disable_bypass[1]', 'no_bypass'], ['', null], ['nonsense', null]]) {
    test(`'${path}' -> ${key}`, () => assert.equal(fieldOfPath(path), key));
  }
});

describe('presets', () => {
  // The page runs a preset in the wasm; the CLI must agree on the same run
  // document, and the presets taken from golden cases must give their results.
  const GOLDEN_OF = {
    'eyeriss-isca16': 'isca16_paper_alex_b16_nobypass',
    'tetris-t16': 'tetris_t16_alex_b16',
    'tangram-8x8': 'alex_b16_tangram_8x8',
  };

  for (const preset of PRESETS) {
    test(`${preset.id} runs in the wasm and equals nndf search --config`, async () => {
      const state = presetState(preset);
      assert.deepEqual(ruleErrors(state), {});
      const doc = runDocument(state);
      const text = nndf.search(JSON.stringify(doc), null);
      const answer = parsePyJson(text);
      assert.equal(answer.ok, true, answer.error?.message);
      const cli = await cliSearchConfig(doc);
      assert.equal(cli.status, 0, cli.stderr);
      assert.equal(withoutElapsed(resultJsonText(resultTextOf(text))), withoutElapsed(cli.stdout));
      if (GOLDEN_OF[preset.id]) assert.equal(answer.result.total_cost, (await golden(GOLDEN_OF[preset.id])).total_cost);
    });
  }

  test('the Tangram presets pipeline layers into segments', () => {
    for (const id of ['tangram-8x8', 'tangram-16x16']) {
      const state = presetState(PRESETS.find((p) => p.id === id));
      assert.equal(state.interlayer, true);
      assert.equal(state.mem, '3D');
    }
    assert.deepEqual(presetState(PRESETS.find((p) => p.id === 'tangram-16x16')).nodes, [16, 16]);
  });

  test('the ISSCC\'16 chip preset uses the chip\'s numbers', () => {
    const state = presetState(PRESETS.find((p) => p.id === 'eyeriss-isscc16'));
    assert.deepEqual([state.batch, state.array, state.regf, state.gbuf, state.idle_cost], [4, [12, 14], 522, 110592, 1.5e-10]);
  });
});

describe('the model behind the form', () => {
  test('an invalid edit is reported at its field and keeps the last valid value', () => {
    const model = new ConfigModel();
    assert.equal(model.edit('batch', '0'), false);
    assert.equal(model.state.batch, 16);
    assert.equal(model.draft.batch, '0');
    assert.ok(model.blocked);
    assert.match(model.fieldMessages().batch[0], /^Batch size must be a whole number from 1/);
    assert.equal(model.firstProblem(), model.fieldMessages().batch[0]);
    model.edit('batch', '4');
    assert.equal(model.blocked, false);
    assert.equal(model.firstProblem(), null);
  });

  test('an engine error is shown at the field it names, until the next edit', () => {
    const model = new ConfigModel();
    model.edit('gbuf_sharing', '1');
    const key = model.setEngineError('the loop-blocking solver cannot be combined with buffer sharing', 'options.enable_gbuf_sharing');
    assert.equal(key, 'gbuf_sharing');
    assert.equal(model.fieldMessages().gbuf_sharing[0], 'Buffer sharing: the loop-blocking solver cannot be combined with buffer sharing');
    assert.equal(model.blocked, false);
    model.edit('gbuf_sharing', '0');
    assert.deepEqual(model.fieldMessages(), {});
  });

  test('a forbidden combination is explained and the options stay as set', () => {
    const model = new ConfigModel();
    model.edit('ifmaps_part', '1');
    assert.equal(model.state.ifmaps_part, true);
    assert.equal(model.state.hybrid, false);
    assert.match(model.firstProblem(), /Input-channel partitioning needs hybrid partitioning/);
  });
});

describe('locating editor errors', () => {
  const text = '{\n  "input": {"nofm": 3, "sofm": 8},\n  "layers": [\n    {"name": "a", "type": "conv"},\n    {"name": "b.c", "type": "conv", "nifm": 4}\n  ]\n}';

  test('path steps skip the layer name labels', () => {
    assert.deepEqual(pathSteps('layers[1] "b.c".nifm'), ['layers', 1, 'nifm']);
    assert.deepEqual(pathSteps('input.nofm'), ['input', 'nofm']);
    assert.deepEqual(pathSteps(''), []);
  });

  test('a field path points at its key', () => {
    assert.deepEqual(locateError(text, { path: 'layers[1] "b.c".nifm' }), { line: 5, column: 37, offset: text.indexOf('"nifm"') });
  });

  test('a missing field points at the object that lacks it', () => {
    const where = locateError(text, { path: 'layers[0] "a".nofm' });
    assert.equal(where.line, 4);
  });

  test('malformed JSON uses the engine\'s line and column', () => {
    const where = locateError('{\n  "a": ,\n}', { message: 'malformed JSON at line 2, column 8: ...' });
    assert.deepEqual(where, { line: 2, column: 8, offset: 9 });
  });
});
