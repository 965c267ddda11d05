// The networks one has written, kept in localStorage beside the draft: a
// list of named, dated copies. The editor holds one text; whatever replaces
// it (a link's network, a file, a built-in copied in, a restored result) is
// kept here first, so that nothing typed is lost, and one can keep a copy by
// hand. Nothing is ever dropped but by Delete. No DOM; the view is
// view-saved-networks.js.

const KEY = 'nndf-explorer/networks/v1';

/**
 * @typedef {object} SavedNetwork
 * @property {string} id
 * @property {string} name     The network's own `name`, else 'Untitled network'.
 * @property {string} savedAt  ISO 8601 date and time.
 * @property {string} why      How it came here: 'saved by hand', 'kept before opening a link', ...
 * @property {string} text     The editor's text, as typed.
 */

/** The name a network's text gives itself (its `name`), else 'Untitled network'. */
export function networkName(/** @type {string} */ text) {
  try {
    const { name } = JSON.parse(text);
    if (typeof name === 'string' && name.trim() !== '') return name.trim().slice(0, 80);
  } catch {
    // Not JSON yet: still one's text.
  }
  return 'Untitled network';
}

/** The saved networks, newest first; [] where storage is off or the entry is damaged. @returns {SavedNetwork[]} */
export function listNetworks(/** @type {Storage | undefined} */ storage = globalThis.localStorage) {
  try {
    const list = JSON.parse(storage?.getItem(KEY) ?? '[]');
    if (!Array.isArray(list)) return [];
    return list.filter((n) => n && typeof n.id === 'string' && typeof n.text === 'string' && typeof n.name === 'string'
      && typeof n.savedAt === 'string').map((n) => ({ ...n, why: typeof n.why === 'string' ? n.why : '' }))
      .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  } catch {
    return [];
  }
}

/** Writes the list; false (and nothing written) where storage is off or full. */
function writeList(/** @type {SavedNetwork[]} */ list, /** @type {Storage | undefined} */ storage) {
  try {
    if (!storage) return false;
    storage.setItem(KEY, JSON.stringify(list));
    return true;
  } catch {
    return false;
  }
}

/**
 * Keeps a network's text in the list. The same text already kept is only
 * dated anew (no copies pile up). Returns the entry, or null when the text
 * is empty or storage refused it.
 * @returns {SavedNetwork | null}
 */
export function keepNetwork(/** @type {string} */ text, /** @type {string} */ why, { storage = globalThis.localStorage, now = new Date() } = {}) {
  if (text.trim() === '') return null;
  const list = listNetworks(storage);
  const savedAt = now.toISOString();
  const same = list.find((n) => n.text === text);
  const entry = same ? { ...same, savedAt, why } : {
    id: `${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, name: networkName(text), savedAt, why, text,
  };
  const next = [entry, ...list.filter((n) => n !== same)];
  return writeList(next, storage) ? entry : null;
}

/** Deletes a saved network by id. */
export function deleteNetwork(/** @type {string} */ id, /** @type {Storage | undefined} */ storage = globalThis.localStorage) {
  return writeList(listNetworks(storage).filter((n) => n.id !== id), storage);
}
