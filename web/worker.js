// Runs the wasm engine off the page's thread. Messages in: {id, call, args};
// out: {id, result} or {id, error}. `call` names a function the module
// exports (see wasm/bindings.cpp).
import createNndfModule from './nndf.mjs';

const CALLS = new Set(['version', 'builtinNetworks', 'networkLayers']);
const engine = createNndfModule();

self.onmessage = async ({ data: { id, call, args = [] } }) => {
  try {
    if (!CALLS.has(call)) throw new Error(`unknown call '${call}'`);
    const module = await engine;
    self.postMessage({ id, result: module[call](...args) });
  } catch (err) {
    self.postMessage({ id, error: String(err?.message ?? err) });
  }
};
