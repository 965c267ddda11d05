// The page's entry point. The engine was started by index.html before
// anything else loaded (window.nndfEngine: the wasm module compiling, two
// workers loading); this hands the workers to their clients and loads the
// page itself (main.js). Kept tiny on purpose: main.js does not import this
// module, so there is no import cycle.
import { EngineClient } from './engine.js';

/**
 * @typedef {{startWorker: () => Worker, workers: Worker[]}} StartedEngine
 */

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

/** Searches; its worker is terminated to cancel one. */
const searcher = client();
/** Quick calls: the run schema, validation, layer lists, explanations. */
const tools = client();

searcher.start();
tools.start();
import('./main.js')
  .then(({ start }) => start({ searcher, tools }))
  .catch((err) => {
    const label = document.getElementById('progress-label');
    if (label) label.textContent = `The page could not start: ${err.message}`;
    console.error(err);
  });
