// The page: wires the configuration form, the engine workers and the result
// views together. The configuration lives in ConfigModel, mirrored into the
// URL hash (url-codec.js) and localStorage (storage.js).
import { searcher, tools } from './boot.js';
import { ConfigModel } from './config-model.js';
import { byId, debounce, fill, h } from './dom.js';
import { CancelledError } from './engine.js';
import {
  BUILTIN_NETWORKS, CUSTOM, FIELD, FIELDS, formatState,
} from './fields.js';
import { download, layersCsv, readResultText, resultJsonText } from './export.js';
import { locateError } from './json-locate.js';
import { PRESETS, presetState } from './presets.js';
import { loadDraft, saveDraft } from './storage.js';
import { setupTabs } from './tabs.js';
import { decodeHash, encodeHash } from './url-codec.js';
import { buildFieldGroup } from './view-form.js';
import { clearLayers, showEditorError, showLayers } from './view-network.js';
import { showDetail } from './view-detail.js';
import { showEnergy } from './view-energy.js';
import { createLayerTable } from './view-layers.js';
import { showSegments } from './view-segments.js';
import { showSummary } from './view-summary.js';

const model = new ConfigModel();
let builtins = null;                  // Map of built-in network name -> JSON text.
let shown = null;                     // The result on view: {result, text, wordBits, title, networkText}.
let runToken = 0;                     // Only the newest run may touch the page.

// ---- Form -----------------------------------------------------------------

const groups = ['network', 'hardware', 'cost', 'options'].map((group) => buildFieldGroup(
  byId(`fields-${group}`), FIELDS.filter((f) => f.group === group), (key, text) => edited(key, text)));
const writeForm = () => groups.forEach((g) => g.write(model.draft));

function showProblems() {
  const messages = model.fieldMessages();
  groups.forEach((g) => g.showErrors(messages));
  const problem = model.firstProblem();
  const box = byId('error');
  box.hidden = problem === null;
  box.textContent = problem ?? '';
  byId('run-json').textContent = runDocumentText() ?? '(the configuration has errors)';
}

function runDocumentText() {
  try {
    return JSON.stringify(model.runDocument(), null, 2);
  } catch {
    return null;
  }
}

let previousBuiltin = model.state.net;

function edited(key, text) {
  model.edit(key, text);
  if (key === 'net' && model.usesEditor && model.customNetwork.trim() === '' && builtins) {
    setEditorText(builtins.get(previousBuiltin) ?? '');
  }
  if (key === 'net' && !model.usesEditor) previousBuiltin = model.state.net;
  configChanged();
  if (['net', 'batch', 'word'].includes(key)) refreshNetwork();
}

/** After any change: save, update the link, re-check, and mark an older result. */
function configChanged() {
  saveSoon();
  writeHashSoon();
  showProblems();
  markStale();
}

const saveSoon = debounce(() => saveDraft(model.draft, model.customNetwork), 300);

async function writeHash() {
  const hash = await encodeHash(model.state, model.customNetwork);
  if (hash !== window.location.hash) window.history.replaceState(window.history.state, '', hash);
  lastWrittenHash = window.location.hash;
}
let lastWrittenHash = null;
const writeHashSoon = debounce(writeHash, 150);

/** Loads a whole configuration (a preset, a link, the saved draft) into the form. */
function loadConfig(fieldTexts, customNetwork) {
  model.load(fieldTexts, customNetwork);
  writeForm();
  byId('network-editor').value = model.customNetwork;
  if (!model.usesEditor) previousBuiltin = model.state.net;
  refreshNetwork();
  showProblems();
  markStale();
}

// ---- Network tab ----------------------------------------------------------

let networkToken = 0;

/** Shows the chosen network's layers, or checks the editor's network. */
async function refreshNetwork() {
  const token = ++networkToken;
  byId('custom-network').hidden = !model.usesEditor;
  const { batch, word } = model.state;
  const text = model.usesEditor ? model.customNetwork : builtins?.get(model.state.net);
  if (text === undefined) return clearLayers('Loading the networks…');
  try {
    const layers = await tools.call('networkLayers', text, batch, word);
    if (token !== networkToken) return;
    if (model.usesEditor) setEditorError(null);
    let title = model.state.net;
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
    if (model.usesEditor && err.path !== undefined) {
      setEditorError({ message: err.message, path: err.path, where: locateError(text, err) });
      clearLayers('The network has an error (see the editor).');
    } else {
      clearLayers(`The layers cannot be listed: ${err.message}`);
    }
  }
}
const refreshNetworkSoon = debounce(refreshNetwork, 300);

function setEditorError(error) {
  model.editorError = error;
  showEditorError(model.customNetwork, error);
  showProblems();
}

/** Puts text into the editor, offering to undo if it replaced text of your own. */
function setEditorText(text, what = 'the text') {
  const editor = byId('network-editor');
  const before = editor.value;
  editor.value = text;
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

function setUpNetworkTab() {
  const editor = byId('network-editor');
  editor.insertAdjacentElement('afterend', h('p', { id: 'network-editor-undo', class: 'note', hidden: true }));
  editor.addEventListener('input', () => {
    model.editNetwork(editor.value);
    configChanged();
    refreshNetworkSoon();
  });
  byId('network-file').addEventListener('change', async (event) => {
    const [file] = event.target.files;
    if (!file) return;
    setEditorText(await file.text(), file.name);
    event.target.value = '';
    useEditor();
  });
  byId('network-from-builtin').addEventListener('click', () => {
    const name = byId('network-template').value;
    if (!builtins?.has(name)) return;
    setEditorText(builtins.get(name), name);
    useEditor();
  });
}

/** Selects the editor's network as the one to run. */
function useEditor() {
  if (!model.usesEditor) {
    model.edit('net', CUSTOM);
    writeForm();
  }
  configChanged();
  refreshNetwork();
}

// ---- Presets --------------------------------------------------------------

function applyPreset(preset) {
  const before = { ...model.draft };
  loadConfig(formatState(presetState(preset)));
  configChanged();
  // A preset replaces what was typed: offer the way back.
  notice(`Applied the preset ${preset.name}. `, h('button', {
    type: 'button',
    on: {
      click: () => {
        loadConfig(before);
        configChanged();
        byId('notice').hidden = true;
      },
    },
  }, 'Undo'));
}

function setUpPresets() {
  fill(byId('presets'), PRESETS.map((preset) => h('li', {},
    h('button', {
      type: 'button',
      dataset: { preset: preset.id },
      'aria-describedby': `preset-${preset.id}-about`,
      on: { click: () => applyPreset(preset) },
    }, preset.name),
    h('span', { class: 'about', id: `preset-${preset.id}-about` }, preset.about))));
}

// ---- Running --------------------------------------------------------------

const setStatus = (text) => {
  byId('progress-label').textContent = text;
};

function setRunning(running) {
  byId('cancel').disabled = !running;
  byId('progress').hidden = !running;
  document.body.classList.toggle('running', running);
}

function showProgress({ layerIndex, layerCount, layerName, fraction }) {
  const done = (layerIndex - 1 + fraction) / layerCount;
  byId('progress').value = done;
  setStatus(`Layer ${layerIndex} of ${layerCount}: ${layerName} — ${Math.floor(done * 100)}% done`);
}

async function run() {
  showProblems();
  if (model.blocked) {
    setStatus('Fix the configuration to run.');
    return;
  }
  let runText;
  try {
    runText = JSON.stringify(model.runDocument());
  } catch {
    // The editor's text is not JSON and its check has not come back yet.
    await refreshNetwork();
    setStatus('Fix the configuration to run.');
    return;
  }
  const networkText = model.usesEditor ? model.customNetwork : builtins?.get(model.state.net) ?? null;
  const { batch, word } = model.state;
  const token = ++runToken;
  setRunning(true);
  byId('progress').value = 0;
  setStatus('Starting the search…');
  const started = performance.now();
  try {
    const { result, text } = await searcher.search(runText, (p) => token === runToken && showProgress(p));
    if (token !== runToken) return;
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    showProblems();
    if (result === null) {
      showResult(null);
      setStatus(`No valid dataflow found (${seconds} s).`);
      return;
    }
    showResult({
      result, text, wordBits: word, networkText, title: `${result.net}, batch ${batch}`,
    });
    setStatus(`Done in ${seconds} s.`);
    // For measuring: the time from opening the page to a result.
    if (performance.getEntriesByName('nndf:first-result').length === 0) performance.mark('nndf:first-result');
  } catch (err) {
    if (token !== runToken) return;
    if (err instanceof CancelledError) {
      setStatus('Cancelled.');
      return;
    }
    const key = model.setEngineError(err.message, err.path ?? '');
    showProblems();
    if (key) openFieldTab(key);
    setStatus('The search did not run.');
  } finally {
    if (token === runToken) setRunning(false);
  }
}

function cancel() {
  if (!searcher.searching) return;
  runToken += 1;
  searcher.cancel('cancelled');
  setRunning(false);
  setStatus('Cancelled.');
}

let selectConfigTab = () => {};
function openFieldTab(key) {
  selectConfigTab(`panel-${FIELD[key].group}`);
}

// ---- Results --------------------------------------------------------------

let selectResultTab = () => {};
const updateLayerTable = createLayerTable((name) => openDetail(name));

function showResult(view) {
  shown = view;
  byId('export-json').disabled = view === null;
  byId('export-csv').disabled = view === null;
  document.body.classList.toggle('has-result', view !== null);
  if (view === null) {
    fill(byId('result-source'), 'No valid dataflow found for this configuration.');
    for (const id of ['summary', 'energy-legend', 'energy-network-chart', 'energy-layer-chart', 'energy-table',
      'segments', 'layer-table', 'detail-layer', 'detail-body']) fill(byId(id));
    return;
  }
  fill(byId('result-source'), view.title);
  showSummary(view.result, view.wordBits);
  showEnergy(view.result, (name) => openDetail(name));
  showSegments(view.result, (name) => openDetail(name));
  updateLayerTable(view.result);
  const names = Object.keys(view.result.schedules);
  const select = byId('detail-layer');
  const keep = names.includes(select.value) ? select.value : names[0];
  fill(select, names.map((n) => h('option', { value: n }, n)));
  select.value = keep;
  view.shapes = null;
  renderDetail();
}

/** The layer shapes of the result on view (for the mapping picture), fetched once. */
async function shapesOf(view) {
  if (view.shapes !== null) return view.shapes;
  let text = view.networkText;
  if (!text && builtins?.has(view.result.net)) text = builtins.get(view.result.net);
  view.shapes = new Map();
  if (text) {
    try {
      const layers = await tools.call('networkLayers', text, view.result.batch, view.wordBits ?? 16);
      view.shapes = new Map(layers.map((l) => [l.name, l]));
    } catch {
      // The mapping is then left out, with a note.
    }
  }
  return view.shapes;
}

async function renderDetail() {
  const view = shown;
  const name = byId('detail-layer').value;
  if (!view || !name) return;
  const shapes = await shapesOf(view);
  if (view !== shown || byId('detail-layer').value !== name) return;
  showDetail(view.result, name, shapes);
}

function openDetail(name) {
  byId('detail-layer').value = name;
  selectResultTab('panel-detail');
  renderDetail();
  byId('tab-detail').focus();
}

function markStale() {
  if (!shown || shown.fromFile) return;
  const source = byId('result-source');
  if (!source.querySelector('.stale')) {
    source.append(h('span', { class: 'stale' }, ' — the configuration has changed since this result; Run to update.'));
  }
}

function setUpResults() {
  byId('detail-layer').addEventListener('change', renderDetail);
  // File names from the network's name, which may be anything.
  const baseName = () => `${String(shown.result.net).replace(/[^\w.-]+/g, '_').slice(0, 60)}_b${shown.result.batch}`;
  byId('export-json').addEventListener('click', () => {
    if (shown) download(`${baseName()}.json`, resultJsonText(shown.text), 'application/json');
  });
  byId('export-csv').addEventListener('click', () => {
    if (shown) download(`${baseName()}_layers.csv`, layersCsv(shown.result), 'text/csv');
  });
  byId('save-run').addEventListener('click', () => {
    const text = runDocumentText();
    if (text) download('run.json', `${text}\n`, 'application/json');
  });
  byId('result-file').addEventListener('change', async (event) => {
    const [file] = event.target.files;
    event.target.value = '';
    if (!file) return;
    const text = await file.text();
    try {
      const result = readResultText(text);
      runToken += 1;  // A file opened during a run wins over the run.
      showResult({
        result, text, wordBits: null, networkText: null, fromFile: true, title: `Opened ${file.name}: ${result.net}, batch ${result.batch}`,
      });
      setStatus(`Opened ${file.name}.`);
    } catch (err) {
      const box = byId('error');
      box.hidden = false;
      box.textContent = `The file ${file.name} cannot be shown: ${err.message}`;
    }
  });
}

// ---- Sharing --------------------------------------------------------------

async function copyLink() {
  await writeHash();
  const url = window.location.href;
  try {
    await navigator.clipboard.writeText(url);
    setStatus('Link copied.');
  } catch {
    // No clipboard permission: show the link to copy by hand.
    const input = h('input', { type: 'text', readonly: true, value: url, 'aria-label': 'Link to this configuration' });
    notice(h('span', {}, 'Copy this link: '), input);
    input.select();
  }
}

function notice(...children) {
  const box = byId('notice');
  fill(box, ...children, ' ', h('button', { type: 'button', on: { click: () => { box.hidden = true; } } }, 'Dismiss'));
  box.hidden = false;
}

/**
 * Opens the configuration in the hash: a link's, else the saved draft's (a
 * damaged or newer link gets a notice and stays in the address bar).
 */
async function openHash(saved) {
  const link = await decodeHash(window.location.hash);
  if (link.status === 'ok') {
    loadConfig(formatState(link.state), saved?.customNetwork ?? model.customNetwork);
    // The link's network replaces the editor's text, which stays one Undo away.
    if (link.customNetwork !== null) {
      setEditorText(link.customNetwork, 'the network of the link');
      refreshNetwork();
    }
    if (link.problems.length > 0) notice(`Parts of this link could not be used: ${link.problems.join('; ')}.`);
    lastWrittenHash = window.location.hash;
    saveSoon();
    return;
  }
  if (saved) loadConfig(saved.fields, saved.customNetwork);
  else loadConfig({}, '');
  if (link.status === 'empty') {
    await writeHash();
  } else {
    const what = saved ? 'your last configuration' : 'the default configuration';
    notice(`This link cannot be opened: ${link.problems.join('; ')}. Showing ${what} instead; edit anything to replace the link.`);
  }
}

// ---- Start ----------------------------------------------------------------

function setUpKeys() {
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    } else if (event.key === 'Escape' && searcher.searching) {
      event.preventDefault();
      cancel();
    }
  });
  byId('run').addEventListener('click', run);
  byId('cancel').addEventListener('click', cancel);
  byId('copy-link').addEventListener('click', copyLink);
  window.addEventListener('hashchange', async () => {
    if (window.location.hash === lastWrittenHash) return;
    await openHash(loadDraft());
    run();
  });
}

async function loadNetworks() {
  const list = await tools.call('builtinNetworks');
  builtins = new Map(list.map(({ name, json }) => [name, json]));
  fill(byId('network-template'), BUILTIN_NETWORKS.filter((n) => builtins.has(n)).map((n) => h('option', { value: n }, n)));
  if (model.usesEditor && model.customNetwork.trim() === '') setEditorText(builtins.get('alex_net'));
  refreshNetwork();
  if (shown) renderDetail();
}

async function main() {
  setUpNetworkTab();
  setUpPresets();
  setUpResults();
  setUpKeys();
  selectConfigTab = setupTabs(byId('config-tabs'));
  selectResultTab = setupTabs(byId('result-tabs'));
  // Opening a link (or the page again) shows its result: run at once.
  await openHash(loadDraft());
  if (model.blocked) setStatus('Fix the configuration to run.');
  else run();
  tools.call('version').then((v) => { byId('version').textContent = `nndf ${v}`; }, () => {});
  await loadNetworks();
}

main().catch((err) => {
  setStatus(`The page could not start: ${err.message}`);
  console.error(err);
});
