// Reading and showing results: the tolerant parser of Python's JSON
// spelling, the result model (named fields out of the document's positional
// arrays, segments), the energy breakdown against golden results, the CSV
// and the charts' colours.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { CATEGORICAL, inkOn, itemColour } from '../../web/colours.js';
import {
  COMPONENTS, energyTotal, layerBreakdowns, networkEnergy,
} from '../../web/energy.js';
import { layersCsv, resultJsonText } from '../../web/export.js';
import { costsInJoules, formatEnergy } from '../../web/format.js';
import { indentPyJson, parsePyJson } from '../../web/py-json.js';
import {
  layerOf, readPartition, readResult, readResultText, runsAlone, segmentOf, total,
} from '../../web/result-model.js';
import {
  blockingText, layerRows, orderText, partitionText,
} from '../../web/view-layers.js';
import { repoPath } from './support.mjs';

const GOLDEN = ['isca16_paper_alex_b16_nobypass', 'isscc16_alex_b4', 'tetris_t16_alex_b16', 'alex_b16_tangram_8x8'];
const goldenText = (/** @type {string} */ name) => readFile(repoPath(`tests/golden/${name}.json`), 'utf8');
const goldenResult = async (/** @type {string} */ name) => readResultText(await goldenText(name));

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
});

describe('the result model', () => {
  test('names every positional field a view reads', async () => {
    const doc = parsePyJson(await goldenText('alex_b16_tangram_8x8'));
    const result = readResult(doc);
    assert.equal(result.net, 'alex_net');
    assert.equal(result.totals.cost, doc.total_cost);
    assert.deepEqual(result.totals.accesses, {
      dram: doc.total_accesses[0], gbuf: doc.total_accesses[1], itcn: doc.total_accesses[2], regf: doc.total_accesses[3],
    });
    assert.deepEqual(result.costs, {
      mac: 2e-12, levels: { dram: 8e-11, gbuf: 1.4e-11, itcn: 4e-12, regf: 6e-13 }, hop: 4e-11, idle: 2e-10,
    });
    assert.deepEqual(result.array, { rows: 16, cols: 16 });
    assert.deepEqual(result.procRegion, {
      size: { rows: 8, cols: 8 }, origin: { row: 0, col: 0 }, dist: { rows: 1, cols: 1 }, wtot: 8, wbeg: 8,
    });
    assert.deepEqual(result.layers.map((l) => l.name), Object.keys(doc.schedules));

    const [scheme, , seq] = doc.schedules.conv1_a;
    const conv1 = layerOf(result, 'conv1_a');
    assert.equal(conv1.index, 0);
    assert.equal(conv1.numNodes, scheme.num_nodes);
    assert.deepEqual(conv1.access.dram, { filters: scheme.access[0][0], ifmaps: scheme.access[0][1], ofmaps: scheme.access[0][2] });
    assert.deepEqual(conv1.access.regf, { filters: scheme.access[3][0], ifmaps: scheme.access[3][1], ofmaps: scheme.access[3][2] });
    assert.deepEqual(conv1.hops.total, { filters: 0, ifmaps: 225792, ofmaps: 0 });
    assert.deepEqual(conv1.accfwdReduction, { filters: 64, ifmaps: 1, ofmaps: 1 });
    // tvals [[1, 48, 1], [1, 1, 1], [3, 1, 1]] and orders [[1, 0, 2], [1, 0, 2]] (smaller is inner).
    assert.deepEqual(conv1.blocking, [{ i: 1, o: 48, b: 1 }, { i: 1, o: 1, b: 1 }, { i: 3, o: 1, b: 1 }]);
    assert.deepEqual(conv1.loopOrders, [['b', 'i', 'o'], ['b', 'i', 'o']]);
    // part [[0, 3, 2, 1], [[1, 1], [4, 1], [2, 8], [1, 1]]]
    assert.deepEqual(conv1.partition.order, ['OUTP', 'INPP', 'BATP', 'OFMP']);
    assert.deepEqual(conv1.partition.dims.OFMP, { rows: 4, cols: 1, count: 4 });
    assert.deepEqual(conv1.partition.dims.BATP, { rows: 2, cols: 8, count: 16 });
    assert.deepEqual(conv1.place, { segment: seq[0], slot: seq[1], step: seq[2] });
    assert.equal(conv1.activePes, doc.active_node_pes.conv1_a);
    assert.equal(total(conv1.hops.mem), 225792);
  });

  test('a partition reads in the engine\'s order of parallelisms', () => {
    assert.deepEqual(readPartition([[0, 1, 2, 3], [[1, 2], [3, 4], [1, 1], [2, 1]]]).dims, {
      OUTP: { rows: 1, cols: 2, count: 2 }, OFMP: { rows: 3, cols: 4, count: 12 }, BATP: { rows: 1, cols: 1, count: 1 }, INPP: { rows: 2, cols: 1, count: 2 },
    });
  });

  test('segments: Tangram 8x8 pipelines layers that share a segment and split the grid', async () => {
    const result = await goldenResult('alex_b16_tangram_8x8');
    const segs = result.segments;
    assert.equal(segs.length, 14);
    assert.deepEqual(segs[12].slots, [{ nodes: 44, layers: ['fc1'] }, { nodes: 20, layers: ['fc2'] }]);
    assert.deepEqual(segs[2].slots, [{ nodes: 64, layers: ['conv2_a', 'pool2_a'] }]);
    assert.equal(segs.reduce((t, s) => t + s.time, 0), result.totals.time);
    assert.equal(segmentOf(result, layerOf(result, 'fc2')), segs[12]);
    assert.equal(segs.filter((s) => !runsAlone(s)).length, 5);
  });

  test('segments: without pipelining every layer is a segment of its own', async () => {
    const result = await goldenResult('tetris_t16_alex_b16');
    assert.equal(result.segments.length, result.layers.length);
    assert.ok(result.segments.every((s) => runsAlone(s) && s.slots[0].nodes === 16));
  });

  test('result files are checked before they are shown', async () => {
    assert.equal((await goldenResult('tetris_t16_alex_b16')).net, 'alex_net');
    assert.throws(() => readResultText('{"a": 1}'), /not a result document.*total_cost/);
    assert.throws(() => readResultText('null'), /no valid dataflow/);
    assert.throws(() => readResultText('<html>'), /not a JSON document/);
    assert.throws(() => readResultText('[1]'), /expected an object/);
    // The node grid needs the regions and each layer's place in the pipeline.
    const doc = parsePyJson(await goldenText('tetris_t16_alex_b16'));
    delete doc.resource.dram_region;
    doc.schedules.conv1_a.pop();
    assert.throws(() => readResultText(JSON.stringify(doc)), /missing or bad: resource\.dram_region, schedules\.conv1_a/);
    const whole = readResult(parsePyJson(await goldenText('tetris_t16_alex_b16')));
    assert.throws(() => layerOf(whole, 'nope'), /no layer 'nope'/);
  });
});

describe('energy breakdown', () => {
  for (const name of GOLDEN) {
    test(`${name}: components add up to each layer's cost and to total_cost`, async () => {
      const result = await goldenResult(name);
      for (const { layer, energy } of layerBreakdowns(result)) {
        assert.ok(Math.abs(energyTotal(energy) - layer.cost) <= 1e-9 * layer.cost, layer.name);
        assert.ok(COMPONENTS.every(({ key }) => energy[key] >= 0), layer.name);
      }
      const network = networkEnergy(result);
      assert.ok(Math.abs(energyTotal(network) - result.totals.cost) <= 1e-9 * result.totals.cost);
      assert.equal(network.alu, result.doc.total_op_cost);
    });
  }

  test('remote buffer accesses count as buffer energy', async () => {
    const result = await goldenResult('alex_b16_tangram_8x8');
    const remote = layerBreakdowns(result).filter(({ layer }) => total(layer.remoteGbufAccess) > 0);
    assert.ok(remote.length > 0);
  });
});

describe('showing numbers', () => {
  test('costs in joules are told apart from normalized units', async () => {
    const normalized = await goldenResult('isca16_paper_alex_b16_nobypass');
    const joules = await goldenResult('isscc16_alex_b4');
    assert.equal(costsInJoules(normalized.costs), false);
    assert.equal(costsInJoules(joules.costs), true);
    assert.equal(formatEnergy(joules.totals.cost, true), '53.67 mJ');
    assert.equal(formatEnergy(normalized.totals.cost, false), '8.374 × 10¹⁰ units');
    assert.equal(formatEnergy(2.5e-12, true), '2.5 pJ');
  });

  test('partition, blocking and order texts', async () => {
    const result = await goldenResult('tetris_t16_alex_b16');
    const conv2 = layerOf(result, 'conv2_a');
    assert.equal(partitionText(conv2.partition), 'fmap area 4×2, output channels 1×2');
    assert.equal(blockingText(conv2.blocking), 'i48 o1 b2 | i1 o1 b1 | i1 o16 b8');
    assert.equal(orderText(conv2.loopOrders), 'O>B>I | I>O>B');
    assert.equal(partitionText(readPartition([[0, 1, 2, 3], [[1, 1], [1, 1], [1, 1], [1, 1]]])), 'none');
  });

  test('the CSV has a line per layer and defuses formulas', async () => {
    const text = await goldenText('isca16_paper_alex_b16_nobypass');
    const result = readResultText(text);
    const lines = layersCsv(result).trim().split('\n');
    assert.equal(lines.length, 1 + result.layers.length);
    assert.match(lines[0], /^layer,time_cycles,energy,energy_alu,/);
    assert.match(lines[1], /^conv1_a,5575680,/);
    const hostile = parsePyJson(text);
    hostile.schedules = { '=HYPERLINK("x")': hostile.schedules.conv1_a };
    assert.match(layersCsv(readResult(hostile)).split('\n')[1], /^"'=HYPERLINK\(""x""\)",/);
  });

  test('the CSV and the layer rows say where each layer is in the pipeline', async () => {
    const result = await goldenResult('alex_b16_tangram_8x8');
    const lines = layersCsv(result).trim().split('\n');
    assert.match(lines[0], /,num_nodes,segment,spatial_slot,temporal_step$/);
    assert.match(lines.find((l) => l.startsWith('fc2,')), /,20,12,1,0$/);
    const rows = layerRows(result);
    const fc1 = rows.find((r) => r.name === 'fc1');
    const fc2 = rows.find((r) => r.name === 'fc2');
    assert.deepEqual([fc1.nodes, fc1.place, fc2.place], [44, { segment: 12, slot: 0, step: 0 }, { segment: 12, slot: 1, step: 0 }]);
    // Sorting by segment keeps the pipeline's order: segment, then slot, then step.
    const bySegment = [...rows].sort((a, b) => a.segment - b.segment).map((r) => r.name);
    assert.deepEqual(bySegment.slice(2, 4), ['conv2_a', 'pool2_a']);
    assert.deepEqual(bySegment.slice(16, 18), ['fc1', 'fc2']);
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
