// The last configuration, kept in localStorage across reloads so that
// nothing typed is lost (also what a damaged link would have replaced).
// Values are the fields' text forms, as typed, valid or not.

const KEY = 'nndf-explorer/draft/v1';

/** The saved draft {fields: {key: text}, customNetwork: text}, or null. */
export function loadDraft(storage = globalThis.localStorage) {
  try {
    const saved = JSON.parse(storage?.getItem(KEY) ?? 'null');
    if (saved === null || typeof saved !== 'object') return null;
    const fields = Object.fromEntries(Object.entries(saved.fields ?? {}).filter(([, v]) => typeof v === 'string'));
    return { fields, customNetwork: typeof saved.customNetwork === 'string' ? saved.customNetwork : '' };
  } catch {
    return null;  // Storage off (private mode) or a damaged entry: start afresh.
  }
}

/** Saves the draft; quietly does nothing where storage is off or full. */
export function saveDraft(fields, customNetwork, storage = globalThis.localStorage) {
  try {
    storage?.setItem(KEY, JSON.stringify({ fields, customNetwork }));
  } catch {
    // Nothing better to do: the page keeps working without it.
  }
}
