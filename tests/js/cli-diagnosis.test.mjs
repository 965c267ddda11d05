// `nndf search` with no valid dataflow explains why on stderr (which layer,
// why, and the smallest change as a flag; docs/diagnosis.md), still exits 2
// with null on stdout, and the flag it suggests really gives a dataflow
// while one word less does not.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { runCli } from './support.mjs';

// The page's default (Eyeriss ISCA'16) at batch 4, with a 16 kB buffer.
const EYERISS = ['alex_net', '--batch', '4', '--nodes', '1', '1', '--array', '16', '16', '--regf', '512',
  '--hop-cost', '0', '--disable-bypass', 'i', 'o', 'f', '-p', '2'];
const search = (/** @type {string} */ gbuf) => runCli(['search', ...EYERISS, '--gbuf', gbuf]);

/** The layer and suggested --gbuf of a failed search's stderr. */
function diagnosis(/** @type {string} */ stderr) {
  const layer = stderr.match(/^Layer \d+ of \d+ in search order, '([^']+)', has no schedule:$/m)?.[1];
  const gbuf = stderr.match(/^ {2}Try --gbuf (\d+) \(/m)?.[1];
  return { layer, gbuf: gbuf === undefined ? undefined : Number(gbuf) };
}

describe('no valid dataflow: the diagnosis', () => {
  const failed = search('16384');

  test('exit 2, null on stdout, the reference message then the diagnosis', () => {
    assert.equal(failed.status, 2);
    assert.equal(failed.stdout, 'null\n');
    const lines = failed.stderr.trimEnd().split('\n');
    assert.equal(lines[0], 'No valid dataflow found.');
    const { layer, gbuf } = diagnosis(failed.stderr);
    assert.ok(layer, `names the layer: ${failed.stderr}`);
    assert.ok(gbuf > 16384, `suggests a larger --gbuf: ${failed.stderr}`);
    assert.match(failed.stderr, /global buffer per node/);
    assert.match(failed.stderr, /each node has 16 kB/);
    assert.match(failed.stderr, /^ {2}With it the whole network has a dataflow\.$/m);
  });

  test('the suggested --gbuf gives a dataflow; one word (2 bytes) less does not', () => {
    const { layer, gbuf } = diagnosis(failed.stderr);
    const fixed = search(String(gbuf));
    assert.equal(fixed.status, 0, fixed.stderr);
    assert.ok(JSON.parse(fixed.stdout.replace(/\bInfinity\b/g, '1e999')).total_cost > 0);
    const short = search(String(gbuf - 2));
    assert.equal(short.status, 2);
    assert.equal(diagnosis(short.stderr).layer, layer);
    assert.equal(diagnosis(short.stderr).gbuf, gbuf);
  });

  test('a register file too small: the suggestion is --regf', () => {
    const { status, stderr } = runCli(['search', ...EYERISS, '--gbuf', '131072', '--regf', '16']);
    assert.equal(status, 2);
    assert.match(stderr, /register file per PE/);
    const suggested = stderr.match(/^ {2}Try (--\S+ \d+(?: --\S+ \d+)*) \(/m)?.[1].split(' ') ?? [];
    assert.equal(suggested[0], '--regf', stderr);
    assert.ok(Number(suggested[1]) > 16, stderr);
    const fixed = runCli(['search', ...EYERISS, '--gbuf', '131072', '--regf', '16', ...suggested]);
    assert.equal(fixed.status, 0, fixed.stderr);
  });
});
