// The configuration being edited, without any DOM: the text of every field
// as typed (the draft), the last value of each field whose text is of its
// kind (the state), and every problem that stands in the way of a run, by
// field. Problems are of two sorts: a text that is not of its field's kind
// (found here, as it is typed), and whatever the engine says of the run
// document (its `validate` answer, or a run it refused). Value judgements
// (ranges, rules between fields) are only ever the engine's.
import { CUSTOM } from './fields.js';
import { FieldError } from './field-kinds.js';

/**
 * @typedef {import('./fields.js').FormField} FormField
 * @typedef {{path: string, message: string}} Problem  The engine's, at a JSON path of the run document.
 * @typedef {{message: string, path: string, where: {line: number, column: number, offset: number} | null}} EditorError
 */

/** The field name a run-document path is about: its first key (`nodes[1]` -> nodes, `network.layers[0]...` -> network). */
export const fieldOfPath = (/** @type {string} */ path) => path.match(/^[^.[]*/)?.[0] ?? '';

/** The part a path names inside a field (`hier_cost[2]` -> 2), or null. */
const partOfPath = (/** @type {string} */ path) => {
  const m = path.match(/^[^.[]*\[(\d+)\]/);
  return m ? Number(m[1]) : null;
};

export class ConfigModel {
  /** @type {FormField[]} */
  fields;
  /** @type {Record<string, FormField>} */
  #byName;
  /** @type {Record<string, any>} */
  #opening;
  /** The `format` of the run documents written (the schema's document_format). */
  #documentFormat;
  /** Field texts as typed, valid or not. @type {Record<string, string>} */
  draft = {};
  /** The last value of every field whose text was of its kind. @type {Record<string, any>} */
  state = {};
  /** The network editor's text. */
  customNetwork = '';
  /** @type {Record<string, string>} */
  #parseErrors = {};
  /** The engine's problems of the run document (validate), until an edit makes them stale. @type {Problem[]} */
  #problems = [];
  /** The editor's validation error, or null. @type {EditorError | null} */
  editorError = null;

  /**
   * `fields` from fields.js; `opening` the values a configuration starts
   * from (a preset over the schema's defaults); `documentFormat` the
   * schema's run document format.
   */
  constructor(/** @type {FormField[]} */ fields, /** @type {Record<string, any>} */ opening, documentFormat = 'nndf-run/2') {
    this.fields = fields;
    this.#documentFormat = documentFormat;
    this.#byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    this.#opening = opening;
    this.load({});
  }

  /** The field of a name, or undefined. */
  field(/** @type {string} */ name) {
    return this.#byName[name];
  }

  /** The texts of a state (what inputs show, links and drafts hold); a missing value is ''. */
  formatState(/** @type {Record<string, any>} */ state) {
    return Object.fromEntries(this.fields.map((f) => [f.name, state[f.name] === null || state[f.name] === undefined ? '' : f.kind.format(state[f.name])]));
  }

  /** Replaces the whole draft: fields it lacks take the opening values; `customNetwork` if given. */
  load(/** @type {Record<string, string>} */ fieldTexts, customNetwork = this.customNetwork) {
    this.draft = { ...this.formatState(this.#opening), ...fieldTexts };
    this.state = structuredClone(this.#opening);
    this.#parseErrors = {};
    for (const f of this.fields) this.#parse(f.name);
    this.#problems = [];
    this.customNetwork = customNetwork;
  }

  /** Records an edit of one field; returns true if the text is of the field's kind. */
  edit(/** @type {string} */ name, /** @type {string} */ text) {
    this.draft[name] = text;
    // The engine's word on this field no longer holds; on the others it does until it answers again.
    this.#problems = this.#problems.filter((p) => fieldOfPath(p.path) !== name);
    return this.#parse(name);
  }

  editNetwork(/** @type {string} */ text) {
    this.customNetwork = text;
    this.#problems = this.#problems.filter((p) => fieldOfPath(p.path) !== 'network');
  }

  #parse(/** @type {string} */ name) {
    const f = this.#byName[name];
    try {
      this.state[name] = f.kind.parse(this.draft[name] ?? '');
      delete this.#parseErrors[name];
      return true;
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      this.#parseErrors[name] = err.message;
      return false;
    }
  }

  /** Takes the engine's problems of the run document (validate, or a refused run). */
  setProblems(/** @type {Problem[]} */ problems) {
    this.#problems = problems;
  }

  get usesEditor() {
    return this.state.network === CUSTOM;
  }

  /** Whether the engine's problem is the editor's to show (its network), not a field's. */
  #editorShows(/** @type {Problem} */ p) {
    return fieldOfPath(p.path) === 'network' && this.usesEditor && p.path !== 'network';
  }

  /** The sentence of an engine problem at its field: 'Node grid (columns) must be ...'. */
  #problemText(/** @type {FormField} */ f, /** @type {Problem} */ p) {
    const part = partOfPath(p.path);
    const where = part !== null && f.parts[part] ? ` (${f.parts[part]})` : '';
    const inside = part === null && p.path !== f.name && !p.path.startsWith(`${f.name}[`) ? ` (at ${p.path})` : '';
    return `${f.label}${where}${inside} ${p.message}${/[.!?]$/.test(p.message) ? '' : '.'}`;
  }

  /** Messages by field name, each a sentence naming the field. */
  fieldMessages() {
    /** @type {Record<string, string[]>} */
    const out = {};
    const add = (/** @type {string} */ name, /** @type {string} */ message) => (out[name] ??= []).push(message);
    for (const [name, message] of Object.entries(this.#parseErrors)) add(name, `${this.#byName[name].label} ${message}.`);
    for (const p of this.#problems) {
      const f = this.#byName[fieldOfPath(p.path)];
      if (f && !this.#parseErrors[f.name] && !this.#editorShows(p)) add(f.name, this.#problemText(f, p));
    }
    return out;
  }

  /** The first problem of the configuration as one sentence, or null if nothing is known to stand in the way. */
  firstProblem() {
    const messages = this.fieldMessages();
    const first = this.fields.find((f) => messages[f.name]);
    if (first) return messages[first.name][0];
    if (this.usesEditor && this.editorError) {
      const { where, path, message } = this.editorError;
      return `The network in the editor has an error${where ? ` at line ${where.line}` : ''}: ${path ? `${path}: ` : ''}${message}`;
    }
    const other = this.#problems.find((p) => !this.#byName[fieldOfPath(p.path)]);
    if (other) return `The engine refused the configuration: ${other.path ? `${other.path}: ` : ''}${other.message}`;
    return null;
  }

  /** True if a text is not of its kind, the engine found a problem, or the editor's network has an error. */
  get blocked() {
    return Object.keys(this.#parseErrors).length > 0 || this.#problems.some((p) => !this.#editorShows(p))
      || (this.usesEditor && this.editorError !== null);
  }

  /** True if a field's text is not of its kind (nothing to send to the engine then). */
  get hasParseErrors() {
    return Object.keys(this.#parseErrors).length > 0;
  }

  /**
   * The run document (docs/run-config.md, version 2) of the state: every
   * field in the schema's order; the editor's network as an object when it
   * is chosen. Throws a SyntaxError if the editor's text is not JSON.
   * @returns {Record<string, any>}
   */
  runDocument() {
    /** @type {Record<string, any>} */
    const doc = { format: this.#documentFormat };
    for (const f of this.fields) {
      const value = this.state[f.name];
      if (value === null || value === undefined) continue;  // Required and never given: the engine says so.
      doc[f.name] = f.schema.kind === 'network' && value === CUSTOM ? JSON.parse(this.customNetwork) : f.kind.toJson(value);
    }
    return doc;
  }

  /** The run document as text (2-space indent, as saved), or null while the editor's network is not JSON. */
  runDocumentText() {
    try {
      return JSON.stringify(this.runDocument(), null, 2);
    } catch {
      return null;
    }
  }
}
