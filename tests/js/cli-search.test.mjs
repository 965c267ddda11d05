// `nndf search` given bad input: every flag is validated, and every error is
// one line on stderr that names the flag (or the JSON path of a run
// document's field) and the rule, with exit status 1 and nothing on stdout.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { runCli } from './support.mjs';

let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nndf-cli-search-test-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** The required flags of a small valid run, with `changes` replacing flags. */
function flags(changes = {}) {
  const base = {
    '--batch': ['16'],
    '--nodes': ['1', '1'],
    '--array': ['16', '16'],
    '--regf': ['512'],
    '--gbuf': ['131072'],
  };
  const all = { ...base, ...changes };
  return Object.entries(all).flatMap(([flag, values]) => (values === null ? [] : [flag, ...values]));
}
const search = (net, changes, extra = []) => ['search', net, ...flags(changes), ...extra];

/** Runs the CLI and checks the one-line error contract; returns the line. */
function expectError(args, names) {
  const { status, stdout, stderr } = runCli(args);
  assert.equal(stdout, '', 'nothing on stdout');
  assert.equal(status, 1, `exit status 1, got ${status}; stderr: ${stderr}`);
  const lines = stderr.split('\n');
  assert.equal(lines.at(-1), '', 'stderr ends with a newline');
  assert.equal(lines.length, 2, `one line on stderr, got: ${stderr}`);
  assert.match(lines[0], /^nndf: error: /);
  for (const re of [names].flat()) assert.match(lines[0], re);
  return lines[0];
}

describe('flags', () => {
  // [what, arguments, patterns the error line must match]
  const cases = [
    // Sizes must be positive.
    ['--batch 0', search('alex_net', { '--batch': ['0'] }), [/--batch: /, /from 1 to 65536/]],
    ['--batch -1', search('alex_net', { '--batch': ['-1'] }), [/--batch: /, /from 1 to/, /got -1/]],
    ['--word 0', search('alex_net', {}, ['--word', '0']), [/--word: /, /from 1 to 64 bits/]],
    ['--nodes 0 1', search('alex_net', { '--nodes': ['0', '1'] }), [/--nodes: /, /from 1 to 64/]],
    ['--nodes 1 0', search('alex_net', { '--nodes': ['1', '0'] }), [/--nodes: /, /from 1 to 64/]],
    ['--array -1 4', search('alex_net', { '--array': ['-1', '4'] }), [/--array: /, /from 1 to 1024/]],
    ['--regf 0', search('alex_net', { '--regf': ['0'] }), [/--regf: /, /from 1 to \d+ bytes/]],
    ['--regf 1 (less than a 16-bit word)', search('alex_net', { '--regf': ['1'] }), [/--regf: /, /one word/]],
    ['--gbuf 0', search('alex_net', { '--gbuf': ['0'] }), [/--gbuf: /, /from 1 to \d+ bytes/]],
    ['--gbuf 1 (less than a 16-bit word)', search('alex_net', { '--gbuf': ['1'] }), [/--gbuf: /, /one word/]],
    ['--bus-width -1', search('alex_net', {}, ['--bus-width', '-1']), [/--bus-width: /, /from 0 to/]],
    ['--dram-bw 0', search('alex_net', {}, ['--dram-bw', '0']), [/--dram-bw: /, /from 1e-06 to/, /or inf/]],
    ['--dram-bw -1', search('alex_net', {}, ['--dram-bw', '-1']), [/--dram-bw: /, /from 1e-06 to/, /got -1/]],
    ['-t 0', search('alex_net', {}, ['-t', '0']), [/--top: /, /from 1 to 64/]],
    ['-p 0', search('alex_net', {}, ['-p', '0']), [/--processes: /, /from 1 to/]],
    ['-p -1', search('alex_net', {}, ['-p', '-1']), [/--processes: /, /from 1 to 1024/, /got -1/]],
    ['-p 99999999999', search('alex_net', {}, ['-p', '99999999999']), [/--processes: /, /from 1 to 1024/]],
    // Sizes beyond any sensible chip.
    ['--array 5000 5000', search('alex_net', { '--array': ['5000', '5000'] }), [/--array: /, /from 1 to 1024/, /got 5000/]],
    ['--nodes 100 100', search('alex_net', { '--nodes': ['100', '100'] }), [/--nodes: /, /from 1 to 64/, /got 100/]],
    // Costs must be finite and non-negative.
    ['--op-cost -1', search('alex_net', {}, ['--op-cost', '-1']), [/--op-cost: /, /from 0 to/]],
    ['--op-cost inf', search('alex_net', {}, ['--op-cost', 'inf']), [/--op-cost: /, /finite/]],
    ['--hier-cost with a negative', search('alex_net', {}, ['--hier-cost', '200', '6', '-2', '1']), [/--hier-cost: /, /from 0 to/, /got -2/]],
    ['--hop-cost -10', search('alex_net', {}, ['--hop-cost', '-10']), [/--hop-cost: /, /from 0 to/]],
    ['--unit-idle-cost -1', search('alex_net', {}, ['--unit-idle-cost', '-1']), [/--unit-idle-cost: /, /from 0 to/]],
    ['--layer-pipeline-time-overhead -1', search('alex_net', {}, ['--layer-pipeline-time-overhead', '-1']),
      [/--layer-pipeline-time-overhead: /, /from 0 to/, /or inf/]],
    ['--layer-pipeline-max-degree -1', search('alex_net', {}, ['--layer-pipeline-max-degree', '-1']),
      [/--layer-pipeline-max-degree: /, /from 0 to/, /or inf/]],
    // Choices.
    ['an unknown memory type', search('alex_net', {}, ['--mem-type', '4D']), [/--mem-type: /, /"4D"/, /2D or 3D/]],
    ['an unknown bypass category', search('alex_net', {}, ['--disable-bypass', 'x']), [/--disable-bypass: /, /'x'/, /i, o, f/]],
    ['an unknown goal', search('alex_net', {}, ['-g', 'fast']), [/--goal: /, /"fast"/, /e, d or ed/]],
    // Malformed numbers.
    ['--batch abc', search('alex_net', { '--batch': ['abc'] }), [/--batch: /, /whole number/, /"abc"/]],
    ['--batch 1.5', search('alex_net', { '--batch': ['1.5'] }), [/--batch: /, /whole number/, /"1\.5"/]],
    ['--batch beyond 64 bits', search('alex_net', { '--batch': ['99999999999999999999'] }), [/--batch: /, /whole number/]],
    ['--word x', search('alex_net', {}, ['--word', 'x']), [/--word: /, /whole number/, /"x"/]],
    ['--nodes 1 x', search('alex_net', { '--nodes': ['1', 'x'] }), [/--nodes: /, /whole number/, /"x"/]],
    ['--array x 16', search('alex_net', { '--array': ['x', '16'] }), [/--array: /, /whole number/, /"x"/]],
    ['--regf 1q', search('alex_net', { '--regf': ['1q'] }), [/--regf: /, /a number of bytes, or with a unit/, /"1q"/]],
    ['--gbuf 12.5', search('alex_net', { '--gbuf': ['12.5'] }), [/--gbuf: /, /whole number/, /"12\.5"/]],
    ['--bus-width abc', search('alex_net', {}, ['--bus-width', 'abc']), [/--bus-width: /, /whole number/, /"abc"/]],
    ['--dram-bw x', search('alex_net', {}, ['--dram-bw', 'x']), [/--dram-bw: /, /number/, /"x"/]],
    ['--op-cost x', search('alex_net', {}, ['--op-cost', 'x']), [/--op-cost: /, /number/, /"x"/]],
    ['--hier-cost 1 2 3 x', search('alex_net', {}, ['--hier-cost', '1', '2', '3', 'x']), [/--hier-cost: /, /number/, /"x"/]],
    ['--hop-cost x', search('alex_net', {}, ['--hop-cost', 'x']), [/--hop-cost: /, /number/, /"x"/]],
    ['--unit-idle-cost nan', search('alex_net', {}, ['--unit-idle-cost', 'nan']), [/--unit-idle-cost: /, /number/, /"nan"/]],
    ['--layer-pipeline-max-degree abc', search('alex_net', {}, ['--layer-pipeline-max-degree', 'abc']),
      [/--layer-pipeline-max-degree: /, /number/, /"abc"/]],
    ['-t x', search('alex_net', {}, ['-t', 'x']), [/--top: /, /whole number/, /"x"/]],
    ['-p x', search('alex_net', {}, ['-p', 'x']), [/--processes: /, /whole number/, /"x"/]],
    // Wrong value counts.
    ['--nodes with one value', ['search', 'alex_net', ...flags({ '--nodes': null }), '--nodes', '1'], [/--nodes: /, /2 values/]],
    ['--hier-cost with three values', search('alex_net', {}, ['--hier-cost', '1', '2', '3']), [/--hier-cost: /, /4 values/]],
    ['--batch without a value', ['search', 'alex_net', '--batch'], [/--batch: /, /1 value/]],
    ['an unknown flag', search('alex_net', {}, ['--frobnicate']), [/--frobnicate: /, /unknown option/]],
    // Options the reference forbids together.
    ['--solve-loopblocking with --enable-gbuf-sharing', search('alex_net', {}, ['--solve-loopblocking', '--enable-gbuf-sharing']),
      [/--enable-gbuf-sharing: /, /cannot be combined with --solve-loopblocking/]],
    ['--enable-access-forwarding with --enable-gbuf-sharing',
      search('alex_net', {}, ['--enable-access-forwarding', '--enable-gbuf-sharing']),
      [/--enable-gbuf-sharing: /, /already implies --enable-access-forwarding/]],
    ['--solve-loopblocking with --enable-save-writeback', search('alex_net', {}, ['--solve-loopblocking', '--enable-save-writeback']),
      [/--enable-save-writeback: /, /cannot be combined with --solve-loopblocking/]],
    ['--ifmaps-partition without --hybrid-partition', search('alex_net', {}, ['--ifmaps-partition']),
      [/--ifmaps-partition: /, /needs --hybrid-partition/]],
    // Missing required flags and arguments.
    ...['--batch', '--nodes', '--array', '--regf', '--gbuf'].map((flag) => [
      `missing ${flag}`, ['search', 'alex_net', ...flags({ [flag]: null })], [new RegExp(`${flag}: `), /is required/]]),
    ['a missing network', ['search', ...flags()], [/NET: /, /required/]],
    ['two networks', ['search', 'alex_net', 'mlp_s', ...flags()], [/NET: /, /exactly one/]],
    ['an unknown network', search('no_such_net'), [/NET: /, /unknown network 'no_such_net'/, /alex_net/]],
  ];
  for (const [what, args, names] of cases) {
    test(`${what}: one error line naming the flag, exit 1`, () => expectError(args, names));
  }

  test('a missing network file names the file', () => {
    expectError(search(join(dir, 'absent.json')), [/absent\.json/, /cannot read/]);
  });

  test('a network file with a bad layer names the file and the layer field', async () => {
    const bad = JSON.stringify({
      input: { nofm: 3, sofm: 32 },
      layers: [{ name: 'c1', type: 'conv', nifm: 4, nofm: 16, sofm: 32, sfil: 3 }],
    });
    await writeFile(join(dir, 'badnet.json'), bad);
    expectError(search(join(dir, 'badnet.json')), [/badnet\.json: layers\[0\] "c1"\.nifm: /, /nifm 4/]);
  });
});

describe('threads (-p)', () => {
  const threadsOf = (/** @type {string[]} */ extra) => {
    const { status, stdout, stderr } = runCli(search('mlp_s', {}, extra));
    assert.equal(status, 0, stderr);
    const m = stdout.match(/"nprocesses": (\d+)/);
    assert.ok(m, 'the result names its threads');
    return Number(m[1]);
  };
  test('-p above the machine is accepted and capped at its cores', () => {
    assert.equal(threadsOf(['-p', '1024']), availableParallelism());
  });
  test('by default and with -p all, every core', () => {
    assert.equal(threadsOf([]), availableParallelism());
    assert.equal(threadsOf(['-p', 'all']), availableParallelism());
  });
  test('-p 1 runs on one thread', () => {
    assert.equal(threadsOf(['-p', '1']), 1);
  });
});

describe('run documents (--config)', () => {
  const good = {
    network: 'alex_net',
    batch: 16,
    nodes: [1, 1],
    array: [16, 16],
    regf: 512,
    gbuf: 131072,
  };
  let n = 0;
  /** Writes `doc` (an object or raw text) and runs `search --config`. */
  async function configArgs(doc, extra = []) {
    const file = join(dir, `run${n++}.json`);
    await writeFile(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
    return { file, args: ['search', '--config', file, ...extra] };
  }
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  // [what, document, JSON path, rule]
  const cases = [
    ['batch 0', { ...good, batch: 0 }, 'batch', /from 1 to/],
    ['a fractional batch', { ...good, batch: 1.5 }, 'batch', /whole number, got 1\.5/],
    ['nodes[1] 0', { ...good, nodes: [1, 0] }, 'nodes[1]', /from 1 to 64/],
    ['nodes[0] a string', { ...good, nodes: ['a', 1] }, 'nodes[0]', /whole number, got "a"/],
    ['nodes not a pair', { ...good, nodes: [1] }, 'nodes', /pair/],
    ['array[0] negative', { ...good, array: [-1, 4] }, 'array[0]', /from 1 to 1024/],
    ['array[1] 5000', { ...good, array: [16, 5000] }, 'array[1]', /from 1 to 1024, got 5000/],
    ['regf 0', { ...good, regf: 0 }, 'regf', /from 1 to/],
    ['gbuf 0', { ...good, gbuf: 0 }, 'gbuf', /from 1 to/],
    ['word 0', { ...good, word: 0 }, 'word', /from 1 to 64/],
    ['bus_width -1', { ...good, bus_width: -1 }, 'bus_width', /from 0 to/],
    ['dram_bw a word', { ...good, dram_bw: 'fast' }, 'dram_bw', /number/],
    ['dram_bw 0', { ...good, dram_bw: 0 }, 'dram_bw', /from 1e-06 to/],
    ['mem_type 4D', { ...good, mem_type: '4D' }, 'mem_type', /2D or 3D, got "4D"/],
    ['cost.op negative', { ...good, cost: { op: -1 } }, 'cost.op', /from 0 to/],
    ['cost.hier[2] negative', { ...good, cost: { hier: [200, 6, -2, 1] } }, 'cost.hier[2]', /from 0 to/],
    ['cost.hier[2] a string', { ...good, cost: { hier: [200, 6, 'x', 1] } }, 'cost.hier[2]', /number/],
    ['cost.hier of three', { ...good, cost: { hier: [200, 6, 2] } }, 'cost.hier', /4 numbers/],
    ['cost.hop a string', { ...good, cost: { hop: 'x' } }, 'cost.hop', /number/],
    ['cost.unit_idle negative', { ...good, cost: { unit_idle: -1 } }, 'cost.unit_idle', /from 0 to/],
    ['an unknown cost field', { ...good, cost: { mac: 1 } }, 'cost.mac', /unknown field/],
    ['options.goal x', { ...good, options: { goal: 'x' } }, 'options.goal', /e, d or ed/],
    ['options.top 0', { ...good, options: { top: 0 } }, 'options.top', /from 1 to 64/],
    ['options.disable_bypass[1] x', { ...good, options: { disable_bypass: ['i', 'x'] } },
      'options.disable_bypass[1]', /i, o or f, got "x"/],
    ['options.hybrid_partition a string', { ...good, options: { hybrid_partition: 'yes' } },
      'options.hybrid_partition', /true or false/],
    ['options.layer_pipeline_time_overhead negative', { ...good, options: { layer_pipeline_time_overhead: -1 } },
      'options.layer_pipeline_time_overhead', /from 0 to/],
    ['solver with buffer sharing', { ...good, options: { solve_loopblocking: true, enable_gbuf_sharing: true } },
      'options.enable_gbuf_sharing', /cannot be combined with solve_loopblocking/],
    ['forwarding with buffer sharing', { ...good, options: { enable_access_forwarding: true, enable_gbuf_sharing: true } },
      'options.enable_gbuf_sharing', /already implies enable_access_forwarding/],
    ['solver with save writeback', { ...good, options: { solve_loopblocking: true, enable_save_writeback: true } },
      'options.enable_save_writeback', /cannot be combined with solve_loopblocking/],
    ['ifmaps partitioning without hybrid', { ...good, options: { ifmaps_partition: true } },
      'options.ifmaps_partition', /needs hybrid_partition/],
    ['an unknown option', { ...good, options: { fast: true } }, 'options.fast', /unknown field/],
    ['an unknown top-level field', { ...good, frob: 1 }, 'frob', /unknown field/],
    ['a missing nodes', { ...good, nodes: undefined }, 'nodes', /is required/],
    ['a missing network', { ...good, network: undefined }, 'network', /is required/],
    ['an unknown network', { ...good, network: 'no_such_net' }, 'network', /unknown network 'no_such_net'/],
    ['a bad layer in an inline network',
      { ...good, network: { input: { nofm: 3, sofm: 32 }, layers: [{ name: 'c1', type: 'conv', nifm: 4, nofm: 16, sofm: 32, sfil: 3 }] } },
      'network.layers[0] "c1".nifm', /nifm 4/],
  ];
  for (const [what, doc, path, rule] of cases) {
    test(`${what}: the error names ${path}`, async () => {
      const { file, args } = await configArgs(doc);
      expectError(args, [new RegExp(`^nndf: error: ${esc(file)}: ${esc(path)}: `), rule]);
    });
  }

  test('malformed JSON gives its line and column', async () => {
    const { file, args } = await configArgs('{"network": "alex_net",\n  "batch": }');
    expectError(args, [new RegExp(esc(file)), /malformed JSON at line 2/]);
  });

  test('a missing run document', () => {
    expectError(['search', '--config', join(dir, 'absent.json')], [/--config: /, /cannot read/]);
  });

  test('flags next to --config override its fields, the last of a repeated flag wins', async () => {
    const { args } = await configArgs(good, ['--batch', '4', '--hybrid-partition', '--batch', '8', '--print-run']);
    const { status, stdout, stderr } = runCli(args);
    assert.equal(status, 0, stderr);
    const run = JSON.parse(stdout);
    assert.equal(run.batch, 8);
    assert.equal(run.hybrid_partition, true);
    assert.deepEqual(run.nodes, [1, 1]);
  });

  test('a network next to --config overrides the document\'s', async () => {
    const { file } = await configArgs(good);
    const { status, stdout, stderr } = runCli(['search', 'mlp_s', '--config', file, '--print-run']);
    assert.equal(status, 0, stderr);
    assert.equal(JSON.parse(stdout).network, 'mlp_s');
  });

  test('an error in a field the flags set names the flag, in one the file set names the file', async () => {
    const { file, args } = await configArgs({ ...good, word: 0 }, ['--batch', '0']);
    expectError(args, [/^nndf: error: --batch: /]);
    const second = await configArgs({ ...good, word: 0 });
    expectError(second.args, [new RegExp(`^nndf: error: ${esc(second.file)}: word: `)]);
    assert.ok(file);
  });

  test('a version 2 document: flat keys named as the fields', async () => {
    const v2 = {
      format: 'nndf-run/2', ...good, hier_cost: [200, 6, 2, 1], enable_gbuf_sharing: true, solve_loopblocking: true,
    };
    const { file, args } = await configArgs(v2);
    expectError(args, [new RegExp(`^nndf: error: ${esc(file)}: enable_gbuf_sharing: `), /cannot be combined with solve_loopblocking/]);
    const bad = await configArgs({ ...v2, solve_loopblocking: false, hier_cost: [1, 2, 'x', 4] });
    expectError(bad.args, [new RegExp(`${esc(bad.file)}: hier_cost\\[2\\]: `), /number/]);
    const unknown = await configArgs({ ...good, format: 'nndf-run/2', cost: 3 });
    expectError(unknown.args, [/: cost: unknown field/]);
  });

  test('Infinity for dram_bw is accepted, as Python writes it', async () => {
    const doc = JSON.stringify({ ...good, network: 'mlp_s', batch: 1 }).replace(/}$/, ', "dram_bw": Infinity}');
    const { args } = await configArgs(doc);
    const { status, stdout, stderr } = runCli(args);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /"dram_bandwidth": Infinity/);
  });
});

describe('no valid dataflow', () => {
  // One-word register files and global buffers hold no loop body; the
  // reference (nn_dataflow_search.py with the same flags) also prints
  // "No valid dataflow found." on stderr, null on stdout, and exits 2.
  const tiny = ['search', 'mlp_s', ...flags({ '--batch': ['1'], '--regf': ['2'], '--gbuf': ['2'] })];

  test('prints the reference message on stderr, null on stdout, exit 2', () => {
    const { status, stdout, stderr } = runCli(tiny);
    assert.equal(status, 2);
    assert.equal(stdout, 'null\n');
    assert.match(stderr, /^No valid dataflow found\.$/m);
    assert.doesNotMatch(stderr, /nndf: error/);
  });

  test('the same through a run document', async () => {
    const file = join(dir, 'tiny.json');
    await writeFile(file, JSON.stringify({
      network: 'mlp_s', batch: 1, nodes: [1, 1], array: [16, 16], regf: 2, gbuf: 2,
    }));
    const { status, stdout, stderr } = runCli(['search', '--config', file]);
    assert.equal(status, 2);
    assert.equal(stdout, 'null\n');
    assert.match(stderr, /^No valid dataflow found\.$/m);
  });
});

describe('help', () => {
  // Every flag of the reference's nn_dataflow_search.py, plus ours.
  const REFERENCE_FLAGS = [
    '--batch', '--word', '--nodes', '--array', '--regf', '--gbuf', '--bus-width', '--dram-bw',
    '--op-cost', '--hier-cost', '--hop-cost', '--unit-idle-cost', '--mem-type', '--disable-bypass',
    '--solve-loopblocking', '--enable-access-forwarding', '--enable-gbuf-sharing',
    '--enable-save-writeback', '--disable-interlayer-opt', '--basic-interlayer-partition',
    '--hybrid-partition', '--hybrid-partition2d', '--batch-partition', '--ifmaps-partition',
    '--ifmap-partition', '--interlayer-partition', '--inter-layer-partition',
    '--layer-pipeline-time-overhead', '--layer-pipeline-max-degree', '-g', '--goal', '-t', '--top',
    '-p', '--processes', '-v', '--verbose',
  ];

  test('nndf search --help exits 0 and lists every flag', () => {
    const { status, stdout, stderr } = runCli(['search', '--help']);
    assert.equal(status, 0);
    assert.equal(stderr, '');
    assert.match(stdout, /^usage: nndf search/);
    const listed = new Set(stdout.match(/(?<![\w-])--?[a-z][a-z0-9-]*/g));
    for (const flag of [...REFERENCE_FLAGS, '--config', '-h', '--help']) {
      assert.ok(listed.has(flag), `--help lists ${flag}`);
    }
  });

  test('-h is --help, even with other flags', () => {
    const { status, stdout } = runCli(['search', 'alex_net', '-h']);
    assert.equal(status, 0);
    assert.match(stdout, /^usage: nndf search/);
  });
});

describe('a layer the reference cannot map', () => {
  // ZFNet's pool1 would use under half of a 14x12 array: the reference stops
  // on an assertion; we name the flag, the layer and the rule.
  test('is one line naming --array and the layer', () => {
    expectError(['search', 'zfnet', ...flags({ '--batch': ['2'], '--array': ['14', '12'] })],
      [/--array: /, /layer 'pool1'/, /less than half used/]);
  });
});
