// The page's entry point. It starts the search worker before anything else
// loads (the worker compiles the wasm module as soon as it exists), then
// loads the page itself (main.js). Kept tiny on purpose: with HTTP/1.1's six
// connections per host, the page's twenty-odd modules would otherwise queue
// in front of the worker's files on the way to the first result.
import { EngineClient } from './engine.js';

/** Searches; its worker is terminated to cancel one. */
export const searcher = new EngineClient();
/** Quick calls: layer lists and validation (started by its first call). */
export const tools = new EngineClient();

searcher.start();
import('./main.js');
