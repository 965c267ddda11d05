// The page's one service worker (a scope has one): it keeps the page working
// offline and makes it cross-origin isolated on hosts that send no headers.
//
// Offline: scripts/build-web.mjs writes the build's file list, each file's
// SHA-256 and a version (a hash of them all) into PRECACHE below. The files
// are kept in a cache named after that version and served from it first, so
// after one visit the page, its modules and the wasm load with no network.
// A new build is a new version: its worker fetches and checks every file
// before it installs, then waits until the page says to take over (the page
// shows "A new version is ready" with a Reload button, offline.js); the old
// version's cache goes when the new one activates. Files are checked against
// their hashes, so a cache never mixes two builds. In web/ (not built)
// PRECACHE is null and nothing is cached.
//
// Isolation: it adds COOP and COEP to the site's own responses, as a server
// would (scripts/serve.mjs); isolation.js reloads the page once where it
// was not isolated. The idea is coi-serviceworker's
// (github.com/gzuidhof/coi-serviceworker); the page loads nothing from other
// origins, so no credentialless mode or CORP rewriting is needed.

/** This service worker's global scope (the DOM's types call `self` a Window). */
const sw = /** @type {any} */ (self);

/**
 * The build's files (paths relative to this script) and their SHA-256 in
 * hex, and the build's version: written by scripts/build-web.mjs.
 * @type {{version: string, files: Record<string, string>} | null}
 */
const PRECACHE = null; // build-web: precache

const CACHE_PREFIX = 'nndf-';
const CACHE = PRECACHE ? `${CACHE_PREFIX}${PRECACHE.version}` : null;
/** The folder of the site (the scope), as a URL ending in '/'. */
const BASE = new URL('./', sw.location.href);

/** The build's file a same-origin URL names ('' and a folder: index.html), or null. */
function builtFile(/** @type {URL} */ url) {
  if (!PRECACHE || !url.href.startsWith(BASE.href)) return null;
  const path = url.pathname.slice(BASE.pathname.length) || 'index.html';
  return Object.hasOwn(PRECACHE.files, path) ? path : null;
}

async function sha256Hex(/** @type {ArrayBuffer} */ bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Puts every file of the build that the cache lacks into it, each checked
 * against its hash, and only once all are fetched and checked: a file of
 * another build (the server has a newer one) fails the whole, so the cache
 * never holds part of a build beside another build's files from the network.
 */
async function precache() {
  if (!PRECACHE || !CACHE) return;
  const cache = await caches.open(CACHE);
  const fetched = await Promise.all(Object.entries(PRECACHE.files).map(async ([path, hash]) => {
    const url = new URL(path, BASE);
    if (await cache.match(url)) return null;
    // Around the HTTP cache: it may hold the previous build's file.
    const response = await fetch(url, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    const bytes = await response.clone().arrayBuffer();
    if (await sha256Hex(bytes) !== hash) throw new Error(`${path} is not this version's (the site has changed since)`);
    return { url, response };
  }));
  await Promise.all(fetched.map((entry) => entry && cache.put(entry.url, entry.response)));
}

/**
 * A wasm file's answer is passed on as it is: a Response made here has no
 * place in a cache, so Chrome would not keep the code V8 compiled from it,
 * and every visit would compile the engine afresh (about 2 s of optimizing
 * compiles on this 2-core machine, docs/web.md). COOP and COEP count only on
 * a document's or a worker's answer. Every other answer keeps them, as it
 * always has: Firefox failed a page's fetch of style.css once in CI
 * (NetworkError) while every answer but a document's or a worker's was
 * passed on untouched, which 5 local runs did not repeat.
 */
const passedAsIs = (/** @type {Request} */ request) => new URL(request.url).pathname.endsWith('.wasm');

/** A response with the headers that make the page cross-origin isolated (a wasm file's: untouched). */
function isolated(/** @type {Request} */ request, /** @type {Response} */ response) {
  if (response.status === 0 || passedAsIs(request)) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** The build's file from the cache if it is there, else the network's answer. */
async function respond(/** @type {Request} */ request) {
  const file = request.method === 'GET' && CACHE ? builtFile(new URL(request.url)) : null;
  const cached = file && CACHE ? await (await caches.open(CACHE)).match(new URL(file, BASE)) : undefined;
  return isolated(request, cached ?? await fetch(request));
}

sw.addEventListener('install', (/** @type {any} */ event) => {
  // The first version activates at once (the page's isolation waits for it)
  // and fills its cache when the page asks ('precache'); a later one fills
  // it first, then waits for the page's word ('activate').
  if (!sw.registration.active) {
    sw.skipWaiting();
    return;
  }
  event.waitUntil(precache().catch(async (/** @type {Error} */ err) => {
    // Nothing was put (all or nothing): a cache this install opened is
    // empty, and goes; one already full (the same files) stays.
    if (CACHE && (await (await caches.open(CACHE)).keys()).length === 0) await caches.delete(CACHE);
    throw err;
  }));
});

sw.addEventListener('activate', (/** @type {any} */ event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await sw.clients.claim();
  })());
});

sw.addEventListener('message', (/** @type {any} */ event) => {
  const port = /** @type {MessagePort | undefined} */ (event.ports?.[0]);
  if (event.data?.type === 'activate') {
    sw.skipWaiting();
  } else if (event.data?.type === 'precache') {
    // The answer: {version} once every file is cached (null in web/), or {error}.
    event.waitUntil(precache().then(
      () => port?.postMessage({ version: PRECACHE?.version ?? null }),
      (/** @type {Error} */ err) => port?.postMessage({ error: err.message }),
    ));
  }
});

sw.addEventListener('fetch', (/** @type {any} */ event) => {
  const request = /** @type {Request} */ (event.request);
  // Requests elsewhere go to the network untouched (the browser's own way).
  if (new URL(request.url).origin !== sw.location.origin) return;
  // fetch() refuses to re-issue this combination (devtools makes such requests).
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(respond(request));
});
