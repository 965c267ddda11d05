// The engine worker: loads the wasm module and answers the page's requests
// (protocol.js) with worker-handler.js. A search blocks this worker until it
// ends; the page cancels one by terminating the worker.
import createNndfModule from './nndf.mjs';
import { createRequestHandler } from './worker-handler.js';

const handle = createRequestHandler(createNndfModule(), (reply) => self.postMessage(reply));
self.onmessage = ({ data }) => handle(data);
