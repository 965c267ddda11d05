// The service worker's list of the files it keeps offline
// (scripts/precache.mjs, written by build-web): every file of the site but
// the source maps and the worker itself, each with its own SHA-256, and a
// version that changes exactly when a file does.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';

import { writePrecache } from '../../scripts/precache.mjs';
import { repoPath } from './support.mjs';

/** The PRECACHE object a built service worker holds. */
async function precacheOf(/** @type {string} */ dir) {
  const code = await readFile(join(dir, 'service-worker.js'), 'utf8');
  const line = code.split('\n').find((l) => l.startsWith('const PRECACHE = '));
  return JSON.parse(line.slice('const PRECACHE = '.length, -1));
}

const sha256 = async (/** @type {string} */ file) => createHash('sha256').update(await readFile(file)).digest('hex');

/** A small site: a page, a module in a sub-folder, a source map, and the service worker's template. */
async function site() {
  const dir = await mkdtemp(join(tmpdir(), 'nndf-precache-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  await mkdir(join(dir, 'sub'));
  await writeFile(join(dir, 'sub', 'a.js'), 'export const a = 1;\n');
  await writeFile(join(dir, 'sub', 'a.js.map'), '{}');
  await copyFile(repoPath('web/service-worker.js'), join(dir, 'service-worker.js'));
  return dir;
}

test('the list holds every file but maps and the worker, each with its hash, and the version follows the files', async () => {
  const dir = await site();
  try {
    const version = await writePrecache(dir);
    const first = await precacheOf(dir);
    assert.equal(first.version, version);
    assert.match(version, /^[0-9a-f]{16}$/);
    assert.deepEqual(Object.keys(first.files), ['index.html', 'sub/a.js']);
    for (const [path, hash] of Object.entries(first.files)) assert.equal(hash, await sha256(join(dir, path)), path);

    // The same files: the same version. One changed byte: another.
    await copyFile(repoPath('web/service-worker.js'), join(dir, 'service-worker.js'));
    assert.equal(await writePrecache(dir), version);
    await writeFile(join(dir, 'sub', 'a.js'), 'export const a = 2;\n');
    await copyFile(repoPath('web/service-worker.js'), join(dir, 'service-worker.js'));
    const changed = await writePrecache(dir);
    assert.notEqual(changed, version);
    assert.equal((await precacheOf(dir)).files['sub/a.js'], await sha256(join(dir, 'sub', 'a.js')));
    assert.equal((await precacheOf(dir)).files['index.html'], first.files['index.html']);
    // A map does not count: a change in one leaves the version.
    await writeFile(join(dir, 'sub', 'a.js.map'), '{"changed": true}');
    await copyFile(repoPath('web/service-worker.js'), join(dir, 'service-worker.js'));
    assert.equal(await writePrecache(dir), changed);

    // A worker that has no place for the list (already written, say) is refused, not left without one.
    await assert.rejects(writePrecache(dir), /has no line 'const PRECACHE = null;/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('build/web\'s service worker lists exactly the site\'s files', async () => {
  const dir = repoPath('build/web');
  const { files } = await precacheOf(dir);
  const onDisk = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((p) => p !== 'service-worker.js' && !p.endsWith('.map')).sort();
  assert.deepEqual(Object.keys(files), onDisk);
  for (const needed of ['index.html', 'boot.js', 'worker.js', 'style.css', 'nndf.wasm', 'nndf-mt.mjs', 'nndf-mt.wasm', 'nndf-mt.worker.js']) {
    assert.ok(files[needed], needed);
  }
  for (const path of onDisk) assert.equal(files[path], await sha256(join(dir, path)), path);
});
