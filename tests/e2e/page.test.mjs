// The page in Chromium: it loads the wasm engine in a worker and shows it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { collectPageErrors, launchBrowser, startServer } from './support.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the page loads the engine and shows its version and networks', async () => {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(server.url);

  // Either the engine started (the list is enabled) or the page says why not.
  await page.locator('#network:enabled, #status.error').first().waitFor({ timeout: 30_000 });
  assert.deepEqual(errors, []);

  const version = page.locator('#version');
  assert.ok(await version.isVisible());
  assert.match(await version.textContent(), /^nndf \d+\.\d+\.\d+$/);

  const networks = page.getByLabel('Network');
  assert.ok(await networks.isEnabled());
  const names = await networks.locator('option').allTextContents();
  assert.equal(names.length, 13);
  assert.ok(names.includes('alex_net'));
  assert.match(await page.getByRole('status').textContent(), /Ready/);
  assert.deepEqual(errors, []);
});
