// Building DOM and SVG safely: text always goes in as text nodes, never as
// markup, so names from a URL, a file or the editor cannot become HTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * @typedef {Node | string | number | boolean | null | undefined} Child
 * @typedef {Child | Children[]} Children  A child, or nested lists of them (flattened).
 * @typedef {Record<string, any>} Attrs  Attributes; `on` maps events to handlers, `dataset` data-* values.
 */

/**
 * @template {Element} E
 * @param {E} element
 * @param {Attrs | undefined} attrs
 * @param {Children[]} children
 * @returns {E}
 */
function build(element, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null) continue;
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    } else if (name === 'dataset') {
      Object.assign(/** @type {HTMLElement} */ (/** @type {unknown} */ (element)).dataset, value);
    } else if (name.startsWith('on')) {
      throw new Error(`set event handlers with 'on', not the attribute '${name}'`);
    } else if (name in element && typeof (/** @type {any} */ (element))[name] === 'boolean') {
      /** @type {any} */ (element)[name] = value !== false && value !== 'false';
    } else if (value !== false) {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  element.append(.../** @type {Child[]} */ (/** @type {any[]} */ (children).flat(Infinity)).filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))));
  return element;
}

/** An HTML element: h('p', {class: 'x'}, 'text', child, [more]). Strings become text nodes. */
export const h = (/** @type {string} */ tag, /** @type {Attrs} */ attrs = {}, /** @type {Children[]} */ ...children) => build(document.createElement(tag), attrs, children);

/** An SVG element, the same way. */
export const s = (/** @type {string} */ tag, /** @type {Attrs} */ attrs = {}, /** @type {Children[]} */ ...children) => /** @type {SVGElement} */ (
  build(document.createElementNS(SVG_NS, tag), attrs, children));

/** Replaces an element's children. */
export const fill = (/** @type {Element} */ element, /** @type {Children[]} */ ...children) => {
  element.replaceChildren();
  return build(element, {}, children);
};

/** The element with this id (which the page must have). */
export function byId(/** @type {string} */ id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element;
}

/** Runs `fn` once no call has come for `ms` milliseconds; `.now()` runs a pending call at once. */
/**
 * @template {any[]} A
 * @template R
 * @param {(...args: A) => R} fn
 * @param {number} ms
 * @returns {((...args: A) => void) & {now: () => R | undefined}}
 */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  /** @type {A} */
  let args = /** @type {A} */ (/** @type {unknown} */ ([]));
  const run = () => {
    timer = null;
    return fn(...args);
  };
  const debounced = (/** @type {A} */ ...a) => {
    args = a;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  return Object.assign(debounced, {
    now: () => {
      if (timer === null) return undefined;
      clearTimeout(timer);
      return run();
    },
  });
}
