// What the page keeps and writes so that nothing is lost or mislabelled:
// the saved networks (saved-networks.js), result files that carry their run
// document (opened-file.js), file names (file-names.js) and the draft's hash
// (storage.js).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { resultJsonText } from '../../web/export.js';
import { fileName, namedDocument, namedResult } from '../../web/file-names.js';
import { RUN_DOCUMENT_KEY, readOpenedFile, resultFileText } from '../../web/opened-file.js';
import { parsePyJson } from '../../web/py-json.js';
import {
  deleteNetwork, keepNetwork, listNetworks, networkName,
} from '../../web/saved-networks.js';
import { loadDraft, saveDraft } from '../../web/storage.js';
import { repoPath } from './support.mjs';

const memoryStorage = () => {
  const stored = new Map();
  return /** @type {Storage} */ (/** @type {unknown} */ ({
    getItem: (/** @type {string} */ k) => stored.get(k) ?? null,
    setItem: (/** @type {string} */ k, /** @type {string} */ v) => stored.set(k, v),
  }));
};

test('saved networks: kept with name and date, the same text only re-dated, deleted only by id', () => {
  const storage = memoryStorage();
  const mine = JSON.stringify({ name: 'mine', layers: [] });
  const first = keepNetwork(mine, 'saved by hand', { storage, now: new Date('2026-01-01T10:00:00Z') });
  assert.equal(first?.name, 'mine');
  keepNetwork('{"name": "other"', 'kept before a link replaced it', { storage, now: new Date('2026-01-02T10:00:00Z') });
  const again = keepNetwork(mine, 'kept before a file replaced it', { storage, now: new Date('2026-01-03T10:00:00Z') });
  const list = listNetworks(storage);
  assert.equal(list.length, 2, 'the same text is not kept twice');
  assert.deepEqual(list.map((n) => n.name), ['mine', 'Untitled network'], 'newest first; a text that is not JSON yet is still kept');
  assert.equal(again?.id, first?.id);
  assert.equal(list[0].savedAt, '2026-01-03T10:00:00.000Z');
  assert.equal(keepNetwork('   ', 'x', { storage }), null, 'nothing to keep');
  assert.ok(deleteNetwork(list[1].id, storage));
  assert.deepEqual(listNetworks(storage).map((n) => n.text), [mine]);
  assert.equal(networkName('{"name": "  spaced  "}'), 'spaced');
});

test('saved networks: a damaged entry or storage that is off gives an empty list, never an error', () => {
  const storage = memoryStorage();
  storage.setItem('nndf-explorer/networks/v1', '{not json');
  assert.deepEqual(listNetworks(storage), []);
  assert.deepEqual(listNetworks(undefined), []);
  assert.equal(keepNetwork('{"name": "a"}', 'x', { storage: undefined }), null);
});

test('the draft records the hash it was saved under (a reload on that hash keeps the draft)', () => {
  const storage = memoryStorage();
  saveDraft({ batch: '2' }, '{}', '#v=2&batch=16', storage);
  assert.deepEqual(loadDraft(storage), { fields: { batch: '2' }, customNetwork: '{}', hash: '#v=2&batch=16' });
});

test('a page result file is the CLI\'s document plus its run document at the end; opening reads both back', async () => {
  const cliText = await readFile(repoPath('tests/golden/tetris_t16_alex_b16.json'), 'utf8');
  const run = { format: 'nndf-run/2', network: 'alex_net', batch: 16, nodes: [4, 4], op_cost: 2e-12 };
  const text = resultFileText(cliText, JSON.stringify(run));
  // Everything before the added key is the CLI's text, byte for byte.
  const cut = text.indexOf(`,\n  "${RUN_DOCUMENT_KEY}": `);
  assert.equal(`${text.slice(0, cut)}\n}\n`, resultJsonText(cliText));
  const opened = readOpenedFile(text);
  assert.equal(opened.kind, 'result');
  assert.deepEqual(opened.kind === 'result' && opened.document, run);
  assert.equal(opened.kind === 'result' && opened.result.totals.cost, parsePyJson(cliText).total_cost);
  // Exported again, it is not embedded twice; a CLI file carries none.
  assert.equal(resultFileText(text, JSON.stringify(run)), resultJsonText(text));
  const cli = readOpenedFile(cliText);
  assert.equal(cli.kind === 'result' && cli.document, null);
  assert.equal(resultFileText(cliText, null), resultJsonText(cliText));
});

test('a run document opens as one; anything else is refused with a reason', () => {
  const opened = readOpenedFile(JSON.stringify({ format: 'nndf-run/2', network: 'alex_net', batch: 2 }));
  assert.equal(opened.kind, 'run');
  assert.throws(() => readOpenedFile('{"a": 1'), /not a JSON document/);
  assert.throws(() => readOpenedFile('{"a": 1}'));
});

test('file names: preset, network, batch and node grid; anything unsafe in a name becomes _', async () => {
  const presetOf = (/** @type {string} */ text) => (JSON.parse(text).batch === 16 ? 'eyeriss-isca16' : null);
  const doc = { format: 'nndf-run/2', network: 'alex_net', batch: 16, nodes: [1, 1] };
  assert.equal(fileName(namedDocument(doc, presetOf), 'result', 'json'), 'eyeriss-isca16-alex_net-b16-1x1-result.json');
  const custom = { ...doc, batch: 4, nodes: [2, 3], network: { name: '../My net <b>', layers: [] } };
  assert.equal(fileName(namedDocument(custom, presetOf), 'layers', 'csv'), 'My_net_b-b4-2x3-layers.csv');
  const result = readOpenedFile(await readFile(repoPath('tests/golden/tetris_t16_alex_b16.json'), 'utf8'));
  assert.equal(result.kind === 'result' && fileName(namedResult(result.result), 'result', 'json'), 'alex_net-b16-4x4-result.json');
});
