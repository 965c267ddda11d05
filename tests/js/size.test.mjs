// The page downloads the wasm module before its first result: keep it small.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

import { repoPath } from './support.mjs';

test('the wasm module and its glue are under 1 MB gzipped', async (t) => {
  const wasm = gzipSync(await readFile(repoPath('build/wasm/nndf.wasm'))).length;
  const glue = gzipSync(await readFile(repoPath('build/wasm/nndf.mjs'))).length;
  t.diagnostic(`gzip: nndf.wasm ${wasm} B, nndf.mjs ${glue} B`);
  assert.ok(wasm + glue < 1024 * 1024);
});
