// Asking the engine whether a run document can run, as the person types:
// the check waits for a pause in the typing (debounced), and only the answer
// about the newest document is delivered (the latest answer wins; an answer
// that comes back after a newer request is dropped).
import { EngineError } from './engine.js';

/** @typedef {import('./config-model.js').Problem} Problem */

/**
 * The engine's problems of a run document's text, from a `validate` call:
 * its list, or the one error of a document it cannot read.
 * @returns {Promise<Problem[]>}
 */
export async function problemsOf(/** @type {(text: string) => Promise<Problem[]>} */ validate, /** @type {string} */ text) {
  try {
    return await validate(text);
  } catch (err) {
    if (err instanceof EngineError) return [{ path: err.path, message: err.message }];
    throw err;
  }
}

export class Validator {
  /** @type {(text: string) => Promise<Problem[]>} */
  #validate;
  /** @type {(problems: Problem[], text: string) => void} */
  #onAnswer;
  #delay;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #timer;
  /** The newest document asked about. @type {string | null} */
  #newest = null;
  /** @type {{text: string, answer: Promise<Problem[]>} | null} */
  #last = null;

  /**
   * `validate(text)` asks the engine; `onAnswer(problems, text)` gets each
   * answer that is still about the newest document.
   */
  constructor(/** @type {(text: string) => Promise<Problem[]>} */ validate, /** @type {(problems: Problem[], text: string) => void} */ onAnswer, delay = 150) {
    this.#validate = validate;
    this.#onAnswer = onAnswer;
    this.#delay = delay;
  }

  /** Checks `text` once the typing pauses. */
  request(/** @type {string} */ text) {
    this.#newest = text;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => { this.#ask(text).catch(() => {}); }, this.#delay);
  }

  /** Checks `text` now (or reuses the answer already asked for it); resolves to its problems. */
  now(/** @type {string} */ text) {
    this.#newest = text;
    clearTimeout(this.#timer);
    return this.#ask(text);
  }

  #ask(/** @type {string} */ text) {
    if (this.#last?.text !== text) {
      const answer = problemsOf(this.#validate, text);
      this.#last = { text, answer };
      answer.catch(() => {
        // A worker that was stopped or failed: the next request asks again.
        if (this.#last?.answer === answer) this.#last = null;
      });
    }
    const { answer } = /** @type {{answer: Promise<Problem[]>}} */ (this.#last);
    answer.then((problems) => {
      if (this.#newest === text) this.#onAnswer(problems, text);
    }, () => {});
    return answer;
  }
}
