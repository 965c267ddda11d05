// The configuration in the URL's hash, so that a link reproduces a run:
//   #v=2&network=alex_net&batch=16&nodes=1x1&...&enable_gbuf_sharing=0&netz=<custom network>
// `v` is the link version; every run field of the schema is a key, by its
// schema name, with its text form (field-kinds.js); a custom network travels
// as `netz`, its JSON text deflate-compressed (CompressionStream
// 'deflate-raw') and base64url-encoded. Links of older versions are
// migrated first (url-migrations.js).
import { CUSTOM } from './fields.js';
import { FieldError } from './field-kinds.js';
import { CURRENT_VERSION, OLDEST_VERSION, migrate } from './url-migrations.js';
import { VIEW_KEYS, writeView } from './view-params.js';

/** @typedef {import('./fields.js').FormField} FormField */

export { CURRENT_VERSION as URL_SCHEMA_VERSION };
const NETWORK_KEY = 'netz';
/** The largest custom network a link may unpack to (a guard against zip bombs). */
const MAX_NETWORK_CHARS = 4 * 1024 * 1024;

const toBase64url = (/** @type {Uint8Array} */ bytes) => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64url = (/** @type {string} */ text) => {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('the custom network is not base64url text');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
};

/** Deflates text into base64url. */
export async function packText(/** @type {string} */ text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** Inflates base64url text from packText; throws if it is damaged or too large. */
export async function unpackText(/** @type {string} */ packed) {
  const stream = new Blob([fromBase64url(packed)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.pipeThrough(new TextDecoderStream('utf-8', { fatal: true })).getReader();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += value;
    if (text.length > MAX_NETWORK_CHARS) {
      await reader.cancel();
      throw new Error(`the custom network is larger than ${MAX_NETWORK_CHARS} characters`);
    }
  }
}

/**
 * The hash (with '#') of a state ({name: value}); `customNetwork` (text) is
 * included when the network is the editor's, and `view` (view-params.js),
 * what is on screen, after the configuration.
 */
export async function encodeHash(/** @type {FormField[]} */ fields, /** @type {Record<string, any>} */ state, customNetwork = '', /** @type {import('./view-params.js').ViewState | null} */ view = null) {
  const params = new URLSearchParams({ v: String(CURRENT_VERSION) });
  for (const f of fields) {
    if (state[f.name] !== null && state[f.name] !== undefined) params.set(f.name, f.kind.format(state[f.name]));
  }
  if (state.network === CUSTOM) params.set(NETWORK_KEY, await packText(customNetwork));
  if (view) for (const [key, text] of writeView(view)) params.set(key, text);
  // URLSearchParams writes spaces as '+'; no field's text form has one that matters.
  return `#${params.toString()}`;
}

/**
 * @typedef {object} Link
 * @property {'ok' | 'empty' | 'future' | 'corrupt'} status
 * @property {number | null} version  The link's version (an older one was migrated).
 * @property {Record<string, any>} state
 * @property {string | null} customNetwork  The link's network text, or null if it has none.
 * @property {string[]} problems
 */

/**
 * Reads a hash. Returns {status, state, customNetwork, problems}:
 * - 'empty': no configuration in the hash, maybe a view (state is `fallback`);
 * - 'future': made by a newer page (state is `fallback`, nothing applied);
 * - 'corrupt': not a configuration of any version (state is `fallback`);
 * - 'ok': the state; a missing field keeps `fallback`'s value, and so does
 *   one whose text is not of its kind, which is listed in `problems` like
 *   unknown keys are. Links of older versions are migrated first.
 * @returns {Promise<Link>}
 */
export async function decodeHash(/** @type {string} */ hash, /** @type {FormField[]} */ fields, /** @type {Record<string, any>} */ fallback) {
  const text = hash.replace(/^#/, '');
  /** @type {Link} */
  const result = {
    status: 'ok', version: null, state: structuredClone(fallback), customNetwork: null, problems: [],
  };
  if (text === '') return { ...result, status: 'empty' };
  let params;
  try {
    params = new URLSearchParams(text);
  } catch {
    return { ...result, status: 'corrupt', problems: ['the link cannot be read'] };
  }
  // A hand-written link of the view alone (#view=detail&layer=conv3_a) holds no configuration.
  if ([...params.keys()].every((key) => VIEW_KEYS.has(key))) return { ...result, status: 'empty' };
  const version = params.get('v');
  if (version === null || !/^\d+$/.test(version)) {
    return { ...result, status: 'corrupt', problems: [`the link has no version (v=${CURRENT_VERSION})`] };
  }
  if (Number(version) > CURRENT_VERSION) {
    return {
      ...result,
      status: 'future',
      problems: [`the link is of version ${version}, made by a newer version of this page (this one reads version ${CURRENT_VERSION})`],
    };
  }
  if (Number(version) < OLDEST_VERSION) return { ...result, status: 'corrupt', problems: [`unknown link version ${version}`] };
  result.version = Number(version);
  /** @type {Record<string, string>} */
  const given = {};
  for (const [key, value] of params) if (key !== 'v' && key !== NETWORK_KEY && !VIEW_KEYS.has(key) && !(key in given)) given[key] = value;
  const texts = migrate(given, Number(version));
  const known = new Set(fields.map((f) => f.name));
  for (const key of Object.keys(texts)) {
    if (!known.has(key)) result.problems.push(`unknown key '${key}' ignored`);
  }
  for (const f of fields) {
    const value = texts[f.name];
    if (value === undefined) continue;  // Short hand-written links are fine: the rest is `fallback`.
    try {
      result.state[f.name] = f.kind.parse(value);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      const kept = fallback[f.name] === null ? 'nothing' : f.kind.format(fallback[f.name]);
      result.problems.push(`${f.label} '${value}' ${err.message}: kept ${kept}`);
    }
  }
  const packed = params.get(NETWORK_KEY);
  if (packed !== null) {
    try {
      result.customNetwork = await unpackText(packed);
    } catch (err) {
      result.problems.push(`the custom network cannot be unpacked (${/** @type {Error} */ (err).message})`);
    }
  }
  if (result.state.network === CUSTOM && result.customNetwork === null) {
    const builtin = fields.find((f) => f.name === 'network')?.choices[0]?.[0] ?? null;
    result.state.network = fallback.network === CUSTOM ? builtin : fallback.network;
    result.problems.push(`the link names a custom network but does not hold it: showing ${result.state.network}`);
  }
  return result;
}
