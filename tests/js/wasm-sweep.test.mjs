// The wasm module's sweep calls (docs/sweep.md): sweepPoints gives the CLI's
// points, and sweepLine for a point searched in wasm gives exactly the line
// `nndf sweep` prints for it; errors come back as data, naming axis and field.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { createRequestHandler } from '../../web/worker-handler.js';
import { callRequest } from '../../web/protocol.js';
import { loadWasm, runCli, unwrap } from './support.mjs';

const nndf = await loadWasm();

const sweep = {
  version: 1,
  base: {
    network: 'mlp_s', batch: 4, nodes: [1, 1], array: [8, 8], gbuf: 512, solve_loopblocking: true,
  },
  // A 1-byte register file holds no 16-bit word (an error); 512 bytes of
  // buffer that nothing may bypass hold too little (no dataflow).
  axes: [
    { path: 'disable_bypass', values: [[], ['i', 'o', 'f']] },
    { path: 'regf', values: [1, 512] },
  ],
};

async function cliLines(doc) {
  const dir = await mkdtemp(join(tmpdir(), 'nndf-sweep-'));
  try {
    const file = join(dir, 'sweep.json');
    await writeFile(file, JSON.stringify(doc));
    const { status, stdout, stderr } = runCli(['sweep', file, '-p', '1']);
    assert.equal(status, 0, stderr);
    return stdout.split('\n').filter(Boolean);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('sweepLine of a point searched in wasm is the CLI line, byte for byte', async () => {
  const { sweep: fingerprint, count, points } = unwrap(nndf.sweepPoints(JSON.stringify(sweep)));
  assert.equal(count, 4);
  assert.equal(points.length, 4);
  const lines = await cliLines(sweep);
  assert.equal(lines.length, 4);
  for (const point of points) {
    assert.equal(point.sweep, fingerprint);
    // A point with a problem is an error without a search.
    const resultText = point.problem ? '' : unwrap(nndf.search(JSON.stringify(point.run), null, false)).result_text ?? '';
    const { line, text } = unwrap(nndf.sweepLine(JSON.stringify(point), resultText, ''));
    assert.equal(line.index, point.index);
    assert.deepEqual(line.values, point.values);
    assert.equal(text, lines[point.index]);
  }
  assert.deepEqual(lines.map((l) => JSON.parse(l).status), ['error', 'ok', 'error', 'no-dataflow']);
});

test('sweepPoint through the worker handler: the search and the line in one call, the CLI line byte for byte, and no progress messages', async () => {
  const { points } = unwrap(nndf.sweepPoints(JSON.stringify(sweep)));
  const lines = await cliLines(sweep);
  const replies = [];
  const transfers = [];
  const handle = createRequestHandler(Promise.resolve(nndf), (r, transfer = []) => {
    replies.push(r);
    transfers.push(transfer);
  });
  for (const point of points) {
    replies.length = 0;
    transfers.length = 0;
    await handle(callRequest(point.index + 1, 'sweepPoint', [JSON.stringify(point)]));
    assert.deepEqual(replies.map((r) => r.type), ['result'], 'one message a point');
    const {
      line, text, result, seconds,
    } = replies[0].value;
    // The document travels as UTF-8 bytes, on the reply's transfer list.
    assert.deepEqual(transfers[0], result === null ? [] : [result]);
    const resultText = result === null ? null : new TextDecoder().decode(result);
    assert.equal(text, lines[point.index]);
    assert.ok(seconds >= 0 && seconds < 60, `the worker's time for the point: ${seconds}`);
    assert.deepEqual(line, JSON.parse(text));
    // The result text is the search's own; none where the point has a problem or no dataflow.
    const searched = point.problem ? null : unwrap(nndf.search(JSON.stringify(point.run), null, false)).result_text ?? null;
    const timeless = (/** @type {string | null} */ t) => t?.replace(/"elapsed": [^,]*,/, '') ?? null;
    assert.equal(timeless(resultText), timeless(searched));
    assert.equal(resultText === null, !JSON.parse(text).status.startsWith('ok'));
  }
});

test('sweepPoints refuses a bad sweep as data, naming the axis and the field', () => {
  const bad = structuredClone(sweep);
  bad.axes[1].values = [512, -1];
  const envelope = JSON.parse(nndf.sweepPoints(JSON.stringify(bad)));
  assert.equal(envelope.ok, false);
  assert.equal(envelope.error.path, 'axes[1].values[1]');
  assert.match(envelope.error.message, /^regf: must be a whole number from 1/);
});

test('the sweep calls through the worker handler', async () => {
  const replies = [];
  const handle = createRequestHandler(Promise.resolve(nndf), (r) => replies.push(r));
  await handle(callRequest(1, 'sweepPoints', [JSON.stringify(sweep)]));
  assert.equal(replies[0].type, 'result', JSON.stringify(replies[0]));
  const point = replies[0].value.points[0];
  await handle(callRequest(2, 'sweepLine', [JSON.stringify(point), '', 'boom']));
  assert.equal(replies[1].type, 'result', JSON.stringify(replies[1]));
  assert.equal(replies[1].value.line.status, 'error');
  assert.deepEqual(JSON.parse(replies[1].value.text), replies[1].value.line);
  // The point as an object is taken as well as its text.
  await handle(callRequest(3, 'sweepLine', [point, '', 'boom']));
  assert.equal(replies[2].value.text, replies[1].value.text);
});
