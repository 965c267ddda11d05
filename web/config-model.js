// The configuration being edited, without any DOM: the text of every field
// as typed (the draft), the last valid value of each field (the state), and
// every problem that stands in the way of a run, by field.
import {
  CUSTOM, FIELD, FIELDS, defaultState, fieldOfPath, formatState, parseDraft, ruleErrors, runDocument,
} from './fields.js';

export class ConfigModel {
  /** Field texts as typed, valid or not. */
  draft = formatState(defaultState());
  /** The last valid value of every field. */
  state = defaultState();
  /** The network editor's text. */
  customNetwork = '';
  #parseErrors = {};
  #engineError = null;  // {key, message} from the last run, until the next edit.
  /** The editor's validation error {message, path, where} or null. */
  editorError = null;

  /** Replaces the whole draft (missing fields get their defaults); `customNetwork` if given. */
  load(fieldTexts, customNetwork = this.customNetwork) {
    this.draft = { ...formatState(defaultState()), ...fieldTexts };
    const { state, errors } = parseDraft(this.draft, defaultState());
    this.state = state;
    this.#parseErrors = errors;
    this.#engineError = null;
    this.customNetwork = customNetwork;
  }

  /** Records an edit of one field; returns true if the text is a valid value. */
  edit(key, text) {
    this.draft[key] = text;
    this.#engineError = null;
    const { state, errors } = parseDraft({ [key]: text }, this.state);
    this.state[key] = state[key];
    if (errors[key]) this.#parseErrors[key] = errors[key];
    else delete this.#parseErrors[key];
    return !errors[key];
  }

  editNetwork(text) {
    this.customNetwork = text;
    this.#engineError = null;
  }

  /** Notes an engine error of a run; returns the field it is about, or null. */
  setEngineError(message, path) {
    const key = fieldOfPath(path);
    this.#engineError = { key, message, path };
    return key;
  }

  get usesEditor() {
    return this.state.net === CUSTOM;
  }

  /** Messages by field key, each a sentence naming the field. */
  fieldMessages() {
    const out = {};
    const add = (key, message) => (out[key] ??= []).push(message);
    for (const [key, message] of Object.entries(this.#parseErrors)) add(key, `${FIELD[key].label} ${message}.`);
    for (const [key, messages] of Object.entries(ruleErrors(this.state))) {
      for (const m of messages) add(key, `${FIELD[key].label} ${m}.`);
    }
    const e = this.#engineError;
    if (e?.key && !(e.key === 'net' && this.usesEditor)) {
      const field = FIELD[e.key];
      add(e.key, `${field.label}: ${e.message}${e.path.startsWith('--') || e.path === field.run ? '' : ` (at ${e.path})`}`);
    }
    return out;
  }

  /** The first problem of the configuration as one sentence, or null if it can run. */
  firstProblem() {
    const messages = this.fieldMessages();
    const first = FIELDS.find((f) => messages[f.key]);
    if (first) return messages[first.key][0];
    if (this.usesEditor && this.editorError) {
      const { where, path, message } = this.editorError;
      return `The network in the editor has an error${where ? ` at line ${where.line}` : ''}: ${path ? `${path}: ` : ''}${message}`;
    }
    if (this.#engineError) {
      return `The engine refused the configuration: ${this.#engineError.path ? `${this.#engineError.path}: ` : ''}${this.#engineError.message}`;
    }
    return null;
  }

  /** True if the form itself (not the engine's last answer) stands in the way of a run. */
  get blocked() {
    return Object.keys(this.#parseErrors).length > 0 || Object.keys(ruleErrors(this.state)).length > 0
      || (this.usesEditor && this.editorError !== null);
  }

  /** The run document for the engine; throws if the editor's network is not JSON. */
  runDocument() {
    return runDocument(this.state, this.usesEditor ? JSON.parse(this.customNetwork) : undefined);
  }
}
