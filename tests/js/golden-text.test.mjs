// `nndf search` prints the reference's JSON text byte for byte on every golden
// case of tests/golden/CASES.tsv and CASES_EXTRA.tsv: same keys in the same
// order, same float spelling, and Python's int-or-float typing of every
// number (`0` versus `0.0`, docs/result-format.md). The golden checks of
// tests/cpp/test_golden.cpp compare values only; this one compares text.
//
// Two top-level lines cannot be equal and are skipped:
// - "version": ours names the port too ("2.1+nndf-0.1.0" against "2.1");
// - "elapsed": the search's wall time.
// CASES_SLOW.tsv is left out (seconds per case); check it by hand with
// `node scripts/golden-all.mjs googlenet_b4_4x4_bufshr` or a diff.
//
// The golden files were made by the reference on one process (its default
// here: half of this machine's two cores), so each case runs with `-p 1`,
// which prints the same `nprocesses`; then again on every core, which must
// print the same text but for that number.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { repoPath, runCli } from './support.mjs';

const SKIPPED = /^ {2}"(version|elapsed)": /;

/** Case name and argument list of one case file, one `name<TAB>args` per line. */
function readCases(file) {
  return readFileSync(repoPath(`tests/golden/${file}`), 'utf8')
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => {
      const [name, args] = line.split('\t');
      return { name, args: args.trim().split(/\s+/) };
    });
}

/** The lines where two documents' texts differ, skipping version and elapsed. */
function textDifferences(ours, gold) {
  const a = ours.split('\n');
  const b = gold.split('\n');
  const bad = [];
  if (a.length !== b.length) bad.push(`${a.length} lines, golden has ${b.length}`);
  for (let i = 0; i < Math.min(a.length, b.length); ++i) {
    if (a[i] === b[i]) continue;
    if (SKIPPED.test(a[i]) && SKIPPED.test(b[i]) && a[i].split(':')[0] === b[i].split(':')[0]) continue;
    bad.push(`line ${i + 1}: ${JSON.stringify(a[i])}, golden ${JSON.stringify(b[i])}`);
  }
  return bad;
}

describe('the comparison', () => {
  test('notices an int printed as a float, and skips only version and elapsed', () => {
    const gold = '{\n  "version": "2.1",\n  "elapsed": 1.5,\n  "access": [\n    0,\n    0.0\n  ]\n}\n';
    const same = gold.replace('"2.1"', '"2.1+nndf-0.1.0"').replace('1.5', '0.01');
    assert.deepEqual(textDifferences(same, gold), []);
    assert.equal(textDifferences(gold.replace('    0,', '    0.0,'), gold).length, 1);
    assert.equal(textDifferences(gold.replace('  "elapsed"', '  "elapsedx"'), gold).length, 1);
    assert.equal(textDifferences(`${gold}\n`, gold).length, 1);
  });
});

for (const file of ['CASES.tsv', 'CASES_EXTRA.tsv']) {
  describe(file, () => {
    for (const { name, args } of readCases(file)) {
      test(name, () => {
        const { status, stdout, stderr } = runCli(['search', ...args, '-p', '1']);
        assert.equal(status, 0, `nndf search failed: ${stderr}`);
        const gold = readFileSync(repoPath(`tests/golden/${name}.json`), 'utf8');
        const bad = textDifferences(stdout, gold);
        assert.deepEqual(bad.slice(0, 10), [], `${bad.length} lines differ`);
        const all = runCli(['search', ...args, '-p', 'all']);
        assert.equal(all.status, 0, all.stderr);
        const threads = all.stdout.match(/^ {4}"nprocesses": (\d+),$/m);
        assert.ok(threads, 'nprocesses is printed');
        assert.deepEqual(textDifferences(all.stdout.replace(threads[0], '    "nprocesses": 1,'), gold), [],
          `-p all (${threads[1]} threads) prints the same text`);
      });
    }
  });
}
