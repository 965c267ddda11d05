// A cancel flag the page shares with its search worker, beside the protocol
// (protocol.js): the worker is blocked in the search, so no message could
// reach it, but a SharedArrayBuffer can. Cancelling terminates the worker as
// before; Chromium lets a busy worker run on for up to 2 s after terminate()
// (and its pthreads with it), so the flag, which the engine reads between
// chunks of work (wasm/bindings.cpp), stops the search itself at once.
// Only cross-origin isolated pages have SharedArrayBuffer: elsewhere there
// is no flag, and terminate() alone stops the worker.

/** The one message of this channel: {type: CANCEL_FLAG, flag: Int32Array}, the first a worker gets. */
export const CANCEL_FLAG = 'nndf-cancel-flag';

/** A fresh flag, or null where SharedArrayBuffer is not available. */
export function createCancelFlag() {
  if (typeof SharedArrayBuffer !== 'function' || globalThis.crossOriginIsolated !== true) return null;
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Raises a flag: the search that reads it stops at its next check. */
export function raiseCancelFlag(/** @type {Int32Array | null} */ flag) {
  if (flag) Atomics.store(flag, 0, 1);
}
