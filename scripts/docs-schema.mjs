// Rewrites the table of run fields in docs/run-config.md from the schema
// (`nndf schema --markdown`), between its begin and end markers. A C++ test
// (tests/cpp/test_run_schema.cpp) fails while the committed table is stale.
//
//   node scripts/docs-schema.mjs        (npm run docs:schema)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = join(root, 'docs/run-config.md');
const BEGIN = '<!-- run-schema:begin -->\n';
const END = '<!-- run-schema:end -->';

const table = execFileSync(join(root, 'build/native/nndf'), ['schema', '--markdown'], { encoding: 'utf8' });
const doc = readFileSync(file, 'utf8');
const a = doc.indexOf(BEGIN);
const b = doc.indexOf(END);
if (a < 0 || b < a) {
  console.error(`docs-schema: ${file} has no ${BEGIN.trim()} ... ${END} section`);
  process.exit(1);
}
const next = doc.slice(0, a + BEGIN.length) + table + doc.slice(b);
if (next === doc) {
  console.log('docs-schema: docs/run-config.md is current');
} else {
  writeFileSync(file, next);
  console.log('docs-schema: rewrote the table in docs/run-config.md');
}
