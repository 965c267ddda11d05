// `nndf sweep` (docs/sweep.md): lines in point order whatever the
// parallelism, the CSV table, --resume after a killed run, --shard and
// `sweep merge`, and one clear line for each bad input with nothing lost.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  mkdtemp, readFile, rm, stat, writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { cliPath, runCli } from './support.mjs';

const dir = await mkdtemp(join(tmpdir(), 'nndf-sweep-'));
after(() => rm(dir, { recursive: true, force: true }));

/** Writes a sweep document; returns its path. */
async function sweepFile(name, doc) {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(doc));
  return file;
}

const small = await sweepFile('small.json', {
  version: 1,
  base: {
    network: 'mlp_s', batch: 4, nodes: [1, 1], array: [8, 8], regf: 512, solve_loopblocking: true,
  },
  axes: [
    { path: 'gbuf', range: { from: 1024, to: 131072, times: 2 } },
    { path: 'batch', values: [1, 4] },
    { path: 'disable_bypass', values: [[], ['i', 'o', 'f']] },
  ],
});
const SMALL_POINTS = 8 * 2 * 2;

// Points of about a tenth of a second each (AlexNet, exhaustive search), so
// that a run can be killed half way.
const slow = await sweepFile('slow.json', {
  version: 1,
  base: {
    network: 'alex_net', batch: 16, nodes: [1, 1], array: [16, 16], regf: 512,
  },
  axes: [
    { path: 'gbuf', range: { from: 32768, to: 262144, times: 2 } },
    { path: 'hop_cost', range: { from: 1, to: 10, steps: 10 } },
  ],
});

function sweep(args) {
  const r = runCli(['sweep', ...args]);
  return { ...r, lines: r.stdout.split('\n').filter(Boolean) };
}

test('the lines are the same bytes on 1 and 2 threads, in point order, one per point', () => {
  const one = sweep([small, '-p', '1']);
  const two = sweep([small, '-p', '2']);
  assert.equal(one.status, 0, one.stderr);
  assert.equal(two.stdout, one.stdout);
  assert.equal(one.lines.length, SMALL_POINTS);
  const lines = one.lines.map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.index), [...Array(SMALL_POINTS).keys()]);
  assert.ok(lines.every((l) => l.count === SMALL_POINTS && l.sweep === lines[0].sweep));
  // The last axis varies fastest.
  assert.deepEqual(lines.slice(0, 4).map((l) => [l.values.gbuf, l.values.batch, l.values.disable_bypass.length]),
    [[1024, 1, 0], [1024, 1, 3], [1024, 4, 0], [1024, 4, 3]]);
  assert.ok(lines.some((l) => l.status === 'ok') && lines.some((l) => l.status === 'no-dataflow'));
  for (const l of lines.filter((x) => x.status === 'ok')) {
    const parts = Object.values(l.parts).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(parts / l.cost - 1) < 1e-9, `parts add up to the cost of point ${l.index}`);
  }
});

test('--full adds the whole result, whose totals are the line\'s', () => {
  const { status, lines, stderr } = sweep([small, '-p', '2', '--full', '--shard', '1/8']);
  assert.equal(status, 0, stderr);
  for (const text of lines) {
    const l = JSON.parse(text.replace(/\bInfinity\b/g, '1e999'));
    if (l.status !== 'ok') continue;
    assert.equal(l.result.total_cost, l.cost);
    assert.equal(l.result.total_time, l.time);
    assert.deepEqual(l.result.total_accesses, [l.accesses.dram, l.accesses.gbuf, l.accesses.itcn, l.accesses.regf]);
  }
});

test('--csv: a header from the axes and the totals, then a row per point with the lines\' numbers', () => {
  const csv = sweep([small, '--csv', '-p', '2']);
  const json = sweep([small, '-p', '2']);
  assert.equal(csv.status, 0, csv.stderr);
  assert.equal(csv.lines.length, SMALL_POINTS + 1);
  const header = csv.lines[0].split(',');
  assert.deepEqual(header.slice(0, 7), ['sweep', 'index', 'count', 'gbuf', 'batch', 'disable_bypass', 'status']);
  assert.ok(['cost', 'time', 'ops', 'accesses.dram', 'hops', 'parts.noc', 'message'].every((c) => header.includes(c)));
  const cost = header.indexOf('cost');
  csv.lines.slice(1).forEach((row, i) => {
    const line = JSON.parse(json.lines[i]);
    // The disable_bypass list is one quoted cell: split on the commas outside quotes.
    const cells = row.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, ''));
    assert.equal(cells[1], String(line.index));
    assert.equal(cells[cost] === '' ? undefined : Number(cells[cost]), line.cost);
  });
});

/** Runs a sweep into `out` and kills it once `lines` lines are written. */
async function killedRun(args, out, lines) {
  const child = spawn(cliPath, ['sweep', ...args, '--out', out], { stdio: 'ignore' });
  const exited = new Promise((resolve) => { child.on('exit', resolve); });
  for (;;) {
    const text = await readFile(out, 'utf8').catch(() => '');
    if (text.split('\n').length > lines) break;
    await new Promise((r) => { setTimeout(r, 10); });
  }
  child.kill('SIGKILL');
  await exited;
}

test('--resume continues a killed run: the file ends as a full run\'s, the cut line computed again', async () => {
  const full = join(dir, 'full.jsonl');
  assert.equal(runCli(['sweep', slow, '-p', '2', '--out', full]).status, 0);
  const expected = await readFile(full, 'utf8');
  const out = join(dir, 'killed.jsonl');
  await killedRun([slow, '-p', '2'], out, 5);
  const killed = await readFile(out, 'utf8');
  const kept = killed.split('\n').length - 1;
  assert.ok(kept >= 5 && kept < 40, `killed after ${kept} lines`);
  // As a run killed in the middle of a write leaves it: a line cut short.
  await writeFile(out, `${killed}{"sweep": "cut`);
  const r = runCli(['sweep', slow, '-p', '2', '--out', out, '--resume', '-v']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`${kept} points already in`));
  assert.equal(await readFile(out, 'utf8'), expected);
});

test('--resume refuses another sweep\'s file with one line and leaves it as it was', async () => {
  const out = join(dir, 'other.jsonl');
  assert.equal(runCli(['sweep', small, '-p', '2', '--out', out]).status, 0);
  const before = await readFile(out, 'utf8');
  const r = runCli(['sweep', slow, '--out', out, '--resume']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^nndf: error: .*other\.jsonl: line 1: a line of another sweep \(fingerprint [0-9a-f]{16}, this sweep's is [0-9a-f]{16}\); nothing was written\n$/);
  assert.equal(await readFile(out, 'utf8'), before);
  // Without --resume an existing output is not overwritten either.
  const again = runCli(['sweep', small, '--out', out]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /^nndf: error: --out: '.*other\.jsonl' exists: give --resume to continue it, or remove it\n$/);
  assert.equal(await readFile(out, 'utf8'), before);
});

test('--shard I/N runs 1/N of the points; merge joins the shards into the full run', async () => {
  const full = sweep([small, '-p', '2']).stdout;
  const parts = [];
  for (const i of [1, 2, 3]) {
    const part = join(dir, `part${i}.jsonl`);
    const r = runCli(['sweep', small, '-p', '2', '--shard', `${i}/3`, '--out', part]);
    assert.equal(r.status, 0, r.stderr);
    const indexes = (await readFile(part, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l).index);
    assert.ok(indexes.every((x) => x % 3 === i - 1));
    parts.push(part);
  }
  const merged = runCli(['sweep', 'merge', parts[2], parts[0], parts[1]]);
  assert.equal(merged.status, 0, merged.stderr);
  assert.equal(merged.stdout, full);
  const out = join(dir, 'merged.jsonl');
  assert.equal(runCli(['sweep', 'merge', ...parts, '--out', out]).status, 0);
  assert.equal(await readFile(out, 'utf8'), full);
  // As CSV: the same table as a --csv run.
  assert.equal(runCli(['sweep', 'merge', ...parts, '--csv']).stdout, sweep([small, '--csv']).stdout);
});

test('merge names the missing and the repeated points, and refuses parts of two sweeps', async () => {
  const parts = [1, 2, 3].map((i) => join(dir, `part${i}.jsonl`));
  await Promise.all(parts.map((p) => stat(p))); // written by the test before
  const missing = runCli(['sweep', 'merge', parts[0], parts[2], '--out', join(dir, 'never.jsonl')]);
  assert.equal(missing.status, 1);
  const second = [...Array(SMALL_POINTS).keys()].filter((x) => x % 3 === 1);
  assert.equal(missing.stderr, `nndf: error: PARTS: missing points ${second.join(', ')} (of ${SMALL_POINTS}); nothing was written\n`);
  await assert.rejects(stat(join(dir, 'never.jsonl')));
  const repeated = runCli(['sweep', 'merge', ...parts, parts[1]]);
  assert.equal(repeated.status, 1);
  assert.equal(repeated.stderr, `nndf: error: PARTS: repeated points ${second.join(', ')} (of ${SMALL_POINTS}); nothing was written\n`);
  assert.equal(repeated.stdout, '');
  const other = join(dir, 'other-part.jsonl');
  assert.equal(runCli(['sweep', slow, '--shard', '1/40', '--out', other]).status, 0);
  const mixed = runCli(['sweep', 'merge', ...parts, other]);
  assert.equal(mixed.status, 1);
  assert.match(mixed.stderr, /is of another sweep \(fingerprint [0-9a-f]{16}\) than .* \([0-9a-f]{16}\)\n$/);
});

test('bad input: one clear line each', async () => {
  const cases = [
    [[small, '--shard', '3/2'], /^nndf: error: --shard: 3\/2: I must be from 1 to 2 \(shards count from 1\)\n$/],
    [[small, '--shard', '0/0'], /^nndf: error: --shard: 0\/0: N must be at least 1\n$/],
    [[small, '--shard', 'half'], /^nndf: error: --shard: expects I\/N/],
    [[small, '--resume'], /^nndf: error: --resume: needs --out FILE/],
    [[small, '--csv', '--full'], /^nndf: error: --full: a CSV table has no place for whole results/],
  ];
  const bad = await sweepFile('bad.json', {
    version: 1, base: { network: 'mlp_s', batch: 4, nodes: [1, 1], array: [8, 8], regf: 512 }, axes: [{ path: 'gbuf', values: [1024, 0] }],
  });
  cases.push([[bad], /^nndf: error: .*bad\.json: axes\[0\]\.values\[1\]: gbuf: must be a whole number from 1 to 1099511627776 bytes, got 0\n$/]);
  const unknown = await sweepFile('unknown.json', {
    version: 1, base: { network: 'mlp_s' }, axes: [{ path: 'buffer', values: [1] }],
  });
  cases.push([[unknown], /^nndf: error: .*unknown\.json: axes\[0\]\.path: unknown run field "buffer"/]);
  for (const [args, message] of cases) {
    const r = sweep(args);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '');
  }
});

test('--resume continues a CSV table too, and refuses a table of another sweep', async () => {
  const full = join(dir, 'full.csv');
  assert.equal(runCli(['sweep', small, '--csv', '--out', full]).status, 0);
  const expected = await readFile(full, 'utf8');
  const out = join(dir, 'cut.csv');
  // The header, a few rows, and a row cut in the middle.
  await writeFile(out, expected.slice(0, expected.split('\n').slice(0, 4).join('\n').length + 30));
  const r = runCli(['sweep', small, '--csv', '--out', out, '--resume', '-v']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /3 points already in/);
  assert.equal(await readFile(out, 'utf8'), expected);
  const other = runCli(['sweep', slow, '--csv', '--out', out, '--resume']);
  assert.equal(other.status, 1);
  assert.match(other.stderr, /cut\.csv: line 1: the CSV header is not this sweep's/);
  assert.equal(await readFile(out, 'utf8'), expected);
});
