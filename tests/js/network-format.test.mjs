// The page's list of the network format (web/network-format.js) against the
// engine: a field the engine refuses gets "unknown field (expected one of:
// ...)", which names every field it accepts there; both lists must agree.
// The issue-12 additions (`next`) may be missing from the engine until it
// lands, never the other way round.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import {
  EXT_FIELDS, INPUT_FIELDS, LAYER_TYPES, NETWORK_FIELDS, layerFields,
} from '../../web/network-format.js';
import { loadWasm } from './support.mjs';

let nndf;
before(async () => {
  nndf = await loadWasm();
});

/** The engine's error for `network`, which must have one. */
function errorOf(network) {
  const answer = JSON.parse(nndf.networkLayers(JSON.stringify(network), 1, 16));
  assert.equal(answer.ok, false, JSON.stringify(network));
  return answer.error;
}

/** The fields the engine accepts where `network` puts an unknown field `zzz`. */
function acceptedFields(network) {
  const { message } = errorOf(network);
  const m = message.match(/^unknown field \(expected one of: (.*)\)$/);
  assert.ok(m, message);
  return m[1].split(', ').sort();
}

/** Our fields are exactly the engine's. */
function agree(/** @type {{name: string}[]} */ ours, /** @type {string[]} */ engine, what) {
  const names = ours.map((f) => f.name);
  assert.equal(new Set(names).size, names.length, `${what}: a field listed twice`);
  for (const name of engine) assert.ok(names.includes(name), `${what}: the engine takes ${name}, the page's list lacks it`);
  for (const f of ours) {
    assert.ok(engine.includes(f.name), `${what}: the page lists ${f.name}, which the engine refuses`);
  }
}

const INPUT = { nofm: 3, sofm: 8 };

test('the network document, input and ext fields are the engine\'s', () => {
  agree(NETWORK_FIELDS, acceptedFields({ zzz: 1, input: INPUT, layers: [] }), 'network');
  agree(INPUT_FIELDS, acceptedFields({ input: { ...INPUT, zzz: 1 }, layers: [] }), 'input');
  agree(EXT_FIELDS, acceptedFields({ input: INPUT, ext: [{ name: 'e', nofm: 1, sofm: 1, zzz: 1 }], layers: [] }), 'ext');
});

test('each layer type has the engine\'s fields; the engine knows every type', () => {
  const known = [];
  for (const t of LAYER_TYPES) {
    const error = errorOf({ input: INPUT, layers: [{ name: 'a', type: t.type, zzz: 1 }] });
    assert.doesNotMatch(error.message, /unknown layer type/, `the engine does not know ${t.type}`);
    known.push(t.type);
    agree(t.fields, acceptedFields({ input: INPUT, layers: [{ name: 'a', type: t.type, zzz: 1 }] }), t.type);
  }
  // The engine's own list of types (its message for an unknown one) is among ours.
  const { message } = errorOf({ input: INPUT, layers: [{ name: 'a', type: 'zzz' }] });
  const listed = message.match(/\(expected (.*)\)/)[1].split(/, | or /);
  assert.deepEqual(listed.sort(), [...known].sort());
});

test('layerFields: a type\'s own fields, or every field once while the type is unknown', () => {
  assert.deepEqual(layerFields('fc').map((f) => f.name), ['name', 'type', 'nifm', 'nofm', 'sfil', 'prevs']);
  const all = layerFields(undefined).map((f) => f.name);
  assert.equal(new Set(all).size, all.length);
  for (const t of LAYER_TYPES) for (const f of t.fields) assert.ok(all.includes(f.name));
  assert.deepEqual(layerFields('nonesuch'), layerFields(undefined));
});
