// JSON in Python's spelling: the engine and the CLI write results like
// Python's json.dumps, with bare `Infinity`, `-Infinity` and `NaN` tokens that
// JSON.parse rejects. These helpers read such text and re-indent it without
// ever changing a number's spelling (`1.0` stays `1.0`, unlike a round trip
// through JS numbers). The one reader of that spelling in JS: the page, the
// tests and the scripts all import it from here.

/**
 * Calls `onToken(start, end, kind)` for every run of text outside string
 * literals ('code') and inside them ('string', quotes included), in order.
 * The one place that knows JSON's string syntax.
 */
function scan(/** @type {string} */ text, /** @type {(start: number, end: number, kind: 'code' | 'string') => void} */ onToken) {
  let start = 0;
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') {
      i += 1;
      continue;
    }
    if (i > start) onToken(start, i, 'code');
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    onToken(i, Math.min(j + 1, text.length), 'string');
    i = j + 1;
    start = i;
  }
  if (start < text.length) onToken(start, text.length, 'code');
}

// Same-length stand-ins, so that JSON.parse's error positions stay right up
// to the first NaN. 1e999999 overflows to Infinity in JSON.parse.
const INFINITY = /-?Infinity/g;
const infinityFor = (/** @type {string} */ token) => (token[0] === '-' ? '-1e999999' : '1e999999');

/**
 * Parses JSON text that may hold bare Infinity, -Infinity and NaN (outside
 * strings) into plain JS values with those numbers. Throws a SyntaxError for
 * anything else that is not JSON.
 * @param {string} text
 * @returns {any}
 */
export function parsePyJson(text) {
  if (!/Infinity|NaN/.test(text)) return JSON.parse(text);
  /** @type {string[]} */
  const parts = [];
  let nans = 0;
  // NaN has no JSON number form: it becomes a marker string that the reviver
  // turns back. A string of the document could equal the marker only by
  // spelling it with escapes; the count check below catches that and retries.
  const marker = `\u0000NaN:${Math.random().toString(36).slice(2)}`;
  const markerJson = JSON.stringify(marker);
  scan(text, (start, end, kind) => {
    let piece = text.slice(start, end);
    if (kind === 'code') {
      piece = piece.replace(INFINITY, infinityFor).replace(/NaN/g, () => {
        nans += 1;
        return markerJson;
      });
    }
    parts.push(piece);
  });
  const replaced = parts.join('');
  if (nans === 0) return JSON.parse(replaced);
  let revived = 0;
  const value = JSON.parse(replaced, (_key, v) => {
    if (v !== marker) return v;
    revived += 1;
    return NaN;
  });
  return revived === nans ? value : parsePyJson(text);
}

/**
 * Re-indents JSON text the way Python's json.dumps(indent=2) lays it out
 * (one item per line, `": "` after keys, `[]`/`{}` when empty), copying
 * every string and number token exactly.
 */
export function indentPyJson(/** @type {string} */ text, indent = 2) {
  /** @type {string[]} */
  const out = [];
  let depth = 0;
  const newline = () => `\n${' '.repeat(indent * depth)}`;
  /** @type {string | null} */
  let pendingOpen = null;  // An opening bracket waits to see if its container is empty.
  const flushOpen = () => {
    if (pendingOpen === null) return;
    out.push(pendingOpen);
    depth += 1;
    out.push(newline());
    pendingOpen = null;
  };
  scan(text, (start, end, kind) => {
    if (kind === 'string') {
      flushOpen();
      out.push(text.slice(start, end));
      return;
    }
    for (let i = start; i < end; i += 1) {
      const c = text[i];
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
      if ((c === ']' || c === '}') && pendingOpen !== null) {
        out.push(pendingOpen, c);
        pendingOpen = null;
        continue;
      }
      flushOpen();
      if (c === '[' || c === '{') {
        pendingOpen = c;
      } else if (c === ']' || c === '}') {
        depth -= 1;
        out.push(newline(), c);
      } else if (c === ',') {
        out.push(',', newline());
      } else if (c === ':') {
        out.push(': ');
      } else {
        out.push(c);
      }
    }
  });
  flushOpen();
  return out.join('');
}
