// Running and cancelling a search, without any DOM. One run at a time: a
// new run aborts the one before (the newest run wins), and cancel() aborts
// the current one, through an AbortController whose signal terminates the
// search worker (engine.js). A run asks the engine to check its run
// document while its search starts: the check runs on the other worker, so
// the search no longer waits for it (on opening, a cold engine took 0.15 to
// 0.2 s to check the document). A document with problems is refused; its
// search, which checks the same rules first, fails at once by itself. A
// result is kept together with the run document that produced it, so
// whatever is shown or exported later knows exactly what it is of.
import { CancelledError } from './engine.js';
import { readResultText } from './result-model.js';

/**
 * @typedef {import('./engine.js').EngineClient} EngineClient
 * @typedef {import('./protocol.js').Progress} Progress
 * @typedef {import('./config-model.js').Problem} Problem
 * @typedef {import('./result-model.js').Result} Result
 * @typedef {object} RunRequest
 * @property {Record<string, any>} document  The run document (version 2).
 * @property {string | null} networkText     The network's JSON text, for explanations later.
 * @typedef {object} Run  A finished search and what it was of.
 * @property {Record<string, any>} document
 * @property {string} documentText          What was sent to the engine.
 * @property {string | null} networkText
 * @property {string | null} resultText     The result document as the engine wrote it; null: no valid dataflow.
 * @property {Result | null} result
 * @property {number} elapsed               The engine's search time, s.
 * @property {number} seconds               The wall time of the run, s.
 * @property {import('./protocol.js').Diagnosis | null} diagnosis  Why no dataflow is valid (else null).
 * @typedef {{status: 'done', run: Run}
 *   | {status: 'refused', problems: Problem[]}
 *   | {status: 'failed', error: Error & {path?: string, internal?: boolean, details?: string}}
 *   | {status: 'cancelled'}
 *   | {status: 'superseded'}} RunOutcome
 *   `refused`: the engine's check found problems (its search fails by the same rules); `superseded`:
 *   a newer run took over (its caller shows that one instead).
 */

const SUPERSEDED = 'superseded by a newer run';

export class RunController {
  /** @type {EngineClient} */
  #engine;
  /** @type {(documentText: string) => Promise<Problem[]>} */
  #check;
  /** @type {AbortController | null} */
  #current = null;

  /**
   * `engine` runs searches (its worker is terminated to abort one);
   * `check(documentText)` answers the engine's problems of a run document.
   */
  constructor(/** @type {EngineClient} */ engine, /** @type {(documentText: string) => Promise<Problem[]>} */ check) {
    this.#engine = engine;
    this.#check = check;
  }

  /** True from the start of a run to its end. */
  get running() {
    return this.#current !== null;
  }

  /**
   * Checks and runs a run document; a run still going is aborted first.
   * `signal` aborts this run too (like cancel()).
   * @returns {Promise<RunOutcome>}
   */
  async run(/** @type {RunRequest} */ request, /** @type {{onProgress?: (p: Progress) => void, signal?: AbortSignal}} */ { onProgress, signal } = {}) {
    this.#current?.abort(SUPERSEDED);
    const controller = new AbortController();
    this.#current = controller;
    const forward = () => controller.abort(signal?.reason ?? 'cancelled');
    signal?.addEventListener('abort', forward, { once: true });
    const ended = (/** @type {RunOutcome} */ outcome) => {
      signal?.removeEventListener('abort', forward);
      if (this.#current === controller) this.#current = null;
      return outcome;
    };
    const aborted = () => ended({ status: controller.signal.reason === SUPERSEDED ? 'superseded' : 'cancelled' });

    const documentText = JSON.stringify(request.document);
    const started = performance.now();
    const search = new AbortController();
    const stopSearch = () => search.abort(controller.signal.reason);
    controller.signal.addEventListener('abort', stopSearch, { once: true });
    /** Once the run has its outcome, its search's progress is no longer shown. */
    let over = false;
    /** A refused document's search is left to end by itself (it does at once): its worker stays loaded. */
    let leaveSearch = false;
    try {
      const checked = this.#check(documentText);
      const searched = this.#engine.search(documentText, {
        signal: search.signal,
        onProgress: (p) => { if (!over) onProgress?.(p); },
      });
      // Read below, unless the run ends first (then its outcome is of no use).
      searched.catch(() => {});
      const problems = await checked;
      if (controller.signal.aborted) return aborted();
      if (problems.length > 0) {
        // The search checks the same rules and more (run_search) before it starts: it fails at once.
        leaveSearch = true;
        return ended({ status: 'refused', problems });
      }
      const { resultText, elapsed, diagnosis } = await searched;
      return ended({
        status: 'done',
        run: {
          document: request.document,
          documentText,
          networkText: request.networkText,
          resultText,
          result: resultText === null ? null : readResultText(resultText),
          elapsed,
          seconds: (performance.now() - started) / 1000,
          diagnosis: diagnosis ?? null,
        },
      });
    } catch (err) {
      if (err instanceof CancelledError || controller.signal.aborted) return aborted();
      return ended({ status: 'failed', error: /** @type {Error} */ (err) });
    } finally {
      over = true;
      controller.signal.removeEventListener('abort', stopSearch);
      // A search still going when its check failed is stopped (once it has ended, this does nothing).
      if (!leaveSearch) search.abort('its run has ended');
    }
  }

  /** Aborts the current run, if any (its outcome is 'cancelled'). */
  cancel(reason = 'cancelled') {
    this.#current?.abort(reason);
  }
}
