// Where in a JSON text an engine error points: the engine names fields by
// path (`layers[4] "conv2".nifm`, see core/formats/network_json.cpp) or gives a line
// and column for malformed JSON. The editor shows the error at that line.

/**
 * The steps of an error path: keys (strings) and list indices (numbers).
 * The quoted layer names after indices (`[4] "conv2"`) are labels, skipped.
 */
export function pathSteps(/** @type {string} */ path) {
  /** @type {(string | number)[]} */
  const steps = [];
  let rest = path;
  while (rest.length > 0) {
    let m;
    if ((m = rest.match(/^\[(\d+)\]/))) {
      steps.push(Number(m[1]));
    } else if ((m = rest.match(/^ "(.*?)"(?=\.|\[|$)/))) {
      // A layer's name, for people; the index before it already found the layer.
    } else if ((m = rest.match(/^\.?([^.[ ]+)/))) {
      steps.push(m[1]);
    } else {
      break;
    }
    rest = rest.slice(m[0].length);
  }
  return steps;
}

const WHITESPACE = /\s/;

/**
 * Parses JSON text into a tree of {start, children} nodes (children keyed by
 * object key or list index), enough to find where a value starts. Returns
 * null if the text is not JSON.
 */
/**
 * @typedef {{start: number, keyStart?: number, children: Map<string | number, TreeNode>}} TreeNode
 * @returns {TreeNode | null}
 */
function valueTree(/** @type {string} */ text) {
  let i = 0;
  const skip = () => {
    while (i < text.length && WHITESPACE.test(text[i])) i += 1;
  };
  const string = () => {
    const start = i;
    i += 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i += 1;
    return JSON.parse(text.slice(start, i));
  };
  /** @returns {TreeNode} */
  const value = () => {
    skip();
    /** @type {TreeNode} */
    const node = { start: i, children: new Map() };
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i += 1;
      skip();
      let index = 0;
      while (text[i] !== close) {
        /** @type {string | number} */
        let key = index;
        let keyStart = i;
        if (c === '{') {
          skip();
          keyStart = i;
          key = string();
          skip();
          if (text[i] !== ':') throw new SyntaxError('expected :');
          i += 1;
        }
        const child = value();
        child.keyStart = keyStart;
        node.children.set(key, child);
        index += 1;
        skip();
        if (text[i] === ',') i += 1;
        else if (text[i] !== close) throw new SyntaxError(`expected , or ${close}`);
        skip();
      }
      i += 1;
    } else if (c === '"') {
      string();
    } else {
      const m = text.slice(i).match(/^(-?[\d.eE+-]+|true|false|null)/);
      if (!m) throw new SyntaxError('unexpected character');
      i += m[0].length;
    }
    return node;
  };
  try {
    const root = value();
    skip();
    return i === text.length ? root : null;
  } catch {
    return null;
  }
}

/** Line and column (1-based) of offset `at` in `text`. */
export function lineColumn(/** @type {string} */ text, /** @type {number} */ at) {
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * The {line, column, offset} an engine error points at in `text`: the
 * position a malformed-JSON message gives, else the start of the deepest
 * value (or key) of the path that exists. Null if nothing fits.
 */
export function locateError(/** @type {string} */ text, /** @type {{message?: string, path?: string}} */ { message = '', path = '' }) {
  const m = message.match(/line (\d+), column (\d+)/);
  if (m) {
    const line = Number(m[1]);
    const column = Number(m[2]);
    const lines = text.split('\n');
    const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
    return { line, column, offset: Math.min(offset, text.length) };
  }
  const root = valueTree(text);
  if (!root) return null;
  let node = root;
  let at = root.start;
  for (const step of pathSteps(path)) {
    const child = node.children.get(step);
    if (!child) break;
    node = child;
    at = child.keyStart ?? child.start;
  }
  return { ...lineColumn(text, at), offset: at };
}
