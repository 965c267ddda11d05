// The configuration in the URL's hash, so that a link reproduces a run:
//   #v=1&net=alex_net&batch=16&nodes=1x1&...&netz=<custom network>
// `v` is the schema version; every field of fields.js has a readable key and
// its text form; a custom network travels as `netz`, its JSON text
// deflate-compressed (CompressionStream 'deflate-raw') and base64url-encoded.
import { CUSTOM, FIELDS, FieldError, defaultState } from './fields.js';

/** The version of the hash format. A link with a higher one came from a newer app. */
export const URL_SCHEMA_VERSION = 1;
const NETWORK_KEY = 'netz';
/** The largest custom network a link may unpack to (a guard against zip bombs). */
const MAX_NETWORK_CHARS = 4 * 1024 * 1024;

const toBase64url = (bytes) => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64url = (text) => {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('the custom network is not base64url text');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
};

/** Deflates text into base64url. */
export async function packText(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** Inflates base64url text from packText; throws if it is damaged or too large. */
export async function unpackText(packed) {
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

/** The hash (with '#') for a state; `customNetwork` (text) is included when `net` is custom. */
export async function encodeHash(state, customNetwork = '') {
  const params = new URLSearchParams({ v: String(URL_SCHEMA_VERSION) });
  for (const f of FIELDS) params.set(f.key, f.type.format(state[f.key]));
  if (state.net === CUSTOM) params.set(NETWORK_KEY, await packText(customNetwork));
  // URLSearchParams writes spaces as '+'; no field's text form has one that matters.
  return `#${params.toString()}`;
}

/**
 * Reads a hash. Returns {status, state, customNetwork, problems}:
 * - 'empty': no configuration in the hash (state is `fallback`);
 * - 'future': made by a newer app (state is `fallback`, nothing applied);
 * - 'corrupt': not a configuration of any version (state is `fallback`);
 * - 'ok': the state; a missing field keeps `fallback`'s value, and so does
 *   a damaged one, which is listed in `problems` like unknown keys are.
 * `customNetwork` is the link's network text, or null if it has none.
 */
export async function decodeHash(hash, fallback = defaultState()) {
  const text = hash.replace(/^#/, '');
  const result = { status: 'ok', state: structuredClone(fallback), customNetwork: null, problems: [] };
  if (text === '') return { ...result, status: 'empty' };
  let params;
  try {
    params = new URLSearchParams(text);
  } catch {
    return { ...result, status: 'corrupt', problems: ['the link cannot be read'] };
  }
  const version = params.get('v');
  if (version === null || !/^\d+$/.test(version)) {
    return { ...result, status: 'corrupt', problems: ['the link has no schema version (v=1)'] };
  }
  if (Number(version) > URL_SCHEMA_VERSION) {
    return {
      ...result,
      status: 'future',
      problems: [`the link is of version ${version}, made by a newer version of this page (this one reads version ${URL_SCHEMA_VERSION})`],
    };
  }
  if (Number(version) < 1) return { ...result, status: 'corrupt', problems: [`unknown schema version ${version}`] };
  const known = new Set(['v', NETWORK_KEY, ...FIELDS.map((f) => f.key)]);
  for (const key of new Set(params.keys())) {
    if (!known.has(key)) result.problems.push(`unknown key '${key}' ignored`);
  }
  for (const f of FIELDS) {
    const value = params.get(f.key);
    if (value === null) continue;  // Short hand-written links are fine: the rest is `fallback`.
    try {
      result.state[f.key] = f.type.parse(value);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      result.problems.push(`${f.label} '${value}' ${err.message}: kept ${f.type.format(fallback[f.key])}`);
    }
  }
  if (params.has(NETWORK_KEY)) {
    try {
      result.customNetwork = await unpackText(params.get(NETWORK_KEY));
    } catch (err) {
      result.problems.push(`the custom network cannot be unpacked (${err.message})`);
    }
  }
  if (result.state.net === CUSTOM && result.customNetwork === null) {
    result.state.net = fallback.net === CUSTOM ? defaultState().net : fallback.net;
    result.problems.push(`the link names a custom network but does not hold it: showing ${result.state.net}`);
  }
  return result;
}
