// The status line of a running search (web/progress-text.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { formatSeconds, progressText } from '../../web/progress-text.js';

const base = { layerIndex: 3, layerCount: 19, layerName: 'conv2_a', fraction: 0.5, work: 0.372, elapsed: 1.24, remaining: 2.1, bestCost: -1 };

test('durations read as people say them', () => {
  assert.equal(formatSeconds(0.04), '0.0 s');
  assert.equal(formatSeconds(2.06), '2.1 s');
  assert.equal(formatSeconds(42.4), '42 s');
  assert.equal(formatSeconds(185), '3 min 05 s');
});

test('the line names the layer, the share of the work, the time spent and left', () => {
  assert.equal(progressText(base, false), 'Layer 3 of 19: conv2_a · 37% of the work · 1.2 s, about 2.1 s left');
});

test('the time left is left out while unknown', () => {
  assert.equal(progressText({ ...base, remaining: -1 }, false), 'Layer 3 of 19: conv2_a · 37% of the work · 1.2 s');
});

test('the best cost so far is shown in the costs\' units', () => {
  assert.match(progressText({ ...base, bestCost: 1.5e9 }, false), / · best so far 1\.500 × 10⁹ units$/);
  assert.match(progressText({ ...base, bestCost: 2.5e-3 }, true), / · best so far 2\.5 mJ$/);
});
