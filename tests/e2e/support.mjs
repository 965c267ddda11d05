// Serving build/web and driving Debian's Chromium for the browser tests.
// Needs npm run build (and never downloads a browser: executablePath below).
import { spawn } from 'node:child_process';
import {
  mkdtemp, readFile, readdir, rm,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { firefoxContentCpuSeconds, launchFirefox } from './firefox.mjs';

/**
 * The browser the tests run in: E2E_BROWSER=firefox for Firefox ESR
 * (firefox.mjs, npm run e2e:firefox), else Chromium.
 */
export const browserName = process.env.E2E_BROWSER === 'firefox' ? 'firefox' : 'chromium';

const repoPath = (relative) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

/**
 * Starts scripts/serve.mjs on a free port for `dir` (default build/web);
 * `plain`: without the COOP/COEP headers, like a static host that cannot set
 * them. Returns {url, stop}.
 */
export async function startServer(dir = repoPath('build/web'), { plain = false } = {}) {
  const child = spawn(process.execPath, [repoPath('scripts/serve.mjs'), dir], {
    env: { ...process.env, PORT: '0', NNDF_SERVE_PLAIN: plain ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/http:\/\/\S+\//);
      if (match) resolve(match[0]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve.mjs exited (${code}): ${output}`)));
    child.once('error', reject);
  });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  return { url, stop };
}

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Launches headless Chromium with a fresh profile; `serviceWorkers: 'block'`
 * to have none (as in private modes that lack them). Returns {context,
 * profile, close}; `profile` (the user-data dir) tells its processes apart.
 */
export async function launchBrowser({ serviceWorkers = 'allow' } = {}) {
  if (browserName === 'firefox') return launchFirefox({ serviceWorkers });
  const profile = await mkdtemp(join(tmpdir(), 'nndf-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    serviceWorkers,
  });
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  return { context, profile, close };
}

/**
 * The CPU time so far of the renderer processes of a browser from
 * launchBrowser, in seconds (Linux /proc; clock ticks of 10 ms).
 */
export async function rendererCpuSeconds(/** @type {{profile: string}} */ browser) {
  if (browserName === 'firefox') return firefoxContentCpuSeconds(browser.profile);
  let ticks = 0;
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer') || !cmdline.includes(`--user-data-dir=${browser.profile}`)) continue;
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / 100;
}

/**
 * How Chromium and Firefox name a request a navigation or a terminated
 * worker cancelled. Firefox says NS_BASE_STREAM_CLOSED when the answer came
 * untouched from the service worker's cache (the wasm files): a cancel
 * terminates the search worker, maybe while it loads nndf-mt.wasm.
 */
const CANCELLED_LOADS = new Set(['net::ERR_ABORTED', 'NS_BINDING_ABORTED', 'NS_BASE_STREAM_CLOSED']);

/**
 * A pthread worker's script whose owner, a search worker, was terminated
 * while it loaded (a run superseded just after it started): Chromium then
 * names the load blocked by response, as the cross-origin check has no
 * owner left to check against (seen once in CI, in the threads test's
 * cancel). Only for that script: were it really blocked, the threaded
 * engine would not load at all, and the tests that count its threads fail.
 */
const cancelledLoad = (/** @type {string} */ url, /** @type {string} */ errorText) => CANCELLED_LOADS.has(errorText)
  || (errorText === 'net::ERR_BLOCKED_BY_RESPONSE' && new URL(url).pathname.endsWith('/nndf-mt.worker.js'));

/**
 * Collects what should never happen on a page: console errors, uncaught
 * exceptions, failed requests, HTTP errors and native dialogs (the page has
 * none: one would be injected script, as a hostile name's alert; it is
 * dismissed so the page goes on). Returns the live list.
 */
export function collectPageErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  page.on('requestfailed', (req) => {
    // A reload, a closing page or a terminated worker cancels what is still
    // loading (a threads worker's script, say): the browser's doing, not the
    // page's failure.
    if (cancelledLoad(req.url(), req.failure()?.errorText ?? '')) return;
    errors.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  return errors;
}

/** The window sizes the tests look at the page in. */
export const DESKTOP = { width: 1400, height: 1000 };
export const PHONE = { width: 390, height: 844 };

/**
 * Waits for the run on screen to end (done, failed, not run or cancelled);
 * returns the status line.
 */
export async function runEnded(/** @type {import('playwright-core').Page} */ page, timeout = 60_000) {
  await page.waitForFunction(() => document.getElementById('cancel').disabled
    && /Done|No valid|did not run|Cancelled/.test(document.getElementById('progress-label').textContent), null, { timeout });
  return page.locator('#progress-label').textContent();
}

/**
 * Opens `url` in a new tab of `browser` (from launchBrowser) as a first
 * visit: the window `viewport`, the site's saved state (its localStorage:
 * draft, saved networks) cleared before the page loads unless
 * `clearStorage` is false (a page opened again on what an earlier one
 * saved), errors collected from the start (collectPageErrors);
 * `beforeLoad(page)` runs just before it loads (to route a request or
 * emulate a media feature). With `waitForRun`, returns once the opening run
 * has ended. Returns {page, errors}.
 */
export async function openFreshPage(browser, /** @type {string} */ url, {
  viewport = DESKTOP, clearStorage = true, beforeLoad = async (/** @type {any} */ _page) => {}, waitForRun = false,
} = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  if (clearStorage) {
    // In the page itself, before its scripts, on its first load in this tab (a reload keeps what
    // it saved), as the Firefox adapter always did. With Chromium's Storage.clearDataForOrigin,
    // sent before the navigation, a fresh page opened once in CI and once here on another
    // configuration ("No valid dataflow found"), which fits the previous test's page saving its
    // draft as it closed (pagehide) after the clear.
    await page.addInitScript((origin) => {
      if (location.origin !== origin || sessionStorage.getItem('nndf-e2e-cleared')) return;
      localStorage.clear();
      sessionStorage.setItem('nndf-e2e-cleared', '1');
    }, new URL(url).origin);
  }
  const errors = collectPageErrors(page);
  await beforeLoad(page);
  await page.goto(url);
  if (waitForRun) await runEnded(page);
  return { page, errors };
}

/**
 * A test file's page: registers the hooks (node:test before/after, in the
 * file or the describe it is called in) that serve build/web and launch a
 * browser for its tests, then close both. `plain` and `serviceWorkers` are
 * startServer's and launchBrowser's. Returns {server, browser, open}, the
 * first two set once the tests run; open(hash, options) is openFreshPage on
 * the served page with `hash`.
 */
export function useFreshPage({ plain = false, serviceWorkers = 'allow' } = {}) {
  /** The pages this test opened: closed when it ends. */
  const opened = [];
  const site = {
    /** @type {{url: string, stop: () => Promise<void>}} */
    server: undefined,
    /** @type {Awaited<ReturnType<typeof launchBrowser>>} */
    browser: undefined,
    /** @type {(hash?: string, options?: Parameters<typeof openFreshPage>[2]) => ReturnType<typeof openFreshPage>} */
    open: async (hash = '', options = {}) => {
      const fresh = await openFreshPage(site.browser, `${site.server.url}${hash}`, options);
      opened.push(fresh.page);
      return fresh;
    },
  };
  before(async () => {
    site.server = await startServer(undefined, { plain });
    site.browser = await launchBrowser({ serviceWorkers });
  });
  // A test's pages do not outlive it: left open, each kept its engine
  // workers (a threaded one per core) and its searches running beside the
  // next tests' pages, and Firefox then failed a later navigation now and
  // then (a timeout, or NS_ERROR_INTERCEPTION_FAILED from the service worker).
  afterEach(async () => {
    for (const page of opened.splice(0)) await page.close().catch(() => {});
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.stop();
  });
  return site;
}

/**
 * Starts a search of many seconds from the form: ResNet-152 at batch 64 on
 * 4x4 nodes with every partitioning (208 layers). Returns once it is sent;
 * the caller waits for the progress it needs.
 */
export async function startLongSearch(/** @type {import('playwright-core').Page} */ page) {
  await page.locator('#field-network').selectOption('resnet152');
  await page.locator('#field-batch').fill('64');
  await page.getByRole('tab', { name: 'Hardware' }).click();
  await page.locator('#field-nodes').fill('4x4');
  await page.getByRole('tab', { name: 'Options' }).click();
  for (const key of ['hybrid_partition', 'batch_partition', 'ifmaps_partition']) await page.locator(`#field-${key}`).check();
  await page.locator('#field-ifmaps_partition').press('Control+Enter');
}

/**
 * The network editor's editable element, once the code editor (CodeMirror,
 * loaded when the editor is first shown) is in place of the textarea.
 */
export async function networkEditor(/** @type {import('playwright-core').Page} */ page) {
  const content = page.locator('#network-code-editor .cm-content');
  await content.waitFor();
  return content;
}

/** Replaces the network editor's text as a person pasting it would. */
export async function fillNetworkEditor(/** @type {import('playwright-core').Page} */ page, /** @type {string} */ text) {
  await (await networkEditor(page)).fill(text);
}

/**
 * The network editor's text, read from the lines CodeMirror draws (it draws
 * only those near the view: the tests' networks are short enough to be
 * drawn whole, which this checks against the line numbers). The gutter is
 * drawn in a later frame than the lines it numbers, so this waits (up to
 * 5 s) for the two to agree; a busy machine can show them apart.
 */
export async function networkEditorText(/** @type {import('playwright-core').Page} */ page) {
  await networkEditor(page);
  /** The drawn text, or null while the drawn lines and the gutter's numbers disagree. */
  const drawn = () => {
    const editor = /** @type {HTMLElement} */ (document.getElementById('network-code-editor'));
    const lines = [...editor.querySelectorAll('.cm-content .cm-line')].map((l) => l.textContent);
    // (The gutter's hidden spacer holds the widest number, for its width.)
    const numbers = [...editor.querySelectorAll('.cm-lineNumbers .cm-gutterElement')]
      .filter((e) => getComputedStyle(e).visibility !== 'hidden').map((e) => Number(e.textContent));
    return lines.length === Math.max(...numbers) ? { text: lines.join('\n') } : null;
  };
  try {
    return (await (await page.waitForFunction(drawn, undefined, { timeout: 5_000 })).jsonValue()).text;
  } catch (error) {
    throw new Error(`the editor's drawn lines and line numbers still disagree after 5 s (${error})`);
  }
}

/** Waits until the network editor's text is `expected` (a string, or a test of the text); returns the text. */
export async function waitForNetworkEditorText(/** @type {import('playwright-core').Page} */ page, /** @type {string | ((text: string) => boolean)} */ expected, timeout = 30_000) {
  const ok = typeof expected === 'string' ? (/** @type {string} */ t) => t === expected : expected;
  const end = Date.now() + timeout;
  for (;;) {
    const text = await networkEditorText(page);
    if (ok(text)) return text;
    if (Date.now() > end) throw new Error(`the network editor's text is still: ${text.slice(0, 200)}`);
    await page.waitForTimeout(100);
  }
}
