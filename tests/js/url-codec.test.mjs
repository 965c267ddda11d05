// The configuration in the URL hash (web/url-codec.js): every field round
// trips, versions are honoured, and damaged links never break the page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  CUSTOM, FIELDS, defaultState, formatState, parseDraft,
} from '../../web/fields.js';
import { PRESETS, presetState } from '../../web/presets.js';
import {
  URL_SCHEMA_VERSION, decodeHash, encodeHash, packText, unpackText,
} from '../../web/url-codec.js';

/** A value other than the default for every field. */
const OTHER = {
  net: 'resnet50', batch: 64, word: 8, nodes: [4, 2], array: [12, 14], regf: 1024, gbuf: 576056, bus: 64,
  dram_bw: 25.6, mem: '3D', op_cost: 2e-12, dram_cost: 460e-12, gbuf_cost: 15e-12, array_cost: 4e-12,
  rf_cost: 0.6e-12, hop_cost: 40e-12, idle_cost: 1.5e-10, no_bypass: 'of', solver: true, access_fwd: true,
  gbuf_sharing: true, save_writeback: true, hybrid: true, batch_part: true, ifmaps_part: true, interlayer: true,
  basic_interlayer: true, pipe_overhead: 0.5, pipe_degree: 3, goal: 'ed', top: 4,
};

const NETWORK = JSON.stringify({
  name: 'Tiny «net» ✓',
  input: { nofm: 3, sofm: 32 },
  layers: [{ name: '<img src=x onerror=alert(1)>', type: 'conv', nifm: 3, nofm: 16, sofm: 32, sfil: 3 }],
}, null, 2);

test('the test covers every field with a value that is not its default', () => {
  assert.deepEqual(Object.keys(OTHER).sort(), FIELDS.map((f) => f.key).sort());
  for (const f of FIELDS) assert.notDeepEqual(OTHER[f.key], f.default, f.key);
});

describe('round trips', () => {
  for (const f of FIELDS) {
    test(`${f.key} alone`, async () => {
      const state = { ...defaultState(), [f.key]: OTHER[f.key] };
      const link = await decodeHash(await encodeHash(state));
      assert.equal(link.status, 'ok');
      assert.deepEqual(link.problems, []);
      assert.deepEqual(link.state, state);
    });
  }

  test('all fields at once, with readable keys', async () => {
    const hash = await encodeHash(OTHER);
    assert.match(hash, /^#v=1&net=resnet50&batch=64&word=8&nodes=4x2&array=12x14&/);
    assert.match(hash, /&dram_cost=4\.6e-10&/);
    assert.deepEqual((await decodeHash(hash)).state, OTHER);
  });

  test('unlimited values are written inf', async () => {
    const hash = await encodeHash(defaultState());
    assert.match(hash, /dram_bw=inf/);
    assert.equal((await decodeHash(hash)).state.dram_bw, Infinity);
  });

  test('every preset', async () => {
    for (const preset of PRESETS) {
      const state = presetState(preset);
      assert.deepEqual((await decodeHash(await encodeHash(state))).state, state, preset.id);
    }
  });

  test('a custom network travels compressed and comes back exactly', async () => {
    const state = { ...defaultState(), net: CUSTOM };
    const hash = await encodeHash(state, NETWORK);
    const packed = new URLSearchParams(hash.slice(1)).get('netz');
    assert.match(packed, /^[A-Za-z0-9_-]+$/);
    assert.ok(!hash.includes('onerror'));
    const link = await decodeHash(hash);
    assert.equal(link.customNetwork, NETWORK);
    assert.equal(link.state.net, CUSTOM);
  });

  test('a built-in network carries no network payload', async () => {
    const hash = await encodeHash(defaultState(), NETWORK);
    assert.ok(!hash.includes('netz'));
    assert.equal((await decodeHash(hash)).customNetwork, null);
  });

  test('large texts pack and unpack', async () => {
    const big = JSON.stringify({ layers: Array.from({ length: 3000 }, (_, i) => ({ name: `layer${i}` })) });
    assert.equal(await unpackText(await packText(big)), big);
  });

  test('the text forms of a state parse back to it', () => {
    assert.deepEqual(parseDraft(formatState(OTHER)), { state: OTHER, errors: {} });
  });
});

describe('versions and damaged links', () => {
  const fallback = { ...defaultState(), batch: 7 };

  test('an empty hash is empty', async () => {
    const link = await decodeHash('', fallback);
    assert.equal(link.status, 'empty');
    assert.deepEqual(link.state, fallback);
  });

  test('a link of a newer version is not applied and says so', async () => {
    const link = await decodeHash(`#v=${URL_SCHEMA_VERSION + 1}&batch=3`, fallback);
    assert.equal(link.status, 'future');
    assert.deepEqual(link.state, fallback);
    assert.match(link.problems[0], /newer version/);
  });

  for (const [what, hash] of [['no version', '#batch=3'], ['a version that is not a number', '#v=x&batch=3'],
    ['version 0', '#v=0&batch=3'], ['random text', '#%E0%A4%A']]) {
    test(`a link with ${what} is corrupt`, async () => {
      const link = await decodeHash(hash, fallback);
      assert.equal(link.status, 'corrupt');
      assert.deepEqual(link.state, fallback);
      assert.ok(link.problems.length > 0);
    });
  }

  test('a short hand-written link takes the rest from the fallback', async () => {
    const link = await decodeHash('#v=1&net=vgg_net&batch=2', fallback);
    assert.equal(link.status, 'ok');
    assert.deepEqual(link.problems, []);
    assert.deepEqual(link.state, { ...fallback, net: 'vgg_net', batch: 2 });
  });

  test('damaged fields keep the fallback and are listed; unknown keys too', async () => {
    const link = await decodeHash('#v=1&batch=0&nodes=4&net=%3Cimg%20src%3Dx%3E&solver=maybe&colour=red', fallback);
    assert.equal(link.status, 'ok');
    assert.deepEqual(link.state, fallback);
    assert.equal(link.problems.length, 5);
    assert.match(link.problems.join('\n'), /Batch size '0' must be a whole number/);
    assert.match(link.problems.join('\n'), /unknown key 'colour'/);
  });

  test('a damaged custom network falls back to a built-in network', async () => {
    const link = await decodeHash('#v=1&net=custom&netz=!!!', fallback);
    assert.equal(link.state.net, 'alex_net');
    assert.match(link.problems.join('\n'), /cannot be unpacked/);
    const truncated = (await packText(NETWORK)).slice(0, 20);
    const cut = await decodeHash(`#v=1&net=custom&netz=${truncated}`, fallback);
    assert.equal(cut.customNetwork, null);
    assert.equal(cut.state.net, 'alex_net');
  });
});
