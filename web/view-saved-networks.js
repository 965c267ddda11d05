// The list of saved networks (saved-networks.js) under the network editor:
// each with its name, date and how it came there, to open into the editor
// or delete; and a button to keep the editor's network by hand. It reaches
// the editor only through `page.editorText()` and `page.openText(...)`, so
// it works with whatever editor the page has.
import { fill, h } from './dom.js';
import { deleteNetwork, keepNetwork, listNetworks } from './saved-networks.js';

/**
 * @typedef {object} SavedNetworksPage
 * @property {() => string} editorText  The editor's text now.
 * @property {(text: string, what: string) => void} openText  Puts a saved text into the editor (one's text there is kept first).
 * @property {(text: string) => void} status
 */

/** "2026-12-02 13:05", local time: the date a person reads. */
const when = (/** @type {string} */ iso) => {
  const d = new Date(iso);
  const two = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
};

/** Builds the view into `container` (a <details>); returns `refresh()`, to call after the list changed. */
export function createSavedNetworks(/** @type {HTMLElement} */ container, /** @type {SavedNetworksPage} */ page) {
  const count = h('span', {});
  const list = h('ul', { class: 'saved-networks-list' });
  const empty = h('p', { class: 'note' }, 'None yet. A network the editor loses to a link, a file or a copy is kept here.');
  const save = h('button', {
    type: 'button',
    on: {
      click: () => {
        const kept = keepNetwork(page.editorText(), 'saved by hand');
        page.status(kept ? `Saved ${kept.name} in your networks.` : 'Nothing saved: the editor is empty, or this browser keeps no storage.');
        refresh();
      },
    },
  }, 'Save the editor\'s network');
  fill(container, h('summary', {}, 'Your saved networks ', count), h('div', { class: 'row' }, save), empty, list);

  function refresh() {
    const networks = listNetworks();
    count.textContent = `(${networks.length})`;
    empty.hidden = networks.length > 0;
    fill(list, networks.map((n) => h('li', { dataset: { id: n.id } },
      h('span', { class: 'name' }, n.name), ' ',
      h('time', { datetime: n.savedAt }, when(n.savedAt)),
      n.why ? h('span', { class: 'note' }, ` (${n.why})`) : null, ' ',
      h('button', { type: 'button', 'aria-label': `Open ${n.name} of ${when(n.savedAt)}`, on: { click: () => { page.openText(n.text, `your saved ${n.name}`); refresh(); } } }, 'Open'),
      ' ',
      h('button', {
        type: 'button',
        'aria-label': `Delete ${n.name} of ${when(n.savedAt)}`,
        on: {
          click: () => {
            deleteNetwork(n.id);
            page.status(`Deleted ${n.name} (${when(n.savedAt)}) from your networks.`);
            refresh();
          },
        },
      }, 'Delete'))));
  }
  refresh();
  return refresh;
}
