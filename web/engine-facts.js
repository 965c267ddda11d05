// The engine's answers the page opens with: the run schema (its form) and
// the built-in networks. The build keeps them in engine-facts.json
// (scripts/engine-facts.mjs), which index.html fetches beside the engine, so
// the first run does not wait for an engine worker to load and answer.

/**
 * @typedef {{schema: any, networks: {name: string, json: string}[]}} EngineFacts
 *   As the engine's calls runSchema and builtinNetworks answer them.
 */

/**
 * The answers the build kept (`kept`: the parsed file, or null), else the
 * engine's own, asked with `call` (a host that lost the file, or a build
 * without it).
 * @returns {Promise<EngineFacts>}
 */
export async function engineFacts(/** @type {Promise<any>} */ kept, /** @type {(fn: string) => Promise<any>} */ call) {
  const facts = await kept.catch(() => /** @type {any} */ (null));
  if (facts && typeof facts.schema === 'object' && facts.schema !== null && Array.isArray(facts.networks)) return facts;
  const [schema, networks] = await Promise.all([call('runSchema'), call('builtinNetworks')]);
  return { schema, networks };
}
