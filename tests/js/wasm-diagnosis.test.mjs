// The wasm search answers a run without a dataflow with the engine's
// diagnosis (docs/diagnosis.md), the same one the CLI prints, and null for a
// run that has one.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadWasm, runCli, unwrap } from './support.mjs';

let nndf;
before(async () => {
  nndf = await loadWasm();
});

const RUN = {
  network: 'alex_net', batch: 4, nodes: [1, 1], array: [16, 16], regf: 512, gbuf: 16384,
  hop_cost: 0, disable_bypass: ['i', 'o', 'f'],
};

test('no dataflow: the diagnosis, as the CLI says it', () => {
  const answer = unwrap(nndf.search(JSON.stringify(RUN), null, true));
  assert.equal(answer.result_text, null);
  const d = answer.diagnosis;
  assert.equal(d.cause, 'gbuf');
  assert.equal(d.gbuf_have, RUN.gbuf);
  assert.ok(d.position >= 1 && d.position <= d.layer_count);
  assert.deepEqual(d.change.map((c) => [c.field, c.flag, c.from, c.unit]), [['gbuf', '--gbuf', RUN.gbuf, 'bytes']]);
  assert.equal(d.change[0].to, d.gbuf_need);
  assert.equal(d.verified, true);

  const cli = runCli(['search', 'alex_net', '--batch', '4', '--nodes', '1', '1', '--array', '16', '16',
    '--regf', '512', '--gbuf', '16384', '--hop-cost', '0', '--disable-bypass', 'i', 'o', 'f']);
  assert.equal(cli.status, 2);
  assert.match(cli.stderr, new RegExp(`^Layer ${d.position} of ${d.layer_count} in search order, '${d.layer}', has no schedule:$`, 'm'));
  assert.match(cli.stderr, new RegExp(`^ {2}Try --gbuf ${d.change[0].to} \\(`, 'm'));

  const fixed = unwrap(nndf.search(JSON.stringify({ ...RUN, gbuf: d.change[0].to }), null, true));
  assert.equal(typeof fixed.result_text, 'string');
  assert.equal(fixed.diagnosis, null);
});

test('no dataflow, asked for the status only (a sweep point): no diagnosis, no second search', () => {
  const answer = unwrap(nndf.search(JSON.stringify(RUN), null, false));
  assert.equal(answer.result_text, null);
  assert.equal(answer.diagnosis, null);
});
