// web/offline.js's update notice against a fake service-worker container:
// the first version, installed on the first visit, is no update even when
// the browser tells of its 'installed' state after it has claimed the page
// or of its updatefound only then (Firefox's order, which showed the
// notice on a first visit); a later version that installs is offered.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { keepOffline } from '../../web/offline.js';

/**
 * A MessageChannel of plain objects: Node's ports keep the process alive
 * once listened to, and the page never closes its answer port.
 */
class FakeChannel {
  port1 = { onmessage: (/** @type {any} */ _event) => {} };
  port2 = { postMessage: (/** @type {any} */ data) => queueMicrotask(() => this.port1.onmessage({ data })) };
}
globalThis.MessageChannel = /** @type {any} */ (FakeChannel);

/** A service worker that answers the page's 'precache' question with `version`. */
class FakeWorker extends EventTarget {
  state = 'installing';
  constructor(version) {
    super();
    this.version = version;
  }
  postMessage(message, ports) {
    if (message.type === 'precache') ports[0].postMessage({ version: this.version });
  }
  set(state) {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

/** A page with a service-worker container whose registration installs `first`. */
function fakePage(first) {
  const registration = Object.assign(new EventTarget(), {
    installing: first, waiting: null, update: async () => {},
  });
  const container = Object.assign(new EventTarget(), {
    controller: /** @type {FakeWorker | null} */ (null),
    register: async () => registration,
    ready: Promise.resolve({ active: first }),
  });
  const win = { isSecureContext: true, navigator: { serviceWorker: container }, location: { reload() {} } };
  const seen = { ready: [], updates: 0 };
  const views = { ready: (v) => seen.ready.push(v), update: () => { seen.updates += 1; } };
  /** The browser installs `worker`: its updatefound, claim (first version) and states in `order`. */
  const install = (worker, order) => {
    registration.installing = worker;
    for (const step of order) {
      if (step === 'updatefound') {
        registration.dispatchEvent(new Event('updatefound'));
      } else if (step === 'claim') {
        container.controller = worker;
        container.dispatchEvent(new Event('controllerchange'));
      } else {
        worker.set(step);
      }
    }
  };
  return { win, views, seen, install };
}

test('a first visit shows no update notice, whichever the browser tells first: installed or the claim', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  // The last order is Firefox's: it tells of the first install after the claim.
  const orders = [
    ['updatefound', 'installed', 'claim', 'activated'],
    ['updatefound', 'claim', 'installed', 'activated'],
    ['claim', 'updatefound', 'installed', 'activated'],
  ];
  for (const order of orders) {
    const first = new FakeWorker('v1');
    const page = fakePage(first);
    await keepOffline(/** @type {any} */ (page.win), page.views);
    page.install(first, order);
    assert.equal(page.seen.updates, 0, `order ${order.join(', ')}`);
    assert.deepEqual(page.seen.ready, ['v1']);
  }
});

test('a newer version that installs while the page has one is offered; one that fails is not', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  const first = new FakeWorker('v1');
  const page = fakePage(first);
  await keepOffline(/** @type {any} */ (page.win), page.views);
  page.install(first, ['updatefound', 'installed', 'claim', 'activated']);
  page.install(new FakeWorker('v2'), ['updatefound', 'redundant']);
  assert.equal(page.seen.updates, 0);
  page.install(new FakeWorker('v3'), ['updatefound', 'installed']);
  assert.equal(page.seen.updates, 1);
});
