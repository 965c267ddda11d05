// The page's handle on an engine worker (protocol.js): requests become
// promises. Like squoosh's worker bridge, a request may take an AbortSignal:
// aborting it terminates the worker (a running wasm call blocks its message
// loop, so there is no gentler way) and the next request starts a fresh one.
// Every pending promise is then rejected, never left hanging. A new search
// supersedes a running one: the newest run wins.
import {
  REPLY_TYPES, callRequest, messageProblem, searchRequest,
} from './protocol.js';
import { CANCEL_FLAG, createCancelFlag, raiseCancelFlag } from './cancel-flag.js';
import { THREADS_PARAM } from './threads.js';

/**
 * @typedef {import('./protocol.js').Progress} Progress
 * @typedef {import('./protocol.js').SearchAnswer} SearchAnswer
 * @typedef {{postMessage(message: any): void, terminate(): void, onmessage: ((event: {data: any}) => void) | null, onerror: ((event: {message?: string, preventDefault?: () => void}) => void) | null}} WorkerLike
 * @typedef {{resolve: (value: any) => void, reject: (error: Error) => void, onProgress?: (p: Progress) => void, message: object}} Waiter
 *   `message`: the request as sent, to send again to a worker started afresh.
 */

/** A request that was aborted (its signal, or superseded by a newer search, or the worker was terminated). */
export class CancelledError extends Error {
  constructor(reason = 'cancelled') {
    super(reason);
    this.name = 'CancelledError';
  }
}

/**
 * The engine refused a request; `path` names the input field at fault, or is
 * ''. `internal`: the engine found a bug in itself (the message asks for a
 * report; `details`, the failed check and its source line, are kept apart).
 */
export class EngineError extends Error {
  constructor(/** @type {string} */ message, path = '', { internal = false, details = '' } = {}) {
    super(message);
    this.name = 'EngineError';
    this.path = path;
    this.internal = internal;
    this.details = details;
  }
}

/** The reason of an aborted signal, as text. */
const reasonOf = (/** @type {AbortSignal} */ signal) => {
  const { reason } = signal;
  if (typeof reason === 'string') return reason;
  return reason instanceof Error && reason.name !== 'AbortError' ? reason.message : 'cancelled';
};

/** A worker that fetches and compiles the wasm file itself (worker.js: the page's own get the module index.html compiled). */
const moduleWorker = () => {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.postMessage({ type: 'wasm-module', module: null });
  return /** @type {WorkerLike} */ (/** @type {unknown} */ (worker));
};

/**
 * A factory of search workers: on a cross-origin isolated page they search
 * on `threads` threads ("all": every core; threads.js), else on one.
 */
export const searchWorker = (/** @type {string} */ threads = 'all') => () => {
  const url = new URL('./worker.js', import.meta.url);
  url.searchParams.set(THREADS_PARAM, threads);
  const worker = new Worker(url, { type: 'module' });
  // Where it ends up on one thread, it fetches the single-threaded module itself.
  worker.postMessage({ type: 'wasm-module', module: null });
  return /** @type {WorkerLike} */ (/** @type {unknown} */ (worker));
};

export class EngineClient {
  /** @type {() => WorkerLike} */
  #createWorker;
  /** @type {WorkerLike | null} */
  #worker = null;
  /** @type {Int32Array | null} The worker's cancel flag (cancel-flag.js), where the page has one. */
  #cancelFlag = null;
  /** @type {Map<number, Waiter>} */
  #pending = new Map();
  #nextId = 1;
  /** @type {number | null} */
  #searchId = null;
  /** How long a new worker may take to answer its first call (ms); 0: no limit. */
  #startTimeoutMs;
  /** Fresh workers left to try when one does not answer in time. */
  #restartsLeft;
  /** @type {number | null} The id of the current worker's first call ('version'), until it answers. */
  #pingId = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #pingTimer;

  /**
   * `createWorker()` returns a Worker-like object (tests pass a fake).
   * `startTimeoutMs`: a new worker is first asked for the engine's version;
   * one that has not answered after that long is taken for hung (Firefox has
   * left a threaded engine's worker loading for good, its event loop never
   * free again): it is terminated and its requests go to a fresh worker, up
   * to `restarts` times, after which they fail with an EngineError.
   */
  constructor(createWorker = moduleWorker, { startTimeoutMs = 0, restarts = 1 } = {}) {
    this.#createWorker = createWorker;
    this.#startTimeoutMs = startTimeoutMs;
    this.#restartsLeft = restarts;
  }

  /** Starts the worker now (it loads the wasm module at once) rather than at the first request. */
  start() {
    this.#ensureWorker();
  }

  /** True while a search runs. */
  get searching() {
    return this.#searchId !== null;
  }

  /**
   * Calls a quick engine function (protocol.js CALLS) with `args`; resolves
   * to its value. An abort of `signal` terminates the worker.
   */
  call(/** @type {string} */ fn, /** @type {any[]} */ args = [], /** @type {{signal?: AbortSignal}} */ { signal } = {}) {
    return this.#request((id) => callRequest(id, fn, args), { signal });
  }

  /**
   * Searches a run document (text). Resolves to {resultText, elapsed};
   * `onProgress({layerIndex, layerCount, layerName, fraction})` follows it.
   * A search already running is cancelled first; an abort of `signal`
   * terminates the worker and rejects with CancelledError.
   * @returns {Promise<SearchAnswer>}
   */
  search(/** @type {string} */ run, /** @type {{signal?: AbortSignal, onProgress?: (p: Progress) => void, diagnose?: boolean}} */ { signal, onProgress, diagnose = true } = {}) {
    if (this.#searchId !== null) this.terminate('superseded by a newer run');
    const promise = this.#request((id) => searchRequest(id, run, diagnose), { signal, onProgress });
    if (!signal?.aborted) this.#searchId = this.#nextId - 1;
    return promise;
  }

  /** Stops the worker, rejecting every pending request with CancelledError(reason). */
  terminate(reason = 'cancelled') {
    this.#stopWorker(new CancelledError(reason));
  }

  /**
   * @param {(id: number) => object} build
   * @param {{signal?: AbortSignal, onProgress?: (p: Progress) => void}} options
   * @returns {Promise<any>}
   */
  #request(build, { signal, onProgress }) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new CancelledError(reasonOf(signal)));
        return;
      }
      const id = this.#nextId;
      this.#nextId += 1;
      let worker;
      try {
        worker = this.#ensureWorker();
      } catch (err) {
        reject(err);
        return;
      }
      const onAbort = () => {
        if (this.#pending.has(id)) this.#stopWorker(new CancelledError(reasonOf(/** @type {AbortSignal} */ (signal))));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      const message = build(id);
      this.#pending.set(id, {
        resolve: (v) => { done(); resolve(v); },
        reject: (e) => { done(); reject(e); },
        onProgress,
        message,
      });
      worker.postMessage(message);
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
    this.#cancelFlag = createCancelFlag();
    if (this.#cancelFlag) worker.postMessage({ type: CANCEL_FLAG, flag: this.#cancelFlag });
    if (this.#startTimeoutMs > 0) {
      this.#pingId = this.#nextId;
      this.#nextId += 1;
      worker.postMessage(callRequest(this.#pingId, 'version', []));
      this.#pingTimer = setTimeout(() => {
        if (worker === this.#worker && this.#pingId !== null) this.#restart();
      }, this.#startTimeoutMs);
    }
    return worker;
  }

  /** The current worker did not answer in time: its requests go to a fresh one, or fail. */
  #restart() {
    if (this.#restartsLeft <= 0) {
      this.#stopWorker(new EngineError(`the engine did not start within ${this.#startTimeoutMs / 1000} s: reload the page`));
      return;
    }
    this.#restartsLeft -= 1;
    const waiting = [...this.#pending.entries()].sort(([a], [b]) => a - b);
    this.#dropWorker();
    const worker = this.#ensureWorker();
    for (const [, waiter] of waiting) worker.postMessage(waiter.message);
  }

  #onReply(/** @type {any} */ reply) {
    if (reply?.id === this.#pingId && this.#pingId !== null) {
      // The worker answers: its engine has started.
      this.#pingId = null;
      clearTimeout(this.#pingTimer);
      return;
    }
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
      const error = new EngineError(reply.message, reply.path, {
        internal: reply.internal === true, details: String(reply.details ?? ''),
      });
      waiter.reject(error);
      // A crashed engine cannot serve the rest: the next request starts afresh.
      if (reply.fatal) this.#stopWorker(error);
    }
  }

  #settle(/** @type {number} */ id) {
    this.#pending.delete(id);
    if (id === this.#searchId) this.#searchId = null;
  }

  /** Terminates the worker (its running call is stopped); the requests stay pending. */
  #dropWorker() {
    raiseCancelFlag(this.#cancelFlag);
    this.#cancelFlag = null;
    this.#worker?.terminate();
    this.#worker = null;
    this.#pingId = null;
    clearTimeout(this.#pingTimer);
  }

  #stopWorker(/** @type {Error} */ error) {
    this.#dropWorker();
    this.#searchId = null;
    const waiters = [...this.#pending.values()];
    this.#pending.clear();
    for (const { reject } of waiters) reject(error);
  }
}
