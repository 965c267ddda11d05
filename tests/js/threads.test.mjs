// The page's thread plan (threads.js), the isolation service worker's one
// reload (isolation.js) and the cancel flag a search worker gets
// (cancel-flag.js, engine.js), with fakes of the browser's objects; and the
// engine's side of both (wasm/bindings.cpp: setThreads, the cancel flag).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CANCEL_FLAG } from '../../web/cancel-flag.js';
import { EngineClient } from '../../web/engine.js';
import { isolate } from '../../web/isolation.js';
import { threadFacts, threadPlan } from '../../web/threads.js';
import { loadWasm } from './support.mjs';

const facts = (overrides = {}) => ({
  isolated: true, cores: 8, requested: null, secure: true, serviceWorkers: true, ...overrides,
});

test('an isolated page searches on every core, or on the threads its URL asks for, at most the cores', () => {
  assert.deepEqual(threadPlan(facts()), { threaded: true, threads: 8, note: '8 threads' });
  assert.deepEqual(threadPlan(facts({ requested: 'all' })), { threaded: true, threads: 8, note: '8 threads' });
  assert.deepEqual(threadPlan(facts({ requested: '3' })), { threaded: true, threads: 3, note: '3 threads' });
  assert.deepEqual(threadPlan(facts({ requested: '1' })), { threaded: true, threads: 1, note: '1 thread' });
  assert.equal(threadPlan(facts({ requested: '64' })).threads, 8);
  for (const bad of ['0', '-2', '1.5', 'many', '']) assert.equal(threadPlan(facts({ requested: bad })).threads, 8, bad);
});

test('a page that is not isolated runs one thread and says why', () => {
  const why = (overrides) => threadPlan(facts({ isolated: false, ...overrides }));
  assert.deepEqual(why({}), {
    threaded: false,
    threads: 1,
    note: 'One thread: this page is not cross-origin isolated (its server sends no COOP/COEP headers, and the service worker that adds them is not active).',
  });
  assert.match(why({ serviceWorkers: false }).note, /service workers are unavailable here\)\.$/);
  assert.match(why({ secure: false }).note, /not served over HTTPS or from localhost\)\.$/);
  assert.equal(why({ requested: '4' }).threads, 1);
});

test('the facts come from a window or worker scope', () => {
  const scope = {
    crossOriginIsolated: true, isSecureContext: true, navigator: { hardwareConcurrency: 4, serviceWorker: {} },
  };
  assert.deepEqual(threadFacts(scope, '2'), {
    isolated: true, cores: 4, requested: '2', secure: true, serviceWorkers: true,
  });
  assert.equal(threadFacts({ navigator: {} }, null).cores, 1);
  assert.equal(threadFacts({}, null).isolated, false);
});

/** A window that is not isolated, whose service worker registers and activates (unless told otherwise). */
function fakeWindow({
  isolated = false, registers = true, activates = true, storage = new Map(),
} = {}) {
  const log = [];
  return {
    log,
    storage,
    win: {
      crossOriginIsolated: isolated,
      isSecureContext: true,
      sessionStorage: {
        getItem: (k) => (storage.has(k) ? storage.get(k) : null),
        setItem: (k, v) => storage.set(k, v),
        removeItem: (k) => storage.delete(k),
      },
      navigator: {
        serviceWorker: {
          register: async (url) => {
            log.push(`register ${String(url).split('/').pop()}`);
            return registers ? {} : undefined;
          },
          ready: activates ? Promise.resolve({}) : new Promise(() => {}),
        },
      },
      location: { reload: () => log.push('reload') },
    },
  };
}

test('without isolation the page registers the service worker and reloads, once', async () => {
  const first = fakeWindow();
  assert.equal(await isolate(first.win), true);
  assert.deepEqual(first.log, ['register service-worker.js', 'reload']);
  // The reloaded page is isolated: nothing more, and the flag is cleared.
  const second = fakeWindow({ isolated: true, storage: first.storage });
  assert.equal(await isolate(second.win), false);
  assert.deepEqual(second.log, []);
  assert.equal(first.storage.size, 0);
});

test('a reload that did not isolate the page is not repeated', async () => {
  const first = fakeWindow();
  await isolate(first.win);
  const second = fakeWindow({ storage: first.storage });
  assert.equal(await isolate(second.win), false);
  assert.deepEqual(second.log, []);
});

test('an isolated page, or one without service workers, does nothing', async () => {
  const isolated = fakeWindow({ isolated: true });
  assert.equal(await isolate(isolated.win), false);
  const none = fakeWindow();
  delete none.win.navigator.serviceWorker;
  assert.equal(await isolate(none.win), false);
  assert.deepEqual([...isolated.log, ...none.log], []);
});

test('a refused registration means one thread, not a reload', async () => {
  const refused = fakeWindow({ registers: false });
  const warn = console.warn;
  console.warn = () => {};
  try {
    assert.equal(await isolate(refused.win), false);
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(refused.log, ['register service-worker.js']);
});

test('on an isolated page a worker gets a cancel flag first, raised when the worker is stopped', async () => {
  const had = Object.getOwnPropertyDescriptor(globalThis, 'crossOriginIsolated');
  Object.defineProperty(globalThis, 'crossOriginIsolated', { value: true, configurable: true });
  try {
    const posted = [];
    const worker = {
      postMessage: (m) => posted.push(m), terminate: () => posted.push('terminated'), onmessage: null, onerror: null,
    };
    const client = new EngineClient(() => worker);
    const search = client.search('{}');
    assert.equal(posted[0].type, CANCEL_FLAG);
    const { flag } = posted[0];
    assert.equal(Atomics.load(flag, 0), 0);
    assert.equal(posted[1].type, 'search');
    client.terminate();
    await assert.rejects(search, { name: 'CancelledError' });
    assert.equal(Atomics.load(flag, 0), 1);
    assert.equal(posted.at(-1), 'terminated');
  } finally {
    if (had) Object.defineProperty(globalThis, 'crossOriginIsolated', had);
    else delete globalThis.crossOriginIsolated;
  }
});

test('the engine takes a thread count, and stops a search when its cancel flag is up', async () => {
  const nndf = await loadWasm();
  assert.equal(JSON.parse(nndf.setThreads(0)).ok, true);
  assert.equal(JSON.parse(nndf.setThreads(3)).ok, true);
  const bad = JSON.parse(nndf.setThreads(-2));
  assert.equal(bad.ok, false);
  assert.equal(bad.error.path, 'processes');
  const run = JSON.stringify({
    format: 'nndf-run/2', network: 'alex_net', batch: 16, nodes: [1, 1], array: [16, 16], regf: 512, gbuf: 131072,
  });
  // The single-threaded module caps any count at one.
  const done = JSON.parse(nndf.search(run, null, true));
  assert.equal(done.ok, true);
  assert.match(done.result_text, /"nprocesses": 1,/);
  const flag = new Int32Array(new SharedArrayBuffer(4));
  nndf.nndfCancelFlag = flag;
  Atomics.store(flag, 0, 1);
  const cancelled = JSON.parse(nndf.search(run, null, true));
  assert.equal(cancelled.ok, false);
  assert.equal(cancelled.error.message, 'the search was cancelled');
  Atomics.store(flag, 0, 0);
  assert.equal(JSON.parse(nndf.search(run, null, true)).ok, true);
});
