// The wasm module's `alternatives` call (the page's "Why this schedule"):
// the same answer as the CLI, through the worker's handler too, and bounded
// by its time limit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { createRequestHandler } from '../../web/worker-handler.js';
import { callRequest } from '../../web/protocol.js';
import { loadWasm, repoPath, runCli, unwrap } from './support.mjs';

const nndf = await loadWasm();
const networks = new Map(unwrap(nndf.builtinNetworks()).networks.map((n) => [n.name, n.json]));
const file = repoPath('tests/golden/tetris_t16_alex_b16.json');
const resultText = readFileSync(file, 'utf8');

test('alternatives in wasm answer what the CLI answers', () => {
  const a = unwrap(nndf.alternatives(networks.get('alex_net'), resultText, 'conv2_a', 4, 30)).alternatives;
  const { status, stdout, stderr } = runCli(['alternatives', file, 'conv2_a', '-n', '4', '--json', '--threads', '1']);
  assert.equal(status, 0, stderr);
  assert.deepEqual(a, JSON.parse(stdout));
  assert.equal(a.reproduced, true);
});

test('alternatives through the worker handler, and its errors as data', async () => {
  const replies = [];
  const handle = createRequestHandler(Promise.resolve(nndf), (r) => replies.push(r));
  await handle(callRequest(1, 'alternatives', [networks.get('alex_net'), resultText, 'fc1', 3, 30]));
  assert.equal(replies[0].type, 'result', JSON.stringify(replies[0]));
  assert.equal(replies[0].value.layer, 'fc1');
  assert.ok(replies[0].value.alternatives.length >= 2);
  await handle(callRequest(2, 'alternatives', [networks.get('alex_net'), resultText, 'fc1', 1, 30]));
  assert.equal(replies[1].type, 'error');
  assert.equal(replies[1].path, 'n');
  assert.equal(replies[1].fatal, false);
});

test('a time limit stops the layer search with an error that says so', () => {
  const text = nndf.alternatives(networks.get('alex_net'), resultText, 'conv2_a', 4, 1e-9);
  const envelope = JSON.parse(text);
  assert.equal(envelope.ok, false);
  assert.match(envelope.error.message, /took longer than 1e-09 s here; `nndf alternatives` runs it natively/);
});
