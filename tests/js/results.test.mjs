// Reading and showing results: the tolerant parser of Python's JSON
// spelling, the energy breakdown against golden results, the CSV, the
// charts' colours, and the row-stationary mapping the detail view draws.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { CATEGORICAL, inkOn, itemColour } from '../../web/colours.js';
import {
  COMPONENTS, energyTotal, layerBreakdowns, networkEnergy,
} from '../../web/energy.js';
import { layersCsv, readResultText, resultJsonText } from '../../web/export.js';
import { costsInJoules, formatEnergy } from '../../web/format.js';
import { layerPart, rowStationary } from '../../web/mapping.js';
import { indentPyJson, parsePyJson, resultTextOf } from '../../web/py-json.js';
import {
  blockingText, layerRows, orderText, partitionText,
} from '../../web/view-layers.js';
import { repoPath } from './support.mjs';

const GOLDEN = ['isca16_paper_alex_b16_nobypass', 'isscc16_alex_b4', 'tetris_t16_alex_b16', 'alex_b16_tangram_8x8'];
const goldenText = (name) => readFile(repoPath(`tests/golden/${name}.json`), 'utf8');

describe('parsePyJson', () => {
  test('reads bare Infinity, -Infinity and NaN outside strings', () => {
    const value = parsePyJson('{"a": Infinity, "b": [-Infinity, NaN, 1.5], "c": {"d": NaN}}');
    assert.equal(value.a, Infinity);
    assert.equal(value.b[0], -Infinity);
    assert.ok(Number.isNaN(value.b[1]));
    assert.equal(value.b[2], 1.5);
    assert.ok(Number.isNaN(value.c.d));
  });

  test('leaves those words inside strings alone', () => {
    const value = parsePyJson('{"NaN": "Infinity and NaN", "x\\"NaN": [Infinity], "e": "\\\\"}');
    assert.deepEqual(Object.keys(value), ['NaN', 'x"NaN', 'e']);
    assert.equal(value.NaN, 'Infinity and NaN');
    assert.equal(value['x"NaN'][0], Infinity);
    assert.equal(value.e, '\\');
  });

  test('a string spelling the NaN marker with escapes stays a string', () => {
    const value = parsePyJson('["\\u0000NaN:abc", NaN]');
    assert.equal(value[0], '\u0000NaN:abc');
    assert.ok(Number.isNaN(value[1]));
  });

  test('plain JSON parses as JSON.parse does, and junk still fails', () => {
    assert.deepEqual(parsePyJson('{"a": [1, 2.0, "x"]}'), { a: [1, 2, 'x'] });
    assert.throws(() => parsePyJson('{"a": Infinit}'), SyntaxError);
    assert.throws(() => parsePyJson('{"a": 1'), SyntaxError);
  });

  test('a golden result keeps its infinite bandwidths', async () => {
    const doc = parsePyJson(await goldenText('tetris_t16_alex_b16'));
    assert.equal(doc.resource.array_bus_width, Infinity);
    assert.equal(doc.options.layer_pipeline_time_ovhd, Infinity);
  });
});

describe('indentPyJson', () => {
  test('lays out compact text as Python\'s json.dumps(indent=2), numbers untouched', () => {
    assert.equal(indentPyJson('{"a": [1.0, Infinity], "b": {}, "c": [], "d": "x, y: [z]"}'),
      '{\n  "a": [\n    1.0,\n    Infinity\n  ],\n  "b": {},\n  "c": [],\n  "d": "x, y: [z]"\n}');
  });

  test('leaves the CLI\'s own output as it is', async () => {
    const text = await goldenText('alex_b16_tangram_8x8');
    assert.equal(`${indentPyJson(text)}\n`, text);
    assert.equal(resultJsonText(text), text);
  });

  test('resultTextOf takes the document out of the engine\'s answer', () => {
    assert.equal(resultTextOf('{"ok": true, "result": {"a": Infinity}}'), '{"a": Infinity}');
    assert.throws(() => resultTextOf('{"ok":false}'));
  });
});

describe('energy breakdown', () => {
  for (const name of GOLDEN) {
    test(`${name}: components add up to each layer's cost and to total_cost`, async () => {
      const result = parsePyJson(await goldenText(name));
      for (const { name: layer, scheme, energy } of layerBreakdowns(result)) {
        assert.ok(Math.abs(energyTotal(energy) - scheme.cost) <= 1e-9 * scheme.cost, layer);
        assert.ok(COMPONENTS.every(({ key }) => energy[key] >= 0), layer);
      }
      const network = networkEnergy(result);
      assert.ok(Math.abs(energyTotal(network) - result.total_cost) <= 1e-9 * result.total_cost);
      assert.equal(network.alu, result.total_op_cost);
    });
  }

  test('remote buffer accesses count as buffer energy', async () => {
    const result = parsePyJson(await goldenText('alex_b16_tangram_8x8'));
    const remote = layerBreakdowns(result).filter(({ scheme }) => scheme.remote_gbuf_access.some((a) => a > 0));
    assert.ok(remote.length > 0);
  });
});

describe('showing numbers', () => {
  test('costs in joules are told apart from normalized units', async () => {
    const normalized = parsePyJson(await goldenText('isca16_paper_alex_b16_nobypass'));
    const joules = parsePyJson(await goldenText('isscc16_alex_b4'));
    assert.equal(costsInJoules(normalized.cost), false);
    assert.equal(costsInJoules(joules.cost), true);
    assert.equal(formatEnergy(joules.total_cost, true), '53.67 mJ');
    assert.equal(formatEnergy(normalized.total_cost, false), '8.374 × 10¹⁰ units');
    assert.equal(formatEnergy(2.5e-12, true), '2.5 pJ');
  });

  test('partition, blocking and order texts', async () => {
    const result = parsePyJson(await goldenText('tetris_t16_alex_b16'));
    const [conv2] = result.schedules.conv2_a;
    assert.equal(partitionText(conv2.part), 'fmap area 4×2, output channels 1×2');
    assert.equal(blockingText(conv2.tvals), 'i48 o1 b2 | i1 o1 b1 | i1 o16 b8');
    assert.equal(orderText(conv2.orders), 'O>B>I | I>O>B');
    assert.equal(partitionText([[0, 1, 2, 3], [[1, 1], [1, 1], [1, 1], [1, 1]]]), 'none');
  });

  test('the CSV has a line per layer and defuses formulas', async () => {
    const result = parsePyJson(await goldenText('isca16_paper_alex_b16_nobypass'));
    const lines = layersCsv(result).trim().split('\n');
    assert.equal(lines.length, 1 + Object.keys(result.schedules).length);
    assert.match(lines[0], /^layer,time_cycles,energy,energy_alu,/);
    assert.match(lines[1], /^conv1_a,5575680,/);
    const hostile = structuredClone(result);
    hostile.schedules = { '=HYPERLINK("x")': result.schedules.conv1_a };
    assert.match(layersCsv(hostile).split('\n')[1], /^"'=HYPERLINK\(""x""\)",/);
  });

  test('the CSV and the layer rows say where each layer is in the pipeline', async () => {
    const result = parsePyJson(await goldenText('alex_b16_tangram_8x8'));
    const lines = layersCsv(result).trim().split('\n');
    assert.match(lines[0], /,num_nodes,segment,spatial_slot,temporal_step$/);
    assert.match(lines.find((l) => l.startsWith('fc2,')), /,20,12,1,0$/);
    const rows = layerRows(result);
    const fc1 = rows.find((r) => r.name === 'fc1');
    const fc2 = rows.find((r) => r.name === 'fc2');
    assert.deepEqual([fc1.nodes, fc1.schedSeq, fc2.schedSeq], [44, [12, 0, 0], [12, 1, 0]]);
    // Sorting by segment keeps the pipeline's order: segment, then slot, then step.
    const bySegment = [...rows].sort((a, b) => a.segment - b.segment).map((r) => r.name);
    assert.deepEqual(bySegment.slice(2, 4), ['conv2_a', 'pool2_a']);
    assert.deepEqual(bySegment.slice(16, 18), ['fc1', 'fc2']);
  });

  test('result files are checked before they are shown', async () => {
    assert.equal(readResultText(await goldenText('tetris_t16_alex_b16')).net, 'alex_net');
    assert.throws(() => readResultText('{"a": 1}'), /not a result document.*total_cost/);
    assert.throws(() => readResultText('null'), /no valid dataflow/);
    assert.throws(() => readResultText('<html>'), /not a JSON document/);
    // The node grid needs the regions and each layer's place in the pipeline.
    const result = parsePyJson(await goldenText('tetris_t16_alex_b16'));
    delete result.resource.dram_region;
    result.schedules.conv1_a.pop();
    assert.throws(() => readResultText(JSON.stringify(result)), /missing or bad: resource\.dram_region, schedules\.conv1_a/);
  });
});

describe('colours', () => {
  test('a few items get Okabe-Ito, many get viridis from end to end', () => {
    assert.deepEqual([0, 1, 2, 3].map((k) => itemColour(k, 4)), CATEGORICAL.slice(0, 4));
    assert.equal(itemColour(0, 64), '#440154');
    assert.equal(itemColour(63, 64), '#fde725');
    assert.equal(new Set(Array.from({ length: 64 }, (_, k) => itemColour(k, 64))).size, 64);
  });

  test('numbers on a colour are black or white, whichever reads better', () => {
    assert.equal(inkOn('#000000'), '#ffffff');
    assert.equal(inkOn('#F0E442'), '#000000');
    assert.equal(inkOn('#440154'), '#ffffff');
    assert.equal(inkOn('#fde725'), '#000000');
  });
});

describe('row-stationary mapping', () => {
  const conv = (hfil, hofm) => ({ type: 'ConvLayer', nifm: 3, nofm: 48, hofm, wofm: hofm, hfil, wfil: hfil });
  const whole = (layer) => layerPart(layer, 16, [[0, 1, 2, 3], [[1, 1], [1, 1], [1, 1], [1, 1]]]);

  test('AlexNet conv1 on 16x16: folded four times across', async () => {
    const layer = conv(11, 55);
    const rs = rowStationary(layer, whole(layer), [16, 16]);
    assert.deepEqual(rs.lpeset, [11, 55]);
    assert.deepEqual(rs.fold, [1, 4]);
    assert.deepEqual(rs.flpeset, [11, 14]);
    assert.equal(rs.activePes, 154);
    // The reference's active PEs of this layer (ops / time) are the average utilization.
    const golden = parsePyJson(await goldenText('isca16_paper_alex_b16_nobypass'));
    assert.equal(rs.utilization * 256, golden.active_node_pes.conv1_a);
  });

  test('small sets are replicated; width folds stack into spare rows', () => {
    const small = conv(3, 13);
    const rs = rowStationary(small, whole(small), [16, 16]);
    assert.deepEqual(rs.repl, [5, 1]);
    assert.equal(rs.blocks.length, 5);
    assert.equal(rs.activePes, 195);
    const wide = conv(3, 56);
    const stacked = rowStationary(wide, whole(wide), [16, 16]);
    assert.equal(stacked.stacked, 4);
    assert.deepEqual(stacked.fold, [1, 1]);
    assert.deepEqual(stacked.ppeset, [12, 14]);
    assert.equal(stacked.activePes, 168);
  });

  test('a node\'s part of a partitioned layer', () => {
    const layer = conv(5, 27);
    const part = layerPart(layer, 16, [[0, 1, 2, 3], [[2, 1], [4, 2], [1, 1], [1, 1]]]);
    assert.deepEqual(part, { nifm: 3, nofm: 24, hofm: 7, wofm: 14, batch: 16 });
  });
});
