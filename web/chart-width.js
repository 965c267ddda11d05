// Charts drawn at the width they are shown at, in CSS pixels, so that their
// text keeps its size on a phone (an SVG scaled down to fit would shrink its
// 12 px labels below legibility). A chart is redrawn when its box changes
// width, including when a hidden tab is first shown.

/** @type {WeakMap<Element, ResizeObserver>} */
const observers = new WeakMap();

/**
 * Calls draw(width) now with the width of `box` (or `fallback` while it is
 * hidden), and again whenever that width changes, until `target` (where
 * draw puts the chart) is emptied or removed by someone else, as when a
 * result is cleared.
 */
export function drawAtWidth(/** @type {Element} */ box, /** @type {Element} */ target, /** @type {(width: number) => void} */ draw, fallback = 640) {
  observers.get(box)?.disconnect();
  let drawn = -1;
  const run = () => {
    const width = Math.floor(box.clientWidth) || fallback;
    if (width === drawn) return;
    drawn = width;
    draw(width);
  };
  run();
  const observer = new ResizeObserver(() => {
    if (!target.isConnected || target.childElementCount === 0) {
      observer.disconnect();
      return;
    }
    run();
  });
  observer.observe(box);
  observers.set(box, observer);
}
