// A service worker that makes the page cross-origin isolated on static hosts
// that cannot send headers (GitHub Pages, say): it adds COOP and COEP to the
// site's own responses, as a server would (scripts/serve.mjs). isolation.js
// registers it only where the page is not isolated already. The idea is
// coi-serviceworker's (github.com/gzuidhof/coi-serviceworker); this is our
// own smaller version: the page loads nothing from other origins, so it
// needs no credentialless mode or CORP rewriting of third-party responses.

/** This service worker's global scope (the DOM's types call `self` a Window). */
const sw = /** @type {any} */ (self);

sw.addEventListener('install', () => sw.skipWaiting());
sw.addEventListener('activate', (/** @type {any} */ event) => event.waitUntil(sw.clients.claim()));

sw.addEventListener('fetch', (/** @type {any} */ event) => {
  const request = /** @type {Request} */ (event.request);
  // Requests elsewhere go to the network untouched (the browser's own way).
  if (new URL(request.url).origin !== sw.location.origin) return;
  // fetch() refuses to re-issue this combination (devtools makes such requests).
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(fetch(request).then((response) => {
    if (response.status === 0) return response;
    const headers = new Headers(response.headers);
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }));
});
