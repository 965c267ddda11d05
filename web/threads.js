// How many threads a search in this page runs on, and why. The search worker
// (worker.js) and the page (boot.js) both decide with threadPlan(), from the
// same facts, so the note the page shows is the worker's choice.
//
// Threads need the threaded wasm module (nndf-mt: Emscripten pthreads), which
// needs SharedArrayBuffer, which browsers give only to cross-origin isolated
// pages (COOP/COEP headers, docs/web.md). Elsewhere a search runs on one
// thread, in the single-threaded module.

/**
 * @typedef {object} ThreadFacts
 * @property {boolean} isolated       crossOriginIsolated
 * @property {number} cores           navigator.hardwareConcurrency
 * @property {string | null} requested The page's `threads` URL parameter: "all", a whole number, or null (all).
 * @property {boolean} secure         isSecureContext
 * @property {boolean} serviceWorkers Service workers are available (the isolation fallback, isolation.js).
 * @typedef {object} ThreadPlan
 * @property {boolean} threaded   Load the threaded module.
 * @property {number} threads     The threads a search runs on, the caller's included.
 * @property {string} note        What the page says about it.
 */

/** The URL parameter that sets the threads of the page's searches (the CLI's -p, the run schema's processes). */
export const THREADS_PARAM = 'threads';

/** The facts of this global scope (a window or a worker); `requested` from the page's URL. */
export function threadFacts(/** @type {any} */ scope, /** @type {string | null} */ requested) {
  return {
    isolated: scope.crossOriginIsolated === true,
    cores: Math.max(1, Number(scope.navigator?.hardwareConcurrency) || 1),
    requested,
    secure: scope.isSecureContext === true,
    serviceWorkers: Boolean(scope.navigator && 'serviceWorker' in scope.navigator),
  };
}

/** The threads asked for: null for every core, or a whole number from 1; anything else is every core too. */
function requestedCount(/** @type {string | null} */ text) {
  if (text === null || text === 'all') return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? n : null;
}

/** Why this page cannot run threads (it is not cross-origin isolated). */
function whyNotIsolated(/** @type {ThreadFacts} */ facts) {
  if (!facts.secure) return 'it is not served over HTTPS or from localhost';
  if (!facts.serviceWorkers) return 'its server sends no COOP/COEP headers, and service workers are unavailable here';
  return 'its server sends no COOP/COEP headers, and the service worker that adds them is not active';
}

/** @returns {ThreadPlan} */
export function threadPlan(/** @type {ThreadFacts} */ facts) {
  if (!facts.isolated) {
    return {
      threaded: false,
      threads: 1,
      note: `One thread: this page is not cross-origin isolated (${whyNotIsolated(facts)}).`,
    };
  }
  const threads = Math.min(requestedCount(facts.requested) ?? facts.cores, facts.cores);
  return { threaded: true, threads, note: threads === 1 ? '1 thread' : `${threads} threads` };
}
