// WAI-ARIA tabs (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): the
// tablist holds buttons with role="tab" and aria-controls naming their
// panel. Arrow keys, Home and End move between tabs and select them; only
// the selected tab is in the tab order.

/** Wires a tablist; returns select(tabOrPanelId) for code that opens a tab. */
export function setupTabs(/** @type {HTMLElement} */ tablist, /** @type {(panelId: string | null) => void} */ onSelect = () => {}) {
  const tabs = /** @type {HTMLElement[]} */ ([...tablist.querySelectorAll('[role="tab"]')]);
  const panelOf = (/** @type {HTMLElement} */ tab) => /** @type {HTMLElement} */ (document.getElementById(tab.getAttribute('aria-controls') ?? ''));

  function select(/** @type {HTMLElement} */ tab, focus = false) {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      panelOf(t).hidden = !selected;
    }
    if (focus) tab.focus();
    onSelect(tab.getAttribute('aria-controls'));
  }

  tablist.addEventListener('click', (event) => {
    const tab = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest('[role="tab"]'));
    if (tab) select(tab);
  });
  tablist.addEventListener('keydown', (event) => {
    // Hidden tabs (views classroom mode leaves out) are skipped.
    const shown = tabs.filter((t) => !t.hidden);
    const at = shown.indexOf(/** @type {HTMLElement} */ (document.activeElement));
    if (at < 0) return;
    const to = /** @type {Record<string, number>} */ ({
      ArrowRight: (at + 1) % shown.length,
      ArrowLeft: (at - 1 + shown.length) % shown.length,
      Home: 0,
      End: shown.length - 1,
    })[event.key];
    if (to === undefined) return;
    event.preventDefault();
    select(shown[to], true);
  });
  select(tabs.find((t) => t.getAttribute('aria-selected') === 'true') ?? tabs[0]);
  return (/** @type {string} */ id) => {
    const tab = tabs.find((t) => t.id === id || t.getAttribute('aria-controls') === id);
    if (tab) select(tab);
  };
}
