#!/usr/bin/env node
// Assembles the static site in build/web: the files of web/ plus the wasm
// modules (build/wasm/nndf.mjs and nndf.wasm, one thread; nndf-mt.mjs,
// nndf-mt.wasm and nndf-mt.worker.js, pthreads). Every reference between
// them is relative, so the folder works from any path on any static host.
import {
  cp, mkdir, readFile, rm, stat, writeFile,
} from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { moduleGraph } from './module-graph.mjs';

/**
 * Adds <link rel="modulepreload"> for every module of the entries' graphs where
 * index.html has the `<!-- modulepreload -->` marker: the browser then
 * fetches them all at once instead of discovering them import by import.
 */
async function preloadModules(/** @type {string} */ html, /** @type {string[]} */ entries) {
  /** @type {string[]} */
  const modules = [];
  for (const entry of entries) {
    for (const m of (await moduleGraph(dirname(html), entry)).keys()) if (!modules.includes(m)) modules.push(m);
  }
  const links = modules.map((m) => `<link rel="modulepreload" href="${m}">`).join('\n  ');
  const text = await readFile(html, 'utf8');
  if (!text.includes('<!-- modulepreload -->')) throw new Error('index.html has no <!-- modulepreload --> marker');
  await writeFile(html, text.replace('<!-- modulepreload -->', links));
}

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(repo, 'build', 'web');
const wasmFiles = ['nndf.mjs', 'nndf.wasm', 'nndf-mt.mjs', 'nndf-mt.wasm', 'nndf-mt.worker.js'].map((f) => join(repo, 'build', 'wasm', f));

for (const file of wasmFiles) {
  try {
    await stat(file);
  } catch {
    console.error(`build-web: error: ${file} is missing (run npm run build:wasm first)`);
    process.exit(1);
  }
}
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await cp(join(repo, 'web'), out, { recursive: true });
for (const file of wasmFiles) await cp(file, join(out, file.split('/').pop()));
await preloadModules(join(out, 'index.html'), ['main.js']);
console.log(`build-web: wrote ${out}`);
