// Boxes that scroll their content (long tables, wide pictures on a phone)
// and the keyboard: a box that scrolls must take the focus, or a person
// without a mouse cannot read what is outside it (WCAG 2.1.1; axe's
// scrollable-region-focusable). A box becomes a named region in the Tab
// order only while its content overflows it, so that the boxes that fit
// (most of them on a wide screen) add no Tab stop. The page's layout decides
// that, so a ResizeObserver watches each box and its content.
import { h } from './dom.js';

/** Makes `box` focusable and named (`data-scroll-label`) while its content overflows it. */
function update(/** @type {HTMLElement} */ box) {
  const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
  if (scrolls === box.hasAttribute('tabindex')) return;
  if (scrolls) {
    box.setAttribute('tabindex', '0');
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', box.dataset.scrollLabel ?? '');
  } else {
    for (const name of ['tabindex', 'role', 'aria-label']) box.removeAttribute(name);
  }
}

/** @type {ResizeObserver | null} */
let observer = null;
/** @type {MutationObserver | null} */
let childWatch = null;
/** Boxes seen on the page: one seen and then gone was replaced (a redrawn view) and is let go. */
const shown = new WeakSet();

/** Keeps `box` (whose label is in `data-scroll-label`) reachable by keyboard whenever it scrolls; returns it. */
export function watchScrollBox(/** @type {HTMLElement} */ box) {
  observer ??= new ResizeObserver((entries) => {
    for (const entry of entries) {
      const target = /** @type {HTMLElement} */ (entry.target);
      if (!target.isConnected) {
        if (shown.has(target)) /** @type {ResizeObserver} */ (observer).unobserve(target);
        continue;
      }
      shown.add(target);
      update(target.dataset.scrollLabel === undefined ? /** @type {HTMLElement} */ (target.parentElement) : target);
    }
  });
  // The box keeps its size when its content grows past it; its content's size changes.
  childWatch ??= new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node instanceof Element) /** @type {ResizeObserver} */ (observer).observe(node);
    }
  });
  observer.observe(box);
  for (const child of box.children) observer.observe(child);
  childWatch.observe(box, { childList: true });
  // A box not yet on the page is looked at by the observer once it is laid
  // out: reading its size now would lay out the whole page first (a sweep's
  // redraws made three such layouts each).
  if (box.isConnected) update(box);
  return box;
}

/** Every box of the page's own markup marked with `data-scroll-label`. */
export const watchScrollBoxes = (/** @type {ParentNode} */ root) => root.querySelectorAll('[data-scroll-label]')
  .forEach((box) => watchScrollBox(/** @type {HTMLElement} */ (box)));

/**
 * A box of class `scroll` (and `attrs`: more classes and attributes) around
 * `children` that scrolls them, named `label` for the keyboard and screen
 * readers while it scrolls.
 */
export function scrollBox(/** @type {string} */ label, /** @type {import('./dom.js').Attrs} */ attrs, /** @type {import('./dom.js').Children[]} */ ...children) {
  const box = /** @type {HTMLElement} */ (h('div', { ...attrs, class: `scroll ${attrs.class ?? ''}`.trim(), 'data-scroll-label': label }, children));
  watchScrollBox(box);
  return box;
}
