// Links the page once accepted as valid that ended in an internal error, a
// wrong answer or gigabytes of memory (issue 13): the page decodes them as
// it does every link, and the engine's run schema (the one set of ranges,
// core/api/run_schema.cpp) refuses each value at its field, saying the bound,
// before any search starts.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { ConfigModel } from '../../web/config-model.js';
import { OPENING, presetState } from '../../web/presets.js';
import { decodeHash } from '../../web/url-codec.js';
import { pageFields, unwrap } from './support.mjs';

let page;
before(async () => {
  page = await pageFields();
});

/** The engine's problems of the run document a link opens to, as the page asks for them. */
async function linkProblems(/** @type {string} */ hash) {
  const opening = presetState(page.fields, OPENING);
  const link = await decodeHash(hash, page.fields, opening);
  assert.equal(link.status, 'ok', hash);
  const model = new ConfigModel(page.fields, opening, page.schema.documentFormat);
  model.load(model.formatState(link.state));
  return unwrap(page.nndf.validate(JSON.stringify(model.runDocument()))).problems;
}

const bound = (name) => page.schemaJson.fields.find((f) => f.name === name);

for (const [hash, field, path] of [
  ['#v=2&batch=2147483647', 'batch', 'batch'],
  ['#v=2&dram_bw=1e-300', 'dram_bw', 'dram_bw'],
  ['#v=2&top=2147483647', 'top', 'top'],
  ['#v=2&hier_cost=1e308,6,2,1', 'hier_cost', 'hier_cost[0]'],
  ['#v=2&op_cost=1e308', 'op_cost', 'op_cost'],
  ['#v=2&unit_idle_cost=1e308', 'unit_idle_cost', 'unit_idle_cost'],
]) {
  test(`the link ${hash} is refused at ${path}, with the schema's bound`, async () => {
    const problems = await linkProblems(hash);
    assert.deepEqual(problems.map((p) => p.path), [path], JSON.stringify(problems));
    const f = bound(field);
    assert.ok(f.max < 1e300 && f.min > 0 === (field === 'dram_bw' || field === 'batch' || field === 'top'), field);
    // The message states the range the schema exports, not an internal error.
    assert.match(problems[0].message, /must be a (whole )?number from /);
    assert.doesNotMatch(problems[0].message, /internal|\.cpp|\.h:/);
  });
}

test('version 1 links (dram_cost=1e308) are judged the same way after migration', async () => {
  const problems = await linkProblems('#v=1&dram_cost=1e308');
  assert.deepEqual(problems.map((p) => p.path), ['hier_cost[0]']);
  assert.match(problems[0].message, /from 0 to 1e\+15/);
});

test('the bounds keep the largest accepted run inside what the engine computes exactly', () => {
  // batch x the largest layer's words x the widest word fits 64 bits (core/model/layer_bounds.h).
  assert.ok(bound('batch').max * 2 ** 36 * (bound('word').max / 8) < 2 ** 62);
  assert.ok(bound('top').max <= 64);
});
