// The static import graph of the page's modules (`import ... from './x.js'`),
// for the tests that every module is reached and the graph has
// no cycle (tests/js/imports.test.mjs).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The modules of `dir` that a module's text imports statically, by file name, in order. */
export function importsOf(/** @type {string} */ text) {
  return [...text.matchAll(/^(?:import|export)[^'";]*?from '\.\/([\w.-]+\.js)';$/gm)].map(([, name]) => name);
}

/**
 * The graph of `entry` and every module it imports, directly or not:
 * module -> the modules it imports, in the order they are found.
 * @returns {Promise<Map<string, string[]>>}
 */
export async function moduleGraph(/** @type {string} */ dir, /** @type {string} */ entry) {
  /** @type {Map<string, string[]>} */
  const graph = new Map();
  const queue = [entry];
  while (queue.length > 0) {
    const name = /** @type {string} */ (queue.shift());
    if (graph.has(name)) continue;
    const imports = importsOf(await readFile(join(dir, name), 'utf8'));
    graph.set(name, imports);
    queue.push(...imports.filter((i) => !graph.has(i)));
  }
  return graph;
}

/** A cycle of the graph as a list of modules (the first repeated at the end), or null if there is none. */
export function findCycle(/** @type {Map<string, string[]>} */ graph) {
  /** @type {Map<string, 'open' | 'done'>} */
  const state = new Map();
  /** @type {string[]} */
  const path = [];
  /** @returns {string[] | null} */
  const visit = (/** @type {string} */ node) => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}
