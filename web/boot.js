// The page's entry point. It starts both engine workers before anything
// else loads (each compiles the wasm module as soon as it exists), then
// loads the page itself (main.js) and hands it the workers. Kept tiny on
// purpose: with HTTP/1.1's six connections per host, the page's modules
// would otherwise queue in front of the workers' files on the way to the
// first result. main.js does not import this module: no import cycle.
import { EngineClient } from './engine.js';

/** Searches; its worker is terminated to cancel one. */
const searcher = new EngineClient();
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
