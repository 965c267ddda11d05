// Cross-origin isolation where the server sends no COOP/COEP headers: the
// page registers service-worker.js, which adds them to this site's responses, and
// reloads once so that the page itself arrives through it (docs/web.md).
// A page that is isolated already (scripts/serve.mjs, or a host that sends
// the headers) does none of this.

/** The page's service worker (isolation and offline use: service-worker.js). */
export const serviceWorkerUrl = () => new URL('./service-worker.js', import.meta.url);

/** The session flag of the one reload this makes: never a reload loop. */
const RELOADED = 'nndf-isolation-reload';
/** How long the page waits for the service worker before it runs on one thread. */
const ACTIVATION_TIMEOUT_MS = 3000;

/**
 * Makes the page isolated if it can. Resolves to true when the page is
 * about to reload (the caller then starts nothing), else to false: the page
 * is isolated, or it cannot be (threads.js says why) and runs one thread.
 */
export async function isolate(/** @type {Window} */ win = window) {
  let reloaded;
  try {
    reloaded = win.sessionStorage.getItem(RELOADED) !== null;
    win.sessionStorage.removeItem(RELOADED);
  } catch {
    return false; // No session storage (some private modes): no safe reload.
  }
  if (win.crossOriginIsolated || !win.isSecureContext || !('serviceWorker' in win.navigator)) return false;
  if (reloaded) return false; // The reload did not isolate the page: one thread.
  const container = win.navigator.serviceWorker;
  try {
    const registration = await container.register(serviceWorkerUrl());
    // Some environments answer without registering (a test browser that
    // blocks service workers); an install that never activates must not
    // hold the page either.
    if (!registration) throw new Error('registration refused');
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const timeout = new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`not active after ${ACTIVATION_TIMEOUT_MS} ms`)), ACTIVATION_TIMEOUT_MS);
    });
    await Promise.race([container.ready, timeout]).finally(() => clearTimeout(timer));
  } catch (err) {
    console.warn(`nndf: the isolation service worker is unavailable: ${err?.message ?? err}`);
    return false;
  }
  // Active now (it claims this page at once): the page's next load goes
  // through it. A page already controlled but not isolated was loaded
  // around it (a hard reload, say): reload too.
  win.sessionStorage.setItem(RELOADED, '1');
  win.location.reload();
  return true;
}
