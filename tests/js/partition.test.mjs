// Where a layer runs and what each node holds, as the engine explains it
// (`explain` of the wasm module, read by web/result-model.js) and as the
// page says it (web/partition.js): checked against what the golden results
// record, the reference's row-stationary numbers, and the page's sentences.
// The arithmetic itself is the engine's (core/api/explain.cpp); the page
// has none left to test.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';

import { cellText, nodeText, rangeText, splitBy } from '../../web/partition.js';
import { parsePyJson } from '../../web/py-json.js';
import { layerOf, readExplanation, readRegion, readResultText } from '../../web/result-model.js';
import { loadWasm, repoPath, unwrap } from './support.mjs';

// tests/cpp/test_explain.cpp checks every layer of every golden case in C++;
// here, the same facts through the wasm module and the result model on a
// sample with one node, several nodes, pipelined segments and forwarding.
const GOLDEN = ['isca16_alex_b16_solver', 'tetris_t16_alex_b16', 'alex_b16_tangram_8x8', 'lstm_gnmt_b8_4x4_ilp',
  'mlp_s_b4_4x4_accfwd_exh'];
const goldenText = (/** @type {string} */ name) => readFile(repoPath(`tests/golden/${name}.json`), 'utf8');

let nndf;
/** @type {Map<string, string>} */
let networks;
before(async () => {
  nndf = await loadWasm();
  networks = new Map(unwrap(nndf.builtinNetworks()).networks.map((n) => [n.name, n.json]));
});

/** The engine's explanation of a layer of a result document's text, read by the result model. */
const explain = (/** @type {string} */ network, /** @type {string} */ resultText, /** @type {string} */ layer) => readExplanation(
  unwrap(nndf.explain(networks.get(network) ?? network, resultText, layer, 16)).explanation);
const key = (/** @type {{row: number, col: number}} */ c) => `${c.row},${c.col}`;

describe('the engine\'s explanations of golden results', () => {
  test('every layer\'s nodes are distinct nodes of its region, inside the grid', async () => {
    let layers = 0;
    for (const name of GOLDEN) {
      const text = await goldenText(name);
      const result = readResultText(text);
      const grid = result.procRegion.size;
      for (const layer of result.layers) {
        const e = explain(result.net, text, layer.name);
        assert.equal(e.region.size.rows * e.region.size.cols, layer.numNodes, `${name} ${layer.name}`);
        assert.equal(e.regionNodes.length, layer.numNodes, `${name} ${layer.name}`);
        const inRegion = new Set(e.regionNodes.map(key));
        const coords = e.nodes.map((n) => key(n.coord));
        assert.equal(new Set(coords).size, coords.length, `${name} ${layer.name}`);
        assert.equal(coords.length, Object.values(layer.partition.dims).reduce((n, d) => n * d.count, 1), `${name} ${layer.name}`);
        assert.ok(e.nodes.every((n) => inRegion.has(key(n.coord)) && n.coord.row < grid.rows && n.coord.col < grid.cols), `${name} ${layer.name}`);
        layers += 1;
      }
    }
    assert.ok(layers > 80, `${layers} layers explained`);
  });

  test('the loop nest the page reads multiplies back to the node\'s share, and its reuse is the result\'s', async () => {
    let layers = 0;
    for (const name of GOLDEN) {
      const text = await goldenText(name);
      const doc = parsePyJson(text);
      for (const layer of readResultText(text).layers) {
        const { loopNest: nest, reuse } = explain(doc.net, text, layer.name);
        const at = `${name} ${layer.name}`;
        for (const d of nest.dims) {
          const loops = nest.loops.filter((l) => l.dim === d.dim || (d.dim === 'orow' && l.dim === 'fold'));
          assert.equal(loops.reduce((n, l) => n * l.count, 1), d.product, `${at} ${d.dim}`);
          assert.ok(d.product >= d.share && d.share <= d.layer, `${at} ${d.dim}`);
          if (d.product > d.share) assert.ok(loops.some((l) => l.partial), `${at} ${d.dim}`);
        }
        assert.equal(nest.loops.reduce((n, l) => n * l.count, 1), nest.opsCovered, at);
        const [scheme] = doc.schedules[layer.name];
        assert.ok(Math.abs(nest.ops * scheme.num_nodes - scheme.ops) <= 1e-9 * scheme.ops, at);
        assert.deepEqual(reuse.access.map((a) => a.access), scheme.access.flat(), at);
        reuse.buffers.forEach((b, i) => {
          assert.equal(b.total, scheme.size[i].reduce((n, w) => n + w, 0), at);
          assert.ok(b.total <= b.capacity, at);
        });
        layers += 1;
      }
    }
    assert.ok(layers > 80, `${layers} layers explained`);
  });

  test('a layer whose ofmaps stay on chip runs on the region they are kept in', async () => {
    let checked = 0;
    for (const name of GOLDEN) {
      const text = await goldenText(name);
      const doc = parsePyJson(text);
      for (const [layer, [, ofmapLayout]] of Object.entries(doc.schedules)) {
        const [, regions] = /** @type {any} */ (ofmapLayout);
        if (regions.length !== 1 || regions[0][3] !== 0) continue;  // Not one processing region.
        assert.deepEqual(explain(doc.net, text, layer).region, readRegion(regions[0]), `${name} ${layer}`);
        checked += 1;
      }
    }
    assert.ok(checked >= 10, `${checked} layers checked`);
  });

  test('the data ranges of all nodes make up the whole ofmap, once per input-channel part', async () => {
    const text = await goldenText('vgg_b4_ed_2d');
    const result = readResultText(text);
    const shapes = new Map(unwrap(nndf.networkLayers(networks.get('vgg_net'), result.batch, 16)).layers.map((l) => [l.name, l]));
    const size = (/** @type {import('../../web/result-model.js').Range} */ r) => r.end - r.beg;
    for (const layer of result.layers) {
      const shape = shapes.get(layer.name);
      const volume = explain('vgg_net', text, layer.name).nodes
        .reduce((sum, { ofm }) => sum + size(ofm.b) * size(ofm.n) * size(ofm.h) * size(ofm.w), 0);
      assert.equal(volume, result.batch * shape.nofm * shape.hofm * shape.wofm * layer.partition.dims.INPP.count, layer.name);
    }
  });

  test('2D memory sits on the four corners, 3D memory above every node', async () => {
    const memory = async (/** @type {string} */ name) => {
      const text = await goldenText(name);
      const result = readResultText(text);
      return explain(result.net, text, result.layers[0].name).memoryNodes.map((c) => [c.row, c.col]);
    };
    assert.deepEqual(await memory('vgg_b4_ed_2d'), [[0, 0], [0, 3], [3, 0], [3, 3]]);
    assert.equal((await memory('tetris_t16_alex_b16')).length, 16);
    assert.deepEqual(await memory('isca16_alex_b16_solver'), [[0, 0], [0, 0], [0, 0], [0, 0]]);
  });

  test('Tangram 8x8: fc1 runs on the first 44 nodes of the grid, folded after 8 columns; fc2 on the rest', async () => {
    const text = await goldenText('alex_b16_tangram_8x8');
    assert.deepEqual(explain('alex_net', text, 'fc1').region, readRegion([[4, 11], [0, 0], [1, 1], 0, 8, 8]));
    assert.deepEqual(explain('alex_net', text, 'fc2').region, readRegion([[4, 5], [4, 4], [1, 1], 0, 8, -5]));
    const fc2 = new Set(explain('alex_net', text, 'fc2').regionNodes.map(key));
    assert.deepEqual(fc2, new Set([4, 5, 6, 7].flatMap((r) => [0, 1, 2, 3, 4].map((c) => `${r},${c}`))));
  });

  test('a layer the network does not have, or a malformed result, is an error naming the field', async () => {
    const text = await goldenText('tetris_t16_alex_b16');
    assert.throws(() => explain('alex_net', text, 'nope'), /nope/);
    assert.throws(() => explain('alex_net', '{"net": "alex_net"}', 'conv1_a'), (err) => err.path !== '');
  });
});

describe('the row-stationary mapping', () => {
  test('AlexNet conv1 on 16x16: folded four times across, as the reference counts its active PEs', async () => {
    const text = await goldenText('isca16_paper_alex_b16_nobypass');
    const m = explain('alex_net', text, 'conv1_a').mapping;
    assert.deepEqual(m.logical, { rows: 11, cols: 55 });
    assert.deepEqual(m.fold, { rows: 1, cols: 4 });
    assert.deepEqual(m.folded, { rows: 11, cols: 14 });
    assert.equal(m.activePes, 154);
    assert.equal(m.rowsAre, 'filter');
    // The reference's active PEs of this layer (ops / time) are the average utilization.
    assert.equal(m.utilization * 256, parsePyJson(text).active_node_pes.conv1_a);
  });

  /** The explanation of the one conv layer of a network searched on one 16x16 node. */
  const oneConv = (/** @type {number} */ sfil, /** @type {number} */ sofm) => {
    const network = JSON.stringify({
      input: { nofm: 3, sofm: sofm + sfil - 1 }, layers: [{ name: 'c', type: 'conv', nifm: 3, nofm: 48, sofm, sfil }],
    });
    const run = {
      format: 'nndf-run/2', network: JSON.parse(network), batch: 16, nodes: [1, 1], array: [16, 16], regf: 512, gbuf: 131072,
    };
    const { result_text: resultText } = unwrap(nndf.search(JSON.stringify(run), null, true));
    return explain(network, resultText, 'c');
  };

  test('small sets are replicated; width folds stack into spare rows', () => {
    const small = oneConv(3, 13).mapping;
    assert.deepEqual(small.replication, { rows: 5, cols: 1 });
    assert.equal(small.blocks.length, 5);
    assert.equal(small.activePes, 195);
    const wide = oneConv(3, 56).mapping;
    assert.equal(wide.sideBySide, 4);
    assert.deepEqual(wide.fold, { rows: 1, cols: 1 });
    assert.deepEqual(wide.physical, { rows: 12, cols: 14 });
    assert.equal(wide.activePes, 168);
    assert.deepEqual(wide.blocks.map((b) => [b.fold, b.origin.row, b.size.cols]), [[0, 0, 14], [1, 3, 14], [2, 6, 14], [3, 9, 14]]);
  });
});

describe('what a node holds, in words', () => {
  test('TETRIS T-16 conv2: a node\'s sentence, its part of the layer and the colourings', async () => {
    const text = await goldenText('tetris_t16_alex_b16');
    const layer = layerOf(readResultText(text), 'conv2_a');
    const e = explain('alex_net', text, 'conv2_a');
    assert.deepEqual(e.nodePart, {
      nifm: 48, nofm: 64, hofm: 7, wofm: 14, batch: 16,
    });
    const node = e.nodes.find((n) => n.coord.row === 1 && n.coord.col === 2);
    assert.equal(nodeText(node, layer.partition),
      'Node (row 1, column 2): batch items 0–15; output channels 0–63; ofmap rows 6–12, columns 13–26; input channels 0–47.'
      + ' Partition index: output channels part 0 of 2, fmap area part 3 of 8. Reads ifmap rows 6–16, columns 13–30.');
    assert.equal(cellText(node, layer.partition, 'OFMP'), '#3: rows 6–12, columns 13–26');
    assert.equal(cellText(node, layer.partition, 'BATP'), '0–15');
    assert.deepEqual(splitBy(layer.partition), ['OFMP', 'OUTP']);
  });

  test('ranges as people count them', () => {
    assert.equal(rangeText({ beg: 0, end: 64 }), '0–63');
    assert.equal(rangeText({ beg: 7, end: 8 }), '7');
    assert.equal(rangeText({ beg: 3, end: 3 }), 'none');
  });
});
