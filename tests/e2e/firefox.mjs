// Firefox for the browser tests: Debian's firefox-esr driven over WebDriver
// BiDi by puppeteer-core, behind a thin adapter that offers the part of
// Playwright's API the tests use (locators with getByRole/getByTestId,
// waitForFunction's argument order, keyboard chords, downloads), so that a
// test file runs unchanged in either browser (support.mjs: launchBrowser,
// E2E_BROWSER=firefox). Why not Playwright itself: its Firefox needs
// Playwright's patched build, and its BiDi channel (`moz-firefox`) sends
// commands Firefox ESR 153 does not know (`emulation.setMediaFeaturesOverride`:
// "unknown command"), so no page opens (docs/web.md, "Browsers").
//
// The adapter acts like Playwright where the tests depend on it: actions wait
// for their element (attached, visible, enabled) and refuse an ambiguous
// locator; role names match as Playwright's do (case-insensitive substring,
// or exact). Clicks and keys are real input events (BiDi input actions);
// fill and selectOption set the value and fire input and change, as
// Playwright does.
import {
  mkdtemp, readFile, readdir, rm, writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import puppeteer from 'puppeteer-core';

const EXECUTABLE = '/usr/bin/firefox-esr';
const TIMEOUT_MS = 30_000;

/**
 * Runs in the page: whether an element shows, as Playwright judges it: it
 * has boxes, and checkVisibility agrees, which also hides what a closed
 * <details> holds (Firefox gives it boxes: content-visibility: hidden). The
 * one rule for role lookups, waits and isVisible.
 */
function visibleInPage(el) {
  return el.getClientRects().length > 0
    && (el.checkVisibility?.({ visibilityProperty: true }) ?? getComputedStyle(el).visibility !== 'hidden');
}

/** The page-side source that defines `visible` and `resolve` (the locator's steps) for a function run beside them. */
const PAGE_HELPERS = `const visible = ${visibleInPage.toString()}; const resolve = ${resolveInPage.toString()};`;

/**
 * Runs in the page (with PAGE_HELPERS' `visible`): the elements a locator's steps select.
 * Steps: {css}, {testId}, {role, name, exact}, {label}, {hasText}, {nth}.
 */
function resolveInPage(steps) {
  const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
  const ROLES = {
    button: 'button, input[type=button], input[type=submit], input[type=reset], [role=button]',
    link: 'a[href], [role=link]',
    checkbox: 'input[type=checkbox], [role=checkbox]',
    radio: 'input[type=radio], [role=radio]',
    textbox: 'input:not([type]), input[type=text], input[type=search], input[type=url], input[type=email], textarea, [role=textbox]',
    combobox: 'select:not([multiple]), [role=combobox]',
    spinbutton: 'input[type=number], [role=spinbutton]',
    heading: 'h1, h2, h3, h4, h5, h6, [role=heading]',
    table: 'table, [role=table]',
    img: 'img, svg[role=img], [role=img]',
  };
  const name = (el) => {
    const labelledBy = el.getAttribute('aria-labelledby');
    if (labelledBy) return norm(labelledBy.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    if (el.getAttribute('aria-label')) return norm(el.getAttribute('aria-label'));
    if (el.labels?.length) return norm([...el.labels].map((l) => l.textContent).join(' '));
    if (el.tagName === 'INPUT' && ['button', 'submit', 'reset'].includes(el.type)) return norm(el.value);
    const text = norm(el.textContent);
    return text || norm(el.getAttribute('title')) || norm(el.getAttribute('alt'));
  };
  const hidden = (el) => el.closest('[aria-hidden="true"], [hidden]') !== null || !visible(el);
  let found = [document.documentElement];
  for (const step of steps) {
    if (step.label !== undefined) {
      const wanted = norm(step.label).toLowerCase();
      const next = new Set();
      for (const root of found) {
        for (const el of root.querySelectorAll('input, select, textarea, button, [aria-label], [aria-labelledby]')) {
          const label = el.getAttribute('aria-label') ?? (el.labels?.length ? [...el.labels].map((l) => l.textContent).join(' ') : null);
          if (label !== null && norm(label).toLowerCase().includes(wanted)) next.add(el);
        }
      }
      found = [...next];
    } else if (step.css !== undefined || step.testId !== undefined || step.role !== undefined) {
      const selector = step.css ?? (step.testId !== undefined ? `[data-testid="${CSS.escape(step.testId)}"]` : ROLES[step.role] ?? `[role="${step.role}"]`);
      const next = new Set();
      for (const root of found) {
        for (const el of root.querySelectorAll(selector)) next.add(el);
        if (root.matches?.(selector) && root !== document.documentElement) next.add(root);
      }
      found = [...next];
      if (step.role !== undefined) {
        found = found.filter((el) => !hidden(el));
        if (step.nameSource !== undefined) {
          const re = new RegExp(step.nameSource, step.nameFlags);
          found = found.filter((el) => re.test(name(el)));
        } else if (step.name !== undefined) {
          const wanted = norm(step.name);
          found = found.filter((el) => (step.exact ? name(el) === wanted : name(el).toLowerCase().includes(wanted.toLowerCase())));
        }
      }
    } else if (step.hasText !== undefined) {
      found = found.filter((el) => norm(el.textContent).toLowerCase().includes(norm(step.hasText).toLowerCase()));
    } else if (step.nth !== undefined) {
      const el = step.nth < 0 ? found.at(step.nth) : found[step.nth];
      found = el ? [el] : [];
    }
  }
  return found;
}

/** Calls `fn` until it returns a value other than undefined, or throws after the timeout. */
async function retry(fn, what, timeout = TIMEOUT_MS) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      if (err.fatal) throw err;
      last = err;
    }
    if (Date.now() > end) throw new Error(`${what}: timed out after ${timeout} ms${last ? ` (${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Playwright's key names that puppeteer spells otherwise. */
const PUPPETEER_KEYS = { Space: ' ' };

/** Presses a Playwright key chord ('Control+Enter', 'Shift+Tab') on a puppeteer keyboard. */
async function pressChord(keyboard, chord) {
  const keys = chord === '+' ? ['+'] : chord.split('+');
  // Playwright names the space bar 'Space'; puppeteer names it by its character.
  const key = PUPPETEER_KEYS[keys[keys.length - 1]] ?? keys[keys.length - 1];
  keys.pop();
  for (const modifier of keys) await keyboard.down(modifier);
  await keyboard.press(key);
  for (const modifier of keys.reverse()) await keyboard.up(modifier);
}

/** A function of one argument that holds element handles inside it (an array): puppeteer passes handles only as whole arguments. */
function spreadArgs(fn, arg) {
  if (!Array.isArray(arg) || !arg.some((a) => a instanceof ElementHandle)) return [fn, arg instanceof ElementHandle ? arg.handle : arg];
  const wrapper = new Function('...parts', `return (${fn.toString()})(parts);`);
  return [wrapper, ...arg.map((a) => (a instanceof ElementHandle ? a.handle : a))];
}

class ElementHandle {
  constructor(handle) {
    this.handle = handle;
  }
}

class Locator {
  constructor(page, steps) {
    this.owner = page;
    this.steps = steps;
  }

  page() { return this.owner; }

  with(step) {
    return new Locator(this.owner, [...this.steps, step]);
  }

  locator(css) { return this.with({ css }); }

  getByTestId(testId) { return this.with({ testId }); }

  getByRole(role, { name, exact = false } = {}) {
    // A RegExp does not cross into the page: it goes as its source and flags.
    if (name instanceof RegExp) return this.with({ role, nameSource: name.source, nameFlags: name.flags });
    return this.with({ role, name, exact });
  }

  getByLabel(label) { return this.with({ label }); }

  filter({ hasText }) { return this.with({ hasText }); }

  nth(n) { return this.with({ nth: n }); }

  first() { return this.nth(0); }

  last() { return this.nth(-1); }

  toString() { return `locator ${JSON.stringify(this.steps)}`; }

  /** Runs `fn(elements, arg)` in the page on the elements selected now. */
  async inPage(fn, arg) {
    return this.owner.raw.evaluate(
      new Function('steps', 'arg', `${PAGE_HELPERS} return (${fn.toString()})(resolve(steps), arg);`),
      this.steps,
      arg,
    );
  }

  /** The one element, once attached (and visible, and enabled, if asked): a puppeteer handle. */
  async element({ visible = false, enabled = false } = {}) {
    return retry(async () => {
      const state = await this.inPage((els, want) => {
        if (els.length > 1) return `strict mode violation: ${els.length} elements`;
        const [el] = els;
        if (!el) return 'absent';
        if (want.visible && !visible(el)) return 'not visible';
        if (want.enabled && el.disabled) return 'disabled';
        return 'ok';
      }, { visible, enabled });
      if (state.startsWith('strict')) throw Object.assign(new Error(`${this}: ${state}`), { fatal: true });
      if (state !== 'ok') return undefined;
      const handle = await this.owner.raw.evaluateHandle(
        new Function('steps', `${PAGE_HELPERS} return resolve(steps)[0];`),
        this.steps,
      );
      return handle.asElement();
    }, `${this}`);
  }

  async count() { return this.inPage((els) => els.length); }

  async all() {
    const n = await this.count();
    return Array.from({ length: n }, (_, i) => this.nth(i));
  }

  async evaluateAll(fn, arg) { return this.inPage(fn, arg); }

  async evaluate(fn, arg) {
    const el = await this.element();
    return el.evaluate(fn, arg);
  }

  async elementHandle() { return new ElementHandle(await this.element()); }

  async waitFor({ state = 'visible', timeout = TIMEOUT_MS } = {}) {
    await retry(async () => {
      const n = await this.inPage((els) => els.filter((el) => visible(el)).length);
      if (state === 'visible' ? n > 0 : n === 0) return true;
      return undefined;
    }, `${this}: waiting for ${state}`, timeout);
  }

  async click() {
    const el = await this.element({ visible: true, enabled: true });
    await el.scrollIntoView();
    await el.click();
  }

  // In the page: puppeteer refuses to focus an SVG element (a plot's mark), which the page makes focusable.
  async focus() { await (await this.element()).evaluate((el) => el.focus()); }

  async press(chord) {
    await this.focus();
    await pressChord(this.owner.raw.keyboard, chord);
  }

  async fill(value) {
    const el = await this.element({ visible: true, enabled: true });
    await el.evaluate((input, v) => {
      input.focus();
      if (input.isContentEditable) {
        // As Playwright fills an editable element (a code editor's, say): select all, insert the text.
        const range = document.createRange();
        range.selectNodeContents(input);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        if (v === '') document.execCommand('delete');
        else document.execCommand('insertText', false, v);
        return;
      }
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
  }

  async selectOption(value) {
    const el = await this.element({ visible: true, enabled: true });
    await el.evaluate((select, v) => {
      const option = [...select.options].find((o) => o.value === v || o.label === v);
      if (!option) throw new Error(`no option ${v}`);
      select.value = option.value;
      select.dispatchEvent(new Event('input', { bubbles: true }));
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
    return [value];
  }

  async check() {
    if (!(await this.isChecked())) await this.click();
  }

  async uncheck() {
    if (await this.isChecked()) await this.click();
  }

  async setInputFiles(files) {
    const el = await this.element();
    let path = files;
    if (typeof files === 'object' && files.buffer) {
      // A file given by its contents: written out, since BiDi sets files by path.
      const dir = await mkdtemp(join(tmpdir(), 'nndf-ff-upload-'));
      path = join(dir, files.name);
      await writeFile(path, files.buffer);
    }
    await el.uploadFile(path);
  }

  async textContent() { return (await this.element()).evaluate((el) => el.textContent); }

  async allTextContents() { return this.inPage((els) => els.map((el) => el.textContent ?? '')); }

  async hover() {
    const el = await this.element({ visible: true });
    await el.scrollIntoView();
    await el.hover();
  }

  /** The element's box in the viewport's pixels, as Playwright's (null when it has none). */
  async boundingBox() {
    return (await this.element()).evaluate((el) => {
      if (el.getClientRects().length === 0) return null;
      const r = el.getBoundingClientRect();
      return {
        x: r.x, y: r.y, width: r.width, height: r.height,
      };
    });
  }

  async scrollIntoViewIfNeeded() { await (await this.element({ visible: true })).scrollIntoView(); }

  async screenshot(options) { return (await this.element({ visible: true })).screenshot(options); }

  async innerText() { return (await this.element()).evaluate((el) => el.innerText); }

  async getAttribute(name) { return (await this.element()).evaluate((el, n) => el.getAttribute(n), name); }

  async inputValue() { return (await this.element()).evaluate((el) => el.value); }

  async isChecked() { return (await this.element()).evaluate((el) => el.checked ?? el.getAttribute('aria-checked') === 'true'); }

  async isDisabled() { return (await this.element()).evaluate((el) => el.disabled === true); }

  async isEnabled() { return !(await this.isDisabled()); }

  async isVisible() { return this.inPage((els) => els.length > 0 && visible(els[0])); }

  async isHidden() { return !(await this.isVisible()); }
}

/** Runs in the page before its scripts: exports (an <a download> of a blob) are kept for waitForEvent('download') instead of saved. */
function captureDownloads() {
  window.__nndfDownloads = [];
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function clickOrCapture() {
    if (!this.download) return click.call(this);
    const name = this.download;
    window.__nndfDownloads.push(fetch(this.href).then((r) => r.text()).then((text) => ({ name, text })));
    return undefined;
  };
}

class Page {
  constructor(context, raw) {
    this.context = context;
    this.raw = raw;
    this.keyboard = { press: (chord) => pressChord(raw.keyboard, chord), type: (text) => raw.keyboard.type(text) };
  }

  locator(css) { return new Locator(this, [{ css }]); }

  getByTestId(testId) { return new Locator(this, [{ testId }]); }

  getByRole(role, options) { return new Locator(this, []).getByRole(role, options); }

  getByLabel(label) { return new Locator(this, []).getByLabel(label); }

  /** Waits until an element matching `css` is visible (state 'hidden': until none is), as Playwright's. */
  async waitForSelector(css, options) { await this.locator(css).waitFor(options); }

  on(event, handler) { this.raw.on(event, handler); }

  once(event, handler) { this.raw.once(event, handler); }

  async goto(url) { return this.raw.goto(url); }

  async reload() {
    // Over BiDi, a navigation the page starts itself while puppeteer waits
    // for the reload's load event (the service worker's one reload) can
    // leave that wait to run into its timeout (the offline test's reload hit
    // the 30 s navigation timeout in two clean CI runs, 2026-12-03). The
    // reload has been sent by then; what the test waits for next checks the
    // page that came of it.
    try {
      return await this.raw.reload({ timeout: 15_000 });
    } catch (err) {
      if (!/timeout/i.test(String(/** @type {Error} */ (err)?.message))) throw err;
      return null;
    }
  }

  url() { return this.raw.url(); }

  async close() { await this.raw.close(); }

  async evaluate(fn, arg) {
    const [f, ...args] = spreadArgs(fn, arg);
    return this.raw.evaluate(f, ...args);
  }

  async waitForFunction(fn, arg, { timeout = TIMEOUT_MS } = {}) {
    const [f, ...args] = spreadArgs(fn, arg);
    // Over BiDi, a navigation during the wait (the service worker's one
    // reload of a static host's page) ends puppeteer's wait with 'Waiting
    // failed' instead of carrying it to the new page as Playwright does
    // (a CI failure of threads.test.mjs, 2026-12-03): wait again there,
    // until the same deadline.
    const end = Date.now() + timeout;
    for (;;) {
      try {
        return await this.raw.waitForFunction(f, { timeout: Math.max(1, end - Date.now()), polling: 100 }, ...args);
      } catch (err) {
        const message = String(/** @type {Error} */ (err)?.message);
        if (Date.now() >= end || !/Waiting failed|context|navigat/i.test(message)) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /** The page's dedicated workers (nested ones too, where BiDi reports them), each with url(). */
  workers() { return this.raw.workers(); }

  async waitForTimeout(ms) { await new Promise((r) => setTimeout(r, ms)); }

  async setViewportSize({ width, height }) { await this.raw.setViewport({ width, height }); }

  /** Runs `fn(arg)` in each document of this tab before its own scripts (Playwright's name for it). */
  async addInitScript(fn, arg) { await this.raw.evaluateOnNewDocument(fn, arg); }

  async screenshot(options) { return this.raw.screenshot(options); }

  /** Puppeteer's mouse: move(x, y), click(x, y), as Playwright's. */
  get mouse() { return this.raw.mouse; }

  async addScriptTag(options) { return this.raw.addScriptTag(options); }

  /** 'download': the next export's file, as Playwright's Download (path() of a file holding its text). */
  async waitForEvent(event) {
    if (event !== 'download') throw new Error(`the Firefox adapter has no event '${event}'`);
    const { name, text } = await retry(() => this.raw.evaluate(() => (window.__nndfDownloads.length > 0 ? window.__nndfDownloads.shift() : undefined)), 'waiting for a download');
    const dir = await mkdtemp(join(tmpdir(), 'nndf-ff-download-'));
    const path = join(dir, name);
    await writeFile(path, text);
    return { path: async () => path, suggestedFilename: () => name };
  }
}

class Context {
  constructor(browser) {
    this.browser = browser;
    this.pages = new Set();
    this.offline = false;
  }

  async newPage() {
    const raw = await this.browser.newPage();
    await raw.evaluateOnNewDocument(captureDownloads);
    if (this.offline) await raw.setOfflineMode(true);
    const page = new Page(this, raw);
    this.pages.add(page);
    raw.once('close', () => this.pages.delete(page));
    return page;
  }

  /** The network off (or on) for every page (WebDriver BiDi's network conditions, per page here). */
  async setOffline(offline) {
    this.offline = offline;
    for (const page of this.pages) await page.raw.setOfflineMode(offline);
  }

  async close() { await this.browser.close(); }
}

/**
 * Launches headless Firefox ESR with a fresh profile; `serviceWorkers:
 * 'block'` turns them off (as some private modes do). The same shape as
 * support.mjs's launchBrowser: {context, profile, close}.
 */
export async function launchFirefox({ serviceWorkers = 'allow' } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'nndf-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: EXECUTABLE,
    headless: true,
    userDataDir: profile,
    protocolTimeout: 120_000,
    extraPrefsFirefox: {
      'dom.serviceWorkers.enabled': serviceWorkers !== 'block',
      // Quiet: no updates, telemetry or first-run pages in a test profile.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'browser.startup.homepage_override.mstone': 'ignore',
    },
  });
  const context = new Context(browser);
  const close = async () => {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  };
  return { context, profile, close, browserName: 'firefox' };
}

/** The command lines and CPU ticks (utime + stime, 10 ms) of every process, from Linux's /proc. */
async function processes() {
  const list = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
      list.push({ pid, cmdline, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended meanwhile.
    }
  }
  return list;
}

/**
 * The CPU time so far, in seconds, of the content (tab) processes of the
 * Firefox that runs on `profile`: the processes that run pages and their
 * workers, as Chromium's renderers (support.mjs: rendererCpuSeconds).
 */
export async function firefoxContentCpuSeconds(/** @type {string} */ profile) {
  const all = await processes();
  const parent = all.find((p) => p.cmdline.includes(`--profile ${profile} `) && !p.cmdline.includes('-contentproc'));
  if (!parent) throw new Error(`no Firefox runs on the profile ${profile}`);
  const tabs = all.filter((p) => p.cmdline.includes('-contentproc') && p.cmdline.includes('-isForBrowser')
    && p.cmdline.includes(`-parentPid ${parent.pid} `));
  return tabs.reduce((sum, p) => sum + p.ticks, 0) / 100;
}

