// What the page benchmarks share: Chromium, its flags, how long a page
// benchmark leaves it alone after its launch, and the site served by
// scripts/serve.mjs on a free port.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The same flags as the browser tests (tests/e2e/support.mjs). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * How long a page benchmark leaves a Chromium just launched alone before it
 * navigates, ms: the browser first loads its own UI (a trace of the first
 * 3.5 s showed its omnibox popup's WebUI renderer using 1.1 s of CPU on this
 * 2-core VM), which is not the page's time; a person opens the page in a
 * browser that is already running.
 */
export const SETTLE_MS = 5000;

/** Debian's Chromium, headless, with CHROMIUM_ARGS, on the profile folder `profile`. */
export const launchProfile = (/** @type {string} */ profile) => chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: CHROMIUM_ARGS,
});

/** Starts scripts/serve.mjs on a free port for `dir`. Returns {url, stop}. */
export async function startServer(/** @type {string} */ dir) {
  const child = spawn(process.execPath, [join(root, 'scripts/serve.mjs'), dir], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await /** @type {Promise<string>} */ (new Promise((done, fail) => {
    const onData = (/** @type {Buffer} */ chunk) => {
      output += chunk;
      const match = output.match(/http:\/\/\S+\//);
      if (match) done(match[0]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`serve.mjs exited (${code}): ${output}`)));
  }));
  const stop = () => new Promise((done) => {
    if (child.exitCode !== null) return done(undefined);
    child.once('exit', done);
    child.kill('SIGTERM');
    return undefined;
  });
  return { url, stop };
}

/** Waits for the page's opening search to end (the status says Done, or that no dataflow was found). */
export const openingResult = (/** @type {import('playwright-core').Page} */ page) => page.waitForFunction(
  () => /Done|No valid/.test(document.getElementById('progress-label')?.textContent ?? ''),
  null,
  { timeout: 120_000 },
);
