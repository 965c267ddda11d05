#!/usr/bin/env node
// An ONNX model as a network of our format (nndf-network/1), with the page's
// converter (web/onnx-import.js):
//   npm run -s import -- model.onnx > net.json     (-s: npm prints its banner on stdout)
//   npm run import -- model.onnx -o net.json
// The network goes to stdout (or the -o file), the notes (what was folded or
// skipped) to stderr; an error is one line on stderr and exit status 1.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';

import { OnnxImportError, importOnnx } from '../web/onnx-import.js';

const USAGE = 'usage: npm run -s import -- MODEL.onnx [-o NET.json] [--quiet]';

/** The command line, or null when it is not one this script reads. */
function parse(/** @type {string[]} */ args) {
  /** @type {{file?: string, out?: string, quiet: boolean}} */
  const opts = { quiet: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--quiet') opts.quiet = true;
    else if (a === '-o' && i + 1 < args.length) opts.out = args[++i];
    else if (a.startsWith('-') || opts.file !== undefined) return null;
    else opts.file = a;
  }
  return opts.file === undefined ? null : opts;
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const opts = parse(args);
if (opts === null) {
  console.error(`onnx-import: error: ${USAGE}`);
  process.exit(1);
}
const file = /** @type {string} */ (opts.file);
try {
  const { text, notes } = importOnnx(new Uint8Array(await readFile(file)), basename(file));
  if (opts.out) await writeFile(opts.out, text);
  else process.stdout.write(text);
  if (!opts.quiet) for (const note of notes) console.error(`onnx-import: note: ${note}`);
} catch (err) {
  const message = err instanceof OnnxImportError ? err.message
    : err.code === 'ENOENT' ? 'no such file'
      : err.code === 'EISDIR' ? 'a folder, not an ONNX file' : `${err.message}`;
  console.error(`onnx-import: error: ${file}: ${message.replace(/\s*\n\s*/g, ' ')}`);
  process.exit(1);
}
