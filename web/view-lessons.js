// The lessons panel: the steps of lessons.js as links, the open step's
// sentences, where to look, and what the result on screen says about its
// claims (the step's evidence). Previous and Next (or the arrow keys while
// the focus is in the panel) go to the neighbouring step's link.
import { fill, h } from './dom.js';
import { LESSONS } from './lessons.js';

/**
 * @typedef {import('./lessons.js').LessonStep} LessonStep
 * @typedef {import('./lessons.js').Evidence} Evidence
 * @typedef {object} LessonsPanel
 * @property {(step: LessonStep | null, links: Map<string, string>) => void} show  The open step (null: the list only) and every step's link.
 * @property {(evidence: Evidence) => void} setEvidence
 */

/**
 * Builds the panel in `panel` (once: its buttons keep the focus while steps
 * change). `go(step)` opens a step; `close()` closes the panel.
 * @returns {LessonsPanel}
 */
export function createLessonsPanel(/** @type {HTMLElement} */ panel, /** @type {{go: (step: LessonStep) => void, close: () => void, toView: () => void}} */ { go, close, toView }) {
  /** @type {LessonStep | null} */
  let current = null;
  const at = () => (current ? LESSONS.indexOf(current) : -1);
  const list = h('ol', { class: 'lesson-steps' });
  const title = h('h3', { id: 'lesson-step-title' });
  const body = h('div', { class: 'lesson-text' });
  const look = h('p', { class: 'lesson-look' });
  const evidence = h('p', { class: 'lesson-evidence', 'data-testid': 'lesson-evidence' });
  const prev = /** @type {HTMLButtonElement} */ (h('button', {
    type: 'button', id: 'lesson-prev', 'aria-keyshortcuts': 'ArrowLeft', on: { click: () => move(-1) },
  }, '← Previous step'));
  const next = /** @type {HTMLButtonElement} */ (h('button', {
    type: 'button', id: 'lesson-next', class: 'primary', 'aria-keyshortcuts': 'ArrowRight', on: { click: () => move(1) },
  }, 'Next step →'));

  function move(/** @type {number} */ by) {
    const to = LESSONS[at() + by];
    if (to) go(to);
  }

  const view = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', id: 'lesson-view', on: { click: toView } }, 'Go to the view ↓'));
  fill(panel,
    h('div', { class: 'lessons-head' },
      h('h2', { id: 'lessons-title', tabindex: -1, title: '← and → move between steps while the focus is in this panel' }, `Lessons: dataflow in ${LESSONS.length} steps`),
      h('div', { class: 'lesson-nav' }, prev, next, view, h('button', { type: 'button', id: 'lesson-close', on: { click: close } }, 'Close lessons'))),
    h('nav', { 'aria-label': 'Lesson steps' }, list),
    h('div', { class: 'lesson-step', 'aria-live': 'polite', 'aria-labelledby': 'lesson-step-title' }, title, body, look, evidence),
    h('p', { class: 'note' }, 'Each step is a link: it opens its configuration and view, runs it, and checks its sentences against the result. '
      + '← and → move between steps while the focus is in this panel.'));

  panel.addEventListener('keydown', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (event.altKey || event.ctrlKey || event.metaKey || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
    const by = /** @type {Record<string, number>} */ ({ ArrowRight: 1, ArrowLeft: -1 })[event.key];
    if (by === undefined) return;
    event.preventDefault();
    move(by);
  });

  return {
    show(step, links) {
      current = step;
      fill(list, LESSONS.map((s, i) => h('li', {},
        h('a', { href: links.get(s.id) ?? '#', 'aria-current': s === step ? 'step' : null }, `${i + 1}. ${s.title}`))));
      prev.disabled = at() <= 0;
      view.disabled = !step;
      next.disabled = at() >= LESSONS.length - 1;
      next.textContent = step ? 'Next step →' : 'Start: step 1 →';
      if (!step) {
        title.textContent = 'Six steps through the presets';
        fill(body, h('p', {}, 'Each step opens a configuration and the view that shows its point, runs it, and checks its sentences against the result.'));
        look.textContent = '';
        fill(evidence);
        delete evidence.dataset.holds;
        return;
      }
      title.textContent = `Step ${at() + 1} of ${LESSONS.length}: ${step.title}`;
      fill(body, step.text.map((sentence) => h('p', {}, sentence)));
      fill(look, h('strong', {}, 'Look at: '), step.look);
    },
    setEvidence({ holds, text }) {
      evidence.dataset.holds = String(holds);
      const lead = holds === true ? 'On this result: ' : holds === false ? 'This result does not show it: ' : '';
      fill(evidence, h('strong', {}, lead), text);
    },
  };
}
