// The engine's answers that the page needs before its first run (the run
// schema, from which it builds its form, and the built-in networks), asked
// of the engine once when the site is built and kept in engine-facts.json
// beside it. On a cold first visit the page asked its engine worker for
// them, and that worker first had to load: the first run waited about
// 100 ms for them (docs/web.md). The engine stays their one definition:
// the file is its answers, from the same build as the wasm files next to it.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The file's name in the site (index.html fetches it by this name). */
export const ENGINE_FACTS_FILE = 'engine-facts.json';

/** The value of an engine call's {"ok": true, [key]: value} answer; its error if it failed. */
function answer(/** @type {string} */ text, /** @type {string} */ key) {
  const reply = JSON.parse(text);
  if (!reply.ok) throw new Error(`the engine refused: ${reply.error?.message ?? text}`);
  return reply[key];
}

/**
 * The facts as the single-threaded module in `wasmDir` answers them:
 * {schema, networks}, the values the page's engine calls runSchema and
 * builtinNetworks give (web/worker-handler.js).
 */
export async function engineFacts(/** @type {string} */ wasmDir) {
  const { default: create } = await import(pathToFileURL(join(wasmDir, 'nndf.mjs')).href);
  const engine = await create({ wasmBinary: await readFile(join(wasmDir, 'nndf.wasm')) });
  return {
    schema: answer(engine.runSchema(), 'schema'),
    networks: answer(engine.builtinNetworks(), 'networks'),
  };
}

/** Writes engine-facts.json into the site `outDir`. */
export async function writeEngineFacts(/** @type {string} */ wasmDir, /** @type {string} */ outDir) {
  await writeFile(join(outDir, ENGINE_FACTS_FILE), JSON.stringify(await engineFacts(wasmDir)));
}
