// The engine worker: loads the wasm module and answers the page's requests
// (protocol.js) with worker-handler.js. A search blocks this worker until it
// ends; the page cancels one by terminating the worker.
import createNndfModule from './nndf.mjs';
import { createRequestHandler } from './worker-handler.js';

/** This worker's global scope (the DOM's types call `self` a Window). */
const scope = /** @type {{postMessage(message: any): void, onmessage: ((event: MessageEvent) => void) | null}} */ (/** @type {unknown} */ (self));
const handle = createRequestHandler(createNndfModule(), (reply) => scope.postMessage(reply));
scope.onmessage = ({ data }) => handle(data);
