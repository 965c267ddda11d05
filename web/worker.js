// The engine worker: loads the wasm module and answers the page's requests
// (protocol.js) with worker-handler.js. A search blocks this worker until it
// ends; the page cancels one by terminating the worker (which ends the
// worker's own pthread workers with it).
//
// The search worker is started with `?threads=...` in its URL (engine.js):
// on a cross-origin isolated page it loads the threaded module (nndf-mt)
// and searches on that many threads (threads.js). Other workers, and pages
// that are not isolated, use the single-threaded module.
import createNndfModule from './nndf.mjs';
import { CANCEL_FLAG } from './cancel-flag.js';
import { THREADS_PARAM, threadFacts, threadPlan } from './threads.js';
import { createRequestHandler } from './worker-handler.js';

/** This worker's global scope (the DOM's types call `self` a Window). */
const scope = /** @type {{postMessage(message: any): void, onmessage: ((event: MessageEvent) => void) | null}} */ (/** @type {unknown} */ (self));

/** The module this worker's requests run on. */
async function loadEngine() {
  const params = new URL(import.meta.url).searchParams;
  if (!params.has(THREADS_PARAM)) return createNndfModule();
  const plan = threadPlan(threadFacts(self, params.get(THREADS_PARAM)));
  if (plan.threaded) {
    try {
      const { default: createThreaded } = await import('./nndf-mt.mjs');
      const module = await createThreaded();
      JSON.parse(module.setThreads(plan.threads));
      return module;
    } catch (err) {
      // The search still runs, on one thread; its result's nprocesses says so.
      console.warn(`nndf: the threaded engine did not load, searching on one thread: ${err?.message ?? err}`);
    }
  }
  return createNndfModule();
}

const engine = loadEngine();
const handle = createRequestHandler(engine, (reply) => scope.postMessage(reply));
scope.onmessage = ({ data }) => {
  if (data?.type === CANCEL_FLAG) {
    // The first message, so the flag is in place before any search starts.
    engine.then((module) => { /** @type {any} */ (module).nndfCancelFlag = data.flag; }, () => {});
    return;
  }
  handle(data);
};
