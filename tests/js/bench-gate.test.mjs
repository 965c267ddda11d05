// The thread benchmarks' gate (scripts/bench-capacity.mjs): which runs it
// keeps and when it gives up. (What the machine gives is not tested: it is
// the host's, and moves.)
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { gatedRuns } from '../../scripts/bench-capacity.mjs';

test('with no gate every run is kept, in order, and no more are made', async () => {
  let n = 0;
  const { kept, calls } = await gatedRuns({ runs: 3, gate: 0, threads: 2 }, () => {
    n += 1;
    return n * 10;
  });
  assert.deepEqual(kept, [10, 20, 30]);
  assert.equal(calls, 3);
});

test('a gate the machine cannot give keeps nothing and stops after four times the runs', async () => {
  let made = 0;
  // Two loops cannot run 100 times as fast as one.
  const { kept, calls } = await gatedRuns({ runs: 1, gate: 100, threads: 2 }, async () => {
    made += 1;
    return made;
  });
  assert.deepEqual(kept, []);
  assert.equal(calls, 4);
  assert.equal(made, 4);
});
