// The wasm module on inputs fuzzing found (issue 13): deep nesting, numbers
// beyond double's range and names with control characters come back as
// error envelopes that name the problem; never "Maximum call stack size
// exceeded", an internal error or a source path.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { loadWasm } from './support.mjs';

let nndf;
before(async () => {
  nndf = await loadWasm();
});

/** An error envelope that is the person's, with its message. */
function personError(/** @type {string} */ text) {
  const answer = JSON.parse(text);
  assert.equal(answer.ok, false);
  assert.equal(answer.error.internal, undefined, answer.error.message);
  assert.doesNotMatch(answer.error.message, /internal|\.cpp|\.h:|json\.exception/);
  return answer.error;
}

describe('nesting', () => {
  for (const depth of [20000, 100000]) {
    test(`${depth} levels in a network and in a run document are refused before parsing`, () => {
      const deep = '['.repeat(depth) + ']'.repeat(depth);
      const net = personError(nndf.networkLayers(deep, 1, 16));
      assert.match(net.message, /JSON nested deeper than 64 levels at line 1, column 65/);
      const run = personError(nndf.validate(`{"network": "alex_net", "x": ${deep}}`));
      assert.match(run.message, /nested deeper than 64/);
      const search = personError(nndf.search(`{"network": ${deep}}`, null, true));
      assert.match(search.message, /nested deeper than 64/);
    });
  }
});

test('1e400 is a number out of range at its position', () => {
  const error = personError(nndf.validate('{"network": "alex_net", "batch": 1e400}'));
  assert.match(error.message, /number out of range at line 1, column \d+/);
});

test('a layer named like the old NaN marker stays a name; sizes beyond the bounds say them', () => {
  const net = (name, nofm) => JSON.stringify({ input: { nofm: 3, sofm: 1 }, layers: [{ name, type: 'fc', nifm: 3, nofm }] });
  const answer = JSON.parse(nndf.networkLayers(net('\u0001nan', 4), 1, 16));
  assert.equal(answer.ok, true);
  assert.equal(answer.layers[0].name, '\u0001nan');
  const big = personError(nndf.networkLayers(net('a\u001b', 2 ** 62), 1, 16));
  assert.equal(big.path, 'layers[0] "a\\u001b".nofm');
  assert.match(big.message, /at most 2\^20 = 1048576/);
});
