// What is on screen, in the link beside the configuration:
//   #v=2&network=...&top=1&view=detail&layer=conv3_a&node=1,2&classroom=1&show=energy,detail&lesson=reuse
// One table, VIEW_PARAMS, drives it all, as TensorFlow Playground's
// src/state.ts drives its URL and its "hide this control" switches from one
// list of properties: each entry says how its text is read (with a precise
// message when it cannot be) and written, and what it falls back to. The
// reader, the writer, the keys the configuration reader skips and the
// classroom switches are derived from the table; nothing else names a key.
// These keys are optional additions to version 2 links (a link without them
// opens as before), so they need no migration.

/**
 * @typedef {{row: number, col: number}} Coord
 * @typedef {object} ViewState
 * @property {string | null} view       The result tab ('energy', 'layers', 'detail', ...); null: the page's choice.
 * @property {string | null} layer      The layer on the detail tab; checked once a result is there.
 * @property {Coord | null} node        The node chosen on the layer's grid; checked once the layer is drawn.
 * @property {boolean} classroom        Classroom mode: no configuration form, larger type.
 * @property {string[] | null} show     The views classroom mode keeps (null: all).
 * @property {string | null} lesson     The lesson step open in the lessons panel.
 * @property {string | null} compare    The pinned configuration A of the Compare view: its run document, packed (compare-link.js).
 * @property {string | null} sweep      The Sweep tab's fields and values (sweep-model.js formatSweepLink), checked by the tab.
 * @typedef {{views: string[], lessons: string[]}} ViewContext
 *   What the page has: its result views (tab names) and its lesson steps' ids.
 * @typedef {keyof ViewState} ViewKey
 * @typedef {object} ViewParam
 * @property {ViewKey} key
 * @property {string} about   What it does, for the docs and messages.
 * @property {(text: string, ctx: ViewContext) => any} parse  Throws ViewParamError when the text cannot be used.
 * @property {(value: any) => string | null} format            null: left out of the link.
 * @property {any} fallback   What a missing or unusable text means.
 * @property {string} kept    How a notice names the fallback.
 */

/** A view parameter's text that cannot be used; the message completes "key 'text' ...". */
export class ViewParamError extends Error {}

const fail = (/** @type {string} */ message) => {
  throw new ViewParamError(message);
};

const oneOf = (/** @type {string} */ text, /** @type {string[]} */ known, /** @type {string} */ what) => (known.includes(text)
  ? text : fail(`is not ${what} (${known.join(', ')})`));

/** @type {readonly ViewParam[]} */
export const VIEW_PARAMS = [
  {
    key: 'view',
    about: 'the result tab on screen',
    parse: (text, { views }) => oneOf(text, views, 'a view of this page'),
    format: (value) => value,
    fallback: null,
    kept: 'the first view',
  },
  {
    key: 'layer',
    about: 'the layer on the detail tab (checked against the result)',
    parse: (text) => (text.trim() === '' ? fail('is empty') : text),
    format: (value) => value,
    fallback: null,
    kept: 'the first layer',
  },
  {
    key: 'node',
    about: 'the node chosen on the layer\'s grid, row,col from 0',
    parse: (text) => {
      const match = /^(\d{1,4}),(\d{1,4})$/.exec(text);
      return match ? { row: Number(match[1]), col: Number(match[2]) } : fail('is not a node row,col (such as 1,2)');
    },
    format: (value) => (value ? `${value.row},${value.col}` : null),
    fallback: null,
    kept: 'no node chosen',
  },
  {
    key: 'classroom',
    about: 'classroom mode: the configuration hidden, larger type',
    parse: (text) => (text === '1' ? true : text === '0' ? false : fail('is not 1 or 0')),
    format: (value) => (value ? '1' : null),
    fallback: false,
    kept: 'off',
  },
  {
    key: 'show',
    about: 'the views classroom mode keeps, comma-separated',
    parse: (text, { views }) => {
      const names = text.split(',').filter((n) => n !== '');
      if (names.length === 0) fail('names no view');
      const unknown = names.filter((n) => !views.includes(n));
      if (unknown.length > 0) fail(`names ${unknown.map((n) => `'${n}'`).join(', ')}, not ${unknown.length > 1 ? 'views' : 'a view'} of this page (${views.join(', ')})`);
      return views.filter((v) => names.includes(v));
    },
    format: (value) => (value ? value.join(',') : null),
    fallback: null,
    kept: 'every view',
  },
  {
    key: 'lesson',
    about: 'the lesson step open in the lessons panel',
    parse: (text, { lessons }) => oneOf(text, lessons, 'a lesson step'),
    format: (value) => value,
    fallback: null,
    kept: 'no lesson',
  },
  {
    key: 'compare',
    about: 'the pinned configuration A of the Compare view: its run document, deflated and base64url-encoded',
    // Only the form here; unpacking is asynchronous, so compare-link.js checks the document.
    parse: (text) => (/^[A-Za-z0-9_-]+$/.test(text) ? text : fail('is not base64url text')),
    format: (value) => value,
    fallback: null,
    kept: 'nothing pinned',
  },
  {
    key: 'sweep',
    about: 'the sweep tab\'s fields and values, versioned: 1|gbuf:8 kB .. 1 MB x2|regf:256, 512|@cost',
    // Only its version here; its fields and values are checked against the form's fields by the tab.
    parse: (text) => (/^\d+\|/.test(text) ? text : fail('is not a sweep (its version first, such as 1|gbuf:8 kB .. 1 MB x2)')),
    format: (value) => value,
    fallback: null,
    kept: 'no sweep set up',
  },
];

/** The keys of the view in a link, which the configuration's reader leaves alone. */
export const VIEW_KEYS = /** @type {ReadonlySet<string>} */ (new Set(VIEW_PARAMS.map((p) => p.key)));

/** The view of a page opened without any of these keys. @returns {ViewState} */
export const defaultView = () => /** @type {ViewState} */ (Object.fromEntries(VIEW_PARAMS.map((p) => [p.key, structuredClone(p.fallback)])));

/**
 * The view state of a link's parameters; a text that cannot be used keeps
 * its fallback and is listed in `problems` ("view 'x' is not a view of this
 * page (energy, layers, detail): showing the first view"). Consistency
 * between keys (a view that `show` hides) is checked here too, since both
 * are known; layers and nodes are checked once the result is there.
 * @returns {{state: ViewState, problems: string[]}}
 */
export function readView(/** @type {URLSearchParams} */ params, /** @type {ViewContext} */ ctx) {
  const state = defaultView();
  /** @type {string[]} */
  const problems = [];
  for (const p of VIEW_PARAMS) {
    const text = params.get(p.key);
    if (text === null) continue;
    try {
      /** @type {any} */ (state)[p.key] = p.parse(text, ctx);
    } catch (err) {
      if (!(err instanceof ViewParamError)) throw err;
      // A packed document is long: its start names it well enough.
      const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
      problems.push(`${p.key} '${shown}' ${err.message}: ${p.key === 'view' || p.key === 'show' ? 'showing' : 'kept'} ${p.kept}`);
    }
  }
  if (state.show !== null && !state.classroom) {
    problems.push(`show '${state.show.join(',')}' applies in classroom mode only (classroom=1): showing every view`);
    state.show = null;
  }
  const shown = shownViews(state, ctx.views);
  if (state.view !== null && !shown.includes(state.view)) {
    problems.push(`view '${state.view}' is not among the views shown (${shown.join(', ')}): showing ${shown[0]}`);
    state.view = shown[0] ?? null;
  }
  return { state, problems };
}

/** The view state of a hash (with or without '#'); see readView. */
export function readViewHash(/** @type {string} */ hash, /** @type {ViewContext} */ ctx) {
  let params;
  try {
    params = new URLSearchParams(hash.replace(/^#/, ''));
  } catch {
    params = new URLSearchParams();
  }
  return readView(params, ctx);
}

/** The view's link parameters, in the table's order, leaving out what is at its fallback. @returns {[string, string][]} */
export function writeView(/** @type {ViewState} */ state) {
  /** @type {[string, string][]} */
  const out = [];
  for (const p of VIEW_PARAMS) {
    const text = p.format(state[p.key]);
    if (text !== null && text !== undefined) out.push([p.key, text]);
  }
  return out;
}

/** The views on screen: those `show` keeps in classroom mode, else all, in the page's order. */
export function shownViews(/** @type {ViewState} */ state, /** @type {string[]} */ views) {
  return state.classroom && state.show !== null ? views.filter((v) => /** @type {string[]} */ (state.show).includes(v)) : views;
}
