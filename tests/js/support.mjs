// Paths and loaders shared by the Node tests. Everything here needs the builds
// (npm run build:native, npm run build:wasm).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import {
  mkdtemp, readFile, rm, writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export const repoPath = (relative) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
export const cliPath = repoPath('build/native/nndf');

/** Runs the native CLI; returns {status, stdout, stderr}. */
export function runCli(args) {
  // Results of today's networks (BERT, GPT-2) pass spawnSync's default 1 MB.
  const { status, stdout, stderr, error } = spawnSync(cliPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (error?.code === 'ENOENT') throw new Error(`${cliPath} is missing: run npm run build:native`);
  if (error) throw error;
  return { status, stdout, stderr };
}

/** Runs `nndf search --config` on a run document (an object or its text), with more flags; returns {status, stdout, stderr}. */
export async function cliSearchConfig(/** @type {object | string} */ doc, /** @type {string[]} */ flags = []) {
  const dir = await mkdtemp(join(tmpdir(), 'nndf-run-'));
  try {
    const file = join(dir, 'run.json');
    await writeFile(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
    return runCli(['search', '--config', file, ...flags]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A result document's text without the fields that depend on how it was run,
 * not on the search: its search time and its thread count (the answer is the
 * same on any number of threads).
 */
export const withoutRunFacts = (text) => text.replace(/"elapsed": [^,]*,/, '').replace(/"nprocesses": \d+,/, '');

/**
 * Loads the wasm module in Node. It is built for the web and workers, so the
 * .wasm file's bytes are handed to the factory instead of being fetched.
 */
export async function loadWasm() {
  let wasmBinary;
  try {
    wasmBinary = await readFile(repoPath('build/wasm/nndf.wasm'));
  } catch {
    throw new Error('build/wasm/nndf.wasm is missing: run npm run build:wasm');
  }
  const { default: createNndfModule } = await import(repoPath('build/wasm/nndf.mjs'));
  return createNndfModule({ wasmBinary });
}

/**
 * A Node worker thread running the page's engine worker (engine-thread.mjs),
 * shaped like a browser Worker (postMessage, terminate, onmessage, onerror)
 * so that web/engine.js can drive it.
 */
export function engineThread() {
  const thread = new Worker(new URL('./engine-thread.mjs', import.meta.url));
  const worker = {
    onmessage: null,
    onerror: null,
    postMessage: (message) => thread.postMessage(message),
    terminate: () => thread.terminate(),
  };
  thread.on('message', (data) => worker.onmessage?.({ data }));
  thread.on('error', (err) => worker.onerror?.({ message: err.message, preventDefault() {} }));
  return worker;
}

/** The engine's answer of a wasm call, unwrapped from its envelope; throws its error. */
export function unwrap(/** @type {string} */ text) {
  const envelope = JSON.parse(text);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { path: envelope.error.path });
  return envelope;
}

/**
 * The page's form fields as the page builds them: the engine's run schema
 * (from the wasm module) with the page's presentation, and the built-in
 * networks. Returns {nndf, schema, networks, fields}.
 */
export async function pageFields() {
  const { readSchema } = await import('../../web/schema.js');
  const { formFields } = await import('../../web/fields.js');
  const nndf = await loadWasm();
  const schemaJson = unwrap(nndf.runSchema()).schema;
  const networks = new Map(unwrap(nndf.builtinNetworks()).networks.map((n) => [n.name, n.json]));
  const schema = readSchema(schemaJson);
  return {
    nndf, schemaJson, schema, networks, fields: formFields(schema, [...networks.keys()]),
  };
}

/** The built-in networks: one JSON file each in nns/ (CMake embeds them), by name. */
export const builtinNetworkNames = () => readdirSync(repoPath('nns')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
