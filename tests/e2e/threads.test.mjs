// Searches on threads in the page: served cross-origin isolated (as
// scripts/serve.mjs does) the search worker runs the threaded module and
// finds what one thread and the CLI find; cancel ends it and its threads at
// once; a static host without the headers gets isolated by the page's
// service worker after one reload; with no service worker either, the page
// runs one thread and says why.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { readCases } from '../../scripts/golden-cases.mjs';
import { runCli, withoutRunFacts } from '../js/support.mjs';
import {
  browserName, launchBrowser, openFreshPage, rendererCpuSeconds, runEnded, startLongSearch, startServer, useFreshPage,
} from './support.mjs';

/** A result document's text without what may differ between runs on other thread counts. */
const comparable = (text) => withoutRunFacts(text).trimEnd();

/**
 * The CLI's output for a golden case (built-in networks only: the command
 * line runs from here) with `extra` flags: its result, or its run document
 * with --print-run.
 */
function cli(name, extra) {
  const { args } = readCases().find((c) => c.name === name);
  const { status, stdout, stderr } = runCli(['search', ...args, ...extra]);
  assert.equal(status, 0, stderr);
  return stdout;
}

describe('served with COOP/COEP', () => {
  const site = useFreshPage();

  test('the search runs on every core and finds what one thread and the CLI find', async () => {
    const { page, errors } = await site.open('', { waitForRun: true });
    const { isolated, cores } = await page.evaluate(() => ({ isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency }));
    assert.equal(isolated, true);
    assert.equal(await page.getByTestId('threads').textContent(), cores === 1 ? '1 thread' : `${cores} threads`);

    for (const name of ['isca16_alex_b16_exhaustive', 'alex_b8_2x2_bufshr_batch']) {
      const run = cli(name, ['--print-run']);
      const [threaded, single] = await page.evaluate(async (doc) => {
        const { EngineClient, searchWorker } = await import('./engine.js');
        const threadedEngine = new EngineClient(searchWorker('all'));
        const singleEngine = new EngineClient();
        const answers = [await threadedEngine.search(doc), await singleEngine.search(doc)];
        threadedEngine.terminate();
        singleEngine.terminate();
        return answers.map((a) => a.resultText);
      }, run);
      assert.match(threaded, new RegExp(`"nprocesses": ${cores},`), name);
      assert.match(single, /"nprocesses": 1,/, name);
      assert.equal(comparable(threaded), comparable(single), name);
      assert.equal(comparable(threaded), comparable(cli(name, ['-p', '1'])), name);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the threaded engine names a fault in the input as the single-threaded one does', async () => {
    // Emscripten 3.1.6 left the threaded module's typed catches unmatched:
    // every error was "an unknown exception" (wasm/mt/lpad_context.cpp).
    const { page, errors } = await site.open('', { waitForRun: true });
    const network = JSON.stringify({
      input: { nofm: 3, sofm: 32 },
      layers: [{ name: 'c', type: 'conv', nifm: 3, nofm: 16, sofm: 32, sfil: 3 }, { name: 'fc', type: 'fc', nifm: 17, nofm: 10, sfil: 32 }],
    });
    const answers = await page.evaluate(async (text) => {
      const { EngineClient, searchWorker } = await import('./engine.js');
      const engines = [new EngineClient(searchWorker('all')), new EngineClient(searchWorker('1')), new EngineClient()];
      const refusals = [];
      for (const engine of engines) {
        for (const args of [[text, 1, 16], ['{', 1, 16]]) {
          await engine.call('networkLayers', args).then(() => refusals.push(null), (err) => refusals.push({ message: err.message, path: err.path, internal: err.internal }));
        }
        engine.terminate();
      }
      return refusals;
    }, network);
    const [first, malformed] = answers.slice(4);
    assert.deepEqual(first, { message: "layer 'fc' has nifm 17, but its previous layers 'c' give 16 channels", path: 'layers[1] "fc".nifm', internal: false });
    assert.match(malformed.message, /^malformed JSON at line 1, column 2/);
    assert.deepEqual(answers, [first, malformed, first, malformed, first, malformed]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the page loads its code as two bundles and its wasm modules once, and its first search runs on the worker index.html started', async () => {
    /** @type {string[]} */
    const files = [];
    const { page, errors } = await site.open('', {
      beforeLoad: (p) => p.on('request', (request) => {
        const path = new URL(request.url()).pathname + new URL(request.url()).search;
        if (/\.(m?js|wasm)(\?|$)/.test(path)) files.push(path.replace(/^.*\//, ''));
      }),
      waitForRun: true,
    });
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    // Outside Firefox every worker runs the threaded module, compiled once by
    // the page: the search worker on every core, the quick calls' worker on
    // one thread (index.html). In Firefox the quick calls' worker runs the
    // single-threaded module, and the search worker fetches the threaded one.
    const oneModule = await page.evaluate(() => /** @type {any} */ (window).nndfEngine.oneModule);
    assert.equal(oneModule, browserName !== 'firefox');
    const expected = oneModule
      ? ['boot.js', 'nndf-mt.wasm', 'worker.js?threads=1', 'worker.js?threads=all']
      : ['boot.js', 'nndf-mt.wasm', 'nndf.wasm', 'worker.js', 'worker.js?threads=all'];
    // Each pthread worker loads the threaded glue; everything else loads once.
    const once = [...new Set(files)].filter((s) => !/^nndf-mt\.(mjs|worker\.js)$/.test(s)).sort();
    assert.deepEqual(once, expected);
    for (const name of once) assert.equal(files.filter((s) => s === name).length, 1, `${name} requested once`);
    // A pool of a worker per thread but the caller's, at least one (CMakeLists.txt), and one for the quick calls' worker.
    assert.equal(files.filter((s) => s === 'nndf-mt.worker.js').length, Math.max(1, cores - 1) + (oneModule ? 1 : 0));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('cancel stops a threaded search and its threads within 200 ms, and the page runs again', async (t) => {
    const { page, errors } = await site.open('', { waitForRun: true });
    await startLongSearch(page);
    await page.waitForFunction(() => /Layer ([3-9]|\d\d+) of 208/.test(document.getElementById('progress-label').textContent), null, { timeout: 30_000 });
    // The search worker and its pthread workers, busy on every core; where
    // the page runs one module, the quick calls' worker has a pthread worker
    // of its own, idle.
    const pthreads = () => page.workers().filter((w) => w.url().includes('nndf-mt.worker.js'));
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const toolsPool = await page.evaluate(() => (/** @type {any} */ (window).nndfEngine.oneModule ? 1 : 0));
    assert.equal(pthreads().length, Math.max(1, cores - 1) + toolsPool);
    const searching = page.workers().filter((w) => w.url().includes('worker.js?threads=all'));
    assert.equal(searching.length, 1);
    const cpu = async (ms) => {
      const before = await rendererCpuSeconds(site.browser);
      await new Promise((resolve) => { setTimeout(resolve, ms); });
      return (await rendererCpuSeconds(site.browser) - before) / (ms / 1000);
    };
    const busy = await cpu(500);

    const started = Date.now();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.getElementById('progress-label').textContent === 'Cancelled.', null, { timeout: 2000 });
    const shown = Date.now() - started;
    while ((searching.some((w) => page.workers().includes(w)) || pthreads().length > toolsPool) && Date.now() - started < 3000) {
      await new Promise((resolve) => { setTimeout(resolve, 5); });
    }
    const gone = Date.now() - started;
    // From 200 ms after the cancel, nothing computes any more (terminate()
    // alone would let every thread run on for 2 s).
    await new Promise((resolve) => { setTimeout(resolve, Math.max(0, 200 - (Date.now() - started))); });
    const after = await cpu(500);
    t.diagnostic(`cancel: 'Cancelled.' after ${shown} ms, the search worker and its ${Math.max(1, cores - 1)} pthread workers gone after ${gone} ms; `
      + `renderer CPU ${busy.toFixed(2)} cores while searching, ${after.toFixed(2)} from 200 to 700 ms after the cancel`);
    assert.ok(busy > 0.5, `the search used ${busy.toFixed(2)} cores`);
    assert.ok(shown < 200, `'Cancelled.' after ${shown} ms`);
    assert.ok(after < 0.1, `${after.toFixed(2)} cores still busy after the cancel`);
    assert.ok(gone < 1000, `the search's workers gone after ${gone} ms`);

    // Ready for a new run, on threads again.
    await page.locator('[data-preset="eyeriss-isca16"]').click();
    await page.getByTestId('run').click();
    await runEnded(page);
    assert.equal(await page.getByTestId('threads').textContent(), cores === 1 ? '1 thread' : `${cores} threads`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('a static host without the headers', () => {
  let server;
  before(async () => {
    server = await startServer(undefined, { plain: true });
  });
  after(async () => {
    await server?.stop();
  });

  test('the service worker isolates the page on the first visit, after one reload', async () => {
    const browser = await launchBrowser();
    try {
      let loads = 0;
      const { page, errors } = await openFreshPage(browser, server.url, { beforeLoad: (p) => p.on('load', () => { loads += 1; }) });
      await page.waitForFunction(() => crossOriginIsolated && /Done|No valid/.test(document.getElementById('progress-label').textContent), null, { timeout: 30_000 });
      assert.equal(loads, 2);
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      assert.equal(await page.getByTestId('threads').textContent(), cores === 1 ? '1 thread' : `${cores} threads`);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test('with no service worker either, the page runs one thread and says why', async () => {
    const browser = await launchBrowser({ serviceWorkers: 'block' });
    try {
      const { page, errors } = await openFreshPage(browser, server.url, { waitForRun: true });
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      // Chromium blocks a registration; Firefox with service workers off has no navigator.serviceWorker.
      const why = await page.evaluate(() => ('serviceWorker' in navigator
        ? 'the service worker that adds them is not active' : 'service workers are unavailable here'));
      assert.equal(await page.getByTestId('threads').textContent(),
        `One thread: this page is not cross-origin isolated (its server sends no COOP/COEP headers, and ${why}).`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(await download.path(), 'utf8');
      assert.match(text, /"nprocesses": 1,/);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
});
