// The CLI on the inputs fuzzing found (issue 13): each ends in one line on
// stderr naming the file or flag and the bound, with exit status 1 (or in a
// result); never a crash, a library's message, an internal error, a silent
// overflow or raw control characters on the terminal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { cliPath, runCli } from './support.mjs';

let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nndf-cli-robustness-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const hw = ['--batch', '1', '--nodes', '1', '1', '--array', '16', '16', '--regf', '512', '--gbuf', '131072'];

async function file(name, text) {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** Runs the CLI and checks the one-line error contract; returns the line. */
function oneLineError(args, patterns) {
  const { status, stdout, stderr } = runCli(args);
  assert.equal(status, 1, `exit status 1, got ${status}; stderr: ${stderr.slice(0, 500)}`);
  assert.equal(stdout, '');
  const lines = stderr.split('\n');
  assert.equal(lines.length, 2, `one line: ${stderr.slice(0, 500)}`);
  assert.match(lines[0], /^nndf: error: /);
  assert.doesNotMatch(lines[0], /json\.exception|internal error|\.cpp/);
  // No control character reaches the terminal.
  assert.doesNotMatch(lines[0], /[\x00-\x1f\x7f]/);
  for (const p of patterns) assert.match(lines[0], p);
  return lines[0];
}

const network = (layers, input = '{"nofm": 3, "sofm": 32}') => `{"input": ${input}, "layers": [${layers}]}`;
const fc = (name, nofm = 4) => `{"name": ${JSON.stringify(name)}, "type": "fc", "nifm": 3, "nofm": ${nofm}, "sfil": 32}`;

describe('files', () => {
  test('100,000 levels of nesting in a network file and in a run document', async () => {
    const deep = '['.repeat(100000) + ']'.repeat(100000);
    oneLineError(['layers', await file('deep.json', deep)], [/deep\.json: JSON nested deeper than 64 levels at line 1, column 65/]);
    oneLineError(['layers', await file('open.json', '['.repeat(100000))], [/nested deeper than 64/]);
    const run = await file('deeprun.json', `{"network": "alex_net", "batch": 1, "x": ${deep}}`);
    oneLineError(['search', '--config', run], [/deeprun\.json: JSON nested deeper than 64 levels/]);
  });

  test('a file without end is read up to the cap, then refused', () => {
    const started = Date.now();
    oneLineError(['layers', '/dev/zero'], [/\/dev\/zero: '\/dev\/zero' is larger than the 256 MiB a JSON document may have/]);
    assert.ok(Date.now() - started < 20000);
  });

  test('a directory is said to be one', () => {
    oneLineError(['layers', `${dir}/`], [/is a directory, not a file/]);
    oneLineError(['search', '--config', dir], [/is a directory, not a file/]);
  });

  test('1e400 is a number out of range, at its position', async () => {
    oneLineError(['layers', await file('big.json', network(fc('a'), '{"nofm": 3, "sofm": 1e400}'))],
      [/big\.json: number out of range at line 1, column \d+ .*1e400/]);
    oneLineError(['search', '--config', await file('bigrun.json', '{"network": "mlp_s", "batch": 1e400}')],
      [/number out of range/]);
  });

  test('a name that spells the old NaN marker stays a name; a malformed NaN quotes the text', async () => {
    const { status, stdout } = runCli(['layers', '--json', await file('nan.json', network(fc('\u0001nan')))]);
    assert.equal(status, 0);
    assert.equal(JSON.parse(stdout)[0].name, '\u0001nan');
    oneLineError(['layers', await file('nanx.json', network(fc('a'), '{"nofm": NaNx, "sofm": 32}'))], [/last read: '.*NaNx'/]);
  });
});

describe('sizes', () => {
  for (const [nofm, given] of [['4611686018427387904', '4611686018427387904'], ['9223372036854775808', '9223372036854775808'], ['1e14', '100000000000000.0']]) {
    test(`nofm ${given} is refused with its bound`, async () => {
      const line = oneLineError(['layers', await file('n.json', network(fc('a', nofm)))],
        [/layers\[0\] "a"\.nofm: must be at most 2\^20 = 1048576/, new RegExp(`got ${given.replace('.', '\\.')}$`)]);
      assert.doesNotMatch(line, /-9223372036854775808/);
    });
  }

  test('sofm 2^40 and a product beyond 2^36 are refused', async () => {
    const conv = (nofm, sofm) => `{"name": "c", "type": "conv", "nifm": 3, "nofm": ${nofm}, "sofm": ${sofm}, "sfil": 1}`;
    oneLineError(['layers', await file('s.json', network(conv(4, 1099511627776)))], [/"c"\.sofm: must be at most 2\^20/]);
    oneLineError(['search', await file('p.json', network(conv(1048576, 1024), '{"nofm": 3, "sofm": 1024}')), ...hw],
      [/layers\[0\] "c": its .* exceed 2\^36 = 68719476736 words/]);
  });

  test('batch, word and top beyond their bounds name their own flag and the bound', () => {
    const flags = hw.filter((_, i) => i > 1);
    oneLineError(['search', 'alex_net', ...flags, '--batch', '100000000000000'], [/--batch: must be a whole number from 1 to 65536/]);
    oneLineError(['search', 'alex_net', ...flags, '--batch', '9223372036854775807'], [/--batch: .*from 1 to 65536/]);
    const big = oneLineError(['search', 'alex_net', ...flags, '--batch', '9223372036854775808'], [/--batch: must be a whole number/]);
    assert.doesNotMatch(big, /-9223372036854775808/);
    oneLineError(['search', 'alex_net', ...hw, '--word', '4611686018427387904'], [/^nndf: error: --word: .*from 1 to 64 bits/]);
    oneLineError(['search', 'alex_net', ...hw, '-t', '1000'], [/--top: must be a whole number from 1 to 64/]);
    oneLineError(['search', 'alex_net', ...hw, '-t', '1e9'], [/--top: /]);
  });

  test('costs near the float limit and a DRAM bandwidth near zero are refused with their bound', () => {
    oneLineError(['search', 'alex_net', ...hw, '--hier-cost', '1e308', '6', '2', '1'], [/--hier-cost: must be a number from 0 to 1e\+15/]);
    oneLineError(['search', 'alex_net', ...hw, '--op-cost', '1e308'], [/--op-cost: .*from 0 to 1e\+15/]);
    oneLineError(['search', 'alex_net', ...hw, '--unit-idle-cost', '1e308'], [/--unit-idle-cost: .*from 0 to 1e\+15/]);
    oneLineError(['search', 'alex_net', ...hw, '--dram-bw', '1e-300'], [/--dram-bw: must be a number from 1e-06 to/]);
  });

  test('a bandwidth within its range whose DRAM time could pass 2^62 cycles is refused before the search', () => {
    const big = ['--batch', '65536', '--word', '64', ...hw.slice(2)];
    const line = oneLineError(['search', 'vgg_net', ...big, '--dram-bw', '1e-6'], [/--dram-bw: is too small for this network at batch 65536: .*give at least ([\d.]+) bytes\/cycle/]);
    const least = Number(line.match(/at least ([\d.]+)/)[1]);
    assert.ok(least > 1e-6 && least < 1, 'only extreme runs are refused');
  });

  test('sizes take units, on the command line and in run documents, with the same bytes', async () => {
    const print = (args) => JSON.parse(runCli(['search', 'mlp_s', '--print-run', ...args]).stdout);
    const plain = print(hw);
    const withUnits = print([...hw.slice(0, 8), '--regf', '0.5kB', '--gbuf', '128 KiB']);
    assert.equal(withUnits.gbuf, plain.gbuf);
    assert.equal(withUnits.regf, plain.regf);
    assert.equal(print([...hw, '--gbuf', '1MiB']).gbuf, 1024 * 1024);
    const run = await file('units.json', JSON.stringify({ network: 'mlp_s', batch: 1, nodes: [1, 1], array: [16, 16], regf: '512 B', gbuf: '1 MiB' }));
    const viaDoc = JSON.parse(runCli(['search', '--config', run, '--print-run']).stdout);
    assert.equal(viaDoc.gbuf, 1048576);
    oneLineError(['search', 'mlp_s', ...hw, '--gbuf', '0.3kB'], [/--gbuf: is not a whole number of bytes, got "0\.3kB"/]);
    oneLineError(['search', 'mlp_s', ...hw, '--gbuf', '2048GiB'], [/--gbuf: .*from 1 to/]);
    oneLineError(['search', 'mlp_s', ...hw, '--batch', '1kB'], [/--batch: must be a whole number/]);
  });
});

describe('names on the terminal and in messages', () => {
  test('control characters in names are escaped in the table', async () => {
    const path = await file('ctl.json', network(`${fc('a\u001b[31mRED\u0000x')}, {"name": "b\\nc", "type": "fc", "nifm": 4, "nofm": 2}`));
    const { status, stdout } = spawnSync(cliPath, ['layers', path], { encoding: 'latin1' });
    assert.equal(status, 0);
    assert.doesNotMatch(stdout, /[\x00\x1b]/);
    assert.match(stdout, /^a\\u001b\[31mRED\\u0000x /m);
    assert.match(stdout, /^b\\nc /m);
    assert.equal(stdout.split('\n').filter((l) => /^(a\\u001b|b\\n)/.test(l)).length, 2, 'one row per layer, none split');
  });

  test('a newline in a name does not split the error; a 1 MB name does not make a 1 MB line', async () => {
    oneLineError(['layers', await file('nl.json', network(fc('b\nc', -4)))], [/layers\[0\] "b\\nc"\.nofm: must be a positive integer, got -4/]);
    const line = oneLineError(['layers', await file('long.json', network(fc('x'.repeat(1000000), -4)))], [/\.\.\.\[1000000 bytes\]/]);
    assert.ok(line.length < 400, `${line.length} bytes`);
  });
});

describe('the run document and its flags', () => {
  test('switches given with --config override the document, as value flags do', async () => {
    const run = await file('run.json', JSON.stringify({ network: 'alex_net', batch: 1, nodes: [1, 1], array: [16, 16], regf: 512, gbuf: 131072 }));
    const { status, stdout } = runCli(['search', '--config', run, '--hybrid-partition', '--interlayer-partition', '--batch', '2', '--print-run']);
    assert.equal(status, 0);
    const doc = JSON.parse(stdout);
    assert.equal(doc.hybrid_partition, true);
    assert.equal(doc.interlayer_partition, true);
    assert.equal(doc.batch, 2);
  });
});
