// web/partition.js: the node grid arithmetic the layer detail draws, against
// the C++ engine's answers (tests/data/web_partition_cases.json, kept honest
// by tests/cpp/test_web_partition.cpp), the reference's test expectations,
// and the regions the golden results record.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import {
  allocate, coordinate, layerNodes, layerRegion, memoryChannels, nodeRegion, partitionIndexes, procDataRange,
  regionJson, regionNodes, rel2abs, segments,
} from '../../web/partition.js';
import { parsePyJson } from '../../web/py-json.js';
import { repoPath, runCli } from './support.mjs';

const cases = JSON.parse(await readFile(repoPath('tests/data/web_partition_cases.json'), 'utf8'));
const golden = async (name) => parsePyJson(await readFile(repoPath(`tests/golden/${name}.json`), 'utf8'));
const GOLDEN = (await readFile(repoPath('tests/golden/CASES.tsv'), 'utf8') + await readFile(repoPath('tests/golden/CASES_EXTRA.tsv'), 'utf8'))
  .split('\n').filter((l) => l.trim()).map((l) => l.split('\t')[0]);

const shapes = new Map();
/** A built-in network's layers by name, as `nndf layers --json` gives them (the page gets the same from the wasm). */
function layersOf(network, batch = 1) {
  const key = `${network}/${batch}`;
  if (!shapes.has(key)) {
    const { status, stdout, stderr } = runCli(['layers', network, '--json', '--batch', String(batch)]);
    assert.equal(status, 0, stderr);
    shapes.set(key, new Map(JSON.parse(stdout).map((l) => [l.name, l])));
  }
  return shapes.get(key);
}

describe('the engine\'s answers (C++)', () => {
  for (const c of cases.partitions) {
    test(`partition: ${c.what}`, () => {
      const layer = layersOf(c.network).get(c.layer);
      const region = nodeRegion(c.region);
      const pidxs = partitionIndexes(c.part);
      assert.deepEqual(pidxs, c.nodes.map((n) => n.pidx));
      for (const [k, pidx] of pidxs.entries()) {
        const { ofm, ifm, fil } = procDataRange(layer, c.batch, c.part, pidx);
        assert.deepEqual({
          pidx, coord: coordinate(c.part, region, pidx), ofm, ifm, fil,
        }, c.nodes[k]);
      }
    });
  }

  for (const c of cases.regions) {
    test(`region nodes: ${c.what}`, () => assert.deepEqual(regionNodes(nodeRegion(c.region)), c.nodes));
  }

  for (const c of cases.allocations) {
    test(`allocate ${c.requests.join(', ')} on ${c.region[0].join('x')}`, () => {
      assert.deepEqual(allocate(nodeRegion(c.region), c.requests).map(regionJson), c.regions);
    });
  }
});

describe('the reference\'s expectations (test_node_region.py)', () => {
  test('rel2abs in a region folded three nodes wide', () => {
    const folded = nodeRegion([[4, 8], [1, 3], [1, 1], 0, 3, 3]);
    assert.deepEqual(rel2abs(folded, [1, 2]), [2, 5]);
    assert.deepEqual(rel2abs(folded, [2, 3]), [7, 5]);
    assert.deepEqual(rel2abs(folded, [0, 5]), [5, 3]);
    assert.deepEqual(rel2abs(folded, [3, 7]), [12, 4]);
    const late = nodeRegion([[4, 8], [1, 3], [1, 1], 0, 3, 1]);
    assert.deepEqual(rel2abs(late, [2, 0]), [3, 3]);
    assert.deepEqual(rel2abs(late, [1, 2]), [6, 2]);
    assert.deepEqual(rel2abs(late, [2, 3]), [7, 1]);
    assert.deepEqual(rel2abs(late, [0, 5]), [9, 2]);
    assert.deepEqual(rel2abs(late, [3, 7]), [16, 3]);
  });

  test('allocate in zig-zag stripes, or nothing if the requests do not fit', () => {
    const region = nodeRegion([[4, 4], [1, 3], [1, 1], 0, 4, 4]);
    assert.deepEqual(allocate(region, [4, 4, 4, 4, 4]), []);
    const sub = allocate(region, [2, 3, 3, 2, 4, 2]);
    assert.deepEqual(sub.slice(0, 4).map((r) => [r.dim, r.origin, r.wbeg]),
      [[[1, 2], [1, 3], 2], [[1, 3], [1, 5], 2], [[1, 3], [2, 5], -3], [[1, 2], [3, 3], 2]]);
    const all = sub.flatMap(regionNodes).map(String);
    assert.equal(new Set(all).size, 16);
    assert.deepEqual(new Set(all), new Set(regionNodes(region).map(String)));
  });
});

describe('layers of golden results on their grids', () => {
  test('a layer whose ofmaps stay on chip is on the region they are kept in', async () => {
    let checked = 0;
    for (const name of GOLDEN) {
      const result = await golden(name);
      for (const [layer, [, ofmapLayout]] of Object.entries(result.schedules)) {
        const [, regions] = ofmapLayout;
        if (regions.length !== 1 || regions[0][3] !== 0) continue;  // Not one processing region.
        assert.deepEqual(regionJson(layerRegion(result, layer)), regions[0], `${name} ${layer}`);
        checked += 1;
      }
    }
    assert.ok(checked >= 10, `${checked} layers checked`);
  });

  test('every layer\'s nodes are distinct nodes of its region, as many as the engine counted', async () => {
    for (const name of GOLDEN) {
      const result = await golden(name);
      const grid = regionNodes(nodeRegion(result.resource.proc_region)).map(String);
      for (const [layer, [scheme]] of Object.entries(result.schedules)) {
        const region = layerRegion(result, layer);
        assert.equal(region.dim[0] * region.dim[1], scheme.num_nodes, `${name} ${layer}`);
        const inRegion = new Set(regionNodes(region).map(String));
        const coords = layerNodes(result, layer, null).map((n) => String(n.coord));
        assert.equal(new Set(coords).size, coords.length, `${name} ${layer}`);
        assert.ok(coords.every((c) => inRegion.has(c) && grid.includes(c)), `${name} ${layer}`);
      }
    }
  });

  test('the data ranges of all nodes make up the whole ofmap, once per input-channel part', async () => {
    const result = await golden('vgg_b4_ed_2d');
    const layers = layersOf('vgg_net', result.batch);
    for (const [name, [scheme]] of Object.entries(result.schedules)) {
      const layer = layers.get(name);
      const nodes = layerNodes(result, name, layer);
      const volume = nodes.reduce((sum, { ranges: { ofm } }) => sum
        + (ofm.b[1] - ofm.b[0]) * (ofm.n[1] - ofm.n[0]) * (ofm.h[1] - ofm.h[0]) * (ofm.w[1] - ofm.w[0]), 0);
      const inpp = scheme.part[1][3][0] * scheme.part[1][3][1];
      assert.equal(volume, result.batch * layer.nofm * layer.hofm * layer.wofm * inpp, name);
    }
  });

  test('2D memory sits on the four corners, 3D memory above every node', async () => {
    const twoD = await golden('vgg_b4_ed_2d');
    assert.deepEqual(memoryChannels(twoD), [[0, 0], [0, 3], [3, 0], [3, 3]]);
    const threeD = await golden('tetris_t16_alex_b16');
    assert.equal(memoryChannels(threeD).length, 16);
    assert.deepEqual(memoryChannels(await golden('isca16_alex_b16_solver')), [[0, 0], [0, 0], [0, 0], [0, 0]]);
  });
});

describe('segments', () => {
  test('Tangram 8x8: pipelined layers share a segment and split the grid', async () => {
    const result = await golden('alex_b16_tangram_8x8');
    const segs = segments(result);
    assert.equal(segs.length, 14);
    assert.deepEqual(segs[12].slots, [{ nodes: 44, layers: ['fc1'] }, { nodes: 20, layers: ['fc2'] }]);
    assert.deepEqual(segs[2].slots, [{ nodes: 64, layers: ['conv2_a', 'pool2_a'] }]);
    assert.equal(segs.reduce((t, s) => t + s.time, 0), result.total_time);
    // fc1 runs on the first 44 nodes of the grid, folded after 8 columns; fc2 on the rest.
    assert.deepEqual(regionJson(layerRegion(result, 'fc1')), [[4, 11], [0, 0], [1, 1], 0, 8, 8]);
    assert.deepEqual(regionJson(layerRegion(result, 'fc2')), [[4, 5], [4, 4], [1, 1], 0, 8, -5]);
  });

  test('without pipelining every layer is a segment of its own', async () => {
    const result = await golden('tetris_t16_alex_b16');
    const segs = segments(result);
    assert.equal(segs.length, Object.keys(result.schedules).length);
    assert.ok(segs.every((s) => s.slots.length === 1 && s.slots[0].layers.length === 1 && s.slots[0].nodes === 16));
  });
});
