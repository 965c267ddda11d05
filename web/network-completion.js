// What the network editor offers to complete at the caret: field names where
// a key goes (the fields of the object the caret is in: the network, its
// input, an ext entry, or a layer of its type), layer types after "type",
// the format after "format", and the names of earlier layers (and ext
// inputs) in prevs, rhs, xin, cin and hin. Reads the text leniently (it is
// being typed, so rarely valid JSON); the list of fields is network-format.js's.
import {
  EXT_FIELDS, INPUT_FIELDS, LAYER_TYPES, NETWORK_FIELDS, NETWORK_FORMAT, layerFields,
} from './network-format.js';

/**
 * @typedef {{label: string, apply: string, detail?: string, info?: string}} Completion
 * @typedef {{from: number, to: number, options: Completion[]}} Completions
 *   Replace text[from, to) with an option's `apply`; the typed text is text[from, caret).
 * @typedef {{kind: 'object' | 'array', path: (string | number)[], expect: 'key' | 'colon' | 'value' | 'comma',
 *   key: string | null, index: number, keys: Set<string>, values: Map<string, string>}} Frame
 * @typedef {{kind: 'string' | 'word', start: number, end: number, text: string, closed: boolean}} Typed
 */

/** Keys whose value names one earlier layer. */
const LAYER_REFERENCES = new Set(['rhs', 'xin', 'cin', 'hin']);
const INPUT_NAME = '__INPUT__';
const WORD = /[^\s,:[\]{}"]/;

/** The frame the caret is in, how far it got, and the earlier layer and ext names, read from `text`. */
function scan(/** @type {string} */ text, /** @type {number} */ caret) {
  /** @type {Frame[]} */
  const stack = [];
  /** @type {{frame: Frame | null, expect: Frame['expect'] | 'top', key: string | null, typed: Typed | null} | null} */
  let at = null;
  /** @type {{name: string, layer: number}[]} */
  const names = [];
  const top = () => stack[stack.length - 1] ?? null;
  const snapshot = (/** @type {Typed | null} */ typed) => {
    const frame = top();
    // The frame goes on filling (keys after the caret); its state at the caret is kept here.
    at = {
      frame, expect: frame ? frame.expect : 'top', key: frame?.key ?? null, typed,
    };
  };
  /** The step under which a new value sits in its parent. */
  const childStep = () => {
    const parent = top();
    if (!parent) return [];
    return [...parent.path, parent.kind === 'object' ? parent.key ?? '' : parent.index];
  };
  const gotValue = (/** @type {string | null} */ value) => {
    const frame = top();
    if (!frame) return;
    if (frame.kind === 'object' && frame.key !== null && value !== null) {
      frame.values.set(frame.key, value);
      const [section, index] = frame.path;
      if (frame.key === 'name' && frame.path.length === 2 && (section === 'layers' || section === 'ext')) {
        names.push({ name: value, layer: section === 'layers' ? Number(index) : -1 });
      }
    }
    frame.expect = 'comma';
  };

  let i = 0;
  while (i < text.length) {
    if (!at && i >= caret) snapshot(null);
    const c = text[i];
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const start = i;
    if (c === '"') {
      i += 1;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      const closed = text[i] === '"';
      const end = closed ? i + 1 : i;
      const inner = text.slice(start + 1, Math.min(closed ? end - 1 : end, text.length));
      if (!at && start < caret && (caret < end || (!closed && caret <= end))) {
        snapshot({ kind: 'string', start, end, text: inner, closed });
      }
      i = end;
      const frame = top();
      if (frame?.kind === 'object' && frame.expect === 'key') {
        frame.key = inner;
        frame.keys.add(inner);
        frame.expect = 'colon';
      } else {
        gotValue(inner);
      }
      continue;
    }
    if (WORD.test(c)) {
      while (i < text.length && WORD.test(text[i])) i += 1;
      if (!at && start < caret && caret <= i) snapshot({ kind: 'word', start, end: i, text: text.slice(start, i), closed: false });
      gotValue(null);
      continue;
    }
    i += 1;
    const frame = top();
    if (c === '{' || c === '[') {
      stack.push({
        kind: c === '{' ? 'object' : 'array', path: childStep(), expect: c === '{' ? 'key' : 'value', key: null, index: 0, keys: new Set(), values: new Map(),
      });
    } else if (c === '}' || c === ']') {
      if (at && at.frame === frame) break;
      stack.pop();
      gotValue(null);
    } else if (c === ',' && frame) {
      frame.expect = frame.kind === 'object' ? 'key' : 'value';
      if (frame.kind === 'array') frame.index += 1;
    } else if (c === ':' && frame) {
      frame.expect = 'value';
    }
  }
  if (!at) snapshot(null);
  return { ...at, names };
}

const fieldOptions = (/** @type {import('./network-format.js').FormatField[]} */ fields) => fields.map((f) => ({
  label: f.name, detail: f.optional ? 'optional' : '', info: f.about,
}));

/** The fields of the object at `path`, or null where the format has no fixed fields. */
function fieldsAt(/** @type {(string | number)[]} */ path, /** @type {Map<string, string>} */ values) {
  if (path.length === 0) return NETWORK_FIELDS;
  if (path.length === 1 && path[0] === 'input') return INPUT_FIELDS;
  if (path.length === 2 && path[0] === 'ext') return EXT_FIELDS;
  if (path.length === 2 && path[0] === 'layers') return layerFields(values.get('type'));
  return null;
}

/** Names a layer at index `layer` may read: the ext inputs, the network input and the layers before it. */
const namesBefore = (/** @type {{name: string, layer: number}[]} */ names, /** @type {number} */ layer) => [
  ...names.filter((n) => n.layer < layer).map((n) => ({ label: n.name, info: n.layer < 0 ? 'an ext input' : 'an earlier layer' })),
  { label: INPUT_NAME, info: 'the network input' },
];

/**
 * The completions at `caret` in `text`, or null where there are none.
 * `explicit`: asked for (Ctrl+Space), so offered even where nothing is typed yet.
 * @returns {Completions | null}
 */
export function networkCompletions(/** @type {string} */ text, /** @type {number} */ caret, explicit = false) {
  const {
    frame, expect, key, typed, names,
  } = scan(text, caret);
  if (!frame || (!typed && !explicit)) return null;
  const inString = typed?.kind === 'string';
  // The text replaced: the typed token (a string without its opening quote, which stays).
  const from = typed ? typed.start + (inString ? 1 : 0) : caret;
  const to = typed ? typed.end : caret;
  const after = text.slice(to).match(/^\s*(.)/)?.[1];
  /** Quotes a completed string: the rest of it when the caret is inside one. */
  const quoted = (/** @type {string} */ s) => (inString ? `${s}"` : `"${s}"`);

  if (frame.kind === 'object' && (expect === 'key' || (expect === 'colon' && typed && key === typed.text))) {
    const fields = fieldsAt(frame.path, frame.values);
    if (!fields) return null;
    const present = new Set([...frame.keys].filter((k) => k !== typed?.text));
    const colon = after === ':' ? '' : ': ';
    const options = fieldOptions(fields.filter((f) => !present.has(f.name))).map((o) => ({ ...o, apply: `${quoted(o.label)}${colon}` }));
    return { from, to, options };
  }
  if (expect !== 'value' || (typed && !inString && typed.kind !== 'word')) return null;
  const { path } = frame;
  /** @type {{label: string, info?: string, detail?: string}[]} */
  let options = [];
  if (frame.kind === 'object' && path.length === 2 && path[0] === 'layers' && key === 'type') {
    options = LAYER_TYPES.map((t) => ({ label: t.type, info: t.about }));
  } else if (frame.kind === 'object' && path.length === 0 && key === 'format') {
    options = [{ label: NETWORK_FORMAT, info: 'the format of this file' }];
  } else if (frame.kind === 'object' && path.length === 2 && path[0] === 'layers' && LAYER_REFERENCES.has(key ?? '')) {
    options = namesBefore(names, Number(path[1]));
  } else if (frame.kind === 'array' && path.length === 3 && path[0] === 'layers' && path[2] === 'prevs') {
    options = namesBefore(names, Number(path[1]));
  } else {
    return null;
  }
  return { from, to, options: options.map((o) => ({ ...o, apply: quoted(o.label) })) };
}
