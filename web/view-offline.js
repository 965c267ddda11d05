// What the page says about working offline (offline.js): a line in the
// footer once this version is kept, and a notice with a Reload button when a
// new version is ready.
import { byId, fill, h } from './dom.js';

/** Says in the footer that the page now works offline. */
export function showOfflineReady(/** @type {string} */ version) {
  const footer = document.querySelector('footer');
  if (!footer || document.getElementById('offline-ready')) return;
  footer.append(' · ', h('span', { id: 'offline-ready', 'data-testid': 'offline-ready', title: `Version ${version}` }, 'Works offline'));
}

/** Offers the new version: Reload switches to it, Later hides the notice (the next visit has it). */
export function showUpdateReady(/** @type {() => void} */ reload) {
  let box = document.getElementById('update-notice');
  if (!box) {
    box = h('div', { id: 'update-notice', 'data-testid': 'update-notice', class: 'notice', role: 'status' });
    byId('notice').after(box);
  }
  const notice = box;
  fill(notice, 'A new version of this page is ready. ',
    h('button', {
      type: 'button',
      on: {
        click: (/** @type {Event} */ event) => {
          /** @type {HTMLButtonElement} */ (event.currentTarget).disabled = true;
          reload();
        },
      },
    }, 'Reload'),
    ' ',
    h('button', { type: 'button', on: { click: () => { notice.hidden = true; } } }, 'Later'));
  notice.hidden = false;
}
