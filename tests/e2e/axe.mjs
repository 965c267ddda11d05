// axe-core (node_modules/axe-core, Deque's accessibility engine) in a page:
// the WCAG 2 A and AA rules over what is on screen, reduced to the
// violations that matter here (serious and critical) in a form that reads
// well in a failed assertion.
import { fileURLToPath } from 'node:url';

const AXE_PATH = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));

/** @typedef {{id: string, impact: string, help: string, targets: string[]}} Violation */

/**
 * Runs axe over `page` (the whole document, or the elements matching
 * `include`) with the wcag2a and wcag2aa rules; returns the violations of
 * the given impacts, each with the CSS paths of its elements. Hidden
 * elements (the hidden tabs) are not checked by axe, so a caller shows each
 * view before it asks.
 */
export async function axeViolations(page, { include = null, impacts = ['serious', 'critical'] } = {}) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async (selector) => {
    // From the top: scrolled, the sticky header lies over what is under it,
    // and axe then cannot tell (and does not report) that text's contrast.
    const [x, y] = [window.scrollX, window.scrollY];
    window.scrollTo(0, 0);
    // @ts-ignore: axe is the script above, in the page.
    const results = await window.axe.run(selector ? { include: [[selector]] } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
      resultTypes: ['violations'],
    });
    window.scrollTo(x, y);
    return results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => `${n.target.join(' ')}${n.any[0]?.data?.contrastRatio ? ` (${n.any[0].data.contrastRatio}:1)` : ''}`),
    }));
  }, include);
  return violations.filter((v) => impacts.includes(v.impact));
}

/** One line per violation, for an assertion's message and a report. */
export const describeViolations = (/** @type {Violation[]} */ violations) => violations
  .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.targets.slice(0, 6).join(', ')}${v.targets.length > 6 ? ` and ${v.targets.length - 6} more` : ''}`)
  .join('\n');
