// The engine worker of the page (web/worker.js), as a Node worker thread:
// the same request handler and wasm module, with the .wasm file's bytes
// passed in (Node cannot fetch it) and parentPort in place of `self`.
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';

import { createRequestHandler } from '../../web/worker-handler.js';

const repo = new URL('../../', import.meta.url);
const loadEngine = async () => {
  const { default: createNndfModule } = await import(new URL('build/wasm/nndf.mjs', repo));
  return createNndfModule({ wasmBinary: await readFile(new URL('build/wasm/nndf.wasm', repo)) });
};
const handle = createRequestHandler(loadEngine(), (reply) => parentPort.postMessage(reply));
parentPort.on('message', handle);
