// What is on screen, kept in the link and put back from it (view-params.js
// says what the link holds): the result tab, the layer and node of the
// detail, classroom mode, and the lessons panel with its open step. A link's
// tab shows at once; its layer and node wait for the result. The user's
// changes go into the link in place (the page's writeHash, replaceState);
// opening a lesson step is a navigation, which the page's hashchange opens
// and runs.
import { applyClassroom, pageViews } from './classroom.js';
import { byId, h } from './dom.js';
import { LESSONS, lessonOf, lessonState } from './lessons.js';
import { encodeHash } from './url-codec.js';
import { createLessonsPanel } from './view-lessons.js';
import { defaultView, readViewHash, shownViews } from './view-params.js';

/**
 * @typedef {import('./view-params.js').ViewState} ViewState
 * @typedef {import('./view-params.js').Coord} Coord
 * @typedef {import('./result-model.js').Result} Result
 * @typedef {import('./lessons.js').LessonStep} LessonStep
 * @typedef {{result: Result, documentText: string | null}} ShownResult
 * @typedef {object} Page  What the page lends: its configuration, its result on screen, its tabs and notices.
 * @property {import('./fields.js').FormField[]} fields
 * @property {() => Promise<string>} configHash   The hash of the configuration in the form (no view).
 * @property {() => string | null} engineText     The run document of the form, as the engine gets it.
 * @property {() => ShownResult | null} shown     The result on screen.
 * @property {(panelId: string) => void} selectResultTab
 * @property {HTMLSelectElement} detailSelect
 * @property {() => void} writeHashSoon
 * @property {(text: string) => void} notice
 */

/** The page's view-in-the-link; see the methods. */
export function createViewLink(/** @type {Page} */ page) {
  const resultTabs = byId('result-tabs');
  const classroomToggle = byId('classroom-toggle');
  /** @type {import('./view-params.js').ViewContext} */
  const context = { views: pageViews(resultTabs), lessons: LESSONS.map((l) => l.id) };
  let state = defaultView();
  /** False until the first link is open: tab changes before it are the page's own. */
  let ready = false;
  /** True while a link's view goes on screen (which must not rewrite the link). */
  let applying = false;
  /** What a link asked for that waits for its result. @type {{layer: string | null, node: Coord | null} | null} */
  let pending = null;
  /** Results shown in this session by their configuration's hash, for lessons that compare two. @type {Map<string, Result>} */
  const seen = new Map();
  /** The configuration hash of the result on screen ('' when unknown or older than the form). */
  let shownHash = '';
  /** @type {Map<string, string>} lesson step id -> its configuration's hash */
  const stepHash = new Map();
  let lessonsOpen = false;
  let lessonsToken = 0;

  /** Adds a line to the notice on screen, or shows one. */
  function addNotice(/** @type {string} */ text) {
    const box = byId('notice');
    if (box.hidden) page.notice(text);
    else box.insertBefore(h('span', {}, ` ${text}`), box.querySelector('button:last-child'));
  }

  /** A change of what is on screen, made by the user: into the link. */
  function changed(/** @type {Partial<ViewState>} */ patch) {
    Object.assign(state, patch);
    if (!applying && ready) page.writeHashSoon();
  }

  /** Shows the first view left when classroom mode hides the one on screen. */
  function keepTabVisible() {
    const selected = /** @type {HTMLElement | null} */ (resultTabs.querySelector('[role="tab"][aria-selected="true"]'));
    if (selected?.hidden) page.selectResultTab(`panel-${shownViews(state, context.views)[0]}`);
  }

  /** The link of a lesson step: its configuration and view, in the classroom mode on screen. */
  const lessonHash = (/** @type {LessonStep} */ step) => encodeHash(page.fields, lessonState(page.fields, step), '', {
    ...defaultView(), ...structuredClone(step.view), classroom: state.classroom, lesson: step.id,
  });

  async function showLessons() {
    const token = ++lessonsToken;
    const box = byId('lessons');
    box.hidden = !lessonsOpen;
    byId('lessons-toggle').setAttribute('aria-expanded', String(lessonsOpen));
    if (!lessonsOpen) return;
    const step = lessonOf(state.lesson);
    /** @type {Map<string, string>} */
    const links = new Map(await Promise.all(LESSONS.map(async (s) => /** @type {[string, string]} */ ([s.id, await lessonHash(s)]))));
    if (token !== lessonsToken) return;
    panel.show(step, links);
    if (!step) return;
    const shown = page.shown();
    if (!shown || shownHash !== stepHash.get(step.id)) {
      panel.setEvidence({ holds: null, text: 'The result on screen is not of this step\'s configuration yet; it is checked when the step\'s run is done.' });
      return;
    }
    panel.setEvidence(step.evidence(shown.result, (id) => seen.get(stepHash.get(id) ?? '') ?? null));
  }

  const panel = createLessonsPanel(byId('lessons'), {
    go: async (step) => {
      window.location.hash = await lessonHash(step);
    },
    toView: () => {
      const tab = /** @type {HTMLElement | null} */ (resultTabs.querySelector('[role="tab"][aria-selected="true"]'));
      tab?.scrollIntoView({ block: 'start' });
      tab?.focus();
    },
    close: () => {
      lessonsOpen = false;
      changed({ lesson: null });
      showLessons();
      byId('lessons-toggle').focus();
    },
  });

  return {
    /** What is on screen, for the link. */
    get state() {
      return state;
    },

    /** Wires the toggles and the detail's layer and node; call once, before the first link. */
    async setUp() {
      for (const step of LESSONS) stepHash.set(step.id, await encodeHash(page.fields, lessonState(page.fields, step)));
      classroomToggle.addEventListener('click', () => {
        changed({ classroom: !state.classroom, show: null });
        applyClassroom(state, resultTabs, classroomToggle);
        keepTabVisible();
        showLessons();
      });
      byId('lessons-toggle').addEventListener('click', () => {
        lessonsOpen = !lessonsOpen;
        if (!lessonsOpen) changed({ lesson: null });
        showLessons().then(() => {
          if (lessonsOpen) byId('lessons-title').focus();
        });
      });
      page.detailSelect.addEventListener('change', () => changed({ layer: page.detailSelect.value, node: null }));
      // A node chosen on the grid (click, or Enter on a focused node) goes into the link. Captured:
      // the grid's Enter sends a click that does not bubble.
      byId('detail-body').addEventListener('click', (event) => {
        const mark = /** @type {Element} */ (event.target).closest?.('.node[data-at]');
        const at = mark?.getAttribute('data-at')?.split(',').map(Number);
        if (at) changed({ node: { row: at[0], col: at[1] } });
      }, true);
    },

    /** The first link is open: from now on the user's changes go into the link. */
    ready() {
      ready = true;
    },

    changed,

    addNotice,

    /** Puts the view of a link's hash on screen; returns the problems of its view parameters. */
    open(/** @type {string} */ hash) {
      const link = readViewHash(hash, context);
      state = link.state;
      applying = true;
      applyClassroom(state, resultTabs, classroomToggle);
      if (state.view !== null) page.selectResultTab(`panel-${state.view}`);
      keepTabVisible();
      applying = false;
      pending = state.layer !== null || state.node !== null ? { layer: state.layer, node: state.node } : null;
      if (state.lesson !== null) lessonsOpen = true;
      showLessons();
      return link.problems;
    },

    /** The layer to show of a new result's `names`: the link's, if it waits for one and the result has it. */
    layerFor(/** @type {string[]} */ names, /** @type {string} */ net) {
      const wanted = pending?.layer ?? null;
      if (wanted !== null && !names.includes(wanted)) {
        addNotice(`The link's layer '${wanted}' is not a layer of this result (${names.length} layers of ${net}): showing ${names[0]}.`);
        state.layer = null;
        return null;
      }
      return wanted;
    },

    /**
     * After the detail of `layer` is drawn (`drawn`): the node the link chose,
     * on the layer's grid. A drawing of another layer (one a result before
     * the link asked for, finishing late) leaves the link's wish waiting.
     */
    detailDrawn(/** @type {boolean} */ drawn, /** @type {string} */ layer) {
      const node = pending?.node;
      if (!drawn || !pending || (pending.layer !== null && pending.layer !== layer)) return;
      pending = null;
      if (!node) return;
      const mark = byId('detail-body').querySelector(`.node[data-at="${node.row},${node.col}"]`);
      if (!mark) {
        addNotice(`The link's node ${node.row},${node.col} is not a node of ${page.detailSelect.value}'s grid: none chosen.`);
        state.node = null;
        return;
      }
      applying = true;
      mark.dispatchEvent(new MouseEvent('click'));
      applying = false;
    },

    /** A result is on screen: remember it by its configuration, and check the open lesson step against it. */
    resultShown(/** @type {ShownResult} */ shown) {
      shownHash = '';
      if (shown.documentText === null || shown.documentText !== page.engineText()) {
        showLessons();
        return;
      }
      page.configHash().then((hash) => {
        if (page.shown() !== shown) return;
        shownHash = hash;
        seen.set(hash, shown.result);
        showLessons();
      });
    },
  };
}
