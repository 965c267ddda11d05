// The native command-line tool, build/native/nndf, as a person runs it.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { runCli } from './support.mjs';

let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nndf-cli-test-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('layers alex_net --json lists 19 layers', () => {
  const { status, stdout, stderr } = runCli(['layers', 'alex_net', '--json']);
  assert.equal(status, 0, stderr);
  assert.equal(stderr, '');
  const layers = JSON.parse(stdout);
  assert.equal(layers.length, 19);
  assert.equal(layers[0].name, 'conv1_a');
});

test('layers alex_net prints a table', () => {
  const { status, stdout } = runCli(['layers', 'alex_net']);
  assert.equal(status, 0);
  assert.match(stdout, /^Layer\s*,\s*Ifmap\/kB/);
  assert.match(stdout, /# CONV layers = 10, # FC layers = 3/);
});

test('nndf --help explains the tool and its commands', () => {
  const { status, stdout } = runCli(['--help']);
  assert.equal(status, 0);
  assert.match(stdout, /^usage: nndf/);
  assert.match(stdout, /layers/);
  assert.match(stdout, /alex_net/);
});

test('nndf layers --help explains the options', () => {
  const { status, stdout } = runCli(['layers', '--help']);
  assert.equal(status, 0);
  for (const option of ['--batch', '--word', '--json']) assert.match(stdout, new RegExp(option));
});

const badNetwork = JSON.stringify({
  input: { nofm: 3, sofm: 32 },
  layers: [{ name: 'c1', type: 'conv', nifm: 4, nofm: 16, sofm: 32, sfil: 3 }],
});

// Each case: arguments (a function of the temp dir), then what the error must name.
const errors = [
  ['an unknown network', () => ['layers', 'no_such_net'], /unknown network 'no_such_net'/],
  ['an unknown flag', () => ['layers', 'alex_net', '--frobnicate'], /--frobnicate/],
  ['a non-numeric batch', () => ['layers', 'alex_net', '--batch', 'abc'], /--batch.*'abc'/],
  ['batch 0', () => ['layers', 'alex_net', '--batch', '0'], /--batch: must be a whole number from 1 to 65536, got 0/],
  ['a missing network', () => ['layers'], /network/],
  ['an unknown command', () => ['frobnicate'], /unknown command 'frobnicate'/],
  ['a missing network file', (d) => ['layers', join(d, 'absent.json')], /absent\.json.*cannot read/],
  ['a network file with an error', (d) => ['layers', join(d, 'bad.json')], /bad\.json.*"c1"\.nifm/],
];
for (const [what, args, names] of errors) {
  test(`${what} gives one error line and exit status 1`, async () => {
    await writeFile(join(dir, 'bad.json'), badNetwork);
    const { status, stdout, stderr } = runCli(args(dir));
    assert.equal(status, 1);
    assert.equal(stdout, '');
    const lines = stderr.split('\n');
    assert.equal(lines.at(-1), '', 'stderr ends with a newline');
    assert.equal(lines.length, 2, `one line on stderr, got: ${stderr}`);
    assert.match(lines[0], /^nndf: error: /);
    assert.match(lines[0], names);
  });
}
