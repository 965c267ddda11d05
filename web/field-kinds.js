// How the text a person types becomes the value of a field, for each kind
// of the run schema: "16", "4x4", "inf", "200, 6, 2, 1", "iof", "1". Only the
// form of the text is judged here (is it a whole number, a pair, one of the
// choices?); whether the value is allowed (ranges, rules between fields) is
// the engine's to say (validate). Each kind also converts between a value
// and its run-document form (Infinity is "inf" there).

import { SizeError, parseSize } from './size-units.js';

/** A text that is not of its field's kind; the message completes "<label> ...". */
export class FieldError extends Error {}

/**
 * @typedef {import('./schema.js').SchemaField} SchemaField
 * @typedef {object} Kind
 * @property {(text: string) => any} parse    The value of a text; throws a FieldError.
 * @property {(value: any) => string} format  The text of a value (inputs, links, drafts).
 * @property {(json: any) => any} fromJson    A value from its run-document form.
 * @property {(value: any) => any} toJson     A value in run-document form.
 */

const INF_WORDS = new Set(['inf', 'infinity', '∞']);
const same = (/** @type {any} */ v) => v;

// Number('') is 0 and Number('0x10') is 16: only decimal notation is a number here.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A number's text: decimal, or inf when `unlimited`; NaN when neither. */
function numberOf(/** @type {string} */ text, unlimited = false) {
  const t = text.trim().toLowerCase();
  if (unlimited && INF_WORDS.has(t)) return Infinity;
  return DECIMAL.test(t) ? Number(t) : NaN;
}

const formatNumber = (/** @type {number} */ v) => (v === Infinity ? 'inf' : String(v));

/** @returns {Kind} */
function integer() {
  return {
    parse(text) {
      const t = String(text).trim();
      if (!/^[+-]?\d+$/.test(t)) throw new FieldError('must be a whole number');
      return Number(t);
    },
    format: String,
    fromJson: same,
    toJson: same,
  };
}

/** A whole number of bytes, written plain or with a unit (`128 kB`, size-units.js); links carry the bytes, drafts the text as typed. */
function size() {
  return /** @type {Kind} */ ({
    parse(text) {
      try {
        return parseSize(String(text));
      } catch (err) {
        if (err instanceof SizeError) throw new FieldError(err.message);
        throw err;
      }
    },
    format: String,
    fromJson: same,
    toJson: same,
  });
}

/** @returns {Kind} */
function number(/** @type {SchemaField} */ field) {
  const unlimited = field.inf === true;
  return {
    parse(text) {
      const value = numberOf(String(text), unlimited);
      if (Number.isNaN(value)) throw new FieldError(unlimited ? 'must be a number, or inf for unlimited' : 'must be a number');
      return value;
    },
    format: formatNumber,
    fromJson: (json) => (json === 'inf' ? Infinity : json),
    toJson: (value) => (value === Infinity ? 'inf' : value),
  };
}

/** Two whole numbers written `4x4` (also `4 4`, `4,4`, `4×4`, `4*4`). */
function pair(/** @type {SchemaField} */ field) {
  const [first, second] = field.parts ?? ['rows', 'columns'];
  return /** @type {Kind} */ ({
    parse(text) {
      const m = String(text).trim().match(/^([+-]?\d+)\s*(?:[x×*,]|\s)\s*([+-]?\d+)$/i);
      if (!m) throw new FieldError(`must be ${first} x ${second}, two whole numbers (e.g. 4x4)`);
      return [Number(m[1]), Number(m[2])];
    },
    format: (/** @type {number[]} */ value) => value.join('x'),
    fromJson: same,
    toJson: same,
  });
}

/** One number per part, written `200, 6, 2, 1` (commas or spaces). */
function numbers(/** @type {SchemaField} */ field) {
  const parts = field.parts ?? [];
  return /** @type {Kind} */ ({
    parse(text) {
      const items = String(text).trim().split(/\s*[,\s]\s*/).filter((t) => t !== '');
      if (items.length !== parts.length) {
        throw new FieldError(`must be ${parts.length} numbers (${parts.join(', ')}), separated by commas`);
      }
      return items.map((item, i) => {
        const value = numberOf(item, field.inf === true);
        if (Number.isNaN(value)) throw new FieldError(`(${parts[i]}) must be a number`);
        return value;
      });
    },
    format: (/** @type {number[]} */ value) => value.map(formatNumber).join(','),
    fromJson: (/** @type {any[]} */ json) => json.map((v) => (v === 'inf' ? Infinity : v)),
    toJson: (/** @type {number[]} */ value) => value.map((v) => (v === Infinity ? 'inf' : v)),
  });
}

/** One of `values`. */
function oneOf(/** @type {string[]} */ values) {
  return /** @type {Kind} */ ({
    parse(text) {
      const t = String(text).trim();
      if (!values.includes(t)) throw new FieldError(`must be one of ${values.join(', ')}`);
      return t;
    },
    format: String,
    fromJson: same,
    toJson: same,
  });
}

/** A set of letters, written in the schema's order (`iof`); a list of letters in a document. */
function letters(/** @type {SchemaField} */ field) {
  const known = (field.choices ?? []).map(([l]) => l);
  return /** @type {Kind} */ ({
    parse(text) {
      const t = String(text).trim().toLowerCase();
      if ([...t].some((c) => !known.includes(c)) || new Set(t).size !== t.length) {
        throw new FieldError(`must be some of the letters ${known.join('')}, each at most once`);
      }
      return known.filter((l) => t.includes(l));
    },
    format: (/** @type {string[]} */ value) => value.join(''),
    fromJson: same,
    toJson: same,
  });
}

/** @returns {Kind} */
function onOff() {
  return {
    parse(text) {
      const t = String(text).trim().toLowerCase();
      if (t === '1' || t === 'true') return true;
      if (t === '0' || t === 'false') return false;
      throw new FieldError('must be 1 (on) or 0 (off)');
    },
    format: (value) => (value ? '1' : '0'),
    fromJson: same,
    toJson: same,
  };
}

/**
 * The kind of a schema field. `networks` names the networks a network field
 * may name (the built-in ones and the page's word for the editor's).
 * @returns {Kind}
 */
export function kindOf(/** @type {SchemaField} */ field, /** @type {string[]} */ networks = []) {
  switch (field.kind) {
    case 'integer': return field.unit === 'bytes' ? size() : integer();
    case 'number': return number(field);
    case 'pair': return pair(field);
    case 'numbers': return numbers(field);
    case 'choice': return oneOf((field.choices ?? []).map(([v]) => v));
    case 'letters': return letters(field);
    case 'switch': return onOff();
    case 'network': return oneOf(networks);
    default: throw new Error(`unknown field kind ${JSON.stringify(field.kind)}`);
  }
}
