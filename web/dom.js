// Building DOM and SVG safely: text always goes in as text nodes, never as
// markup, so names from a URL, a file or the editor cannot become HTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(element, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null) continue;
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name.startsWith('on')) {
      throw new Error(`set event handlers with 'on', not the attribute '${name}'`);
    } else if (name in element && typeof element[name] === 'boolean') {
      element[name] = value !== false && value !== 'false';
    } else if (value !== false) {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  element.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))));
  return element;
}

/** An HTML element: h('p', {class: 'x'}, 'text', child, [more]). Strings become text nodes. */
export const h = (tag, attrs = {}, ...children) => build(document.createElement(tag), attrs, children);

/** An SVG element, the same way. */
export const s = (tag, attrs = {}, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children);

/** Replaces an element's children. */
export const fill = (element, ...children) => {
  element.replaceChildren();
  return build(element, {}, children);
};

/** The element with this id (which the page must have). */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element;
}

/** Runs `fn` once no call has come for `ms` milliseconds; `.now()` runs a pending call at once. */
export function debounce(fn, ms) {
  let timer = null;
  let args = [];
  const run = () => {
    timer = null;
    return fn(...args);
  };
  const debounced = (...a) => {
    args = a;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  debounced.now = () => {
    if (timer === null) return undefined;
    clearTimeout(timer);
    return run();
  };
  return debounced;
}
