// A tab panel's content drawn when the panel is on view, not while it is
// hidden: on a cold start the page drew the hidden Layers panel (its
// timeline at a guessed width, then again at its own when first shown) in
// the same task as the Energy panel a person sees, and the first result came
// that much later (docs/web.md). A panel keeps at most one drawing to do,
// the latest, so a result never shows over a newer one.

/** @type {WeakMap<HTMLElement, () => void>} The drawing each hidden panel waits to do. */
const waiting = new WeakMap();
/** @type {WeakSet<HTMLElement>} Panels whose `hidden` attribute is watched. */
const watched = new WeakSet();

/** Runs the drawing `panel` waits for, if it is on view and has one. */
function drawWaiting(/** @type {HTMLElement} */ panel) {
  const draw = waiting.get(panel);
  if (panel.hidden || !draw) return;
  waiting.delete(panel);
  draw();
}

/**
 * Calls `draw()` now if `panel` is on view; otherwise when the panel is
 * next shown (a mutation observer on its `hidden` attribute runs it before
 * the panel is painted), in place of any drawing it was already waiting for.
 */
export function drawWhenShown(/** @type {HTMLElement} */ panel, /** @type {() => void} */ draw) {
  waiting.set(panel, draw);
  if (!watched.has(panel)) {
    watched.add(panel);
    new MutationObserver(() => drawWaiting(panel)).observe(panel, { attributes: true, attributeFilter: ['hidden'] });
  }
  drawWaiting(panel);
}
