// Classroom mode on the page: the configuration form hidden, larger type,
// and only the views the link's `show` keeps (view-params.js decides which;
// this module only puts that on screen). The toggle button stays visible in
// the header, so the way out of the mode is always one press away.
import { shownViews } from './view-params.js';

/** @typedef {import('./view-params.js').ViewState} ViewState */

/** The page's result views, by their tabs' panels (panel-energy -> energy), in order. */
export function pageViews(/** @type {HTMLElement} */ tablist) {
  return [...tablist.querySelectorAll('[role="tab"]')].map((tab) => (tab.getAttribute('aria-controls') ?? '').replace(/^panel-/, ''));
}

/**
 * Shows classroom mode as `state` says: the page's class, the tabs of the
 * views it keeps, and the toggle's label. Returns the views shown.
 */
export function applyClassroom(/** @type {ViewState} */ state, /** @type {HTMLElement} */ tablist, /** @type {HTMLElement} */ toggle) {
  const views = pageViews(tablist);
  const shown = shownViews(state, views);
  // On the root element, so that rem sizes grow with it.
  document.documentElement.classList.toggle('classroom', state.classroom);
  for (const tab of /** @type {HTMLElement[]} */ ([...tablist.querySelectorAll('[role="tab"]')])) {
    tab.hidden = !shown.includes((tab.getAttribute('aria-controls') ?? '').replace(/^panel-/, ''));
  }
  // The label says what a press does (not aria-pressed, whose label must stay the same).
  toggle.textContent = state.classroom ? 'Leave classroom mode' : 'Classroom mode';
  toggle.title = state.classroom ? 'Show the configuration and every view again'
    : 'Hide the configuration and enlarge the type, for showing on a projector (the link keeps it)';
  return shown;
}
