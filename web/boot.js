// The page's entry point. It starts both engine workers before anything
// else loads (each compiles the wasm module as soon as it exists), then
// loads the page itself (main.js) and hands it the workers. Kept tiny on
// purpose: with HTTP/1.1's six connections per host, the page's modules
// would otherwise queue in front of the workers' files on the way to the
// first result. main.js does not import this module: no import cycle.
import { EngineClient, searchWorker } from './engine.js';
import { isolate } from './isolation.js';
import { THREADS_PARAM, threadFacts, threadPlan } from './threads.js';
import { showThreadPlan } from './view-threads.js';

// Threads need cross-origin isolation; without headers a service worker
// provides it, after one reload (isolation.js): then start nothing here.
if (await isolate()) await new Promise(() => {});
const threads = new URLSearchParams(location.search).get(THREADS_PARAM);
showThreadPlan(threadPlan(threadFacts(window, threads)));

/** Searches, on threads where the page is isolated; its worker is terminated to cancel one. */
const searcher = new EngineClient(searchWorker(threads ?? 'all'));
/** Quick calls: the run schema, validation, layer lists, explanations. */
const tools = new EngineClient();

searcher.start();
tools.start();
import('./main.js')
  .then(({ start }) => start({ searcher, tools }))
  .catch((err) => {
    const label = document.getElementById('progress-label');
    if (label) label.textContent = `The page could not start: ${err.message}`;
    console.error(err);
  });
