// The sweep's points on a pool of engine workers: each worker (an
// EngineClient on the precompiled single-threaded module) takes the next
// point as it becomes free and answers with its line (sweepPoint: the search
// and the CLI's JSON line in one call, one message a point), so the tools
// worker stays free for the form and the page's thread has little to do. Lines come back as points finish, in any order; the
// answer is in point order. Cancel terminates every worker at once.
import { CancelledError } from './engine.js';

/**
 * @typedef {{index: number, values: Record<string, any>, run: Record<string, any>, problem?: string}} SweepPoint
 *   One of the engine's sweepPoints; `problem`: it breaks a rule between fields, and its line says so without a search.
 * @typedef {import('./sweep-model.js').SweepLine} SweepLine
 * @typedef {{call(fn: string, args?: any[], options?: {signal?: AbortSignal}): Promise<any>, terminate(reason?: string): void, start(): void}} Client
 * @typedef {{line: SweepLine, text: string, result: ArrayBuffer | null, seconds: number}} Finished
 *   A point's line, the line's text as the CLI prints it, its result document
 *   (UTF-8 bytes, transferred by its worker: a reply costs the page's thread
 *   nothing to receive however long the document), its time in seconds.
 */

/** The pool's size: every core the browser reports, at most `cap` (a worker holds a wasm instance's memory). */
export const poolSize = (/** @type {number | undefined} */ cores, cap = 8) => Math.max(1, Math.min(cap, Math.floor(cores ?? 1) || 1));

export class SweepPool {
  /** @type {() => Client} */
  #createClient;
  /** @type {Client[]} */
  #clients = [];
  size;

  /** `createClient()` makes an engine client with its own worker; the pool makes `size` of them, when first needed. */
  constructor(/** @type {() => Client} */ createClient, /** @type {number} */ size) {
    this.#createClient = createClient;
    this.size = size;
  }

  /**
   * Runs `points`; `onFinished(point, finished)` hears each as it ends.
   * Resolves to the lines in point order; rejects with CancelledError when
   * `signal` aborts (every worker is then terminated). A point whose search
   * fails still gets its line (status `error`, the engine's message).
   * @returns {Promise<SweepLine[]>}
   */
  async run(/** @type {SweepPoint[]} */ points, /** @type {{signal?: AbortSignal, onFinished?: (p: SweepPoint, f: Finished) => void, now?: () => number}} */ {
    signal, onFinished = () => {}, now = () => performance.now(),
  } = {}) {
    if (signal?.aborted) throw new CancelledError();
    while (this.#clients.length < Math.min(this.size, points.length)) this.#clients.push(this.#createClient());
    /** @type {SweepLine[]} */
    const lines = new Array(points.length);
    let next = 0;
    const onAbort = () => this.terminate();
    signal?.addEventListener('abort', onAbort, { once: true });
    const clients = this.#clients.slice(0, Math.min(this.size, points.length));
    // Each worker has its next point queued behind the one it searches, so
    // it never waits for the page's thread (busy drawing, say) to hand it
    // one; near the end a worker holds one point only, so that none waits
    // for another's queue.
    const work = async (/** @type {Client} */ client, /** @type {boolean} */ queued) => {
      while (next < points.length && (!queued || points.length - next > clients.length)) {
        const at = next;
        next += 1;
        const point = points[at];
        const started = now();
        const finished = await this.#runPoint(client, point);
        // The worker's own time for the point; the time in the queue is not the point's.
        if (!(finished.seconds > 0)) finished.seconds = (now() - started) / 1000;
        lines[at] = finished.line;
        if (signal?.aborted) throw new CancelledError();
        onFinished(point, finished);
      }
    };
    try {
      await Promise.all([...clients.map((c) => work(c, false)), ...clients.map((c) => work(c, true))]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (signal?.aborted) throw new CancelledError();
    return lines;
  }

  /** @returns {Promise<Finished>} */
  async #runPoint(/** @type {Client} */ client, /** @type {SweepPoint} */ point) {
    const pointText = JSON.stringify(point);
    try {
      const {
        line, text, result, seconds,
      } = await client.call('sweepPoint', [pointText]);
      return {
        line, text, result, seconds,
      };
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      // The engine crashed on this point (its worker starts afresh for the
      // next request): the point is a line of its own; the sweep goes on.
      const { line, text } = await client.call('sweepLine', [pointText, '', /** @type {Error} */ (err).message]);
      return {
        line, text, result: null, seconds: 0,
      };
    }
  }

  /** Starts every worker now (each loads the engine), so that a sweep's first points do not wait for them. */
  warm() {
    while (this.#clients.length < this.size) this.#clients.push(this.#createClient());
    for (const c of this.#clients) c.start();
  }

  /** Stops every worker (they start afresh for the next run). */
  terminate(reason = 'cancelled') {
    for (const c of this.#clients) c.terminate(reason);
  }

  /** Ends the pool's workers for good. */
  dispose() {
    this.terminate('the sweep pool was closed');
    this.#clients = [];
  }
}
