// The files the page writes and opens. A result the page exports is the
// CLI's result document (the same keys and spelling, docs/result-format.md)
// with one key more at its end, `run_document`: the run document that made
// it, so that the file says exactly what it is of and opening it restores
// that configuration. The CLI's own result files do not carry it (they stay
// the reference's document); opening one shows the result and leaves the
// form alone. A run document (what `nndf search --config` reads, the page's
// "Save run document") opens into the form.
import { resultJsonText } from './export.js';
import { parsePyJson } from './py-json.js';
import { readResultText } from './result-model.js';

/** The key of the embedded run document. */
export const RUN_DOCUMENT_KEY = 'run_document';

/**
 * @typedef {{kind: 'run', document: Record<string, any>}
 *   | {kind: 'result', result: import('./result-model.js').Result, document: Record<string, any> | null}} OpenedFile
 */

/** What a file's text is: a run document, or a result (with its run document, if it carries one). Throws with a reason. */
export function readOpenedFile(/** @type {string} */ text) {
  let doc;
  try {
    doc = parsePyJson(text);
  } catch (err) {
    throw new Error(`not a JSON document (${/** @type {Error} */ (err).message})`);
  }
  if (doc !== null && typeof doc === 'object' && typeof doc.format === 'string' && doc.format.startsWith('nndf-run/')) {
    return /** @type {OpenedFile} */ ({ kind: 'run', document: doc });
  }
  const result = readResultText(text);
  const run = doc[RUN_DOCUMENT_KEY];
  return /** @type {OpenedFile} */ ({ kind: 'result', result, document: run !== null && typeof run === 'object' ? run : null });
}

/**
 * The text of a result file: the CLI's document, with `run_document` (the
 * run document's text, compact) at its end unless the result already has one.
 */
export function resultFileText(/** @type {string} */ resultText, /** @type {string | null} */ documentText) {
  const text = resultJsonText(resultText);
  if (documentText === null || !text.endsWith('\n}\n') || RUN_DOCUMENT_KEY in parsePyJson(resultText)) return text;
  const run = JSON.stringify(JSON.parse(documentText), null, 2).replace(/\n/g, '\n  ');
  return `${text.slice(0, -3)},\n  "${RUN_DOCUMENT_KEY}": ${run}\n}\n`;
}
