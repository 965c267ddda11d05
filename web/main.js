// The page: asks the engine for its run schema and networks, builds the
// form from them, and wires the form, the engine workers and the result
// views together. The configuration lives in ConfigModel, mirrored into the
// URL hash (url-codec.js) and localStorage (storage.js); the engine checks
// it as it changes (validation.js); runs go through RunController.
import { ConfigModel } from './config-model.js';
import { byId, debounce, fill, h } from './dom.js';
import { CancelledError } from './engine.js';
import { Explainer } from './explainer.js';
import { download, layersCsv } from './export.js';
import { CUSTOM, TABS, formFields } from './fields.js';
import { costsInJoules } from './format.js';
import { locateError } from './json-locate.js';
import {
  fillNetworkText, getNetworkText, handleSetNetworkText, loadCodeEditor, onNetworkTyped, prefetchCodeEditorOn, setNetworkText, setUpNetworkEditor,
} from './network-editor.js';
import { OPENING, PRESETS, presetState } from './presets.js';
import { progressText } from './progress-text.js';
import { readResultText } from './result-model.js';
import { RunController } from './run-controller.js';
import { readSchema } from './schema.js';
import { engineFacts } from './engine-facts.js';
import { loadDraft, saveDraft } from './storage.js';
import { setupTabs } from './tabs.js';
import { URL_SCHEMA_VERSION, decodeHash, encodeHash } from './url-codec.js';
import { Validator } from './validation.js';
import { showDetail } from './view-detail.js';
import { showEnergy } from './view-energy.js';
import { drawWhenShown } from './draw-when-shown.js';
import { buildFieldGroup } from './view-form.js';
import { createLayerTable } from './view-layers.js';
import { clearLayers, showEditorError, showLayers } from './view-network.js';
import { showSegments } from './view-segments.js';
import { nonMacOps, showSummary } from './view-summary.js';
import { showThreadsUsed } from './view-threads.js';
import { createViewLink } from './view-link.js';
import { showDiagnosis } from './view-diagnosis.js';
import { CompareLinkError, unpackDocument } from './compare-link.js';
import { documentTexts } from './compare-model.js';
import { createCompare } from './view-compare.js';
import { SweepPool, poolSize } from './sweep-pool.js';
import { createSweepView } from './view-sweep.js';
import { fileName, namedDocument, namedResult } from './file-names.js';
import { runsAtOnce } from './presets.js';
import { keepNetwork } from './saved-networks.js';
import { createSavedNetworks } from './view-saved-networks.js';
import { readOpenedFile, resultFileText } from './opened-file.js';
import { setUpOnnxImport } from './view-onnx-import.js';
import { showFormatHelp } from './view-format-help.js';
import { watchScrollBoxes } from './scroll-region.js';
import { setupResultJump } from './view-result-jump.js';

/**
 * @typedef {import('./engine.js').EngineClient} EngineClient
 * @typedef {import('./result-model.js').Result} Result
 * @typedef {import('./run-controller.js').Run} Run
 * @typedef {import('./explainer.js').Shown} Shown
 * @typedef {Shown & {title: string, documentText: string | null}} View
 *   The result on view; `documentText` is the run document that produced it (null for a file).
 */

const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id));

/** The network editor's text, and how to show another (network-editor.js is the one place that knows what the editor is). */
const editorBox = { get: getNetworkText, set: fillNetworkText };

const setStatus = (/** @type {string} */ text) => {
  byId('progress-label').textContent = text;
};

function notice(/** @type {(Node | string)[]} */ ...children) {
  const box = byId('notice');
  fill(box, ...children, ' ', h('button', { type: 'button', on: { click: () => { box.hidden = true; } } }, 'Dismiss'));
  box.hidden = false;
}

/**
 * Starts the page with its two engine clients: `searcher` for searches
 * (its worker is terminated to cancel one) and `tools` for quick calls;
 * `sweepClient` makes a client for each of the sweep pool's workers;
 * `facts`: the engine's answers the build kept (engine-facts.json), or null.
 */
export async function start(/** @type {{searcher: EngineClient, tools: EngineClient, sweepClient: () => EngineClient, facts: Promise<any>}} */ {
  searcher, tools, sweepClient, facts,
}) {
  const { schema: schemaJson, networks: networkList } = await engineFacts(facts, (fn) => tools.call(fn));
  const schema = readSchema(schemaJson);
  /** @type {Map<string, string>} Built-in network name -> JSON text. */
  const builtins = new Map(networkList.map((/** @type {{name: string, json: string}} */ n) => [n.name, n.json]));
  const fields = formFields(schema, [...builtins.keys()]);
  const model = new ConfigModel(fields, presetState(fields, OPENING), schema.documentFormat);
  const explainer = new Explainer((fn, args) => tools.call(fn, args));
  /** @type {View | null} */
  let shown = null;
  /** Each preset's run document (compact) -> its id: names the files of a configuration that is exactly a preset. */
  const presetDocs = new Map(PRESETS.map((p) => [JSON.stringify(new ConfigModel(fields, presetState(fields, p), schema.documentFormat).runDocument()), p.id]));
  const presetOf = (/** @type {string} */ text) => presetDocs.get(text) ?? null;

  // ---- Form ---------------------------------------------------------------

  const groups = TABS.map((tab) => buildFieldGroup(byId(`fields-${tab}`), fields.filter((f) => f.tab === tab), (name, text) => edited(name, text)));
  const writeForm = () => groups.forEach((g) => g.write(model.draft));
  let selectConfigTab = (/** @type {string} */ _id) => {};
  const openFieldTab = (/** @type {string} */ name) => {
    const f = model.field(name);
    if (f) selectConfigTab(`panel-${f.tab}`);
  };

  /** The run document as the engine gets it (compact), or null while the editor's network is not JSON. */
  const engineText = () => {
    try {
      return JSON.stringify(model.runDocument());
    } catch {
      return null;
    }
  };

  function showProblems() {
    const messages = model.fieldMessages();
    groups.forEach((g) => g.showErrors(messages));
    const problem = model.firstProblem();
    const box = byId('error');
    box.hidden = problem === null;
    box.textContent = problem ?? '';
    byId('run-json').textContent = model.runDocumentText() ?? '(the network in the editor is not JSON yet)';
  }

  const validator = new Validator((text) => tools.call('validate', [text]), (problems, text) => {
    if (text !== engineText()) return;
    model.setProblems(problems);
    showProblems();
  });
  const checkSoon = () => {
    const text = engineText();
    if (text !== null && !model.hasParseErrors) validator.request(text);
  };

  let previousBuiltin = model.state.network;

  function edited(/** @type {string} */ name, /** @type {string} */ text) {
    model.edit(name, text);
    if (name === 'network' && model.usesEditor && model.customNetwork.trim() === '') {
      setEditorText(builtins.get(previousBuiltin) ?? '');
    }
    if (name === 'network' && !model.usesEditor) previousBuiltin = model.state.network;
    configChanged();
    if (['network', 'batch', 'word'].includes(name)) refreshNetwork();
  }

  /** After any change: save, update the link, re-check, and mark an older result. */
  function configChanged() {
    saveSoon();
    writeHashSoon();
    showProblems();
    checkSoon();
    markStale();
  }

  /**
   * The link the form's configuration is of: the one it was opened from or
   * last written as (null before either). The address bar may already hold
   * the next link, set by a click, whose hashchange has not been handled.
   * @type {string | null}
   */
  let lastWrittenHash = null;
  /** The address bar's hash when the page last opened or wrote it (null before the first link). @type {string | null} */
  let handledHash = null;
  /** A link is in the address bar whose hashchange has not opened it yet. */
  const linkArriving = () => handledHash !== null && window.location.hash !== handledHash;
  // The draft names that link, not the address bar's: a draft saved between
  // a link's arrival and its opening would pair the old form with the new
  // link, and the new link would then open as a reload of the old form.
  const saveNow = () => saveDraft(model.draft, model.customNetwork, lastWrittenHash ?? '');
  const saveSoon = debounce(saveNow, 300);
  // A reload or a closed tab must not lose the last keystrokes that the delay above still holds.
  // Its save is the last: a link still being made when the page goes names no draft.
  let leaving = false;
  window.addEventListener('pagehide', () => {
    saveNow();
    leaving = true;
  });
  window.addEventListener('pageshow', () => {
    leaving = false;
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saveNow();
  });

  async function writeHash() {
    // The form is of the link before an arriving one: writing it would put the old form over the
    // new link, which would then never open (its hashchange would find the page's own hash).
    if (linkArriving()) return;
    const hash = await encodeHash(fields, model.state, model.customNetwork, viewLink.state);
    if (leaving || linkArriving()) return;
    if (hash !== window.location.hash) window.history.replaceState(window.history.state, '', hash);
    const wrote = lastWrittenHash !== window.location.hash;
    lastWrittenHash = window.location.hash;
    handledHash = lastWrittenHash;
    // The draft names the link it goes with (openHash tells a reload by it): a draft saved
    // while this hash was being made names the one before, which another tab may open.
    if (wrote) saveNow();
  }
  const writeHashSoon = debounce(writeHash, 150);

  /** Loads a whole configuration (a preset, a link, the saved draft) into the form. */
  function loadConfig(/** @type {Record<string, string>} */ fieldTexts, /** @type {string | undefined} */ customNetwork = undefined, why = 'kept before loading another configuration') {
    if (customNetwork !== undefined) keepReplaced(customNetwork, why);
    model.load(fieldTexts, customNetwork);
    writeForm();
    editorBox.set(model.customNetwork);
    if (!model.usesEditor) previousBuiltin = model.state.network;
    refreshNetwork();
    showProblems();
    checkSoon();
    markStale();
  }

  // ---- Network tab --------------------------------------------------------

  /** Redraws the list of saved networks (view-saved-networks.js), once it is built. */
  let refreshSaved = () => {};

  let networkToken = 0;

  /** Shows the chosen network's layers, or checks the editor's network. */
  async function refreshNetwork() {
    const token = ++networkToken;
    byId('custom-network').hidden = !model.usesEditor;
    if (model.usesEditor) loadCodeEditor();
    const { batch, word } = model.state;
    const text = model.usesEditor ? model.customNetwork : builtins.get(model.state.network);
    if (text === undefined) return clearLayers('Choose a network.');
    try {
      const layers = await tools.call('networkLayers', [text, batch, word]);
      if (token !== networkToken) return;
      if (model.usesEditor) setEditorError(null);
      let title = model.state.network;
      if (model.usesEditor) {
        try {
          const { name } = JSON.parse(text);
          title = typeof name === 'string' ? name : 'Your network';
        } catch {
          title = 'Your network';
        }
      }
      showLayers(layers, batch, title);
    } catch (err) {
      if (token !== networkToken || err instanceof CancelledError) return;
      const { message, path } = /** @type {Error & {path?: string}} */ (err);
      if (model.usesEditor && path !== undefined) {
        setEditorError({ message, path, where: locateError(text, { message, path }) });
        clearLayers('The network has an error (see the editor).');
      } else {
        clearLayers(`The layers cannot be listed: ${message}`);
      }
    }
    return undefined;
  }
  const refreshNetworkSoon = debounce(refreshNetwork, 300);

  function setEditorError(/** @type {import('./config-model.js').EditorError | null} */ error) {
    const changed = (model.editorError === null) !== (error === null);
    model.editorError = error;
    showEditorError(model.customNetwork, error);
    showProblems();
    if (changed) checkSoon();
  }

  /** Keeps the editor's text in the saved networks before `next` replaces it (nothing typed is lost). */
  function keepReplaced(/** @type {string} */ next, /** @type {string} */ why) {
    const before = editorBox.get();
    if (before.trim() === '' || before === next || [...builtins.values()].includes(before)) return;
    keepNetwork(before, why);
    refreshSaved();
  }

  /** Puts text into the editor, offering to undo if it replaced text of your own (also kept in the saved networks). */
  function setEditorText(/** @type {string} */ text, what = 'the text') {
    const before = editorBox.get();
    keepReplaced(text, `kept before ${what} replaced it`);
    editorBox.set(text);
    model.editNetwork(text);
    const undo = byId('network-editor-undo');
    undo.hidden = before.trim() === '' || before === text;
    if (!undo.hidden) {
      fill(undo, `Replaced your network with ${what}. `, h('button', {
        type: 'button',
        on: {
          click: () => {
            undo.hidden = true;
            setEditorText(before);
            configChanged();
            refreshNetwork();
          },
        },
      }, 'Undo'));
    }
  }

  /** Selects the editor's network as the one to run. */
  function useEditor() {
    if (!model.usesEditor) {
      model.edit('network', CUSTOM);
      writeForm();
    }
    configChanged();
    refreshNetwork();
  }

  function setUpNetworkTab() {
    input('network-editor').insertAdjacentElement('afterend', h('p', { id: 'network-editor-undo', class: 'note', hidden: true }));
    setUpNetworkEditor();
    onNetworkTyped((text) => {
      model.editNetwork(text);
      configChanged();
      refreshNetworkSoon();
    });
    // A file, a built-in copied, and other modules' texts (saved networks, imports) all come in here.
    handleSetNetworkText((text, what) => {
      setEditorText(text, what);
      useEditor();
    });
    showFormatHelp();
    prefetchCodeEditorOn(byId('fields-network'));
    input('network-file').addEventListener('change', async () => {
      const file = input('network-file').files?.[0];
      if (!file) return;
      setNetworkText(await file.text(), file.name);
      input('network-file').value = '';
    });
    fill(byId('network-template'), [...builtins.keys()].map((n) => h('option', { value: n }, n)));
    refreshSaved = createSavedNetworks(byId('saved-networks'), {
      editorText: () => editorBox.get(),
      openText: setNetworkText,
      status: setStatus,
    });
    byId('network-from-builtin').addEventListener('click', () => {
      const name = input('network-template').value;
      const text = builtins.get(name);
      if (text === undefined) return;
      setNetworkText(text, name);
    });
    setUpOnnxImport(setNetworkText);
  }

  // ---- Presets ------------------------------------------------------------

  function applyPreset(/** @type {import('./presets.js').Preset} */ preset) {
    const before = { ...model.draft };
    loadConfig(model.formatState(presetState(fields, preset)));
    configChanged();
    // Beside the presets, not in the sticky header: it concerns the form, and scrolls away with it.
    const box = byId('preset-notice');
    const quick = runsAtOnce(preset);
    const runIt = h('button', { type: 'button', on: { click: () => { run(); } } }, `Run ${preset.name} (about ${preset.seconds} s)`);
    // A preset replaces what was typed: offer the way back.
    fill(box, `Applied the preset ${preset.name}${quick ? '; its search runs at once.' : `. Its search takes about ${preset.seconds} s: `}`, quick ? null : runIt, ' ', h('button', {
      type: 'button',
      on: {
        click: () => {
          loadConfig(before);
          configChanged();
          box.hidden = true;
        },
      },
    }, 'Undo'), ' ', h('button', { type: 'button', on: { click: () => { box.hidden = true; } } }, 'Dismiss'));
    box.hidden = false;
    if (quick) run();
  }

  function setUpPresets() {
    fill(byId('presets'), PRESETS.map((preset) => h('li', {},
      h('button', {
        type: 'button',
        dataset: { preset: preset.id },
        'aria-describedby': `preset-${preset.id}-about`,
        on: { click: () => applyPreset(preset) },
      }, preset.name),
      h('span', { class: 'about', id: `preset-${preset.id}-about` }, preset.about,
        runsAtOnce(preset) ? '' : ` Its search takes about ${preset.seconds} s: it runs on a click.`))));
    byId('presets').insertAdjacentElement('afterend', h('p', { id: 'preset-notice', class: 'notice', role: 'status', hidden: true }));
  }

  // ---- Running ------------------------------------------------------------

  const controller = new RunController(searcher, (text) => validator.now(text));

  function setRunning(/** @type {boolean} */ running) {
    /** @type {HTMLButtonElement} */ (byId('cancel')).disabled = !running;
    byId('progress').hidden = !running;
    document.body.classList.toggle('running', running);
  }

  function showProgress(/** @type {import('./protocol.js').Progress} */ progress) {
    /** @type {HTMLProgressElement} */ (byId('progress')).value = progress.work;
    const s = model.state;
    const joules = costsInJoules({
      mac: s.op_cost ?? 0, levels: { ...(s.hier_cost ?? []) }, hop: s.hop_cost ?? 0, idle: s.unit_idle_cost ?? 0,
    });
    setStatus(progressText(progress, joules));
  }

  async function run() {
    showProblems();
    if (model.hasParseErrors || (model.usesEditor && model.editorError !== null)) {
      setStatus('Fix the configuration to run.');
      return;
    }
    let document;
    try {
      document = model.runDocument();
    } catch {
      // The editor's text is not JSON and its check has not come back yet.
      await refreshNetwork();
      setStatus('Fix the configuration to run.');
      return;
    }
    const networkText = model.usesEditor ? model.customNetwork : builtins.get(model.state.network) ?? null;
    setRunning(true);
    /** @type {HTMLProgressElement} */ (byId('progress')).value = 0;
    setStatus('Starting the search…');
    showWhyNone(null);
    const outcome = await controller.run({ document, networkText }, { onProgress: showProgress });
    if (outcome.status === 'superseded') return;
    setRunning(false);
    if (outcome.status === 'cancelled') {
      setStatus('Cancelled.');
    } else if (outcome.status === 'refused') {
      model.setProblems(outcome.problems);
      showProblems();
      const first = fields.find((f) => model.fieldMessages()[f.name]);
      if (first) openFieldTab(first.name);
      setStatus('Fix the configuration to run.');
    } else if (outcome.status === 'failed') {
      const {
        message, path, internal, details,
      } = outcome.error;
      model.setProblems([{ message, path: path ?? '' }]);
      showProblems();
      if (internal) {
        // A bug, not the run's fault: the message asks for a report; the
        // source line goes to the console, for the report.
        console.error(`nndf internal error details: ${details}`);
        setStatus('Internal error in the engine: please report it with this run.');
      } else {
        openFieldTab(path?.match(/^[^.[]*/)?.[0] ?? '');
        setStatus('The search did not run.');
      }
    } else {
      const { run: done } = outcome;
      const seconds = done.seconds.toFixed(2);
      if (done.result === null || done.resultText === null) {
        showResult(null);
        setStatus(`No valid dataflow found (${seconds} s).`);
        showWhyNone(done.diagnosis);
        return;
      }
      showResult({
        result: done.result,
        resultText: done.resultText,
        networkText: done.networkText,
        wordBits: done.document.word,
        documentText: done.documentText,
        title: `${done.result.net}, batch ${done.document.batch}`,
      });
      setStatus(`Done in ${seconds} s.`);
      showThreadsUsed(done.result.doc?.options?.nprocesses);
      // For measuring: the time from opening the page to a result.
      if (performance.getEntriesByName('nndf:first-result').length === 0) performance.mark('nndf:first-result', { detail: { elapsed: done.elapsed } });
    }
  }

  function cancel() {
    if (controller.running) controller.cancel();
  }

  // ---- Why no dataflow ----------------------------------------------------

  const labelOf = (/** @type {string} */ name) => model.field(name)?.schema.label ?? name;

  /** Shows the engine's diagnosis of a run without a dataflow (null: hides it). */
  function showWhyNone(/** @type {import('./protocol.js').Diagnosis | null} */ diagnosis) {
    showDiagnosis(byId('diagnosis'), diagnosis, labelOf, applyChange);
  }

  /** Sets the fields of the engine's suggested change, as if typed, and runs. */
  function applyChange(/** @type {import('./protocol.js').FieldChange[]} */ change) {
    for (const c of change) {
      const f = model.field(c.field);
      if (f) model.edit(c.field, f.kind.format(c.to));
    }
    writeForm();
    configChanged();
    run();
  }

  // ---- Results ------------------------------------------------------------

  let selectResultTab = (/** @type {string} */ _id) => {};
  const updateLayerTable = createLayerTable((name) => openDetail(name));
  const detailSelect = /** @type {HTMLSelectElement} */ (byId('detail-layer'));
  /** What is on screen, in the link (view-link.js). */
  const viewLink = createViewLink({
    fields,
    configHash: () => encodeHash(fields, model.state, model.customNetwork),
    engineText,
    shown: () => shown,
    selectResultTab: (id) => selectResultTab(id),
    detailSelect,
    writeHashSoon: () => writeHashSoon(),
    notice: (text) => notice(text),
  });

  function showResult(/** @type {View | null} */ view) {
    shown = view;
    compare.update();
    /** @type {HTMLButtonElement} */ (byId('export-json')).disabled = view === null;
    /** @type {HTMLButtonElement} */ (byId('export-csv')).disabled = view === null;
    document.body.classList.toggle('has-result', view !== null);
    if (view === null) {
      fill(byId('result-source'), 'No valid dataflow found for this configuration.');
      for (const id of ['summary', 'detail-layer', 'detail-body']) fill(byId(id));
      drawWhenShown(byId('panel-energy'), () => {
        for (const id of ['energy-legend', 'energy-network-chart', 'energy-layer-chart', 'energy-table']) fill(byId(id));
      });
      drawWhenShown(byId('panel-layers'), () => {
        for (const id of ['segments', 'layer-table']) fill(byId(id));
      });
      return;
    }
    fill(byId('result-source'), view.title);
    showSummary(view.result, view.wordBits);
    // The layer types tell MACs from other ops; the summary is redrawn when they are known.
    explainer.layerShapes(view).then((shapes) => {
      const other = nonMacOps(view.result, shapes);
      if (shown === view && other > 0) showSummary(view.result, view.wordBits, other);
    }, () => {});
    // The panels are drawn as they come on view: the first result shows sooner.
    drawWhenShown(byId('panel-energy'), () => showEnergy(view.result, (name) => openDetail(name)));
    drawWhenShown(byId('panel-layers'), () => {
      showSegments(view.result, (name) => openDetail(name));
      updateLayerTable(view.result);
    });
    const names = view.result.layers.map((l) => l.name);
    const wanted = viewLink.layerFor(names, view.result.net) ?? detailSelect.value;
    const keep = names.includes(wanted) ? wanted : names[0];
    fill(detailSelect, names.map((n) => h('option', { value: n }, n)));
    detailSelect.value = keep;
    renderDetail().then((drawn) => viewLink.detailDrawn(drawn, keep));
    viewLink.resultShown(view);
    // A result that arrives after the form changed is of the run document that made it, not of the form.
    markStale();
  }

  /** Draws the chosen layer's detail; true once it is on screen. */
  async function renderDetail() {
    const view = shown;
    const name = detailSelect.value;
    if (!view || !name) return false;
    const detail = await explainer.detail(view, name);
    if (view !== shown || detailSelect.value !== name) return false;
    const { networkText, resultText } = view;
    showDetail(detail, networkText === null ? null
      : (n, seconds) => tools.call('alternatives', [networkText, resultText, name, n, seconds]));
    return true;
  }

  function openDetail(/** @type {string} */ name) {
    viewLink.changed({ layer: name, node: null });
    detailSelect.value = name;
    selectResultTab('panel-detail');
    renderDetail();
    byId('tab-detail').focus();
  }

  /** Marks the result on view when the configuration differs from the run document that produced it. */
  function markStale() {
    compare.update();
    if (!shown || shown.documentText === null) return;
    const source = byId('result-source');
    const stale = isStale();
    const mark = source.querySelector('.stale');
    if (stale && !mark) {
      source.append(h('span', { class: 'stale' },
        ' — the form has changed since this result (the link and Run use the form); ',
        h('button', { type: 'button', on: { click: restoreShown } }, 'Restore this result\'s configuration'),
        ' or Run to update.'));
    } else if (!stale) {
      mark?.remove();
    }
  }

  /** Whether the result on screen is of another configuration than the form's. */
  const isStale = () => shown !== null && shown.documentText !== null && engineText() !== shown.documentText;

  /** Loads a run document into the form, with an Undo notice that says `what` was loaded. */
  function loadDocument(/** @type {Record<string, any>} */ doc, /** @type {string} */ what) {
    const before = { ...model.draft };
    const beforeNetwork = model.customNetwork;
    const { texts, customNetwork } = documentTexts(fields, doc, CUSTOM);
    loadConfig(texts, customNetwork ?? undefined, `kept before ${what} replaced it`);
    configChanged();
    notice(`Loaded ${what} into the form. `, h('button', {
      type: 'button',
      on: {
        click: () => {
          loadConfig(before, beforeNetwork);
          configChanged();
          byId('notice').hidden = true;
        },
      },
    }, 'Undo'));
  }

  /** Puts the configuration of the result on screen back into the form. */
  function restoreShown() {
    if (shown?.documentText) loadDocument(JSON.parse(shown.documentText), 'the configuration of the result on screen');
  }

  // ---- Compare (view-compare.js) ------------------------------------------

  /**
   * The Compare tab: A pinned, B the result on screen. `compare.pinAsA(view)`
   * pins any result with what it is of (a run, a sweep point, a file).
   */
  const compare = createCompare({
    fields,
    shown: () => shown,
    engineText,
    linkChanged: (packed) => viewLink.changed({ compare: packed }),
    showAsB: (a) => {
      if (a.documentText !== null) {
        const { texts, customNetwork } = documentTexts(fields, JSON.parse(a.documentText), CUSTOM);
        loadConfig(texts, customNetwork ?? undefined);
        configChanged();
      }
      showResult(a);
    },
    openDetail: (name) => openDetail(name),
  });

  /** Runs a link's A; its result, or null (with a notice) when it has none. */
  async function runA(/** @type {Record<string, any>} */ document) {
    const networkText = typeof document.network === 'string' ? builtins.get(document.network) ?? null : JSON.stringify(document.network);
    setRunning(true);
    setStatus('Running the configuration A of the link…');
    const outcome = await controller.run({ document, networkText }, { onProgress: showProgress });
    if (outcome.status !== 'superseded') setRunning(false);
    if (outcome.status === 'done' && outcome.run.result !== null && outcome.run.resultText !== null) {
      const { run: a } = outcome;
      return {
        result: a.result, resultText: a.resultText, networkText: a.networkText, wordBits: a.document.word, documentText: a.documentText, title: `${a.result.net}, batch ${a.document.batch}`,
      };
    }
    let why = 'it has no valid dataflow';
    if (outcome.status === 'refused') why = `the engine refuses it (${outcome.problems.map((p) => `${p.path}: ${p.message}`).join('; ')})`;
    else if (outcome.status === 'failed') why = `its run failed (${outcome.error.message})`;
    else if (outcome.status === 'cancelled') why = 'its run was cancelled';
    else if (outcome.status === 'superseded') why = 'a newer run replaced its run';
    viewLink.addNotice(`The link's configuration A to compare with (compare=) cannot be used: ${why}. Dropped it; nothing is pinned.`);
    viewLink.changed({ compare: compare.packed });
    return null;
  }

  /** A link's A (compare=): checked, run and pinned; a damaged one is dropped with a notice. A link without one keeps the pinned A. */
  async function openCompareLink() {
    const text = viewLink.state.compare;
    if (text === null) {
      // Keeps the pinned A in the link, and drops an unusable compare= text (its notice is the view's).
      const inLink = new URLSearchParams(window.location.hash.slice(1)).has('compare');
      if (compare.packed !== null || inLink) viewLink.changed({ compare: compare.packed });
      return;
    }
    try {
      await compare.open(await unpackDocument(text, fields, schema.documentFormat), runA);
    } catch (err) {
      if (!(err instanceof CompareLinkError)) throw err;
      viewLink.addNotice(`The link's configuration A to compare with (compare=) cannot be used: ${err.message}. Dropped it; nothing is pinned.`);
      viewLink.changed({ compare: compare.packed });
    }
  }

  function setUpResults() {
    detailSelect.addEventListener('change', renderDetail);
    // File names say what a file is of: the result's run document (else the result's own fields).
    const named = (/** @type {View} */ view) => (view.documentText !== null ? namedDocument(JSON.parse(view.documentText), presetOf) : namedResult(view.result));
    byId('export-json').addEventListener('click', () => {
      if (shown) download(fileName(named(shown), 'result', 'json'), resultFileText(shown.resultText, shown.documentText), 'application/json');
    });
    byId('export-csv').addEventListener('click', () => {
      if (shown) download(fileName(named(shown), 'layers', 'csv'), layersCsv(shown.result), 'text/csv');
    });
    byId('save-run').addEventListener('click', () => {
      const text = model.runDocumentText();
      if (text) download(fileName(namedDocument(JSON.parse(text), presetOf), 'run', 'json'), `${text}\n`, 'application/json');
    });
    input('result-file').addEventListener('change', async () => {
      const file = input('result-file').files?.[0];
      input('result-file').value = '';
      if (!file) return;
      const text = await file.text();
      try {
        const opened = readOpenedFile(text);
        controller.cancel('a file was opened');  // A file opened during a run wins over the run.
        if (opened.kind === 'run') {
          loadDocument(opened.document, `the run document ${file.name}`);
          run();
          return;
        }
        const { result, document: runDocument } = opened;
        if (runDocument !== null) loadDocument(runDocument, `the configuration of ${file.name}`);
        const network = runDocument?.network;
        showResult({
          result,
          resultText: text,
          networkText: network !== null && typeof network === 'object' ? JSON.stringify(network) : builtins.get(result.net) ?? null,
          wordBits: runDocument?.word ?? null,
          documentText: runDocument === null ? null : JSON.stringify(runDocument),
          title: `Opened ${file.name}: ${result.net}, batch ${result.batch}${runDocument === null ? ' (the file does not record its run document, as the CLI\'s do not: the form is unchanged)' : ''}`,
        });
        setStatus(`Opened ${file.name}.`);
      } catch (err) {
        const box = byId('error');
        box.hidden = false;
        box.textContent = `The file ${file.name} cannot be shown: ${/** @type {Error} */ (err).message}`;
      }
    });
  }

  // ---- Sharing ------------------------------------------------------------

  /** What a copied link opens: always the form's configuration, which may not be the result's. */
  const linkSays = (/** @type {string} */ start) => `${start}: it opens the form's configuration${isStale() ? ', not the result on screen (restore that one or Run first)' : ''}.`;

  async function copyLink() {
    await writeHash();
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      setStatus(linkSays('Link copied'));
    } catch {
      setStatus(linkSays('The link'));
      // No clipboard permission: show the link to copy by hand.
      const field = /** @type {HTMLInputElement} */ (h('input', {
        type: 'text', readonly: true, value: url, 'aria-label': 'Link to this configuration',
      }));
      notice(h('span', {}, 'Copy this link: '), field);
      field.select();
    }
  }

  /**
   * Opens the configuration in the hash: a link's, else the saved draft's (a
   * damaged or newer link gets a notice and stays in the address bar).
   */
  async function openHash(/** @type {import('./storage.js').Draft | null} */ saved) {
    const link = await decodeHash(window.location.hash, fields, presetState(fields, OPENING));
    handledHash = window.location.hash;
    if (link.status === 'ok' && saved !== null && saved.hash === window.location.hash) {
      // The page reopened on its own link (a reload): the draft holds the last
      // keystrokes, which the link, written a moment after them, may lack.
      const problems = viewLink.open(window.location.hash);
      loadConfig(saved.fields, saved.customNetwork);
      if (problems.length > 0) notice(`Parts of this link could not be used: ${problems.join('; ')}.`);
      await writeHash();
      return;
    }
    if (link.status === 'ok') {
      link.problems.push(...viewLink.open(window.location.hash));
      loadConfig(model.formatState(link.state), saved?.customNetwork ?? model.customNetwork);
      // The link's network replaces the editor's text, which stays one Undo away.
      if (link.customNetwork !== null) {
        setEditorText(link.customNetwork, 'the network of the link');
        refreshNetwork();
        checkSoon();
      }
      if (link.problems.length > 0) notice(`Parts of this link could not be used: ${link.problems.join('; ')}.`);
      // A link of an older version is written anew in the current one, so that copying it passes on the current form.
      if (link.version === URL_SCHEMA_VERSION) lastWrittenHash = window.location.hash;
      else await writeHash();
      saveSoon();
      return;
    }
    if (saved) loadConfig(saved.fields, saved.customNetwork);
    else loadConfig({}, '');
    if (link.status === 'empty') {
      // A link of the view alone shows it over the last configuration.
      const problems = viewLink.open(window.location.hash);
      if (problems.length > 0) notice(`Parts of this link could not be used: ${problems.join('; ')}.`);
      await writeHash();
    } else {
      const what = saved ? 'your last configuration' : 'the default configuration';
      notice(`This link cannot be opened: ${link.problems.join('; ')}. Showing ${what} instead; edit anything to replace the link.`);
    }
  }

  // ---- Sweep --------------------------------------------------------------

  // `?sweepWorkers=N` sets the pool's size (scripts/bench-page-sweep.mjs compares 1 and 2);
  // `?sweepKeptBytes=N` the bytes of results kept (a test lets them go at once).
  const query = new URLSearchParams(window.location.search);
  const sweepWorkers = Number(query.get('sweepWorkers')) || navigator.hardwareConcurrency;
  const keptBytes = Number(query.get('sweepKeptBytes') ?? Number.NaN);
  const sweep = createSweepView(byId('sweep'), {
    fields,
    call: (fn, args) => tools.call(fn, args),
    pool: new SweepPool(sweepClient, poolSize(sweepWorkers)),
    keptBytes: keptBytes >= 0 ? keptBytes : undefined,
    baseDocument: () => {
      try {
        return model.hasParseErrors ? null : model.runDocument();
      } catch {
        return null;
      }
    },
    notice: (text) => notice(text),
    linkChanged: (text) => viewLink.changed({ sweep: text }),
    openPoint: async (point, kept, values) => {
      const view = await pointView(point, kept, values);
      if (!view) return;
      showResult(view);
      selectResultTab('panel-energy');
      byId('tab-energy').focus();
    },
    pinPoint: async (point, kept, values) => {
      const view = await pointView(point, kept, values);
      if (!view) return;
      compare.pinAsA(view);
      setStatus(`Sweep point ${point.index} pinned as A: run or open another result to compare (the Compare tab).`);
    },
  });

  /** A sweep point's result as a view (searched again if the sweep no longer keeps it), or null. */
  async function pointView(/** @type {import('./sweep-pool.js').SweepPoint} */ point, /** @type {string | null} */ kept, /** @type {string} */ values) {
    const doc = point.run;
    const net = doc.network;
    let resultText = kept;
    if (resultText === null) {
      // A result the sweep no longer keeps: searched again, on the search worker.
      setStatus(`Searching sweep point ${point.index} again…`);
      try {
        ({ resultText } = await searcher.search(JSON.stringify(doc)));
      } catch (err) {
        setStatus(`Sweep point ${point.index} could not be opened: ${/** @type {Error} */ (err).message}`);
        return null;
      }
      if (resultText === null) return null;
      setStatus(`Sweep point ${point.index} searched again.`);
    }
    return {
      result: readResultText(resultText),
      resultText,
      networkText: typeof net === 'string' ? builtins.get(net) ?? null : JSON.stringify(net),
      wordBits: doc.word ?? null,
      documentText: JSON.stringify(doc),
      title: `Sweep point ${point.index}: ${values}`,
    };
  }
  /** Puts the link's sweep in the Sweep tab, with a notice of what in it cannot be used. */
  const openSweepOfLink = () => {
    const problems = sweep.open(viewLink.state.sweep);
    if (problems.length > 0) viewLink.addNotice(`Parts of this link could not be used: ${problems.join('; ')}.`);
  };

  // ---- Start --------------------------------------------------------------

  /** An Esc that closed something in the network editor (its completions, its search) was for that, not for the run. */
  const closedInEditor = (/** @type {KeyboardEvent} */ event) => event.defaultPrevented
    && event.target instanceof Element && event.target.closest('#network-code-editor') !== null;

  function setUpKeys() {
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        run();
      } else if (event.key === 'Escape' && controller.running && !closedInEditor(event)) {
        event.preventDefault();
        cancel();
      }
    });
    byId('run').addEventListener('click', run);
    byId('cancel').addEventListener('click', cancel);
    byId('copy-link').addEventListener('click', copyLink);
    window.addEventListener('hashchange', async () => {
      if (window.location.hash === lastWrittenHash) {
        // Back to the link of the form (from a damaged one, say): nothing to open, and nothing arriving.
        handledHash = window.location.hash;
        return;
      }
      await openHash(loadDraft());
      await openCompareLink();
      openSweepOfLink();
      run();
    });
  }

  setUpNetworkTab();
  setUpPresets();
  setUpResults();
  setUpKeys();
  watchScrollBoxes(document);
  setupResultJump(byId('to-results'), byId('results'), byId('results-title'));
  selectConfigTab = setupTabs(byId('config-tabs'));
  selectResultTab = setupTabs(byId('result-tabs'), (panelId) => viewLink.changed({ view: (panelId ?? '').replace(/^panel-/, '') }));
  await viewLink.setUp();
  // Opening a link (or the page again) shows its result: run at once.
  await openHash(loadDraft());
  openSweepOfLink();
  viewLink.ready();
  await openCompareLink();
  const firstRun = run();
  tools.call('version').then((v) => { byId('version').textContent = `nndf ${v}`; }, () => {});
  return { firstRun };
}
