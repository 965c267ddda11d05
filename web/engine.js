// The page's handle on an engine worker (protocol.js): requests become
// promises. A running search blocks its worker, so cancelling terminates the
// worker and the next request starts a fresh one; every pending promise is
// rejected then, never left hanging. A new search supersedes a running one:
// the newest run wins.
import {
  REPLY_TYPES, callRequest, messageProblem, searchRequest,
} from './protocol.js';

/** A request that was cancelled (by cancel(), or superseded by a newer search). */
export class CancelledError extends Error {
  constructor(reason) {
    super(reason);
    this.name = 'CancelledError';
  }
}

/** The engine refused a request; `path` names the input field at fault, or is ''. */
export class EngineError extends Error {
  constructor(message, path = '') {
    super(message);
    this.name = 'EngineError';
    this.path = path;
  }
}

const moduleWorker = () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });

export class EngineClient {
  #createWorker;
  #worker = null;
  #pending = new Map();  // id -> {resolve, reject, onProgress}
  #nextId = 1;
  #searchId = null;

  /** `createWorker()` returns a Worker-like object (tests pass a fake). */
  constructor(createWorker = moduleWorker) {
    this.#createWorker = createWorker;
  }

  /** Starts the worker now (it loads the wasm module at once) rather than at the first request. */
  start() {
    this.#ensureWorker();
  }

  /** True while a search runs. */
  get searching() {
    return this.#searchId !== null;
  }

  /** Calls a quick engine function (protocol.js CALLS); resolves to its value. */
  call(fn, ...args) {
    return this.#request((id) => callRequest(id, fn, args));
  }

  /**
   * Searches a run document (text). Resolves to {result, text};
   * `onProgress({layerIndex, layerCount, layerName, fraction})` follows it.
   * A search already running is cancelled first.
   */
  search(run, onProgress = () => {}) {
    if (this.#searchId !== null) this.cancel('superseded by a newer run');
    const promise = this.#request((id) => searchRequest(id, run), onProgress);
    this.#searchId = this.#nextId - 1;
    return promise;
  }

  /** Stops the worker, rejecting every pending request with CancelledError. */
  cancel(reason = 'cancelled') {
    this.#stopWorker(new CancelledError(reason));
  }

  #request(build, onProgress) {
    return new Promise((resolve, reject) => {
      const id = this.#nextId;
      this.#nextId += 1;
      let worker;
      try {
        worker = this.#ensureWorker();
      } catch (err) {
        reject(err);
        return;
      }
      this.#pending.set(id, { resolve, reject, onProgress });
      worker.postMessage(build(id));
    });
  }

  #ensureWorker() {
    if (this.#worker) return this.#worker;
    const worker = this.#createWorker();
    // Replies of a worker that was already replaced are ignored.
    worker.onmessage = ({ data }) => {
      if (worker === this.#worker) this.#onReply(data);
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (worker === this.#worker) {
        this.#stopWorker(new EngineError(`the engine worker failed: ${event.message || 'its script did not load'}`));
      }
    };
    this.#worker = worker;
    return worker;
  }

  #onReply(reply) {
    const waiter = this.#pending.get(reply?.id);
    if (!waiter) return;
    const problem = messageProblem(reply, REPLY_TYPES);
    if (problem) {
      this.#settle(reply.id);
      waiter.reject(new EngineError(`the engine worker answered badly: ${problem}`));
    } else if (reply.type === 'progress') {
      waiter.onProgress?.(reply);
    } else if (reply.type === 'result') {
      this.#settle(reply.id);
      waiter.resolve(reply.value);
    } else {
      this.#settle(reply.id);
      const error = new EngineError(reply.message, reply.path);
      waiter.reject(error);
      // A crashed engine cannot serve the rest: the next request starts afresh.
      if (reply.fatal) this.#stopWorker(error);
    }
  }

  #settle(id) {
    this.#pending.delete(id);
    if (id === this.#searchId) this.#searchId = null;
  }

  #stopWorker(error) {
    this.#worker?.terminate();
    this.#worker = null;
    this.#searchId = null;
    const waiters = [...this.#pending.values()];
    this.#pending.clear();
    for (const { reject } of waiters) reject(error);
  }
}
