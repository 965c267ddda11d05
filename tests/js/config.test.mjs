// The configuration side of the page: the form's fields from the engine's
// run schema (a field added to the schema appears with no change in JS),
// the kinds of text a field takes, the presets (run through the real wasm),
// the model behind the form with the engine's problems, and finding an
// editor error's line.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';

import { ConfigModel, fieldOfPath } from '../../web/config-model.js';
import { resultJsonText } from '../../web/export.js';
import { FieldError, kindOf } from '../../web/field-kinds.js';
import {
  CUSTOM, SIZE_HELP, TABS, formFields,
} from '../../web/fields.js';
import { locateError, pathSteps } from '../../web/json-locate.js';
import { OPENING, PRESETS, presetState } from '../../web/presets.js';
import { parsePyJson } from '../../web/py-json.js';
import { readSchema } from '../../web/schema.js';
import { encodeHash, decodeHash } from '../../web/url-codec.js';
import {
  builtinNetworkNames, cliSearchConfig, pageFields, repoPath, runCli, unwrap, withoutRunFacts,
} from './support.mjs';

let page;
before(async () => {
  page = await pageFields();
});
const modelOf = () => new ConfigModel(page.fields, presetState(page.fields, OPENING), page.schema.documentFormat);
const search = (/** @type {object} */ doc) => unwrap(page.nndf.search(JSON.stringify(doc), null, true));
const validate = (/** @type {object} */ doc) => unwrap(page.nndf.validate(JSON.stringify(doc))).problems;
const golden = async (/** @type {string} */ name) => parsePyJson(await readFile(repoPath(`tests/golden/${name}.json`), 'utf8'));

describe('the form\'s fields come from the engine\'s schema', () => {
  test('every run field of the schema, and only those, with the schema\'s label, help and default', () => {
    const cli = JSON.parse(runCli(['schema', '--json']).stdout);
    assert.deepEqual(page.schemaJson, cli, 'the wasm and the CLI export the same schema');
    const run = cli.fields.filter((f) => f.scope === 'run');
    assert.deepEqual(page.fields.map((f) => f.name).sort(), run.map((f) => f.name).sort());
    for (const f of page.fields) {
      const s = run.find((x) => x.name === f.name);
      assert.ok(f.label.startsWith(s.label), f.name);
      if (s.unit) assert.ok(f.label.endsWith(`(${s.unit})`), f.name);
      // A size field's help adds how sizes may be written.
      const help = s.unit === 'bytes' ? f.help.replace(` ${SIZE_HELP}`, '') : f.help;
      assert.equal(help.toLowerCase().replace(/\.$/, ''), s.help.toLowerCase(), f.name);
      if (s.unit === 'bytes') assert.ok(f.help.endsWith(SIZE_HELP), f.name);
      assert.ok(TABS.includes(f.tab), f.name);
      if (s.default !== null) assert.deepEqual(f.kind.toJson(f.default), s.default, f.name);
      else assert.equal(f.default, null, f.name);
    }
  });

  test('the built-in networks are the engine\'s, and the editor\'s network is one more choice', () => {
    const network = page.fields.find((f) => f.name === 'network');
    assert.deepEqual(network.choices.map(([v]) => v), [...page.networks.keys(), CUSTOM]);
    assert.deepEqual([...page.networks.keys()].sort(), builtinNetworkNames());
  });

  test('the page\'s presentation: memory costs as four inputs, sizes with a kB note, the search\'s fields in the options', () => {
    const by = Object.fromEntries(page.fields.map((f) => [f.name, f]));
    assert.equal(by.hier_cost.widget, 'parts');
    assert.deepEqual(by.hier_cost.parts, ['DRAM', 'global buffer', 'array interconnect', 'register file']);
    assert.equal(by.gbuf.sizeText, true);
    assert.equal(by.nodes.widget, 'text');
    assert.equal(by.nodes.kind.format([4, 4]), '4x4');
    assert.equal(by.goal.tab, 'options');
    assert.equal(by.enable_gbuf_sharing.widget, 'checkbox');
    assert.equal(by.mem_type.widget, 'select');
  });

  test('a field added to the schema appears in the form, the links and the run documents with no change in JS', async () => {
    const extra = {
      name: 'noc_width', kind: 'integer', scope: 'run', group: 'hardware', label: 'NoC width', help: 'bits per hop',
      unit: 'bits', required: false, default: 64, min: 1, max: 1024, inf: false,
    };
    const choice = {
      name: 'dataflow', kind: 'choice', scope: 'run', group: 'mapping', label: 'Dataflow', help: 'how a PE array works',
      unit: '', required: false, default: 'rs', choices: [['rs', 'row stationary'], ['ws', 'weight stationary']],
    };
    const schema = readSchema({ ...page.schemaJson, fields: [...page.schemaJson.fields, extra, choice] });
    const fields = formFields(schema, [...page.networks.keys()]);
    const noc = fields.find((f) => f.name === 'noc_width');
    assert.equal(noc.tab, 'hardware');
    assert.equal(noc.label, 'NoC width (bits)');
    assert.equal(noc.help, 'Bits per hop.');
    assert.equal(noc.default, 64);
    assert.equal(noc.widget, 'text');
    const flow = fields.find((f) => f.name === 'dataflow');
    assert.equal(flow.tab, 'options', 'a group the page does not know goes to the options');
    assert.equal(flow.widget, 'select');
    assert.deepEqual(flow.choices, [['rs', 'rs: row stationary'], ['ws', 'ws: weight stationary']]);

    const model = new ConfigModel(fields, presetState(fields, OPENING), schema.documentFormat);
    assert.equal(model.draft.noc_width, '64');
    assert.equal(model.runDocument().noc_width, 64);
    assert.equal(model.edit('noc_width', '32'), true);
    assert.equal(model.runDocument().noc_width, 32);
    assert.equal(model.edit('noc_width', 'wide'), false);
    assert.match(model.fieldMessages().noc_width[0], /^NoC width \(bits\) must be a whole number/);
    model.edit('noc_width', '32');
    model.edit('dataflow', 'ws');
    const hash = await encodeHash(fields, model.state);
    assert.match(hash, /&noc_width=32&/);
    assert.match(hash, /&dataflow=ws/);
    assert.deepEqual((await decodeHash(hash, fields, presetState(fields, OPENING))).state, model.state);
  });

  test('a schema of another format is refused', () => {
    assert.throws(() => readSchema({ ...page.schemaJson, format: 'nndf-run-schema/9' }), /not nndf-run-schema\/1/);
  });
});

describe('the kinds of text', () => {
  const kind = (/** @type {string} */ name) => page.fields.find((f) => f.name === name).kind;

  test('inputs are parsed strictly, with messages that complete the label', () => {
    assert.equal(kind('batch').parse(' 16 '), 16);
    assert.equal(kind('batch').parse('0'), 0, 'a whole number: whether it is allowed is the engine\'s to say');
    assert.equal(kind('batch').parse('-1'), -1);
    assert.throws(() => kind('batch').parse('1.5'), (err) => err instanceof FieldError && /whole number/.test(err.message));
    assert.throws(() => kind('batch').parse(''), /whole number/);
    assert.deepEqual(kind('nodes').parse('4 × 4'), [4, 4]);
    assert.deepEqual(kind('nodes').parse('4,2'), [4, 2]);
    assert.throws(() => kind('nodes').parse('4'), /must be rows x columns/);
    assert.equal(kind('dram_bw').parse('INF'), Infinity);
    assert.equal(kind('dram_bw').parse('0'), 0);
    assert.equal(kind('op_cost').parse('2e-12'), 2e-12);
    assert.throws(() => kind('op_cost').parse('0x10'), /must be a number/);
    assert.throws(() => kind('op_cost').parse('inf'), /must be a number/);
    assert.deepEqual(kind('hier_cost').parse('200, 6, 2, 1'), [200, 6, 2, 1]);
    assert.deepEqual(kind('hier_cost').parse('1 5 2 1'), [1, 5, 2, 1]);
    assert.throws(() => kind('hier_cost').parse('1,5'), /must be 4 numbers \(DRAM, global buffer, array interconnect, register file\)/);
    assert.throws(() => kind('hier_cost').parse('1,x,2,1'), /\(global buffer\) must be a number/);
    assert.deepEqual(kind('disable_bypass').parse('fi'), ['i', 'f']);
    assert.throws(() => kind('disable_bypass').parse('ii'), /at most once/);
    assert.throws(() => kind('goal').parse('x'), /one of e, d, ed/);
    assert.equal(kind('enable_gbuf_sharing').parse('true'), true);
    assert.throws(() => kind('enable_gbuf_sharing').parse('maybe'), /1 \(on\) or 0 \(off\)/);
    assert.throws(() => kind('network').parse('nets'), /must be one of alex_net/);
  });

  test('run-document forms: "inf" for unlimited, letters as a list', () => {
    assert.equal(kind('dram_bw').toJson(Infinity), 'inf');
    assert.equal(kind('dram_bw').fromJson('inf'), Infinity);
    assert.deepEqual(kind('hier_cost').toJson([1, Infinity, 2, 3]), [1, 'inf', 2, 3]);
    assert.equal(kind('disable_bypass').format(['i', 'o', 'f']), 'iof');
  });

  test('an unknown kind is refused', () => {
    assert.throws(() => kindOf(/** @type {any} */ ({ name: 'x', kind: 'colour' })), /unknown field kind/);
  });
});

describe('presets', () => {
  // The page runs a preset in the wasm; the CLI must agree on the same run
  // document, and the presets taken from golden cases must give their results.
  const GOLDEN_OF = {
    'eyeriss-isca16': 'isca16_paper_alex_b16_nobypass',
    'tetris-t16': 'tetris_t16_alex_b16',
    'tangram-8x8': 'alex_b16_tangram_8x8',
  };

  test('the opening configuration is Eyeriss ISCA\'16 over the schema\'s defaults, and the engine accepts it', async () => {
    const model = modelOf();
    const doc = model.runDocument();
    assert.equal(doc.format, 'nndf-run/2');
    assert.equal(doc.network, 'alex_net');
    assert.deepEqual(doc.disable_bypass, ['i', 'o', 'f']);
    assert.equal(doc.dram_bw, 'inf');
    assert.equal(doc.hop_cost, 0);
    assert.deepEqual(doc.hier_cost, [200, 6, 2, 1]);
    assert.deepEqual(validate(doc), []);
    const { result_text: text } = search(doc);
    assert.equal(parsePyJson(text).total_cost, (await golden('isca16_paper_alex_b16_nobypass')).total_cost);
  });

  for (const preset of PRESETS) {
    test(`${preset.id} names only schema fields, runs in the wasm and equals nndf search --config`, async () => {
      for (const name of Object.keys(preset.values)) assert.ok(page.fields.some((f) => f.name === name), name);
      const model = modelOf();
      model.load(model.formatState(presetState(page.fields, preset)));
      const doc = model.runDocument();
      assert.deepEqual(validate(doc), []);
      const { result_text: text } = search(doc);
      const cli = await cliSearchConfig(doc);
      assert.equal(cli.status, 0, cli.stderr);
      assert.equal(withoutRunFacts(resultJsonText(text)), withoutRunFacts(cli.stdout));
      if (GOLDEN_OF[preset.id]) assert.equal(parsePyJson(text).total_cost, (await golden(GOLDEN_OF[preset.id])).total_cost);
    });
  }

  test('the Tangram presets pipeline layers into segments', () => {
    for (const id of ['tangram-8x8', 'tangram-16x16']) {
      const state = presetState(page.fields, PRESETS.find((p) => p.id === id));
      assert.equal(state.interlayer_partition, true);
      assert.equal(state.mem_type, '3D');
    }
    assert.deepEqual(presetState(page.fields, PRESETS.find((p) => p.id === 'tangram-16x16')).nodes, [16, 16]);
  });

  test('the ISSCC\'16 chip preset uses the chip\'s numbers', () => {
    const state = presetState(page.fields, PRESETS.find((p) => p.id === 'eyeriss-isscc16'));
    assert.deepEqual([state.batch, state.array, state.regf, state.gbuf, state.unit_idle_cost], [4, [12, 14], 522, 110592, 1.5e-10]);
  });
});

describe('the model behind the form', () => {
  test('a text not of its kind is reported at its field and keeps the last value', () => {
    const model = modelOf();
    assert.equal(model.edit('batch', 'x'), false);
    assert.equal(model.state.batch, 16);
    assert.equal(model.draft.batch, 'x');
    assert.ok(model.blocked);
    assert.match(model.fieldMessages().batch[0], /^Batch size must be a whole number\.$/);
    assert.equal(model.firstProblem(), model.fieldMessages().batch[0]);
    model.edit('batch', '4');
    assert.equal(model.blocked, false);
    assert.equal(model.firstProblem(), null);
  });

  test('the engine\'s problems of a value are shown at its field, with the part a path names', () => {
    const model = modelOf();
    model.edit('batch', '0');
    model.edit('nodes', '1x0');
    assert.equal(model.blocked, false, 'no judgement of values in JS');
    model.setProblems(validate(model.runDocument()));
    assert.ok(model.blocked);
    const messages = model.fieldMessages();
    assert.match(messages.batch[0], /^Batch size must be a whole number from 1 to 65536, got 0\.$/);
    assert.match(messages.nodes[0], /^Node grid \(columns\) must be a whole number from 1 to 64, got 0\.$/);
    assert.equal(model.firstProblem(), messages.batch[0]);
    // An edit of a field drops the engine's word on it until the engine answers again.
    model.edit('batch', '16');
    assert.deepEqual(Object.keys(model.fieldMessages()), ['nodes']);
  });

  const rules = [
    [{ solve_loopblocking: '1', enable_gbuf_sharing: '1' }, 'enable_gbuf_sharing', /^Buffer sharing cannot be combined with Loop-blocking solver/],
    [{ solve_loopblocking: '1', enable_save_writeback: '1' }, 'enable_save_writeback', /^Save writeback cannot be combined with Loop-blocking solver/],
    [{ enable_access_forwarding: '1', enable_gbuf_sharing: '1' }, 'enable_gbuf_sharing', /^Buffer sharing already implies Access forwarding/],
    [{ ifmaps_partition: '1' }, 'ifmaps_partition', /^Input-channel partitioning needs Hybrid partitioning/],
  ];
  for (const [edits, name, message] of rules) {
    test(`the engine's rule: ${Object.keys(edits).join(' + ')} is refused at ${name}`, () => {
      const model = modelOf();
      for (const [key, text] of Object.entries(edits)) model.edit(key, text);
      model.setProblems(validate(model.runDocument()));
      assert.deepEqual(Object.keys(model.fieldMessages()), [name]);
      assert.match(model.fieldMessages()[name][0], message);
      // The form never flips an option itself.
      for (const key of Object.keys(edits)) assert.equal(model.state[key], true);
      // And the engine refuses to search it.
      assert.throws(() => search(model.runDocument()), (err) => fieldOfPath(err.path) === name);
    });
  }

  test('allowed combinations pass', () => {
    const model = modelOf();
    for (const key of ['ifmaps_partition', 'hybrid_partition', 'solve_loopblocking']) model.edit(key, '1');
    assert.deepEqual(validate(model.runDocument()), []);
  });

  test('the editor\'s network errors are the editor\'s to show, not a field\'s', () => {
    const model = modelOf();
    model.edit('network', CUSTOM);
    model.editNetwork(JSON.stringify({ input: { nofm: 3, sofm: 8 }, layers: [{ name: 'c', type: 'conv', nifm: 4, nofm: 4, sofm: 8, sfil: 3 }] }));
    // The engine checks the network itself when it searches (the editor's check finds it first).
    assert.deepEqual(validate(model.runDocument()), []);
    const problems = (() => {
      try {
        search(model.runDocument());
        return [];
      } catch (err) {
        return [{ path: err.path, message: err.message }];
      }
    })();
    assert.match(problems[0].path, /^network\.layers\[0\]/);
    model.setProblems(problems);
    assert.deepEqual(model.fieldMessages(), {});
    assert.equal(model.blocked, false, 'until the editor\'s own check reports it');
    model.editorError = { message: problems[0].message, path: 'layers[0] "c".nifm', where: null };
    assert.ok(model.blocked);
    assert.match(model.firstProblem(), /^The network in the editor has an error: layers\[0\] "c"\.nifm: /);
    model.editNetwork('{');
    assert.equal(model.runDocumentText(), null);
  });

  test('engine paths name fields by their first key', () => {
    for (const [path, name] of [['hier_cost[2]', 'hier_cost'], ['nodes[1]', 'nodes'], ['network.layers[0] "c".nifm', 'network'],
      ['enable_gbuf_sharing', 'enable_gbuf_sharing'], ['', '']]) {
      assert.equal(fieldOfPath(path), name);
    }
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
