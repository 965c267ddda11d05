// web/service-worker.js's answers, run in a fake service-worker scope: a
// document, a worker or a script gets the two headers that make the page
// cross-origin isolated; a wasm file's answer is the cache's own object,
// passed on untouched, so that Chrome keeps the code V8 compiles from it (a
// Response made in the worker has no cache entry).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import vm from 'node:vm';

import { repoPath } from './support.mjs';

const ORIGIN = 'https://example.test';
const SCOPE = `${ORIGIN}/app/`;
const FILES = ['index.html', 'worker.js', 'nndf.wasm', 'boot.js'];

/** The worker's script with a build's file list in place of web/'s null. */
async function builtWorker() {
  const code = await readFile(repoPath('web/service-worker.js'), 'utf8');
  const line = 'const PRECACHE = null; // build-web: precache';
  assert.ok(code.includes(line), 'the template line build-web replaces');
  const files = Object.fromEntries(FILES.map((f) => [f, '0'.repeat(64)]));
  return code.replace(line, `const PRECACHE = ${JSON.stringify({ version: 'v1', files })};`);
}

/**
 * Runs the worker in a scope whose cache holds the files `cached` (each
 * match a new Response, as a browser's cache makes) and whose network
 * answers every other request with a new Response. Returns
 * {fetchEvent(path, destination) -> the Response the worker answers,
 * matched: the Responses the cache gave, in order}.
 */
async function scope(/** @type {string[]} */ cached) {
  /** @type {Record<string, (event: any) => void>} */
  const handlers = {};
  const sw = {
    location: { href: `${SCOPE}service-worker.js`, origin: ORIGIN },
    registration: { active: {} },
    addEventListener: (/** @type {string} */ type, /** @type {(event: any) => void} */ fn) => { handlers[type] = fn; },
  };
  /** @type {Response[]} */
  const matched = [];
  const cache = {
    match: async (/** @type {URL} */ url) => {
      const path = url.href.slice(SCOPE.length);
      if (!cached.includes(path)) return undefined;
      matched.push(new Response(`cached ${path}`));
      return matched.at(-1);
    },
  };
  const context = vm.createContext({
    self: sw, caches: { open: async () => cache }, fetch: async () => new Response('from the network'), URL, Headers, Response, crypto,
  });
  vm.runInContext(await builtWorker(), context);
  const fetchEvent = async (/** @type {string} */ path, /** @type {string} */ destination) => {
    /** @type {Promise<Response> | undefined} */
    let answer;
    handlers.fetch({
      request: {
        url: `${SCOPE}${path}`, method: 'GET', destination, mode: destination === 'document' ? 'navigate' : 'same-origin', cache: 'default',
      },
      respondWith: (/** @type {Promise<Response>} */ p) => { answer = p; },
    });
    assert.ok(answer, `the worker answers ${path}`);
    return answer;
  };
  return { fetchEvent, matched };
}

const isolating = (/** @type {Response} */ r) => [r.headers.get('Cross-Origin-Opener-Policy'), r.headers.get('Cross-Origin-Embedder-Policy')];

test('a document, a worker and a script get COOP and COEP; the wasm is the cache\'s own response', async () => {
  const { fetchEvent, matched } = await scope(FILES);
  for (const [path, destination] of [['', 'document'], ['index.html', 'document'], ['worker.js', 'worker'], ['boot.js', 'script']]) {
    const r = await fetchEvent(path, destination);
    assert.deepEqual(isolating(r), ['same-origin', 'require-corp'], `${path || '/'} (${destination})`);
    assert.equal(await r.text(), `cached ${path || 'index.html'}`);
  }
  // fetch() of the wasm has no destination.
  assert.equal(await fetchEvent('nndf.wasm', ''), matched.at(-1));
  assert.equal(matched.length, 5);
});

test('a file the cache lacks comes from the network by the same rule', async () => {
  const { fetchEvent } = await scope([]);
  assert.deepEqual(isolating(await fetchEvent('index.html', 'document')), ['same-origin', 'require-corp']);
  const wasm = await fetchEvent('nndf.wasm', '');
  assert.deepEqual(isolating(wasm), [null, null]);
  assert.equal(await wasm.text(), 'from the network');
});
