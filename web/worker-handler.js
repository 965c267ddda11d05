// The worker's side of the protocol (protocol.js), apart from the worker
// global so that Node tests can drive it with the real wasm module: each
// request becomes one engine call, and its answer one or more replies.
import {
  CALLS, REQUEST_TYPES, errorReply, messageProblem, progressReply, resultReply,
} from './protocol.js';

/**
 * The wasm module's functions (wasm/bindings.cpp); each answers JSON text,
 * an envelope {"ok": true, ...} or {"ok": false, "error": {message, path}},
 * the error of a bug in the engine with `internal: true` and `details`.
 * @typedef {object} NndfModule
 * @property {() => string} version
 * @property {() => string} builtinNetworks
 * @property {() => string} runSchema
 * @property {(runText: string) => string} validate
 * @property {(networkText: string, batch: number, wordBits: number) => string} networkLayers
 * @property {(runText: string, onProgress: ((progress: import('./protocol.js').Progress) => void) | null, diagnose: boolean) => string} search
 * @property {(networkText: string, resultText: string, layerName: string, wordBits: number) => string} explain
 * @property {(networkText: string, resultText: string, layerName: string, n: number, seconds: number) => string} alternatives
 * @property {(sweepText: string) => string} sweepPoints
 * @property {(pointText: string, resultText: string, errorMessage: string) => string} sweepLine
 * @property {(pointText: string) => string} sweepPoint
 */

/** An engine failure as data: the message, and the path of the field at fault (or, for a bug, its details). */
class EngineAnswerError extends Error {
  /** @param {{message: string, path?: string, internal?: boolean, details?: string}} error */
  constructor({
    message, path, internal, details,
  }) {
    super(message);
    this.path = path ?? '';
    this.internal = internal === true;
    this.details = details ?? '';
  }
}

/**
 * The payload of an engine envelope, or throws its error. The envelopes are
 * standard JSON (the result document travels inside as text, `result_text`).
 */
function unwrap(/** @type {string} */ text) {
  const envelope = JSON.parse(text);
  if (!envelope.ok) throw new EngineAnswerError(envelope.error);
  return envelope;
}

const encoder = new TextEncoder();

/** The ArrayBuffers among an answer's own fields: they move with its reply instead of being copied (postMessage's transfer list). */
const buffersOf = (/** @type {any} */ value) => (value !== null && typeof value === 'object'
  ? Object.values(value).filter((v) => v instanceof ArrayBuffer) : []);

/**
 * A handler for request messages. `engine` is a promise of the wasm module;
 * `post(reply, transfer)` sends a reply, moving the buffers in `transfer`. Search progress is sent at most every
 * `progressInterval` ms, and whenever a layer starts or ends.
 */
export function createRequestHandler(
  /** @type {Promise<NndfModule>} */ engine,
  /** @type {(reply: import('./protocol.js').Reply, transfer?: ArrayBuffer[]) => void} */ post,
  { progressInterval = 50, now = () => performance.now() } = {},
) {
  /** The text of a point as sweepPoints gave it (an object), or of its text. */
  const pointText = (/** @type {any} */ point) => (typeof point === 'string' ? point : JSON.stringify(point));
  /** @type {Record<string, (m: NndfModule, ...args: any[]) => any>} */
  const calls = {
    version: (m) => m.version(),
    builtinNetworks: (m) => unwrap(m.builtinNetworks()).networks,
    runSchema: (m) => unwrap(m.runSchema()).schema,
    validate: (m, runText) => unwrap(m.validate(String(runText))).problems,
    networkLayers: (m, text, batch, wordBits) => unwrap(m.networkLayers(String(text), Number(batch), Number(wordBits))).layers,
    explain: (m, networkText, resultText, layer, wordBits) => unwrap(m.explain(String(networkText), String(resultText), String(layer), Number(wordBits ?? 16))).explanation,
    alternatives: (m, networkText, resultText, layer, n, seconds) => unwrap(m.alternatives(String(networkText), String(resultText), String(layer), Number(n), Number(seconds))).alternatives,
    sweepPoints: (m, sweepText) => {
      const { sweep, count, points } = unwrap(m.sweepPoints(String(sweepText)));
      return { sweep, count, points };
    },
    sweepLine: (m, point, resultText, errorMessage) => {
      const { line, text } = unwrap(m.sweepLine(pointText(point), String(resultText ?? ''), String(errorMessage ?? '')));
      return { line, text };
    },
    sweepPoint: (m, point) => {
      // The engine searches it and makes its line (a refused point is a line of its own).
      const started = now();
      const { line, text: lineText, result_text: resultText } = unwrap(m.sweepPoint(pointText(point)));
      // The document goes as bytes, transferred with the reply (see `guard`):
      // the page's thread then receives a sweep's points without copying
      // their documents, and decodes only those opened (kept-documents.js).
      return {
        line, text: lineText, result: resultText === null ? null : encoder.encode(resultText).buffer, seconds: (now() - started) / 1000,
      };
    },
  };

  /** @returns {import('./protocol.js').SearchAnswer} */
  function search(/** @type {NndfModule} */ module, /** @type {number} */ id, /** @type {string} */ run, diagnose = true) {
    let lastLayer = -1;
    let lastTime = -Infinity;
    const onProgress = (/** @type {import('./protocol.js').Progress} */ progress) => {
      const t = now();
      // A layer's start and end always pass: the end carries the final share.
      const edge = progress.layerIndex !== lastLayer || progress.fraction >= 1;
      if (!edge && t - lastTime < progressInterval) return;
      lastLayer = progress.layerIndex;
      lastTime = t;
      post(progressReply(id, progress));
    };
    const { result_text: resultText, elapsed, diagnosis } = unwrap(module.search(String(run), onProgress, diagnose));
    return { resultText, elapsed, diagnosis: diagnosis ?? null };
  }

  /** @type {string | null} Why the module is unusable, once it has trapped or aborted. */
  let crashed = null;

  /** Runs one engine call; anything but the engine's own error answer means it crashed. */
  function guard(/** @type {number} */ id, /** @type {() => any} */ call) {
    try {
      const value = call();
      return post(resultReply(id, value), buffersOf(value));
    } catch (err) {
      if (err instanceof EngineAnswerError) {
        const { internal, details } = err;
        return post(errorReply(id, err.message, err.path, false, { internal, details }));
      }
      crashed = `the engine crashed: ${/** @type {any} */ (err)?.message ?? err}`;
      return post(errorReply(id, crashed, '', true));
    }
  }

  return async function handle(/** @type {any} */ message) {
    const problem = messageProblem(message, REQUEST_TYPES);
    const id = Number.isInteger(message?.id) ? message.id : -1;
    if (problem) return post(errorReply(id, `bad request: ${problem}`));
    if (message.type === 'call' && !CALLS.includes(message.fn)) {
      return post(errorReply(id, `unknown engine function '${message.fn}'`));
    }
    let module;
    try {
      module = await engine;
    } catch (err) {
      return post(errorReply(id, `the engine could not start: ${/** @type {any} */ (err)?.message ?? err}`, '', true));
    }
    if (crashed) return post(errorReply(id, crashed, '', true));
    if (message.type === 'search') return guard(id, () => search(module, id, message.run, message.diagnose !== false));
    return guard(id, () => calls[message.fn](module, ...(message.args ?? [])));
  };
}
