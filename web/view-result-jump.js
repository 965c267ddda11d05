// On a narrow screen (a phone) the results sit under the whole form, so a
// run's result would appear where nobody sees it. A button beside Run,
// shown while the results are below the screen, takes a person there in
// one tap and puts the keyboard focus on the results' heading.

/**
 * Shows `button` while `results` lies below the screen (or in its lowest
 * quarter); a click scrolls to `results` and focuses `heading`.
 */
export function setupResultJump(/** @type {HTMLElement} */ button, /** @type {HTMLElement} */ results, /** @type {HTMLElement} */ heading) {
  const observer = new IntersectionObserver(([entry]) => {
    button.hidden = entry.isIntersecting || entry.boundingClientRect.top < (entry.rootBounds?.top ?? 0);
  }, { rootMargin: '0px 0px -25% 0px' });
  observer.observe(results);
  button.addEventListener('click', () => {
    results.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  });
}
