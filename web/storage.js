// The last configuration, kept in localStorage across reloads so that
// nothing typed is lost (also what a damaged link would have replaced).
// Values are the fields' text forms, as typed, valid or not, by the keys of
// the links; a draft saved by an older page is migrated like its links.
import { CURRENT_VERSION, migrate } from './url-migrations.js';

const keyOf = (/** @type {number} */ version) => `nndf-explorer/draft/v${version}`;

/**
 * @typedef {{fields: Record<string, string>, customNetwork: string, hash?: string}} Draft
 *   `hash`: the link the draft's form goes with (opened or written). A page opened
 *   on that same hash is the page reloaded (or reopened) on its own link,
 *   which may lag behind the last keystrokes: the draft is then the newer.
 */

/** A stored draft's fields and network, or null if it is not one. */
function readEntry(/** @type {string | null} */ text) {
  const saved = JSON.parse(text ?? 'null');
  if (saved === null || typeof saved !== 'object') return null;
  const fields = Object.fromEntries(Object.entries(saved.fields ?? {}).filter(([, v]) => typeof v === 'string'));
  const draft = { fields, customNetwork: typeof saved.customNetwork === 'string' ? saved.customNetwork : '' };
  return typeof saved.hash === 'string' ? { ...draft, hash: saved.hash } : draft;
}

/**
 * The saved draft, or null: the current version's, else the newest older
 * one, migrated.
 * @returns {Draft | null}
 */
export function loadDraft(/** @type {Storage | undefined} */ storage = globalThis.localStorage) {
  try {
    for (let version = CURRENT_VERSION; version >= 1; version -= 1) {
      const draft = readEntry(storage?.getItem(keyOf(version)) ?? null);
      if (draft) return { ...draft, fields: migrate(draft.fields, version) };
    }
    return null;
  } catch {
    return null;  // Storage off (private mode) or a damaged entry: start afresh.
  }
}

/**
 * Saves the draft with `hash`, the link its form goes with (not simply the
 * address bar's: a link can be there before the page opens it); quietly does
 * nothing where storage is off or full.
 */
export function saveDraft(/** @type {Record<string, string>} */ fields, /** @type {string} */ customNetwork, /** @type {string} */ hash, /** @type {Storage | undefined} */ storage = globalThis.localStorage) {
  try {
    storage?.setItem(keyOf(CURRENT_VERSION), JSON.stringify({ fields, customNetwork, hash }));
  } catch {
    // Nothing better to do: the page keeps working without it.
  }
}
