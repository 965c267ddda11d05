// `nndf layers`, `search` and `explain` with grouped convolutions and matmuls
// (docs/extensions.md): what is particular to them shows, the rest is unchanged.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { parsePyJson } from '../../scripts/golden-diff.mjs';
import { runCli } from './support.mjs';

const attention = {
  name: 'attn',
  input: { nofm: 64, sofm: [16, 1] },
  layers: [
    { name: 'dw', type: 'conv', nifm: 64, nofm: 64, sofm: [16, 1], sfil: 1, groups: 64 },
    { name: 'q', type: 'conv', nifm: 64, nofm: 64, sofm: [16, 1], sfil: 1 },
    { name: 'k', type: 'conv', nifm: 64, nofm: 64, sofm: [16, 1], sfil: 1, prevs: 'dw' },
    { name: 's', type: 'matmul', nifm: 64, nofm: 64, sofm: [16, 1], heads: 4, prevs: 'q', rhs: 'k', transpose_rhs: true },
  ],
};

let dir;
let net;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nndf-groups-test-'));
  net = join(dir, 'attn.json');
  await writeFile(net, JSON.stringify(attention));
});
after(() => rm(dir, { recursive: true, force: true }));

test('layers shows groups and heads, and counts matmuls', () => {
  const { status, stdout, stderr } = runCli(['layers', net]);
  assert.equal(status, 0, stderr);
  assert.match(stdout, /^dw \(groups 64\) +,/m);
  assert.match(stdout, /^s \(heads 4, rhs k\^T\) +,/m);
  assert.match(stdout, /^q +,/m);
  assert.match(stdout, /# CONV layers = 3, # FC layers = 0, # MATMUL layers = 1/);
  const layers = JSON.parse(runCli(['layers', net, '--json']).stdout);
  const by = Object.fromEntries(layers.map((l) => [l.name, l]));
  assert.equal(by.dw.groups, 64);
  assert.equal(by.dw.filter_size, 64);
  assert.equal(by.s.type, 'MatmulLayer');
  assert.equal(by.s.heads, 4);
  assert.equal(by.s.rhs, 'k');
  assert.equal(by.s.filter_size, 0);
  assert.equal(by.s.total_ops_batch1, 16 * 64 * 16);
  assert.ok(!('groups' in by.q) && !('heads' in by.q));
});

test('search records groups, heads and passes; explain puts the pass loop outermost', async () => {
  const { status, stdout, stderr } = runCli([
    'search', net, '--batch', '2', '--nodes', '1', '1', '--array', '8', '8', '--regf', '64', '--gbuf', '8192',
  ]);
  assert.equal(status, 0, stderr);
  const res = parsePyJson(stdout);
  const dw = res.schedules.dw[0];
  assert.equal(dw.groups, 64);
  assert.equal(dw.passes, 64);
  assert.equal(res.schedules.s[0].heads, 4);
  assert.equal(res.schedules.s[0].passes, 8);
  assert.ok(!('passes' in res.schedules.q[0]));
  const file = join(dir, 'result.json');
  await writeFile(file, stdout);
  const ex = runCli(['explain', file, 's', '--network', net]);
  assert.equal(ex.status, 0, ex.stderr);
  assert.match(ex.stdout, /4 heads, one pass per head and sample/);
  const dram = ex.stdout.split('GBUF')[0];
  assert.match(dram, /for H in \[0:4\)\s+heads/);
  assert.match(dram, /for n in \[0:2\)\s+batch/);
  // A matmul's right operand is an activation (its rhs field), never "filters".
  assert.match(ex.stdout, /^DRAM\s+rhs\s+\d+/m);
  assert.match(ex.stdout, /Buffer occupancy \(words\)\s+rhs\s+ifmaps\s+ofmaps/);
  assert.doesNotMatch(ex.stdout, /filter/i);
  // The depthwise layer runs rounds of groups side by side (the result says how many a round).
  const together = dw.passes_together ?? 1;
  assert.ok(together > 1);
  const exd = runCli(['explain', file, 'dw', '--network', net]);
  assert.match(exd.stdout, new RegExp(`^Layer dw: .*64 groups, one pass per group, ${together} side by side on the array in each of ${64 / together} rounds$`, 'm'));
  assert.match(exd.stdout.split('GBUF')[0], new RegExp(`for G in \\[0:${64 / together}\\)\\s+groups\\s+-- rounds: ${together} groups a round`));
  assert.match(exd.stdout.split('PE array')[1], new RegExp(`for G in \\[0:${together}\\)\\s+\\(spatial\\)\\s+groups\\s+-- groups side by side`));
  assert.match(exd.stdout, /^DRAM\s+filters\s+\d+/m);
});
