// The page's entry point. The engine was started by index.html before
// anything else loaded (window.nndfEngine: the wasm module compiling, two
// workers loading); this hands the workers to their clients and loads the
// page itself (main.js). Where the page can run threads, index.html's
// second worker searches on the page's threads (the note under the run
// status says how many, view-threads.js), and outside Firefox every worker
// runs the threaded module (index.html says why); a `threads` value it
// could not see (none here) starts a new one. Kept tiny on purpose: main.js
// does not import this module, so there is no import cycle.
import { EngineClient, searchWorker } from './engine.js';
import { isolate } from './isolation.js';
import { keepOffline } from './offline.js';
import { THREADS_PARAM, threadFacts, threadPlan } from './threads.js';
import { showOfflineReady, showUpdateReady } from './view-offline.js';
import { showThreadPlan } from './view-threads.js';

/**
 * @typedef {{startWorker: () => Worker, startSearchWorker: () => Worker, workers: Worker[], threads: string | null, oneModule: boolean, facts?: Promise<any>}} StartedEngine
 *   `threads`: non-null when the second worker is a threaded search worker
 *   (started with `?threads=` of that value, as startSearchWorker and
 *   searchWorker() start them); `oneModule`: the other workers run the
 *   threaded module too, on one thread; `facts`: engine-facts.json as
 *   fetched (null where it failed).
 */

// Threads need cross-origin isolation; without headers a service worker
// provides it, after one reload (isolation.js): then start nothing here.
if (await isolate()) await new Promise(() => {});
const threads = new URLSearchParams(location.search).get(THREADS_PARAM);
const plan = threadPlan(threadFacts(window, threads));
showThreadPlan(plan);

/** What index.html started, or null if its script failed (the clients then start workers that fetch the wasm file themselves). */
const engine = /** @type {StartedEngine | null} */ (/** @type {any} */ (window).nndfEngine ?? null);

/** A usable worker index.html started, or null (a failed one is terminated). */
function started(/** @type {Worker | undefined} */ worker) {
  if (!worker) return null;
  if (!(/** @type {any} */ (worker).nndfFailed)) return worker;
  worker.terminate();
  return null;
}

/**
 * A client whose first worker is `first` if there is one; the workers after
 * it (a search is cancelled by terminating its worker) come from `later`.
 */
function client(/** @type {Worker | null} */ first, /** @type {() => any} */ later, /** @type {{startTimeoutMs?: number}} */ options = {}) {
  let next = first;
  return new EngineClient(() => {
    const worker = next ?? later();
    next = null;
    return worker;
  }, options);
}

/**
 * How long a worker of the threaded engine may take to answer its first
 * call (about a second is usual): Firefox has left one loading for good,
 * and the page said "Starting the search…" forever. A fresh worker takes
 * over its requests (engine.js).
 */
const THREADED_START_MS = 10_000;
const threadedStart = { startTimeoutMs: THREADED_START_MS };

/** The threads searches run on (the `?threads=` of their worker), or null: one thread. */
const searchThreads = plan.threaded ? threads ?? 'all' : null;
/** Whether index.html started its search worker on the threads the page wants. */
const fits = engine !== null && engine.threads === searchThreads;
/** Starts a search worker; one that index.html starts gets the module it compiled. */
function laterSearchers() {
  if (fits && engine.startSearchWorker) return engine.startSearchWorker;
  return searchThreads !== null ? searchWorker(searchThreads) : engine?.startWorker;
}
const laterSearcher = laterSearchers();
/** The start options of the other workers: they run the threaded module where index.html runs one module. */
const otherStart = engine?.oneModule ? threadedStart : {};
/** Quick calls: the run schema, validation, layer lists, explanations. */
const tools = engine ? client(started(engine.workers.shift()), engine.startWorker, otherStart) : new EngineClient();
/** A client for one of the sweep's workers. */
const sweepClient = () => (engine ? client(null, engine.startWorker, otherStart) : new EngineClient());
// index.html's second worker serves searches if it is of the kind they need.
const second = engine ? started(engine.workers.shift()) : null;
if (second && !fits) second.terminate();
/** Searches, on threads where the page is isolated; its worker is terminated to cancel one. */
const searcher = laterSearcher ? client(fits ? second : null, laterSearcher, searchThreads !== null ? threadedStart : {}) : new EngineClient();
// Any worker index.html started that no client took.
for (const unused of engine?.workers.splice(0) ?? []) unused.terminate();

searcher.start();
tools.start();
const page = import('./main.js')
  .then(({ start }) => start({
    searcher, tools, sweepClient, facts: engine?.facts ?? Promise.resolve(null),
  }));
page.catch((err) => {
  const label = document.getElementById('progress-label');
  if (label) label.textContent = `The page could not start: ${err.message}`;
  console.error(err);
});
// Kept for offline use once the page's first run has ended (its result is
// on screen, or why not): fetching every file for the cache competed with
// the opening search (it ran during it, on this 2-core VM). And the service
// worker's first activation (it claims the page) should not fall while the
// threaded engine starts its threads' workers: in Firefox, first visits
// whose search never started were more frequent with it there (the search
// client's start timeout recovers from those that remain).
page.then(({ firstRun }) => firstRun).catch(() => {})
  .then(() => keepOffline(window, { ready: showOfflineReady, update: showUpdateReady }));
