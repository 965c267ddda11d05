// The engine worker: loads the wasm module and answers the page's requests
// (protocol.js) with worker-handler.js. A search blocks this worker until it
// ends; the page cancels one by raising its cancel flag (cancel-flag.js) and
// terminating the worker (which ends the worker's own pthread workers too).
//
// Whoever starts it sends {type: 'wasm-module', module, file} once: the
// wasm module the page compiled once for all its workers (index.html) and
// the file it came from, nndf.wasm or nndf-mt.wasm, or a null module, and
// this worker fetches and compiles what it needs itself. The page may say
// first which file it compiles ({type: 'wasm-file', file}): a worker that
// needs another starts fetching it at once. Requests that arrive before the
// engine is ready wait for it.
//
// A worker started with `?threads=...` in its URL (index.html, engine.js)
// loads the threaded module (nndf-mt) on a cross-origin isolated page and
// searches on that many threads (threads.js): the search worker on every
// core and, where index.html runs one module, the others (quick calls,
// sweep points) on one, so the code V8 compiles for one worker serves all.
import createNndfModule from './nndf.mjs';
import { CANCEL_FLAG } from './cancel-flag.js';
import { withDeadline } from './deadline.js';
// Imported here too, not only by worker-handler.js: then it is requested
// with the others, not one round trip after them.
import './protocol.js';
import { THREADS_PARAM, threadFacts, threadPlan } from './threads.js';
import { createRequestHandler } from './worker-handler.js';

/** This worker's global scope (the DOM's types call `self` a Window). */
const scope = /** @type {{postMessage(message: any, transfer?: Transferable[]): void, onmessage: ((event: MessageEvent) => void) | null}} */ (/** @type {unknown} */ (self));

/** @typedef {{module: WebAssembly.Module | null, file: string}} GivenModule */
/** @type {(given: GivenModule) => void} */
let received = () => {};
const given = /** @type {Promise<GivenModule>} */ (new Promise((resolve) => { received = resolve; }));
/** @type {(file: string) => void} */
let announce = () => {};
/** The file whose module the page sends ('': none). */
const announced = /** @type {Promise<string>} */ (new Promise((resolve) => { announce = resolve; }));

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
 * one the page compiled if it sends that file's, else the file compiled
 * here. The glue may be called before the page's module arrives: the
 * threaded one then starts its pthread workers loading at once, in
 * parallel with the wasm file (they wait for the module, not for us). The
 * glue never hears of a failure in the hook: `failure` rejects with it.
 */
function instantiating(/** @type {string} */ file) {
  /** @type {(err: unknown) => void} */
  let failed = () => {};
  const failure = /** @type {Promise<never>} */ (new Promise((_, reject) => { failed = reject; }));
  const options = {
    /** The glue's hook (receiving the module too: the threaded glue hands it to its pthreads). */
    instantiateWasm(/** @type {WebAssembly.Imports} */ imports, /** @type {(instance: WebAssembly.Instance, module: WebAssembly.Module) => void} */ receive) {
      announced.then((from) => (from === file ? given.then(({ module }) => module) : null))
        .then((module) => module ?? compileFile(file))
        .then((module) => WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module)))
        .catch(failed);
      return {};
    },
  };
  return { options, failure };
}

/** The single-threaded module. */
function singleThreaded() {
  const { options, failure } = instantiating('nndf.wasm');
  failure.catch(fail);
  return createNndfModule(options);
}

/** The module this worker's requests run on. */
async function loadEngine() {
  const params = new URL(import.meta.url).searchParams;
  if (params.has(THREADS_PARAM)) {
    const plan = threadPlan(threadFacts(self, params.get(THREADS_PARAM)));
    if (plan.threaded) {
      try {
        const { default: createThreaded } = await import('./nndf-mt.mjs');
        // Its pool holds a loaded worker for each thread but this one's (CMakeLists.txt), at least one.
        const { options, failure } = instantiating('nndf-mt.wasm');
        const created = createThreaded({ ...options, nndfPoolSize: Math.max(1, plan.threads - 1) });
        const module = await withDeadline(Promise.race([created, failure]), THREADED_LOAD_MS, 'loading the threaded engine');
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
const handle = createRequestHandler(engine, (reply, transfer = []) => scope.postMessage(reply, transfer));
scope.onmessage = ({ data }) => {
  if (data?.type === 'wasm-file') {
    announce(String(data.file ?? ''));
  } else if (data?.type === 'wasm-module') {
    const module = data.module instanceof WebAssembly.Module ? data.module : null;
    const file = module === null ? '' : String(data.file ?? '');
    announce(file);
    received({ module, file });
  } else if (data?.type === CANCEL_FLAG) {
    // Sent first, so the flag is in place before any search starts.
    engine.then((module) => { /** @type {any} */ (module).nndfCancelFlag = data.flag; }, () => {});
  } else {
    handle(data);
  }
};
