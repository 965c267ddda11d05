// The pinned configuration A in the link: `compare=` holds A's run document
// (docs/run-config.md), deflated and base64url-encoded like a custom network
// (url-codec.js packText). The document carries its own version, its
// `format`: a link of a newer format is refused by name, never guessed at.
// Reading checks everything the page can check before the engine's
// `validate` judges the values; each failure is one precise sentence, and
// the page drops A with a notice.
import { packText, unpackText } from './url-codec.js';

/** @typedef {import('./fields.js').FormField} FormField */

/** A compared configuration in a link that cannot be used; the message says why. */
export class CompareLinkError extends Error {}

/** The `compare=` text of a run document's text. */
export const packDocument = (/** @type {string} */ documentText) => packText(documentText);

/**
 * The run document of a `compare=` text, checked: inflates, is a JSON
 * object of `documentFormat`, and has only fields of the schema, each of its
 * field's kind. Throws CompareLinkError.
 * @returns {Promise<{document: Record<string, any>, documentText: string}>}
 */
export async function unpackDocument(/** @type {string} */ packed, /** @type {FormField[]} */ fields, /** @type {string} */ documentFormat) {
  let text;
  try {
    text = await unpackText(packed);
  } catch (err) {
    throw new CompareLinkError(`it cannot be unpacked (${/** @type {Error} */ (err).message.replace('the custom network', 'it')})`);
  }
  let document;
  try {
    document = JSON.parse(text);
  } catch {
    throw new CompareLinkError('it is not JSON');
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) throw new CompareLinkError('it is not a run document (a JSON object)');
  if (document.format !== documentFormat) {
    throw new CompareLinkError(`it is a run document of format ${JSON.stringify(document.format)}; this page reads ${documentFormat}`);
  }
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const [key, value] of Object.entries(document)) {
    if (key === 'format') continue;
    const field = byName.get(key);
    if (!field) throw new CompareLinkError(`it has the unknown key '${key}'`);
    if (field.schema.kind === 'network' && value !== null && typeof value === 'object' && !Array.isArray(value)) continue;
    try {
      field.kind.parse(field.kind.format(field.kind.fromJson(value)));
    } catch {
      throw new CompareLinkError(`its ${field.label} ${JSON.stringify(value)} is not of the field's kind`);
    }
  }
  return { document, documentText: JSON.stringify(document) };
}
