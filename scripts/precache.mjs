// The list of files the service worker keeps for offline use
// (web/service-worker.js), written into it by scripts/build-web.mjs. Also
// used by the offline test to make a new version of a built site.
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** The line of web/service-worker.js that build-web replaces with the build's file list. */
const PRECACHE_LINE = 'const PRECACHE = null; // build-web: precache';
/** The service worker, which is not one of the files it caches (the browser keeps it). */
const SERVICE_WORKER = 'service-worker.js';

/**
 * Writes into the service worker the files it caches for offline use: every
 * file of the site but itself and the source maps (for browser tools, which
 * fetch them when online), each with its SHA-256, and the build's version,
 * a hash of them all. A changed file is a new version, so the service
 * worker's own text changes, which is how browsers notice a new version.
 */
export async function writePrecache(/** @type {string} */ dir) {
  /** @type {Record<string, string>} */
  const files = {};
  const paths = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((p) => p !== SERVICE_WORKER && !p.endsWith('.map')).sort();
  for (const path of paths) files[path] = createHash('sha256').update(await readFile(join(dir, path))).digest('hex');
  const version = createHash('sha256').update(paths.map((p) => `${p} ${files[p]}\n`).join('')).digest('hex').slice(0, 16);
  const file = join(dir, SERVICE_WORKER);
  const code = await readFile(file, 'utf8');
  if (!code.includes(PRECACHE_LINE)) throw new Error(`${file} has no line '${PRECACHE_LINE}'`);
  await writeFile(file, code.replace(PRECACHE_LINE, `const PRECACHE = ${JSON.stringify({ version, files })};`));
  return version;
}
