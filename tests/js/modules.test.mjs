// The shape of the page's code: its static import graph has no cycle, and
// only the result model reads the result document's and the explanation's
// raw structure (their positional arrays and reference names); the views
// read the named fields it gives them.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { test } from 'node:test';

import { findCycle, importsOf, moduleGraph } from '../../scripts/module-graph.mjs';
import { repoPath } from './support.mjs';

const WEB = repoPath('web');
const modules = (await readdir(WEB)).filter((f) => f.endsWith('.js'));

test('the import graph of every page module has no cycle', async () => {
  /** @type {Map<string, string[]>} */
  const graph = new Map();
  for (const m of modules) graph.set(m, importsOf(await readFile(`${WEB}/${m}`, 'utf8')));
  assert.equal(findCycle(graph), null);
  // The page's entry reaches every module but the workers' own (the engine
  // worker's and the isolation service worker's).
  const reached = [...(await moduleGraph(WEB, 'boot.js')).keys()];
  const dynamic = [...(await moduleGraph(WEB, 'main.js')).keys(), ...(await moduleGraph(WEB, 'onnx-import.js')).keys()];
  const workers = [...(await moduleGraph(WEB, 'worker.js')).keys(), ...(await moduleGraph(WEB, 'service-worker.js')).keys()];
  // The code editor, imported (network-editor.js) when the network editor is first shown.
  const editor = [...(await moduleGraph(WEB, 'code-editor.js')).keys()];
  const all = new Set([...reached, ...dynamic, ...workers, ...editor]);
  assert.deepEqual(modules.filter((m) => !all.has(m)), []);
});

test('the cycle finder finds a cycle, and the import reader reads every form of import', () => {
  assert.deepEqual(findCycle(new Map([['a.js', ['b.js']], ['b.js', ['c.js']], ['c.js', ['a.js']]])), ['a.js', 'b.js', 'c.js', 'a.js']);
  assert.equal(findCycle(new Map([['a.js', ['b.js', 'c.js']], ['b.js', ['c.js']], ['c.js', []]])), null);
  assert.deepEqual(importsOf("import { a } from './a.js';\nimport {\n  b,\n} from './b.js';\nexport { c } from './c.js';\n// import x from './no.js'"),
    ['a.js', 'b.js', 'c.js']);
});

// Names only the reader of the result document and the explanation may use:
// the document's own keys and its positional shapes.
const RAW = [
  ...['schedules', 'tvals', 'orders', 'part', 'mem_hier', 'resource', 'proc_region', 'dram_region', 'dim_array', 'total_accesses',
    'sched_seq', 'num_nodes', 'region_nodes', 'memory_nodes', 'node_part', 'total_nhops', 'mem_nhops', 'cost_op', 'pidx']
    .map((key) => new RegExp(`(\\.${key}\\b|\\['${key}'\\])`)),
  // Positional reads of the shapes the model names: [0], [1], [2] after a coordinate, size, range or list of the document.
  /\b(coord|dim|origin|size|access|part|region|seq|range|ofm|ifm)\[[0-3]\]/,
];
const VIEWS = modules.filter((m) => /^(view-|node-grid|partition|mapping|energy|export|format|explainer|main)/.test(m));

test('only the result model reads the result document\'s raw structure', async () => {
  assert.ok(VIEWS.length >= 14, VIEWS.join(' '));
  for (const m of VIEWS) {
    const code = (await readFile(`${WEB}/${m}`, 'utf8')).split('\n').filter((l) => !/^\s*(\/\/|\*|\/\*\*)/.test(l)).join('\n');
    for (const pattern of RAW) assert.doesNotMatch(code, pattern, `${m} reads ${pattern}`);
  }
});
