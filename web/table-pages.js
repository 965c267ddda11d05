// Long tables a page of rows at a time. A sweep of thousands of points made
// tables of thousands of rows: building and laying them out froze the page
// for one to two seconds at 2,000 to 5,000 points (measured, docs/web.md),
// and a person reads them a screenful at a time anyway. The CSV and JSON
// lines exports keep every row.
import { h } from './dom.js';
import { formatCount } from './format.js';

/**
 * @typedef {{page: number, pages: number, from: number, to: number}} PageSpan
 *   A page (from 0, clamped), how many there are (at least 1), and its rows [from, to).
 */

/** Page `page` (clamped to the pages there are) of `count` rows, `size` rows a page. */
export function pageSpan(/** @type {number} */ count, /** @type {number} */ size, /** @type {number} */ page) {
  if (!(Number.isInteger(size) && size >= 1)) throw new Error(`a page holds a whole number of rows from 1, not ${size}`);
  const pages = Math.max(1, Math.ceil(count / size));
  const at = Math.min(Math.max(0, Math.floor(page) || 0), pages - 1);
  return {
    page: at, pages, from: at * size, to: Math.min(count, (at + 1) * size),
  };
}

/** What a page shows, for people: `Points 101–200 of 1,992`, or `All 12 points` on a single page. */
export function spanText(/** @type {PageSpan} */ span, /** @type {number} */ count, /** @type {string} */ noun) {
  if (span.pages === 1) return `All ${formatCount(count)} ${noun}`;
  return `${noun[0].toUpperCase()}${noun.slice(1)} ${formatCount(span.from + 1)}–${formatCount(span.to)} of ${formatCount(count)}`;
}

/**
 * Previous, the span's text, the page's number (to type another) and Next;
 * null on a single page. `go(page)` shows that page (the caller draws its
 * table again, pager included); the new pager's same control then takes
 * the focus (Previous for Next at the last page, and the other way round),
 * so the keyboard stays where it was.
 */
export function pager(/** @type {{id: string, span: PageSpan, count: number, noun: string, go: (page: number) => void}} */ {
  id, span, count, noun, go,
}) {
  if (span.pages === 1) return null;
  const control = (/** @type {string} */ which) => /** @type {HTMLInputElement | HTMLButtonElement | null} */ (document.querySelector(`[data-pager="${id}"] [data-step="${which}"]`));
  const goAndFocus = (/** @type {number} */ to, /** @type {string} */ which, /** @type {string} */ otherwise) => {
    go(to);
    const same = control(which);
    (same && !same.disabled ? same : control(otherwise))?.focus();
  };
  const step = (/** @type {'previous' | 'next'} */ which, /** @type {string} */ text, /** @type {number} */ to) => h('button', {
    type: 'button',
    'data-step': which,
    disabled: to < 0 || to >= span.pages,
    on: { click: () => goAndFocus(to, which, which === 'next' ? 'previous' : 'next') },
  }, text);
  const number = /** @type {HTMLInputElement} */ (h('input', {
    type: 'number',
    id: `${id}-page`,
    class: 'pager-page',
    min: 1,
    max: span.pages,
    step: 1,
    value: span.page + 1,
    'data-step': 'page',
    on: {
      change: () => {
        const wanted = Math.round(Number(number.value));
        // A number out of range goes to the nearest page; one that is not a number stays where it was.
        goAndFocus(Number.isFinite(wanted) ? wanted - 1 : span.page, 'page', 'page');
      },
    },
  }));
  return h('div', {
    class: 'pager', role: 'group', 'aria-label': `Pages of ${noun}`, 'data-pager': id,
  },
  step('previous', '← Previous', span.page - 1),
  h('span', { class: 'pager-span', 'aria-live': 'polite' }, spanText(span, count, noun)),
  // The number's label, field and count stay on one line when the pager wraps (a phone).
  h('span', { class: 'pager-number' }, h('label', { for: `${id}-page` }, 'Page '), number, ` of ${span.pages}`),
  step('next', 'Next →', span.page + 1));
}
