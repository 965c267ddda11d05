// A promise that settles by a deadline: a step that can hang in a browser
// (a worker that never loads) becomes an error the caller can recover from.

/** Raised when a promise is not settled in time. */
export class DeadlineError extends Error {}

/**
 * Resolves or rejects as `promise` does, or rejects with DeadlineError
 * ("`what` took more than N s") if it has not settled after `ms`
 * milliseconds. `promise` itself goes on; its late answer is ignored.
 * @template T
 * @returns {Promise<T>}
 */
export function withDeadline(/** @type {Promise<T>} */ promise, /** @type {number} */ ms, /** @type {string} */ what) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what} took more than ${ms / 1000} s`)), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, late]).finally(() => clearTimeout(timer)));
}
