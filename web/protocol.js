// The messages between the page and the engine worker. Both sides import this
// module, so a message is built in one place and checked in one place.
//
// Page -> worker (requests):
//   {v, id, type: 'call', fn, args}   a quick engine function (see CALLS)
//   {v, id, type: 'search', run}      a schedule search of a run document (text)
// Worker -> page (replies, with the request's id):
//   {v, id, type: 'progress', layerIndex, layerCount, layerName, fraction,
//    work, elapsed, remaining, bestCost}   (docs/progress.md)
//   {v, id, type: 'result', value}    the last message of a request that succeeded
//   {v, id, type: 'error', message, path, fatal, internal, details}
//                                    the last message of one that failed; `fatal`: the
//                                    engine crashed and the worker is unusable; `internal`:
//                                    a bug in the engine (`details`: the failed check and
//                                    its source line, kept out of `message`)
//
// Every message carries the protocol version `v`; a side that gets another
// version answers with an error instead of guessing. A search is cancelled by
// terminating the worker (a running wasm call blocks its message loop), so
// there is no cancel message.

/** The version of this message format. Bump it when a message changes shape. */
export const PROTOCOL_VERSION = 4;

/**
 * The quick engine functions the worker may call (wasm/bindings.cpp), with
 * the value each answers: `version` a string, `builtinNetworks` [{name,
 * json}], `runSchema` the run schema (schema.js), `validate` the problems
 * of a run document's text [{path, message}], `networkLayers` the layer
 * list of a network's text, `explain` the engine's explanation of a layer
 * of a result (result-model.js). A refusal is an error with a path.
 */
export const CALLS = ['version', 'builtinNetworks', 'runSchema', 'validate', 'networkLayers', 'explain'];
// `alternatives` (view-alternatives.js): a layer's N best schedules; it runs
// one layer search, stopped by the engine after a time limit it is given.
CALLS.push('alternatives');
// `sweepPoints` (docs/sweep.md): a sweep document's text -> {sweep, count,
// points: [{sweep, index, values, run}]}, each point's run document ready for a
// search; `sweepLine`: a point's text, its result text ('' for none) and its
// error ('' for none) -> {line, text}, the line `nndf sweep` prints (text: byte
// for byte).
CALLS.push('sweepPoints', 'sweepLine');
// `sweepPoint` (sweep-pool.js): a point's text -> {line, text, resultText,
// seconds} (seconds: the worker's time for the point):
// its search (no progress, no diagnosis) and its line in one call, so that a
// pool worker sends the page one message a point; the engine keeps the
// line's totals as it writes the result, never parsing the text back. A
// point with a `problem` is not searched; a refused search is a line with
// status `error`. resultText: null for none.
CALLS.push('sweepPoint');

/**
 * @typedef {{v: number, id: number, type: 'call', fn: string, args: any[]}} CallRequest
 * @typedef {{v: number, id: number, type: 'search', run: string, diagnose?: boolean}} SearchRequest
 *   `diagnose` false: with no valid dataflow, no diagnosis (it searches again;
 *   a sweep point records only its status).
 * @typedef {{layerIndex: number, layerCount: number, layerName: string, fraction: number,
 *   work: number, elapsed: number, remaining: number, bestCost: number}} Progress
 *   Layer `layerIndex` (1-based) of `layerCount`, `fraction` of it done;
 *   `work` the share of the whole search's estimated work done (never
 *   decreases), `elapsed` and `remaining` seconds (remaining negative while
 *   unknown), `bestCost` the best schedule's cost so far (negative: none yet).
 * @typedef {{v: number, id: number, type: 'progress'} & Progress} ProgressReply
 * @typedef {{v: number, id: number, type: 'result', value: any}} ResultReply
 * @typedef {{v: number, id: number, type: 'error', message: string, path: string, fatal: boolean, internal: boolean, details: string}} ErrorReply
 * @typedef {ProgressReply | ResultReply | ErrorReply} Reply
 * @typedef {{resultText: string | null, elapsed: number,
 *   diagnosis: Diagnosis | null}} SearchAnswer
 *   A search's value: the result document's text in Python's JSON spelling,
 *   as the CLI prints it (null when no dataflow is valid), the search time,
 *   and with no valid dataflow the engine's diagnosis (else null).
 * @typedef {{field: string, flag: string, from: number | boolean, to: number | boolean, unit: string}} FieldChange
 *   A run field to set, in the run schema's name, as run-document values
 *   (sizes in bytes; `solve_loopblocking` a switch).
 * @typedef {object} Diagnosis  Why no dataflow is valid: the engine's diagnosis_json (core/api/diagnose.h, docs/diagnosis.md).
 * @property {string} layer          The first layer in search order without a schedule.
 * @property {number} position       Its place in the search order, 1-based.
 * @property {number} layer_count
 * @property {'gbuf' | 'regf' | 'solver' | 'context' | 'unknown'} cause
 * @property {string} reason         One sentence with numbers and units.
 * @property {number} word_bits
 * @property {number} gbuf_have      Bytes.
 * @property {number} gbuf_need      Bytes; -1: not known.
 * @property {number} regf_have      Bytes.
 * @property {number} regf_need      Bytes; -1: not known.
 * @property {FieldChange[]} change  The smallest change found (all together); empty: none.
 * @property {string[]} sized_for    The layers the change was sized for.
 * @property {boolean} verified      The whole network has a dataflow with the change.
 * @property {string} still_failing  Not verified: the layer still without a schedule.
 */

/** A request to call a quick engine function. @returns {CallRequest} */
export const callRequest = (/** @type {number} */ id, /** @type {string} */ fn, /** @type {any[]} */ args = []) => ({
  v: PROTOCOL_VERSION, id, type: 'call', fn, args,
});

/** A request to search the schedule of a run document (its JSON text). @returns {SearchRequest} */
export const searchRequest = (/** @type {number} */ id, /** @type {string} */ run, diagnose = true) => ({
  v: PROTOCOL_VERSION, id, type: 'search', run, diagnose,
});

/** How far a search has come (Progress). @returns {ProgressReply} */
export const progressReply = (/** @type {number} */ id, /** @type {Progress} */ {
  layerIndex, layerCount, layerName, fraction, work, elapsed, remaining, bestCost,
}) => ({
  v: PROTOCOL_VERSION, id, type: 'progress', layerIndex, layerCount, layerName, fraction, work, elapsed, remaining, bestCost,
});

/** The answer to a request: for a search a SearchAnswer, for a call its value. @returns {ResultReply} */
export const resultReply = (/** @type {number} */ id, /** @type {any} */ value) => ({
  v: PROTOCOL_VERSION, id, type: 'result', value,
});

/**
 * A failure; `path` names the input field at fault (a JSON path or a CLI
 * flag), or is ''. `fatal` says the wasm module trapped or aborted: its
 * worker cannot serve another request. `internal` says the engine found a
 * bug in itself (no input is at fault); `details` then says where.
 */
export const errorReply = (
  /** @type {number} */ id,
  /** @type {unknown} */ message,
  /** @type {unknown} */ path = '',
  fatal = false,
  /** @type {{internal?: boolean, details?: unknown}} */ { internal = false, details = '' } = {},
) => (
  /** @type {ErrorReply} */ ({
    v: PROTOCOL_VERSION,
    id,
    type: 'error',
    message: String(message),
    path: String(path ?? ''),
    fatal,
    internal: Boolean(internal),
    details: String(details ?? ''),
  }));

/**
 * Why a message cannot be handled, or null if it is well formed: a wrong
 * version, a missing id, or an unknown type.
 */
export function messageProblem(/** @type {any} */ message, /** @type {string[]} */ types) {
  if (message === null || typeof message !== 'object') return 'a message must be an object';
  if (message.v !== PROTOCOL_VERSION) {
    return `protocol version ${JSON.stringify(message.v)} is not the supported version ${PROTOCOL_VERSION}`;
  }
  if (!Number.isInteger(message.id)) return 'a message needs an integer id';
  if (!types.includes(message.type)) return `unknown message type ${JSON.stringify(message.type)}`;
  return null;
}

export const REQUEST_TYPES = ['call', 'search'];
export const REPLY_TYPES = ['progress', 'result', 'error'];
