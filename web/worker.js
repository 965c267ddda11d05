// The engine worker: loads the wasm module and answers the page's requests
// (protocol.js) with worker-handler.js. A search blocks this worker until it
// ends; the page cancels one by raising its cancel flag (cancel-flag.js) and
// terminating the worker (which ends the worker's own pthread workers too).
//
// Whoever starts it sends {type: 'wasm-module', module, file} once: the
// wasm module the page compiled once for all its workers (index.html) and
// the file it came from, nndf.wasm or nndf-mt.wasm, or a null module, and
// this worker fetches and compiles what it needs itself. Requests that
// arrive before the engine is ready wait for it.
//
// A worker started with `?threads=...` in its URL (index.html, engine.js)
// loads the threaded module (nndf-mt) on a cross-origin isolated page and
// searches on that many threads (threads.js): the search worker on every
// core, the others (quick calls, sweep points) on one, in the same module,
// so the code V8 compiles for one worker serves them all.
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

/** @typedef {{module: WebAssembly.Module | null, file: string}} GivenModule */
/** @type {(given: GivenModule) => void} */
let received = () => {};
const given = /** @type {Promise<GivenModule>} */ (new Promise((resolve) => { received = resolve; }));

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

/** `file` (beside this script) fetched and compiled here. */
function compileFile(/** @type {string} */ file) {
  const url = new URL(file, import.meta.url);
  // A host that serves .wasm with another MIME type fails streaming compilation.
  return WebAssembly.compileStreaming(fetch(url))
    .catch(() => fetch(url).then((response) => response.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes)));
}

/**
 * Options for Emscripten's glue: its hook instantiates `file`'s module, the
 * one the page compiled if it sent that file's, else the file compiled
 * here. The glue may be called before the page's message arrives: the
 * threaded one then starts its pthread workers loading at once, in
 * parallel with the wasm file (they wait for the module, not for us).
 */
function instantiating(/** @type {string} */ file) {
  return {
    /** The glue's hook (receiving the module too: the threaded glue hands it to its pthreads). */
    instantiateWasm(/** @type {WebAssembly.Imports} */ imports, /** @type {(instance: WebAssembly.Instance, module: WebAssembly.Module) => void} */ receive) {
      given.then(({ module, file: from }) => (module !== null && from === file ? module : compileFile(file)))
        .then((module) => WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module)))
        .catch(fail);
      return {};
    },
  };
}

/** The single-threaded module. */
const singleThreaded = () => createNndfModule(instantiating('nndf.wasm'));

/** The module this worker's requests run on. */
async function loadEngine() {
  const params = new URL(import.meta.url).searchParams;
  if (params.has(THREADS_PARAM)) {
    const plan = threadPlan(threadFacts(self, params.get(THREADS_PARAM)));
    if (plan.threaded) {
      try {
        const { default: createThreaded } = await import('./nndf-mt.mjs');
        // Its pool holds a loaded worker for each thread but this one's (CMakeLists.txt), at least one.
        const options = { ...instantiating('nndf-mt.wasm'), nndfPoolSize: Math.max(1, plan.threads - 1) };
        const module = await withDeadline(createThreaded(options), THREADED_LOAD_MS, 'loading the threaded engine');
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
    received({ module: data.module instanceof WebAssembly.Module ? data.module : null, file: String(data.file ?? '') });
  } else if (data?.type === CANCEL_FLAG) {
    // Sent first, so the flag is in place before any search starts.
    engine.then((module) => { /** @type {any} */ (module).nndfCancelFlag = data.flag; }, () => {});
  } else {
    handle(data);
  }
};
