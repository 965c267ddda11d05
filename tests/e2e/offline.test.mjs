// Offline use (web/service-worker.js, web/offline.js): after one visit the
// page opens and searches with the network off and its server gone, from
// the service worker's cache; a new build is offered with a notice and a
// Reload button, and the old version's files are served until then.
import assert from 'node:assert/strict';
import {
  appendFile, copyFile, cp, mkdtemp, readFile, rm,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { writePrecache } from '../../scripts/precache.mjs';
import { parsePyJson } from '../../web/py-json.js';
import { cliSearchConfig, repoPath } from '../js/support.mjs';
import {
  browserName, launchBrowser, openFreshPage, runEnded, startServer,
} from './support.mjs';

let browser;
let dir;
before(async () => {
  browser = await launchBrowser();
  dir = await mkdtemp(join(tmpdir(), 'nndf-offline-'));
});
after(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

/**
 * The first visit to a copy of build/web of its own (a fresh folder, to
 * change, on a server of its own: an origin nothing has been saved for),
 * its opening run ended. Gives `use` {site, server, page, errors, opening}
 * (the opening run's status line), then closes the page and stops the
 * server.
 */
async function firstVisit(/** @type {string} */ name, use) {
  const site = join(dir, name);
  await cp(repoPath('build/web'), site, { recursive: true });
  const server = await startServer(site);
  try {
    const { page, errors } = await openFreshPage(browser, server.url, { clearStorage: false });
    try {
      const opening = await runEnded(page);
      await use({
        site, server, page, errors, opening,
      });
    } finally {
      await page.close();
    }
  } finally {
    await server.stop();
  }
}

/** The version of the site the service worker keeps, once it says the page works offline. */
async function offlineVersion(page) {
  await page.locator('#offline-ready').waitFor({ timeout: 30_000 });
  return page.locator('#offline-ready').getAttribute('title');
}

test('after one visit the page opens and searches with no network', async (t) => {
  await firstVisit('first', async ({
    server, page, errors, opening,
  }) => {
    assert.match(opening, /Done/);
    const version = await offlineVersion(page);
    assert.match(version, /^Version [0-9a-f]{16}$/);

    // The network off, and the server gone too: nothing can come from it.
    await browser.context.setOffline(true);
    await server.stop();
    const started = Date.now();
    await page.reload();
    assert.match(await runEnded(page), /Done/);
    t.diagnostic(`reopened offline to the default result in ${Date.now() - started} ms`);
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    // Isolated from the cache too (its answers get the headers): the search runs on threads.
    const { isolated, cores } = await page.evaluate(() => ({ isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency }));
    assert.equal(isolated, true);
    assert.equal(await page.getByTestId('threads').textContent(), cores === 1 ? '1 thread' : `${cores} threads`);
    assert.equal(await offlineVersion(page), version);
    // A new search, of another network, on the cached engine; its answer is the CLI's.
    await page.locator('#field-network').selectOption('mlp_s');
    await page.getByTestId('run').click();
    assert.match(await runEnded(page), /Done/);
    const { status, stdout, stderr } = await cliSearchConfig(await page.getByTestId('run-json').textContent());
    assert.equal(status, 0, stderr);
    assert.equal(Number(await page.getByTestId('total-cost').getAttribute('data-value')), parsePyJson(stdout).total_cost);
    assert.deepEqual(errors, []);
  }).finally(() => browser.context.setOffline(false));
});

test('the files are kept for offline use only once the opening run has ended', async () => {
  // Fetching them had run during the opening search, on the cores it wanted.
  const server = await startServer();
  try {
    const { page, errors } = await openFreshPage(browser, server.url, { clearStorage: false });
    try {
      assert.match(await runEnded(page), /Done/);
      await page.locator('#offline-ready').waitFor({ timeout: 30_000 });
      // The page's own marks (web/offline.js, web/main.js).
      const { registered, result } = await page.evaluate(() => ({
        registered: performance.getEntriesByName('nndf:offline-register')[0]?.startTime,
        result: performance.getEntriesByName('nndf:first-result')[0]?.startTime,
      }));
      assert.ok(registered >= result, `the service worker was registered at ${registered} ms, the first result shown at ${result} ms`);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  } finally {
    await server.stop();
  }
});

test('a new build is offered with a Reload button, and the old one is served until then', async () => {
  await firstVisit('updated', async ({ site, page, errors }) => {
    const first = await offlineVersion(page);
    const styleText = () => page.evaluate(async () => (await fetch('style.css')).text());
    const firstStyle = await styleText();

    // A new build on the server: one file changed, and its list rewritten as build-web does.
    await appendFile(join(site, 'style.css'), '\n/* the next version */\n');
    await copyFile(repoPath('web/service-worker.js'), join(site, 'service-worker.js'));
    const next = `Version ${await writePrecache(site)}`;
    assert.notEqual(next, first);

    // A visit finds it; until the person says so, the page is the old version.
    await page.reload();
    await runEnded(page);
    const notice = page.getByTestId('update-notice');
    await notice.waitFor({ timeout: 30_000 });
    assert.match(await notice.textContent(), /A new version of this page is ready/);
    assert.equal(await styleText(), firstStyle);
    assert.equal(await offlineVersion(page), first);
    await page.setViewportSize({ width: 1200, height: 700 });
    await page.screenshot({ path: repoPath(`build/e2e-update-notice-${browserName}.png`) });

    await notice.getByRole('button', { name: 'Reload' }).click();
    await page.waitForFunction((v) => document.getElementById('offline-ready')?.title === v, next, { timeout: 30_000 });
    assert.equal(await styleText(), await readFile(join(site, 'style.css'), 'utf8'));
    assert.equal(await page.getByTestId('update-notice').count(), 0);
    // One cache, the new version's.
    assert.deepEqual(await page.evaluate(() => caches.keys()), [`nndf-${next.replace('Version ', '')}`]);
    assert.deepEqual(errors, []);
  });
});

test('a build whose files do not match its list is not installed: the version in use stays whole', async () => {
  await firstVisit('mismatched', async ({ site, page, errors }) => {
    const first = await offlineVersion(page);
    const firstStyle = await page.evaluate(async () => (await fetch('style.css')).text());

    // A new list, then a file changed again after it (a deploy half done, or the next one).
    await appendFile(join(site, 'style.css'), '\n/* the next version */\n');
    await copyFile(repoPath('web/service-worker.js'), join(site, 'service-worker.js'));
    await writePrecache(site);
    await appendFile(join(site, 'style.css'), '\n/* and the one after */\n');

    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration.update();
      const worker = registration.installing ?? registration.waiting;
      if (!worker) return 'no new worker';
      if (worker.state === 'redundant' || worker.state === 'installed') return worker.state;
      return new Promise((resolve) => {
        worker.addEventListener('statechange', () => {
          if (worker.state === 'redundant' || worker.state === 'installed') resolve(worker.state);
        });
      });
    });
    assert.equal(state, 'redundant');
    assert.deepEqual(await page.evaluate(() => caches.keys()), [`nndf-${first.replace('Version ', '')}`]);
    assert.equal(await page.evaluate(async () => (await fetch('style.css')).text()), firstStyle);
    assert.equal(await page.getByTestId('update-notice').count(), 0);
    assert.deepEqual(errors, []);
  });
});
