// Keyboard focus in a chart of bars: one Tab stop for the whole chart (its
// first bar), then ArrowUp and ArrowDown move between bars and Home and End
// to the first and last (a roving tabindex, as the node grid and the tabs
// do), so a long chart does not cost a keyboard user a Tab per bar.

const MOVES = {
  ArrowDown: (/** @type {number} */ at, /** @type {number} */ _n) => at + 1,
  ArrowUp: (/** @type {number} */ at, /** @type {number} */ _n) => at - 1,
  Home: (/** @type {number} */ _at, /** @type {number} */ _n) => 0,
  End: (/** @type {number} */ _at, /** @type {number} */ n) => n - 1,
};

/** Makes the `selector` elements of `chart` one Tab stop with arrow keys between them; returns `chart`. */
export function rovingBars(/** @type {Element} */ chart, /** @type {string} */ selector) {
  const bars = /** @type {SVGElement[]} */ ([...chart.querySelectorAll(selector)]);
  bars.forEach((bar, i) => bar.setAttribute('tabindex', i === 0 ? '0' : '-1'));
  chart.addEventListener('keydown', (event) => {
    const e = /** @type {KeyboardEvent} */ (event);
    const move = MOVES[/** @type {keyof typeof MOVES} */ (e.key)];
    const at = bars.indexOf(/** @type {SVGElement} */ (e.target));
    if (!move || at < 0) return;
    const to = Math.max(0, Math.min(bars.length - 1, move(at, bars.length)));
    e.preventDefault();
    bars[at].setAttribute('tabindex', '-1');
    bars[to].setAttribute('tabindex', '0');
    bars[to].focus();
  });
  return chart;
}
