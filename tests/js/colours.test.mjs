// The page's colours against WCAG AA's 4.5:1 for text: every text colour of
// style.css's :root on the page's backgrounds, and the ink chosen for text
// on the charts' colours (colours.js).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import {
  CATEGORICAL, contrastRatio, inkOn, itemColour,
} from '../../web/colours.js';
import { repoPath } from './support.mjs';

/** The custom properties of style.css's first :root block, as '#rrggbb'. */
async function rootColours() {
  const css = await readFile(repoPath('web/style.css'), 'utf8');
  const root = css.match(/:root\s*\{([^}]*)\}/)[1];
  const long = (/** @type {string} */ hex) => (hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex).toLowerCase();
  return Object.fromEntries([...root.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\b/g)].map(([, name, hex]) => [name, long(hex)]));
}

test('contrast ratio: black on white is 21, a colour on itself 1, and the order does not matter', () => {
  assert.equal(contrastRatio('#000000', '#ffffff'), 21);
  assert.equal(contrastRatio('#0072b2', '#0072b2'), 1);
  assert.equal(contrastRatio('#555555', '#f6f6f4'), contrastRatio('#f6f6f4', '#555555'));
  // The two findings of axe that this fixed, as axe measured them.
  assert.equal(contrastRatio('#888888', '#ffffff').toFixed(2), '3.54');
});

test('every text colour of the page reads at 4.5:1 or more on white and on the panels', async () => {
  const colours = await rootColours();
  for (const name of ['ink', 'muted', 'faint', 'accent', 'error']) {
    assert.ok(colours[name], `--${name} in :root`);
    for (const background of ['#ffffff', colours.panel]) {
      const ratio = contrastRatio(colours[name], background);
      assert.ok(ratio >= 4.5, `--${name} ${colours[name]} on ${background}: ${ratio.toFixed(2)}:1`);
    }
  }
  // White text on the accent (the Run button and its shortcut hint).
  assert.ok(contrastRatio('#ffffff', colours.accent) >= 4.5);
});

test('text on a chart colour (categorical or viridis) reads at 4.5:1 or more', () => {
  const fills = [...CATEGORICAL, ...Array.from({ length: 50 }, (_, k) => itemColour(k, 50))];
  for (const fill of fills) {
    const ratio = contrastRatio(inkOn(fill), fill);
    assert.ok(ratio >= 4.5, `${inkOn(fill)} on ${fill}: ${ratio.toFixed(2)}:1`);
  }
});
