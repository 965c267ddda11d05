#!/usr/bin/env node
// Assembles the static site in build/web: the files of web/, its two entry
// modules bundled (boot.js for the page, worker.js for the engine workers),
// plus the wasm modules (build/wasm/nndf.mjs and nndf.wasm, one thread; nndf-mt.mjs,
// nndf-mt.wasm and nndf-mt.worker.js, pthreads). Every reference between
// them is relative, so the folder works from any path on any static host.
// Beside them, the engine's answers the page opens with (engine-facts.json).
// Last, the service worker gets the list of the files it keeps for offline
// use, with their hashes and the build's version (writePrecache).
import {
  cp, mkdir, rm, stat,
} from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

import { writeEngineFacts } from './engine-facts.mjs';
import { writePrecache } from './precache.mjs';

/**
 * Bundles each entry module of the site with everything it imports
 * (esbuild), in place of its own file: the page then loads two scripts
 * instead of some forty modules, which over HTTP/1.1 (six connections per
 * host) queued the engine workers' scripts behind the page's own modules.
 * The modules stay beside the bundles, as written (tests and a reader's
 * browser tools import them). Imports the bundles must not swallow stay
 * files: the threaded module, loaded only where threads run, and its
 * pthread workers load it again by its name; the ONNX importer, loaded
 * when a model is opened (its protobuf library would double the page's
 * bundle), is a bundle of its own; and so is the code editor, loaded only
 * when the network editor is first shown.
 */
async function bundle(/** @type {string} */ dir, /** @type {string[]} */ entries, { minify = false } = {}) {
  await build({
    entryPoints: entries.map((e) => join(dir, e)),
    outdir: dir,
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    external: ['./nndf-mt.mjs', './onnx-import.js', './code-editor.js'],
    minify,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
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
await bundle(out, ['boot.js', 'worker.js', 'onnx-import.js']);
// The code editor (CodeMirror, 860 kB as written, 420 kB minified) is a
// bundle of its own that the page imports when the editor is first shown
// (network-editor.js), so the first result never waits for it.
await bundle(out, ['code-editor.js'], { minify: true });
// The network format's description, linked from the editor's help.
await cp(join(repo, 'nns', 'README.md'), join(out, 'network-format.txt'));
// The engine's answers the page opens with (scripts/engine-facts.mjs).
await writeEngineFacts(join(repo, 'build', 'wasm'), out);
const version = await writePrecache(out);
console.log(`build-web: wrote ${out} (version ${version})`);
