// The engine's answers the page opens with (web/engine-facts.js): the file
// the build keeps must be the engine's own answers, and the page asks the
// engine whenever the file is missing or not what it should be.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { engineFacts } from '../../web/engine-facts.js';
import { loadWasm, repoPath, unwrap } from './support.mjs';

test('the built site keeps the engine\'s own run schema and built-in networks', async () => {
  const kept = JSON.parse(await readFile(repoPath('build/web/engine-facts.json'), 'utf8'));
  const nndf = await loadWasm();
  assert.deepEqual(kept, {
    schema: unwrap(nndf.runSchema()).schema,
    networks: unwrap(nndf.builtinNetworks()).networks,
  });
});

/** An engine stand-in that records what it was asked. */
function engine() {
  /** @type {string[]} */
  const asked = [];
  const call = async (/** @type {string} */ fn) => {
    asked.push(fn);
    return fn === 'runSchema' ? { fields: ['from the engine'] } : [{ name: 'n', json: '{}' }];
  };
  return { asked, call };
}

test('the page takes the kept answers without asking the engine', async () => {
  const { asked, call } = engine();
  const kept = { schema: { fields: [] }, networks: [{ name: 'alex_net', json: '{}' }] };
  assert.deepEqual(await engineFacts(Promise.resolve(kept), call), kept);
  assert.deepEqual(asked, []);
});

test('without usable kept answers, the page asks the engine', async () => {
  for (const kept of [Promise.resolve(null), Promise.reject(new Error('offline')), Promise.resolve({ schema: null, networks: [] }),
    Promise.resolve({ schema: {}, networks: 'not a list' }), Promise.resolve('<html>')]) {
    const { asked, call } = engine();
    const facts = await engineFacts(kept, call);
    assert.deepEqual(facts, { schema: { fields: ['from the engine'] }, networks: [{ name: 'n', json: '{}' }] });
    assert.deepEqual(asked.sort(), ['builtinNetworks', 'runSchema']);
  }
});
