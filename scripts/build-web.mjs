#!/usr/bin/env node
// Assembles the static site in build/web: the files of web/ plus the wasm
// module (build/wasm/nndf.mjs and nndf.wasm). Every reference between them is
// relative, so the folder works from any path on any static host.
import { cp, mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(repo, 'build', 'web');
const wasmFiles = ['nndf.mjs', 'nndf.wasm'].map((f) => join(repo, 'build', 'wasm', f));

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
console.log(`build-web: wrote ${out}`);
