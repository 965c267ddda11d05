// The engine worker: loads the wasm module and answers the page's requests
// (protocol.js) with worker-handler.js. A search blocks this worker until it
// ends; the page cancels one by terminating the worker.
//
// Whoever starts it sends {type: 'wasm-module', module} once: the wasm
// module, compiled once by the page for all its workers (index.html), or
// null, and this worker fetches and compiles nndf.wasm itself. Requests
// that arrive before it wait for the engine.
import createNndfModule from './nndf.mjs';
// Imported here too, not only by worker-handler.js: then it is requested
// with the others, not one round trip after them.
import './protocol.js';
import { createRequestHandler } from './worker-handler.js';

/** This worker's global scope (the DOM's types call `self` a Window). */
const scope = /** @type {{postMessage(message: any): void, onmessage: ((event: MessageEvent) => void) | null}} */ (/** @type {unknown} */ (self));

/** @type {(module: WebAssembly.Module | null) => void} */
let received = () => {};
const given = /** @type {Promise<WebAssembly.Module | null>} */ (new Promise((resolve) => { received = resolve; }));

/** Reported as an uncaught error, which the page hears as the worker's `error` event. */
const fail = (/** @type {unknown} */ err) => setTimeout(() => { throw err; });

const engine = given.then((wasmModule) => createNndfModule(wasmModule === null ? {} : {
  /** The glue's hook: instantiates the given module instead of fetching the file. */
  instantiateWasm(/** @type {WebAssembly.Imports} */ imports, /** @type {(instance: WebAssembly.Instance, module: WebAssembly.Module) => void} */ receive) {
    WebAssembly.instantiate(wasmModule, imports).then((instance) => receive(instance, wasmModule), fail);
    return {};
  },
}));
const handle = createRequestHandler(engine, (reply) => scope.postMessage(reply));
scope.onmessage = ({ data }) => {
  if (data?.type === 'wasm-module') received(data.module instanceof WebAssembly.Module ? data.module : null);
  else handle(data);
};
