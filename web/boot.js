// The page's entry point. The engine was started by index.html before
// anything else loaded (window.nndfEngine: the single-threaded wasm module
// compiling, two workers loading); this hands the workers to their clients
// and loads the page itself (main.js). Where the page can run threads,
// index.html's second worker is a search worker that loads the threaded
// module instead (the note under the run status says which,
// view-threads.js); a `threads` value it could not see (none here) starts a
// new one. Kept tiny on
// purpose: main.js does not import this module, so there is no import cycle.
import { EngineClient, searchWorker } from './engine.js';
import { isolate } from './isolation.js';
import { keepOffline } from './offline.js';
import { THREADS_PARAM, threadFacts, threadPlan } from './threads.js';
import { showOfflineReady, showUpdateReady } from './view-offline.js';
import { showThreadPlan } from './view-threads.js';

/**
 * @typedef {{startWorker: () => Worker, workers: Worker[], threads: string | null, facts?: Promise<any>}} StartedEngine
 *   `threads`: non-null when the second worker is a threaded search worker
 *   (started with `?threads=` of that value, as searchWorker() starts them);
 *   `facts`: engine-facts.json as fetched (null where it failed).
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
 * How long a search worker may take to answer its first call (about a
 * second is usual): Firefox has left a threaded engine's worker loading for
 * good, and the page said "Starting the search…" forever. A fresh worker
 * takes over its requests (engine.js).
 */
const SEARCHER_START_MS = 10_000;

/** The threads searches run on (the `?threads=` of their worker), or null: one thread. */
const searchThreads = plan.threaded ? threads ?? 'all' : null;
/** Starts a search worker; later single-threaded ones get the module index.html compiled. */
const laterSearcher = searchThreads !== null ? searchWorker(searchThreads) : engine?.startWorker;
/** Quick calls: the run schema, validation, layer lists, explanations. */
const tools = engine ? client(started(engine.workers.shift()), engine.startWorker) : new EngineClient();
// index.html's second worker serves searches if it is of the kind they need.
const second = engine ? started(engine.workers.shift()) : null;
const fits = second !== null && engine?.threads === searchThreads;
if (second && !fits) second.terminate();
/** Searches, on threads where the page is isolated; its worker is terminated to cancel one. */
const searcher = laterSearcher ? client(fits ? second : null, laterSearcher, { startTimeoutMs: SEARCHER_START_MS }) : new EngineClient();
// Any worker index.html started that no client took.
for (const unused of engine?.workers.splice(0) ?? []) unused.terminate();

searcher.start();
tools.start();
const page = import('./main.js')
  .then(({ start }) => start({
    searcher, tools, startWorker: engine?.startWorker, facts: engine?.facts ?? Promise.resolve(null),
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
