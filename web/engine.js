// The page's handle on the engine worker: call(name, ...args) returns a
// promise of what the wasm function returned.
export function startEngine() {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  const pending = new Map();
  let nextId = 0;
  let failure = null;  // Set once the worker has died: later calls fail at once.
  const failAll = (message) => {
    failure = new Error(message);
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  };
  worker.onmessage = ({ data: { id, result, error } }) => {
    const waiter = pending.get(id);
    pending.delete(id);
    if (error === undefined) waiter?.resolve(result);
    else waiter?.reject(new Error(error));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failAll(event.message || 'the worker script failed to load');
  };
  return {
    call(name, ...args) {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, call: name, args });
      });
    },
  };
}
