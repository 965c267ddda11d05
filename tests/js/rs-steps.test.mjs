// The step model of the row-stationary animation (web/rs-steps.js): every
// MAC of the slice happens exactly once and at the PE the dataflow says,
// filter rows never move, ifmap rows run along the diagonals, and the
// partial sums of a column add up to the MACs of its ofmap row. On the
// engine's own mappings too: the slice's sizes come from its explanation,
// and the whole logical PE set's MACs multiply back to the layer's ops.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';

import { readExplanation, readResultText } from '../../web/result-model.js';
import {
  SLICE_LIMITS, chooseSlice, ifmapRowOf, isWhole, macsPerOutput, rsSteps, windowOf,
} from '../../web/rs-steps.js';
import { loadWasm, repoPath, unwrap } from './support.mjs';

/** A mapping as the result model reads it, with only the sizes the slice uses. */
const mappingOf = (/** @type {number[]} */ [rows, cols], /** @type {number[]} */ [frows, fcols], rowsAre = 'filter') => /** @type {any} */ ({
  rowsAre, logical: { rows, cols }, folded: { rows: frows, cols: fcols },
});

const SLICES = {
  'AlexNet conv1 (11×11, stride 4), folded': chooseSlice(mappingOf([11, 55], [11, 14]), 55, {
    rows: 11, cols: 11, strideRows: 4, strideCols: 4,
  }),
  '3×3 stride 1, whole': chooseSlice(mappingOf([3, 4], [3, 4]), 3, {
    rows: 3, cols: 3, strideRows: 1, strideCols: 1,
  }),
  'one filter row': chooseSlice(mappingOf([1, 7], [1, 7]), 2, {
    rows: 1, cols: 1, strideRows: 1, strideCols: 1,
  }),
  'pooling 3×3 stride 2': chooseSlice(mappingOf([3, 27], [3, 14], 'region'), 27, {
    rows: 3, cols: 3, strideRows: 2, strideCols: 2,
  }),
  'stride 2 across, 1 down': chooseSlice(mappingOf([5, 5], [5, 5]), 5, {
    rows: 5, cols: 2, strideRows: 1, strideCols: 2,
  }),
};

/** Every check of the step model on one slice. */
function checkSteps(/** @type {import('../../web/rs-steps.js').RsSlice} */ slice, /** @type {string} */ what) {
  const steps = rsSteps(slice);
  const { rows, cols, width } = slice;
  const S = slice.window.cols;
  const macs = steps.flatMap((s) => s.macs);

  // Every MAC of the slice, exactly once: (filter row, filter column, ofmap row, ofmap column).
  const keys = macs.map((m) => `${m.filterRow},${m.filterCol},${m.ofmapRow},${m.ofmapCol}`);
  assert.equal(new Set(keys).size, keys.length, `${what}: a MAC happens twice`);
  assert.equal(keys.length, rows * S * cols * width, what);
  for (const m of macs) {
    assert.ok(m.filterRow < rows && m.filterCol < S && m.ofmapRow < cols && m.ofmapCol < width, what);
    // Row stationary: the PE of filter row i and ofmap row j is PE (i, j) ...
    assert.deepEqual(m.pe, { row: m.filterRow, col: m.ofmapRow }, what);
    // ... and the convolution reads the ifmap where its definition says.
    assert.equal(m.ifmapRow, m.ofmapRow * slice.window.strideRows + m.filterRow, what);
    assert.equal(m.ifmapCol, m.ofmapCol * slice.window.strideCols + m.filterCol, what);
    assert.equal(steps.find((s) => s.macs.includes(m))?.pes[m.pe.row][m.pe.col].ifmapRow, m.ifmapRow, what);
  }

  // Each PE's filter row is its row, from the moment it loads, and never changes; its ifmap row is i + j·stride.
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < cols; j += 1) {
      const filterRows = steps.map((s) => s.pes[i][j].filterRow);
      const first = filterRows.findIndex((f) => f !== null);
      assert.ok(first > 0, what);
      assert.ok(filterRows.slice(first).every((f) => f === i), `${what}: PE (${i}, ${j}) changed its filter row`);
      const ifmapRows = steps.map((s) => s.pes[i][j].ifmapRow).filter((k) => k !== null);
      assert.ok(ifmapRows.length > 0 && ifmapRows.every((k) => k === i + j * slice.window.strideRows), what);
      assert.equal(ifmapRowOf(slice, i, j), i + j * slice.window.strideRows);
    }
  }

  // Partial sums move up one PE in their column, and every step conserves them: the MACs
  // done so far are those carried by the partial sums on the array plus those written out.
  let done = 0;
  for (const step of steps) {
    done += step.macs.length;
    for (const move of step.moves) {
      assert.deepEqual(move.to, { row: move.from.row - 1, col: move.from.col }, what);
      assert.equal(move.psum.ofmapRow, move.from.col, what);
    }
    const onArray = step.pes.flat().reduce((n, pe) => n + (pe.psum?.macs ?? 0), 0);
    const out = step.written.reduce((n, p) => n + p.macs, 0);
    assert.equal(onArray + out, done, `${what}, step ${step.kind}`);
  }

  // The written partial sums of column j are ofmap row j: one per ofmap column, each of
  // all the slice's filter rows, adding up to the MACs of that ofmap row.
  const { written } = steps[steps.length - 1];
  assert.equal(written.length, cols * width, what);
  for (let j = 0; j < cols; j += 1) {
    const row = written.filter((p) => p.ofmapRow === j);
    assert.deepEqual(row.map((p) => p.ofmapCol), Array.from({ length: width }, (_, x) => x), what);
    assert.ok(row.every((p) => p.macs === macsPerOutput(slice)), what);
    assert.equal(row.reduce((n, p) => n + p.macs, 0), macs.filter((m) => m.ofmapRow === j).length, what);
  }
  assert.equal(steps.filter((s) => s.kind === 'write').length, width, what);
  return steps;
}

describe('the row-stationary steps', () => {
  for (const [what, slice] of Object.entries(SLICES)) {
    test(`every MAC once, stationary filter rows, diagonal ifmap rows, column sums: ${what}`, () => {
      checkSteps(slice, what);
    });
  }

  test('the slice is the folded set\'s first rows and columns, cut to the limits', () => {
    const conv1 = SLICES['AlexNet conv1 (11×11, stride 4), folded'];
    assert.deepEqual([conv1.rows, conv1.cols, conv1.width], [SLICE_LIMITS.rows, SLICE_LIMITS.cols, SLICE_LIMITS.width]);
    assert.ok(!isWhole(conv1));
    const small = SLICES['3×3 stride 1, whole'];
    assert.deepEqual([small.rows, small.cols, small.width], [3, 4, 3]);
    assert.ok(isWhole(small));
    // A folded set smaller than the limits bounds the slice: the slice never spans two folds.
    const folded = chooseSlice(mappingOf([12, 8], [3, 4]), 9, {
      rows: 12, cols: 3, strideRows: 1, strideCols: 1,
    });
    assert.deepEqual([folded.rows, folded.cols], [3, 4]);
  });

  test('the steps start empty, load filters before ifmaps, and compute column by column', () => {
    const steps = rsSteps(SLICES['3×3 stride 1, whole']);
    assert.deepEqual(steps.slice(0, 3).map((s) => s.kind), ['start', 'filters', 'ifmaps']);
    assert.ok(steps[0].pes.flat().every((pe) => pe.filterRow === null && pe.ifmapRow === null && pe.psum === null));
    // Per ofmap column: the MACs, a hop for every PE row but the top one, the write.
    assert.deepEqual(steps.slice(3, 3 + 3 + 1).map((s) => s.kind), ['mac', 'hop', 'hop', 'write']);
    assert.equal(steps.length, 3 + 3 * (3 + 1));
  });
});

describe('the slice of the engine\'s mappings', () => {
  let nndf;
  /** @type {Map<string, string>} */
  let networks;
  before(async () => {
    nndf = await loadWasm();
    networks = new Map(unwrap(nndf.builtinNetworks()).networks.map((n) => [n.name, n.json]));
  });

  test('the logical PE set\'s MACs, times the channels and batch of a node, times the nodes, are the layer\'s ops', async () => {
    let checked = 0;
    for (const name of ['isca16_alex_b16_solver', 'tetris_t16_alex_b16', 'alex_b16_tangram_8x8', 'googlenet_b2_2x2']) {
      const text = await readFile(repoPath(`tests/golden/${name}.json`), 'utf8');
      const result = readResultText(text);
      const network = /** @type {string} */ (networks.get(result.net));
      /** @type {Map<string, any>} */
      const shapes = new Map(unwrap(nndf.networkLayers(network, result.batch, 16)).layers.map((l) => [l.name, l]));
      for (const layer of result.layers) {
        const e = readExplanation(unwrap(nndf.explain(network, text, layer.name, 16)).explanation);
        const shape = shapes.get(layer.name);
        const window = windowOf(e.mapping.rowsAre, shape);
        assert.equal(e.mapping.logical.rows, window.rows, `${name} ${layer.name}`);
        assert.equal(e.mapping.logical.cols, e.nodePart.hofm, `${name} ${layer.name}`);
        const slice = chooseSlice(e.mapping, e.nodePart.wofm, window);
        assert.ok(slice.rows <= Math.min(SLICE_LIMITS.rows, e.mapping.folded.rows) && slice.cols <= SLICE_LIMITS.cols, `${name} ${layer.name}`);
        const whole = chooseSlice(e.mapping, e.nodePart.wofm, window, { rows: Infinity, cols: Infinity, width: Infinity });
        const perConv = e.mapping.logical.rows * e.mapping.logical.cols * e.nodePart.wofm * window.cols;
        if (e.mapping.logical.rows * e.mapping.logical.cols <= 64) {
          assert.equal(rsSteps(whole).flatMap((s) => s.macs).length, perConv, `${name} ${layer.name}`);
        }
        const convs = e.mapping.rowsAre === 'filter' ? e.nodePart.nifm * e.nodePart.nofm : shape.nreg * e.nodePart.nofm;
        // On one node that is the layer; on many, a node's part is rounded up, so the parts cover it.
        const covered = perConv * convs * e.nodePart.batch * e.nodes.length;
        // (The result's ops are a float of the reference: equal up to rounding.)
        if (e.nodes.length === 1) assert.ok(Math.abs(covered - layer.ops) <= 1e-9 * layer.ops, `${name} ${layer.name}`);
        else assert.ok(covered >= layer.ops * (1 - 1e-9) && covered < 2 * layer.ops, `${name} ${layer.name}`);
        checked += 1;
      }
    }
    assert.ok(checked > 40, `${checked} layers`);
  });
});
