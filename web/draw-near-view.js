// Drawings of boxes that may wait while the box is far from the screen: a
// running sweep redraws its three plots and their tables as points arrive,
// and below the first plot they were drawn for nobody (on a 1000-point
// sweep, 100 to 300 ms of the page's thread per redraw, taken from the
// workers on a two-core machine; docs/web.md). A box keeps at most one
// drawing to do, the latest, and does it as it comes within MARGIN of the
// screen (or its tab is shown: a hidden box is never near). Once the sweep
// ends, every box is drawn soon: a far one in a task of its own, so the
// page answers input between the boxes (at 2,000 points each box is about
// a tenth of a second of drawing).

/** How far off the screen a box still counts as near: it is drawn before it scrolls in. */
const MARGIN = '300px';

export class NearView {
  /** @type {WeakMap<Element, boolean>} Whether each box is near the screen, as last reported. */
  #near = new WeakMap();
  /** @type {Map<Element, () => void>} The drawing each far box waits to do. */
  #waiting = new Map();
  #observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      this.#near.set(entry.target, entry.isIntersecting);
      const draw = this.#waiting.get(entry.target);
      if (entry.isIntersecting && draw) {
        this.#waiting.delete(entry.target);
        draw();
      }
    }
  }, { rootMargin: MARGIN });

  /** Watches `boxes`; until the browser first reports one, it counts as far. */
  constructor(/** @type {Element[]} */ boxes) {
    for (const b of boxes) this.#observer.observe(b);
  }

  /** Calls `draw()` now if `box` is near the screen, else when it comes near, in place of any drawing it waited for. */
  drawWhenNear(/** @type {Element} */ box, /** @type {() => void} */ draw) {
    if (this.#near.get(box)) {
      this.#waiting.delete(box);
      draw();
    } else {
      this.#waiting.set(box, draw);
    }
  }

  /**
   * Calls `draw()` now if `box` is near the screen, else in a task of its
   * own (or as it comes near, if that is sooner). Resolves once the box has
   * drawn, or its drawing has been superseded by a later one.
   * @returns {Promise<void>}
   */
  drawSoon(/** @type {Element} */ box, /** @type {() => void} */ draw) {
    if (this.#near.get(box)) {
      this.drawNow(box, draw);
      return Promise.resolve();
    }
    this.#waiting.set(box, draw);
    return new Promise((resolve) => {
      setTimeout(() => {
        if (this.#waiting.get(box) === draw) {
          this.#waiting.delete(box);
          draw();
        }
        resolve();
      }, 0);
    });
  }

  /** Calls `draw()` now, dropping any drawing `box` waited for (it is superseded). */
  drawNow(/** @type {Element} */ box, /** @type {() => void} */ draw) {
    this.#waiting.delete(box);
    draw();
  }
}
