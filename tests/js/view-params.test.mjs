// What is on screen, in the link (web/view-params.js): one table of view
// parameters; every value round trips, every unusable text gets a precise
// problem and its fallback, and the configuration's reader leaves them alone.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { OPENING, presetState } from '../../web/presets.js';
import { decodeHash, encodeHash } from '../../web/url-codec.js';
import {
  VIEW_KEYS, VIEW_PARAMS, defaultView, readView, readViewHash, shownViews, writeView,
} from '../../web/view-params.js';
import { pageFields } from './support.mjs';

const ctx = { views: ['energy', 'layers', 'detail'], lessons: ['memory', 'reuse'] };
const read = (/** @type {string} */ text) => readView(new URLSearchParams(text), ctx);

/** A value other than the fallback for every parameter. */
const OTHER = {
  view: 'detail', layer: 'conv3_a', node: { row: 1, col: 2 }, classroom: true, show: ['energy', 'detail'], lesson: 'reuse', compare: 'q1ZKyy_KTSxSslLKz0vVS8_JT8qsUNJRKkotLsgvKgEA', sweep: '1|gbuf:8 kB .. 1 MB x2|@cost',
};

describe('the view in the link', () => {
  test('the table has one entry per key of the view state, and OTHER changes each', () => {
    assert.deepEqual(VIEW_PARAMS.map((p) => p.key).sort(), Object.keys(defaultView()).sort());
    for (const p of VIEW_PARAMS) assert.notDeepEqual(OTHER[p.key], p.fallback, p.key);
  });

  test('every parameter round trips, alone and all together, in the table\'s order', () => {
    for (const p of VIEW_PARAMS) {
      const state = { ...defaultView(), [p.key]: OTHER[p.key] };
      if (p.key === 'show') state.classroom = true;  // show applies in classroom mode only
      const params = new URLSearchParams(writeView(state));
      assert.deepEqual(read(params.toString()), { state, problems: [] }, p.key);
    }
    const all = writeView(OTHER);
    assert.deepEqual(all.map(([key]) => key), VIEW_PARAMS.map((p) => p.key));
    assert.deepEqual(read(new URLSearchParams(all).toString()), { state: OTHER, problems: [] });
    assert.equal(new URLSearchParams(all).toString(), 'view=detail&layer=conv3_a&node=1%2C2&classroom=1&show=energy%2Cdetail&lesson=reuse&compare=q1ZKyy_KTSxSslLKz0vVS8_JT8qsUNJRKkotLsgvKgEA&sweep=1%7Cgbuf%3A8+kB+..+1+MB+x2%7C%40cost');
  });

  test('the default view writes nothing, and a link without view keys opens the default view', () => {
    assert.deepEqual(writeView(defaultView()), []);
    assert.deepEqual(read('v=2&network=alex_net'), { state: defaultView(), problems: [] });
  });

  test('each unusable text is named with what was expected, and keeps its fallback', () => {
    const cases = {
      'view=charts': /^view 'charts' is not a view of this page \(energy, layers, detail\): showing the first view$/,
      'layer=': /^layer '' is empty: kept the first layer$/,
      'node=1;2': /^node '1;2' is not a node row,col \(such as 1,2\): kept no node chosen$/,
      'node=-1,2': /^node '-1,2' is not a node row,col/,
      'classroom=yes': /^classroom 'yes' is not 1 or 0: kept off$/,
      'classroom=1&show=energy,bogus,nope': /^show 'energy,bogus,nope' names 'bogus', 'nope', not views of this page \(energy, layers, detail\): showing every view$/,
      'classroom=1&show=,': /^show ',' names no view: showing every view$/,
      'lesson=intro': /^lesson 'intro' is not a lesson step \(memory, reuse\): kept no lesson$/,
      'compare=a+b/c': /^compare 'a b\/c' is not base64url text: kept nothing pinned$/,
      [`compare=${'A'.repeat(50)}!`]: /^compare 'A{40}…' is not base64url text: kept nothing pinned$/,
      'sweep=gbuf:8k': /^sweep 'gbuf:8k' is not a sweep \(its version first, such as 1\|gbuf:8 kB \.\. 1 MB x2\): kept no sweep set up$/,
      'show=energy': /^show 'energy' applies in classroom mode only \(classroom=1\): showing every view$/,
      'classroom=1&show=energy&view=layers': /^view 'layers' is not among the views shown \(energy\): showing energy$/,
    };
    for (const [text, pattern] of Object.entries(cases)) {
      const { state, problems } = read(text);
      assert.equal(problems.length, 1, `${text}: ${problems}`);
      assert.match(problems[0], pattern, text);
      const key = /** @type {keyof typeof state} */ (text.split('=')[0]);
      if (key !== 'classroom' && key !== 'show') assert.deepEqual(state[key], defaultView()[key], text);
    }
    assert.equal(read('classroom=1&show=energy&view=layers').state.view, 'energy');
    assert.equal(read('classroom=yes').state.classroom, false);
  });

  test('show keeps the page\'s order of views and applies in classroom mode only', () => {
    const { state } = read('classroom=1&show=detail,energy');
    assert.deepEqual(state.show, ['energy', 'detail']);
    assert.deepEqual(shownViews(state, ctx.views), ['energy', 'detail']);
    assert.deepEqual(shownViews({ ...state, classroom: false }, ctx.views), ctx.views);
  });

  test('a hash that is not a query string never throws', () => {
    for (const hash of ['#', '#%', '#view', '#&&&', '#node=99999999,1']) {
      assert.doesNotThrow(() => readViewHash(hash, ctx), hash);
    }
  });
});

describe('the view beside the configuration', () => {
  let fields;
  before(async () => {
    ({ fields } = await pageFields());
  });

  test('no run field has the name of a view parameter', () => {
    for (const f of fields) assert.ok(!VIEW_KEYS.has(f.name), f.name);
  });

  test('the configuration reader skips the view keys, and the view reader the configuration\'s', async () => {
    const opening = presetState(fields, OPENING);
    const hash = await encodeHash(fields, { ...opening, batch: 4 }, '', OTHER);
    assert.match(hash, /&top=1&view=detail&layer=conv3_a&node=1%2C2&classroom=1/);
    const link = await decodeHash(hash, fields, opening);
    assert.deepEqual(link.problems, []);
    assert.equal(link.state.batch, 4);
    assert.deepEqual(readViewHash(hash, ctx), { state: OTHER, problems: [] });
  });

  test('a link of the view alone holds no configuration: the page keeps its own', async () => {
    const link = await decodeHash('#view=layers&classroom=1', fields, presetState(fields, OPENING));
    assert.equal(link.status, 'empty');
    assert.deepEqual(link.problems, []);
    assert.deepEqual(readViewHash('#view=layers&classroom=1', ctx).state, { ...defaultView(), view: 'layers', classroom: true });
    // Any other key makes it a configuration link, which needs its version.
    assert.equal((await decodeHash('#view=layers&batch=4', fields, presetState(fields, OPENING))).status, 'corrupt');
  });

  test('a version 1 link may carry a view too', async () => {
    const link = await decodeHash('#v=1&net=zfnet&view=layers', fields, presetState(fields, OPENING));
    assert.deepEqual(link.problems, []);
    assert.equal(link.state.network, 'zfnet');
    assert.equal(readViewHash('#v=1&net=zfnet&view=layers', ctx).state.view, 'layers');
  });
});
