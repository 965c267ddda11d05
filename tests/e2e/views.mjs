// Every view of the page, each brought on screen as a person would (tabs,
// presets, buttons, links), for the tests that look at all of them: axe
// (a11y.test.mjs) and the phone width (phone.test.mjs). Each view's `show`
// starts from a page where the opening result is done and leaves its view
// on screen; `selector` is the element that holds it (to scroll to and to
// look at). The list names views by what a person sees, so that a view
// added to the page is added here once.

import { networkEditor, runEnded } from './support.mjs';

/** Clicks Run and waits for the result. */
async function run(page) {
  await page.getByTestId('run').click();
  await page.waitForFunction(() => !document.getElementById('cancel').disabled, null, { timeout: 5_000 }).catch(() => {});
  await runEnded(page);
}

const resultTab = (page, name) => page.locator('#result-tabs').getByRole('tab', { name, exact: true }).click();
const configTab = (page, name) => page.locator('#config-tabs').getByRole('tab', { name, exact: true }).click();

/** Opens layer `name` in the detail tab (from the layer table, as a person would) and waits for it. */
async function openDetail(page, name) {
  await resultTab(page, 'Layers');
  await page.getByTestId('layer-table').getByRole('button', { name, exact: true }).click();
  await page.waitForFunction((n) => document.querySelector('#detail-body h3')?.textContent === n, name);
}

/**
 * @typedef {{name: string, selector: string, hash?: string,
 *   show: (page: import('playwright-core').Page) => Promise<void>}} View
 */

/** @type {View[]} */
export const VIEWS = [
  { name: 'form-network', selector: '#panel-network', show: (page) => configTab(page, 'Network') },
  { name: 'form-hardware', selector: '#panel-hardware', show: (page) => configTab(page, 'Hardware') },
  { name: 'form-cost', selector: '#panel-cost', show: (page) => configTab(page, 'Cost') },
  { name: 'form-options', selector: '#panel-options', show: (page) => configTab(page, 'Options') },
  {
    name: 'run-document',
    selector: '.run-document',
    show: async (page) => {
      await page.locator('.run-document > summary').first().click();
    },
  },
  {
    name: 'editor',
    selector: '#custom-network',
    show: async (page) => {
      await configTab(page, 'Network');
      await page.locator('#field-network').selectOption('custom');
      // A network with a mistake, so that the error and its line show too.
      await page.locator('#custom-network').getByRole('button', { name: /Copy a built-in network/ }).click();
      // The code editor takes the textarea's place when it has loaded: a focus given to the
      // textarea as it is hidden goes nowhere (a clean CI run typed the comma into the page).
      await networkEditor(page);
      // By role and name, so that it holds for any editor component with a label.
      const editor = page.getByRole('textbox', { name: /Your network/ });
      await editor.focus();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(',');
      await page.locator('#custom-network').getByText(/Line \d+/).first().waitFor();
    },
  },
  {
    name: 'saved-networks',
    selector: '[data-testid="saved-networks"]',
    show: async (page) => {
      await configTab(page, 'Network');
      await page.locator('#field-network').selectOption('custom');
      const list = page.getByTestId('saved-networks');
      await list.locator('summary').click();
      await list.getByRole('button', { name: /Save the editor/ }).click();
      await list.getByRole('button', { name: /^Delete / }).first().waitFor();
    },
  },
  { name: 'energy', selector: '#results', show: (page) => resultTab(page, 'Energy') },
  { name: 'layers', selector: '#panel-layers', show: (page) => resultTab(page, 'Layers') },
  {
    name: 'segments',
    selector: '#panel-layers',
    show: async (page) => {
      await page.locator('[data-preset="tangram-8x8"]').click();
      await run(page);
      await resultTab(page, 'Layers');
    },
  },
  {
    name: 'detail',
    selector: '[data-testid="alternatives-table"]',
    show: async (page) => {
      await openDetail(page, 'conv2_a');
      await page.getByTestId('alternatives-button').click();
      await page.getByTestId('alternatives-table').waitFor({ timeout: 60_000 });
    },
  },
  {
    name: 'node-grid',
    selector: '#panel-detail',
    show: async (page) => {
      await page.locator('[data-preset="tetris-t16"]').click();
      await run(page);
      await openDetail(page, 'conv2_a');
      await page.locator('#detail-body .node[tabindex="0"]').focus();
      await page.keyboard.press('Enter');
    },
  },
  {
    name: 'rs-animation',
    selector: '.rs-animation',
    show: async (page) => {
      await openDetail(page, 'conv2_a');
      await page.locator('.rs-animation').getByRole('button', { name: /Forward/ }).click();
      await page.locator('.rs-animation').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'diagnosis',
    selector: '#diagnosis',
    show: async (page) => {
      await configTab(page, 'Hardware');
      await page.locator('#field-gbuf').fill('16384');
      await run(page);
      await page.getByTestId('diagnosis').waitFor({ state: 'visible' });
    },
  },
  {
    name: 'compare',
    selector: '#panel-compare',
    show: async (page) => {
      await page.getByTestId('pin-a').click();
      await configTab(page, 'Hardware');
      await page.locator('#field-gbuf').fill('65536');
      await run(page);
      await resultTab(page, 'Compare');
      await page.getByTestId('compare-svg').waitFor();
    },
  },
  {
    name: 'sweep',
    selector: '#panel-sweep',
    show: async (page) => {
      await page.locator('#field-network').selectOption('mlp_s');
      await resultTab(page, 'Sweep');
      await page.locator('#sweep-field-1').selectOption('gbuf');
      await page.locator('#sweep-values-1').fill('8 kB .. 64 kB x2');
      await page.locator('#sweep-field-2').selectOption('regf');
      await page.locator('#sweep-values-2').fill('64, 512');
      await page.getByTestId('sweep-run').click();
      // Done, and the last drawing of every plot done (the tab is no longer aria-busy).
      await page.waitForFunction(() => /^Done/.test(document.querySelector('[data-testid="sweep-status"]').textContent)
        && !document.getElementById('sweep').hasAttribute('aria-busy'), null, { timeout: 60_000 });
    },
  },
  {
    name: 'lessons',
    selector: '#lessons',
    show: async (page) => {
      await page.locator('#lessons-toggle').click();
      await page.locator('#lessons').waitFor({ state: 'visible' });
    },
  },
  {
    name: 'classroom',
    selector: '#results',
    show: async (page) => {
      await page.locator('#classroom-toggle').click();
      await page.waitForFunction(() => document.body.classList.contains('classroom') || /classroom=1/.test(location.hash));
    },
  },
  {
    name: 'notice',
    selector: '#notice',
    // A damaged link: a text not of its field's kind, a view value the page cannot use.
    hash: '#v=2&batch=many&view=nowhere',
    show: (page) => page.locator('#notice').waitFor({ state: 'visible' }),
  },
];
