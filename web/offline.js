// The page's side of working offline (service-worker.js keeps the files):
// it registers the service worker where the page can have one, asks it to
// keep this version's files, and offers a reload when a new version is
// ready. isolation.js registers the same worker earlier where the page
// needs it for isolation; registering again changes nothing.
import { serviceWorkerUrl } from './isolation.js';

/** How often a page left open asks for a new version (a browser asks on each visit too). */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * @typedef {object} OfflineViews
 * @property {(version: string) => void} ready  Every file of this version is kept: the page works offline.
 * @property {(reload: () => void) => void} update  A new version is ready; `reload` switches to it and reloads.
 */

/** Sends a message to a service worker and resolves to its answer. */
function ask(/** @type {ServiceWorker} */ worker, /** @type {object} */ message) {
  return /** @type {Promise<any>} */ (new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage(message, [channel.port2]);
  }));
}

/**
 * Offers `views.update` once a newer version than the page's own is
 * installed (the first version, installed on the first visit, is no update).
 */
function watchUpdates(/** @type {ServiceWorkerRegistration} */ registration, /** @type {ServiceWorkerContainer} */ container,
  /** @type {Window} */ win, /** @type {OfflineViews} */ views) {
  let asked = false;
  let hadController = container.controller !== null;
  // The first version, installing as the page starts, is no update, however
  // late the browser tells of it: Firefox can send its updatefound after it
  // has already claimed the page.
  const firstVersion = hadController ? null : registration.installing ?? registration.waiting;
  const reload = () => win.location.reload();
  const offer = (/** @type {ServiceWorker} */ worker) => {
    if (!container.controller) return;
    views.update(() => {
      asked = true;
      worker.postMessage({ type: 'activate' });
    });
  };
  container.addEventListener('controllerchange', () => {
    // This page asked for the new version; or another tab did, and this
    // page's code is now older than the files it would load: offer a reload.
    if (asked) reload();
    else if (hadController) views.update(reload);
    hadController = true;
  });
  if (registration.waiting) offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    // Whether it is an update is known when it starts: the first version
    // claims the page as it activates, and a browser may tell of its
    // 'installed' state only after that, when the page has a controller.
    const isUpdate = container.controller !== null && worker !== firstVersion;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && isUpdate) offer(worker);
    });
  });
  setInterval(() => registration.update().catch(() => {}), UPDATE_CHECK_MS);
}

/**
 * Keeps the page for offline use where a service worker can run (secure
 * contexts with service workers; not file://, not private modes without
 * them), and watches for new versions. Resolves when done or given up;
 * never throws (offline use is a convenience, not the page's job).
 */
export async function keepOffline(/** @type {Window} */ win, /** @type {OfflineViews} */ views) {
  if (!win.isSecureContext || !('serviceWorker' in win.navigator)) return;
  const container = win.navigator.serviceWorker;
  try {
    // For measuring, like nndf:first-result: when the page starts keeping its files.
    win.performance?.mark?.('nndf:offline-register');
    const registration = await container.register(serviceWorkerUrl());
    // A browser that blocks service workers may answer without one.
    if (!registration) return;
    watchUpdates(registration, container, win, views);
    const { active } = await container.ready;
    if (!active) return;
    const answer = await ask(active, { type: 'precache' });
    if (answer?.version) views.ready(answer.version);
    else if (answer?.error) console.warn(`nndf: this page is not kept for offline use: ${answer.error}`);
  } catch (err) {
    console.warn(`nndf: this page is not kept for offline use: ${err?.message ?? err}`);
  }
}
