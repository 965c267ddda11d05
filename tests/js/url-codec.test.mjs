// The configuration in the URL hash (web/url-codec.js): every field of the
// engine's schema round trips under its schema name, versions are honoured,
// links of version 1 (frozen below as the page of that version wrote them)
// open as they did, and damaged links never break the page.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { CUSTOM } from '../../web/fields.js';
import { OPENING, PRESETS, presetState } from '../../web/presets.js';
import { loadDraft, saveDraft } from '../../web/storage.js';
import {
  URL_SCHEMA_VERSION, decodeHash, encodeHash, packText, unpackText,
} from '../../web/url-codec.js';
import { migrate } from '../../web/url-migrations.js';
import { pageFields } from './support.mjs';

/** @type {import('../../web/fields.js').FormField[]} */
let fields;
/** The page's opening configuration: Eyeriss ISCA'16 over the schema's defaults. */
let opening;
before(async () => {
  ({ fields } = await pageFields());
  opening = presetState(fields, OPENING);
});

/** A value other than the opening one for every field. */
const OTHER = {
  network: 'resnet50', batch: 64, word: 8, nodes: [4, 2], array: [12, 14], regf: 1024, gbuf: 576056, bus_width: 64,
  dram_bw: 25.6, mem_type: '3D', op_cost: 2e-12, hier_cost: [460e-12, 15e-12, 4e-12, 0.6e-12], hop_cost: 40e-12,
  unit_idle_cost: 1.5e-10, disable_bypass: ['o', 'f'], solve_loopblocking: true, enable_access_forwarding: true,
  enable_gbuf_sharing: true, enable_save_writeback: true, hybrid_partition: true, batch_partition: true,
  ifmaps_partition: true, interlayer_partition: true, disable_interlayer_opt: true, layer_pipeline_time_overhead: 0.5,
  layer_pipeline_max_degree: 3, goal: 'ed', top: 4,
};

const NETWORK = JSON.stringify({
  name: 'Tiny «net» ✓',
  input: { nofm: 3, sofm: 32 },
  layers: [{ name: '<img src=x onerror=alert(1)>', type: 'conv', nifm: 3, nofm: 16, sofm: 32, sfil: 3 }],
}, null, 2);

test('the test covers every run field of the schema with a value that is not the opening one', () => {
  assert.deepEqual(Object.keys(OTHER).sort(), fields.map((f) => f.name).sort());
  for (const f of fields) assert.notDeepEqual(OTHER[f.name], opening[f.name], f.name);
});

describe('round trips', () => {
  test('each field alone', async () => {
    for (const f of fields) {
      const state = { ...opening, [f.name]: OTHER[f.name] };
      const link = await decodeHash(await encodeHash(fields, state), fields, opening);
      assert.equal(link.status, 'ok', f.name);
      assert.deepEqual(link.problems, [], f.name);
      assert.deepEqual(link.state, state, f.name);
    }
  });

  test('all fields at once, keyed by their schema names', async () => {
    const hash = await encodeHash(fields, OTHER);
    assert.match(hash, /^#v=2&network=resnet50&batch=64&/);
    assert.match(hash, /&nodes=4x2&array=12x14&/);
    assert.match(hash, /&hier_cost=4\.6e-10%2C1\.5e-11%2C4e-12%2C6e-13&/);
    assert.match(hash, /&enable_gbuf_sharing=1&/);
    assert.match(hash, /&disable_bypass=of&/);
    assert.deepEqual((await decodeHash(hash, fields, opening)).state, OTHER);
  });

  test('unlimited values are written inf', async () => {
    const hash = await encodeHash(fields, opening);
    assert.match(hash, /dram_bw=inf/);
    assert.equal((await decodeHash(hash, fields, opening)).state.dram_bw, Infinity);
  });

  test('every preset', async () => {
    for (const preset of PRESETS) {
      const state = presetState(fields, preset);
      assert.deepEqual((await decodeHash(await encodeHash(fields, state), fields, opening)).state, state, preset.id);
    }
  });

  test('a custom network travels compressed and comes back exactly', async () => {
    const state = { ...opening, network: CUSTOM };
    const hash = await encodeHash(fields, state, NETWORK);
    const packed = new URLSearchParams(hash.slice(1)).get('netz');
    assert.match(packed, /^[A-Za-z0-9_-]+$/);
    assert.ok(!hash.includes('onerror'));
    const link = await decodeHash(hash, fields, opening);
    assert.equal(link.customNetwork, NETWORK);
    assert.equal(link.state.network, CUSTOM);
  });

  test('a built-in network carries no network payload', async () => {
    const hash = await encodeHash(fields, opening, NETWORK);
    assert.ok(!hash.includes('netz'));
    assert.equal((await decodeHash(hash, fields, opening)).customNetwork, null);
  });

  test('large texts pack and unpack', async () => {
    const big = JSON.stringify({ layers: Array.from({ length: 3000 }, (_, i) => ({ name: `layer${i}` })) });
    assert.equal(await unpackText(await packText(big)), big);
  });

  test('the text forms of a state parse back to it', () => {
    for (const f of fields) assert.deepEqual(f.kind.parse(f.kind.format(OTHER[f.name])), OTHER[f.name], f.name);
  });
});

// Links as the page of version 1 wrote them (its url-codec.js and the state
// of its tests: the default, a value other than the default everywhere, the
// e2e test's copied link with a custom network, two presets). Frozen: they
// are out there, and must open as they did.
const V1_LINKS = {
  default: '#v=1&net=alex_net&batch=16&word=16&nodes=1x1&array=16x16&regf=512&gbuf=131072&bus=0&dram_bw=inf&mem=2D&op_cost=1&dram_cost=200&gbuf_cost=6&array_cost=2&rf_cost=1&hop_cost=0&idle_cost=0&no_bypass=iof&solver=0&access_fwd=0&gbuf_sharing=0&save_writeback=0&hybrid=0&batch_part=0&ifmaps_part=0&interlayer=0&basic_interlayer=0&pipe_overhead=inf&pipe_degree=inf&goal=e&top=1',
  other: '#v=1&net=resnet50&batch=64&word=8&nodes=4x2&array=12x14&regf=1024&gbuf=576056&bus=64&dram_bw=25.6&mem=3D&op_cost=2e-12&dram_cost=4.6e-10&gbuf_cost=1.5e-11&array_cost=4e-12&rf_cost=6e-13&hop_cost=4e-11&idle_cost=1.5e-10&no_bypass=of&solver=1&access_fwd=1&gbuf_sharing=1&save_writeback=1&hybrid=1&batch_part=1&ifmaps_part=1&interlayer=1&basic_interlayer=1&pipe_overhead=0.5&pipe_degree=3&goal=ed&top=4',
  e2e: '#v=1&net=custom&batch=3&word=16&nodes=1x1&array=12x14&regf=522&gbuf=110592&bus=0&dram_bw=inf&mem=2D&op_cost=2e-12&dram_cost=4.6e-10&gbuf_cost=1.5e-11&array_cost=4e-12&rf_cost=1e-12&hop_cost=0&idle_cost=1.5e-10&no_bypass=iof&solver=0&access_fwd=0&gbuf_sharing=0&save_writeback=0&hybrid=0&batch_part=0&ifmaps_part=0&interlayer=0&basic_interlayer=0&pipe_overhead=inf&pipe_degree=inf&goal=e&top=1&netz=fY9BCoMwEEX3OcWQVQWh1YKLoF33DqULCVECMQlJWiri3YuJ1bS2Xf7Hn3kzAwLAsu4YJoDPyjouGJSWGq7dqRbMuF2elPsZ4HSqc6lvDhMYEMA0rZoOEzimIdo55ghg9H1R98xYTODiG2Es0pa8a8EaWj1ASWaMMlUwZ0kw-rbrtW9TJe8rlTyWr9dkxUKWg1bScDERn8f0-1VaKbG1v9OfspgY1mIC-V9ZQ7eqmM1vRmtf6sPnV1kRTAjgisYn',
  t16: '#v=1&net=alex_net&batch=16&word=16&nodes=4x4&array=14x14&regf=512&gbuf=133032&bus=0&dram_bw=inf&mem=3D&op_cost=2e-12&dram_cost=8e-11&gbuf_cost=1.4e-11&array_cost=4e-12&rf_cost=6e-13&hop_cost=4e-11&idle_cost=2e-10&no_bypass=&solver=1&access_fwd=0&gbuf_sharing=0&save_writeback=0&hybrid=1&batch_part=0&ifmaps_part=0&interlayer=0&basic_interlayer=0&pipe_overhead=inf&pipe_degree=inf&goal=e&top=1',
  tangram: '#v=1&net=alex_net&batch=16&word=16&nodes=8x8&array=16x16&regf=512&gbuf=65536&bus=0&dram_bw=inf&mem=3D&op_cost=2e-12&dram_cost=8e-11&gbuf_cost=1.4e-11&array_cost=4e-12&rf_cost=6e-13&hop_cost=4e-11&idle_cost=2e-10&no_bypass=&solver=1&access_fwd=1&gbuf_sharing=0&save_writeback=0&hybrid=1&batch_part=1&ifmaps_part=0&interlayer=1&basic_interlayer=0&pipe_overhead=inf&pipe_degree=inf&goal=e&top=1',
};

/** The network of the e2e link. */
const HOSTILE_NETWORK = JSON.stringify({
  name: 'Hostile <script>alert(2)</script>',
  input: { nofm: 3, sofm: 32 },
  layers: [
    { name: '<img src=x onerror=alert(1)>', type: 'conv', nifm: 3, nofm: 16, sofm: 32, sfil: 3 },
    { name: 'pool', type: 'pool', nofm: 16, sofm: 16, sreg: 2 },
    { name: 'fc', type: 'fc', nifm: 16, nofm: 10, sfil: 16 },
  ],
}, null, 2);

describe('links of version 1', () => {
  const open = async (/** @type {string} */ hash, fallback = opening) => {
    const link = await decodeHash(hash, fields, fallback);
    assert.equal(link.status, 'ok');
    assert.deepEqual(link.problems, []);
    return link;
  };

  test('the default link opens the opening configuration', async () => {
    assert.deepEqual((await open(V1_LINKS.default)).state, opening);
  });

  test('a value other than the default in every field: each lands in its renamed field', async () => {
    assert.deepEqual((await open(V1_LINKS.other)).state, OTHER);
  });

  test('the e2e test\'s link: the ISSCC\'16 chip with a custom network and batch 3', async () => {
    const link = await open(V1_LINKS.e2e);
    assert.equal(link.customNetwork, HOSTILE_NETWORK);
    assert.deepEqual(link.state, {
      ...presetState(fields, PRESETS.find((p) => p.id === 'eyeriss-isscc16')), network: CUSTOM, batch: 3,
    });
  });

  test('preset links open the presets', async () => {
    assert.deepEqual((await open(V1_LINKS.t16)).state, presetState(fields, PRESETS.find((p) => p.id === 'tetris-t16')));
    assert.deepEqual((await open(V1_LINKS.tangram)).state, presetState(fields, PRESETS.find((p) => p.id === 'tangram-8x8')));
  });

  test('a short version 1 link keeps version 1\'s defaults for the keys it lacks, whatever the fallback', async () => {
    const fallback = { ...opening, batch: 7, hop_cost: 5 };
    const link = await open('#v=1&net=vgg_net&batch=2&dram_cost=100', fallback);
    assert.deepEqual(link.state, { ...opening, network: 'vgg_net', batch: 2, hier_cost: [100, 6, 2, 1] });
  });

  test('the migration renames every key and joins the memory costs', () => {
    const texts = Object.fromEntries(new URLSearchParams(V1_LINKS.other.slice(1)));
    delete texts.v;
    const migrated = migrate(texts, 1);
    assert.deepEqual(Object.keys(migrated).sort(), fields.map((f) => f.name).sort());
    assert.equal(migrated.hier_cost, '4.6e-10,1.5e-11,4e-12,6e-13');
    assert.equal(migrated.enable_gbuf_sharing, '1');
    assert.equal(migrated.disable_interlayer_opt, '1');
    assert.equal(migrated.layer_pipeline_max_degree, '3');
    assert.deepEqual(migrate(migrated, 2), migrated);
  });

  test('a draft saved by the page of version 1 is migrated too', () => {
    const stored = new Map([['nndf-explorer/draft/v1', JSON.stringify({
      fields: { ...Object.fromEntries(new URLSearchParams(V1_LINKS.t16.slice(1))), batch: '0x' },
      customNetwork: NETWORK,
    })]]);
    const storage = /** @type {Storage} */ (/** @type {unknown} */ ({
      getItem: (/** @type {string} */ k) => stored.get(k) ?? null,
      setItem: (/** @type {string} */ k, /** @type {string} */ v) => stored.set(k, v),
    }));
    const draft = loadDraft(storage);
    assert.equal(draft.customNetwork, NETWORK);
    assert.equal(draft.fields.batch, '0x', 'kept as typed');
    assert.equal(draft.fields.hier_cost, '8e-11,1.4e-11,4e-12,6e-13');
    assert.equal(draft.fields.solve_loopblocking, '1');
    // Saved again, it is a draft of the current version, which wins from then on.
    saveDraft({ ...draft.fields, batch: '4' }, '', '', storage);
    assert.equal(loadDraft(storage).fields.batch, '4');
  });
});

describe('versions and damaged links', () => {
  const fallback = () => ({ ...opening, batch: 7 });

  test('an empty hash is empty', async () => {
    const link = await decodeHash('', fields, fallback());
    assert.equal(link.status, 'empty');
    assert.deepEqual(link.state, fallback());
  });

  test('a link of a newer version is not applied and says so', async () => {
    const link = await decodeHash(`#v=${URL_SCHEMA_VERSION + 1}&batch=3`, fields, fallback());
    assert.equal(link.status, 'future');
    assert.deepEqual(link.state, fallback());
    assert.match(link.problems[0], /newer version/);
  });

  for (const [what, hash] of [['no version', '#batch=3'], ['a version that is not a number', '#v=x&batch=3'],
    ['version 0', '#v=0&batch=3'], ['random text', '#%E0%A4%A']]) {
    test(`a link with ${what} is corrupt`, async () => {
      const link = await decodeHash(hash, fields, fallback());
      assert.equal(link.status, 'corrupt');
      assert.deepEqual(link.state, fallback());
      assert.ok(link.problems.length > 0);
    });
  }

  test('a short hand-written link takes the rest from the fallback', async () => {
    const link = await decodeHash('#v=2&network=vgg_net&batch=2', fields, fallback());
    assert.equal(link.status, 'ok');
    assert.deepEqual(link.problems, []);
    assert.deepEqual(link.state, { ...fallback(), network: 'vgg_net', batch: 2 });
  });

  test('texts not of their field\'s kind keep the fallback and are listed; unknown keys too', async () => {
    const link = await decodeHash('#v=2&batch=x&nodes=4&network=%3Cimg%20src%3Dx%3E&solve_loopblocking=maybe&colour=red', fields, fallback());
    assert.equal(link.status, 'ok');
    assert.deepEqual(link.state, fallback());
    assert.equal(link.problems.length, 5);
    assert.match(link.problems.join('\n'), /Batch size 'x' must be a whole number: kept 7/);
    assert.match(link.problems.join('\n'), /Node grid '4' must be rows x columns/);
    assert.match(link.problems.join('\n'), /unknown key 'colour'/);
  });

  test('a value out of range is the engine\'s to judge: the link carries it', async () => {
    const link = await decodeHash('#v=2&batch=0&nodes=99x1', fields, fallback());
    assert.deepEqual(link.problems, []);
    assert.equal(link.state.batch, 0);
    assert.deepEqual(link.state.nodes, [99, 1]);
  });

  test('a damaged custom network falls back to a built-in network', async () => {
    const link = await decodeHash('#v=2&network=custom&netz=!!!', fields, fallback());
    assert.equal(link.state.network, 'alex_net');
    assert.match(link.problems.join('\n'), /cannot be unpacked/);
    const truncated = (await packText(NETWORK)).slice(0, 20);
    const cut = await decodeHash(`#v=2&network=custom&netz=${truncated}`, fields, fallback());
    assert.equal(cut.customNetwork, null);
    assert.equal(cut.state.network, 'alex_net');
  });
});
