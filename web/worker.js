// The engine worker: loads the wasm module and answers the page's requests
// (protocol.js) with worker-handler.js. A search blocks this worker until it
// ends; the page cancels one by raising its cancel flag (cancel-flag.js) and
// terminating the worker (which ends the worker's own pthread workers too).
//
// Whoever starts it sends {type: 'wasm-module', module} once: the
// single-threaded wasm module, compiled once by the page for all its workers
// (index.html), or null, and this worker fetches and compiles nndf.wasm
// itself. Requests that arrive before the engine is ready wait for it.
//
// A search worker is started with `?threads=...` in its URL (engine.js): on
// a cross-origin isolated page it loads the threaded module (nndf-mt) and
// searches on that many threads (threads.js).
import createNndfModule from './nndf.mjs';
import { CANCEL_FLAG } from './cancel-flag.js';
import { withDeadline } from './deadline.js';
// Imported here too, not only by worker-handler.js: then it is requested
// with the others, not one round trip after them.
import './protocol.js';
import { THREADS_PARAM, threadFacts, threadPlan } from './threads.js';
import { createRequestHandler } from './worker-handler.js';

/** This worker's global scope (the DOM's types call `self` a Window). */
const scope = /** @type {{postMessage(message: any): void, onmessage: ((event: MessageEvent) => void) | null}} */ (/** @type {unknown} */ (self));

/** @type {(module: WebAssembly.Module | null) => void} */
let received = () => {};
const given = /** @type {Promise<WebAssembly.Module | null>} */ (new Promise((resolve) => { received = resolve; }));

/**
 * How long the threaded module may take to load, its threads' workers
 * included (about a second here). Past this, the search runs on one thread.
 * It covers a load that never settles while this worker's event loop stays
 * free; the hang seen in Firefox blocks the loop itself, and the page's
 * search client replaces such a worker (engine.js `startTimeoutMs`).
 */
const THREADED_LOAD_MS = 15_000;

/** Reported as an uncaught error, which the page hears as the worker's `error` event. */
const fail = (/** @type {unknown} */ err) => setTimeout(() => { throw err; });

/** The single-threaded module, from the compiled module the page sends (null: from the file). */
const singleThreaded = () => given.then((wasmModule) => createNndfModule(wasmModule === null ? {} : {
  /** The glue's hook: instantiates the given module instead of fetching the file. */
  instantiateWasm(/** @type {WebAssembly.Imports} */ imports, /** @type {(instance: WebAssembly.Instance, module: WebAssembly.Module) => void} */ receive) {
    WebAssembly.instantiate(wasmModule, imports).then((instance) => receive(instance, wasmModule), fail);
    return {};
  },
}));

/** The module this worker's requests run on. */
async function loadEngine() {
  const params = new URL(import.meta.url).searchParams;
  if (params.has(THREADS_PARAM)) {
    const plan = threadPlan(threadFacts(self, params.get(THREADS_PARAM)));
    if (plan.threaded) {
      try {
        const { default: createThreaded } = await import('./nndf-mt.mjs');
        const module = await withDeadline(createThreaded(), THREADED_LOAD_MS, 'loading the threaded engine');
        JSON.parse(module.setThreads(plan.threads));
        return module;
      } catch (err) {
        // The search still runs, on one thread; its result's nprocesses says so.
        console.warn(`nndf: the threaded engine did not load, searching on one thread: ${/** @type {any} */ (err)?.message ?? err}`);
      }
    }
  }
  return singleThreaded();
}

const engine = loadEngine();
const handle = createRequestHandler(engine, (reply) => scope.postMessage(reply));
scope.onmessage = ({ data }) => {
  if (data?.type === 'wasm-module') {
    received(data.module instanceof WebAssembly.Module ? data.module : null);
  } else if (data?.type === CANCEL_FLAG) {
    // Sent first, so the flag is in place before any search starts.
    engine.then((module) => { /** @type {any} */ (module).nndfCancelFlag = data.flag; }, () => {});
  } else {
    handle(data);
  }
};
