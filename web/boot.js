// The page's entry point. The engine was started by index.html before
// anything else loaded (window.nndfEngine: the single-threaded wasm module
// compiling, two workers loading); this hands the workers to their clients
// and loads the page itself (main.js). Where the page can run threads, the
// search worker is a new one that loads the threaded module instead (its
// note under the run status says which, view-threads.js). Kept tiny on
// purpose: main.js does not import this module, so there is no import cycle.
import { EngineClient, searchWorker } from './engine.js';
import { isolate } from './isolation.js';
import { THREADS_PARAM, threadFacts, threadPlan } from './threads.js';
import { showThreadPlan } from './view-threads.js';

/**
 * @typedef {{startWorker: () => Worker, workers: Worker[]}} StartedEngine
 */

// Threads need cross-origin isolation; without headers a service worker
// provides it, after one reload (isolation.js): then start nothing here.
if (await isolate()) await new Promise(() => {});
const threads = new URLSearchParams(location.search).get(THREADS_PARAM);
const plan = threadPlan(threadFacts(window, threads));
showThreadPlan(plan);

/** What index.html started, or null if its script failed (the clients then start workers that fetch the wasm file themselves). */
const engine = /** @type {StartedEngine | null} */ (/** @type {any} */ (window).nndfEngine ?? null);

/**
 * A client whose first worker is one index.html started, if any is left;
 * the workers after it (a search is cancelled by terminating its worker)
 * start when needed, with the module compiled already.
 */
function client() {
  if (engine === null) return new EngineClient();
  /** @type {Worker | null} */
  let first = engine.workers.shift() ?? null;
  if (first && /** @type {any} */ (first).nndfFailed) {
    first.terminate();
    first = null;
  }
  return new EngineClient(() => {
    const worker = first ?? engine.startWorker();
    first = null;
    return /** @type {any} */ (worker);
  });
}

/** Quick calls: the run schema, validation, layer lists, explanations. */
const tools = client();
/** Searches, on threads where the page is isolated; its worker is terminated to cancel one. */
const searcher = plan.threaded ? new EngineClient(searchWorker(threads ?? 'all')) : client();
// A worker index.html started for a search that runs on threads instead.
for (const unused of engine?.workers.splice(0) ?? []) unused.terminate();

searcher.start();
tools.start();
import('./main.js')
  .then(({ start }) => start({ searcher, tools }))
  .catch((err) => {
    const label = document.getElementById('progress-label');
    if (label) label.textContent = `The page could not start: ${err.message}`;
    console.error(err);
  });
