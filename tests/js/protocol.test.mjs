// The page's engine protocol (web/protocol.js): the client (web/engine.js)
// with a scripted fake worker, the worker's handler (web/worker-handler.js)
// with the real wasm module, and both together across a real thread.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { CancelledError, EngineClient, EngineError } from '../../web/engine.js';
import {
  PROTOCOL_VERSION, callRequest, errorReply, progressReply, resultReply, searchRequest,
} from '../../web/protocol.js';
import { resultJsonText } from '../../web/export.js';
import { parsePyJson } from '../../web/py-json.js';
import { readResultText } from '../../web/result-model.js';
import { createRequestHandler } from '../../web/worker-handler.js';
import { FakeWorker } from './fake-worker.mjs';
import {
  builtinNetworkNames, cliSearchConfig, engineThread, loadWasm, repoPath, withoutRunFacts,
} from './support.mjs';

/** The default run: Eyeriss ISCA'16, AlexNet batch 16 (docs/run-config.md, version 2). */
const DEFAULT_RUN = {
  format: 'nndf-run/2',
  network: 'alex_net',
  batch: 16,
  word: 16,
  nodes: [1, 1],
  array: [16, 16],
  regf: 512,
  gbuf: 131072,
  op_cost: 1,
  hier_cost: [200, 6, 2, 1],
  hop_cost: 0,
  unit_idle_cost: 0,
  disable_bypass: ['i', 'o', 'f'],
};
/** A search that takes half a minute: long enough to cancel in the middle. */
const LONG_RUN = {
  ...DEFAULT_RUN,
  network: 'resnet152',
  batch: 64,
  nodes: [4, 4],
  disable_bypass: [],
  hybrid_partition: true,
  batch_partition: true,
  ifmaps_partition: true,
};
const text = (doc) => JSON.stringify(doc);

const fakeClient = () => {
  FakeWorker.made = [];
  return new EngineClient(() => new FakeWorker());
};

describe('EngineClient with a fake worker', () => {
  test('a call sends a versioned request and resolves with the result', async () => {
    const client = fakeClient();
    const answer = client.call('networkLayers', ['{}', 1, 16]);
    const [worker] = FakeWorker.made;
    assert.deepEqual(worker.sent, [callRequest(1, 'networkLayers', ['{}', 1, 16])]);
    assert.equal(worker.sent[0].v, PROTOCOL_VERSION);
    worker.reply(resultReply(1, ['a layer']));
    assert.deepEqual(await answer, ['a layer']);
  });

  test('a search reports progress, then its result', async () => {
    const client = fakeClient();
    const seen = [];
    const answer = client.search('{"run": 1}', { onProgress: (p) => seen.push(p.layerName) });
    const [worker] = FakeWorker.made;
    assert.deepEqual(worker.sent, [searchRequest(1, '{"run": 1}')]);
    assert.equal(client.searching, true);
    worker.reply(progressReply(1, {
      layerIndex: 1, layerCount: 2, layerName: 'conv1', fraction: 0.5, work: 0.4, elapsed: 0.1, remaining: 0.15, bestCost: -1,
    }));
    worker.reply(resultReply(1, { resultText: null, elapsed: 0.5 }));
    assert.deepEqual(await answer, { resultText: null, elapsed: 0.5 });
    assert.deepEqual(seen, ['conv1']);
    assert.equal(client.searching, false);
  });

  test('a search asked for the status only says so to the worker (a sweep point skips the diagnosis)', async () => {
    const client = fakeClient();
    const answer = client.search('{"run": 2}', { diagnose: false });
    const [worker] = FakeWorker.made;
    assert.deepEqual(worker.sent, [searchRequest(1, '{"run": 2}', false)]);
    assert.equal(worker.sent[0].diagnose, false);
    worker.reply(resultReply(1, { resultText: null, elapsed: 0.1, diagnosis: null }));
    assert.equal((await answer).diagnosis, null);
  });

  test('an error reply rejects with the message and the field path', async () => {
    const client = fakeClient();
    const answer = client.search('{}');
    FakeWorker.made[0].reply(errorReply(1, 'must be one of e, d, ed', 'goal'));
    await assert.rejects(answer, (err) => err instanceof EngineError
      && err.message === 'must be one of e, d, ed' && err.path === 'goal');
  });

  test('an internal error reply rejects with the report, and its details apart', async () => {
    const client = fakeClient();
    const answer = client.call('explain', ['{}', '{}', 'c1']);
    FakeWorker.made[0].reply(errorReply(1, 'internal error: x. This is a bug in nndf; please report it', '', false, {
      internal: true, details: 'a > 0 at core/x.cpp:3',
    }));
    await assert.rejects(answer, (err) => err instanceof EngineError && err.internal === true
      && err.details === 'a > 0 at core/x.cpp:3' && err.path === '' && !err.message.includes('core/'));
    // Not a crash: the worker serves the next request.
    assert.equal(FakeWorker.made[0].terminated, false);
    const input = client.call('validate', ['{}']);
    FakeWorker.made[0].reply(errorReply(2, 'must be one of e, d, ed', 'goal'));
    await assert.rejects(input, (err) => err instanceof EngineError && err.internal === false && err.details === '');
  });

  test('aborting a request\'s signal terminates the worker and rejects everything pending', async () => {
    const client = fakeClient();
    const controller = new AbortController();
    const search = client.search('{}', { signal: controller.signal });
    const call = client.call('version');
    controller.abort('stopped by the test');
    await assert.rejects(search, (err) => err instanceof CancelledError && err.message === 'stopped by the test');
    await assert.rejects(call, CancelledError);
    assert.equal(FakeWorker.made[0].terminated, true);
    assert.equal(client.searching, false);
    // A signal aborted already: nothing is sent, and the worker lives on.
    const again = client.call('version');
    await assert.rejects(client.call('version', [], { signal: AbortSignal.abort() }), CancelledError);
    assert.equal(FakeWorker.made[1].sent.length, 1);
    FakeWorker.made[1].reply(resultReply(3, '1.0.0'));
    assert.equal(await again, '1.0.0');
    // A signal aborted after its request settled changes nothing.
    const late = new AbortController();
    const done = client.call('version', [], { signal: late.signal });
    FakeWorker.made[1].reply(resultReply(4, '1.0.0'));
    await done;
    late.abort();
    assert.equal(FakeWorker.made[1].terminated, false);
  });

  test('terminate stops the worker, rejects everything pending, and the next request gets a fresh worker', async () => {
    const client = fakeClient();
    const search = client.search('{}');
    const call = client.call('version');
    client.terminate();
    await assert.rejects(search, CancelledError);
    await assert.rejects(call, CancelledError);
    assert.equal(FakeWorker.made[0].terminated, true);
    assert.equal(client.searching, false);

    const again = client.call('version');
    assert.equal(FakeWorker.made.length, 2);
    // Whatever the old worker still says is ignored.
    FakeWorker.made[0].reply(resultReply(2, 'stale'));
    FakeWorker.made[1].reply(resultReply(3, '0.1.0'));
    assert.equal(await again, '0.1.0');
  });

  test('a new search supersedes the running one: the newest run wins', async () => {
    const client = fakeClient();
    const first = client.search('{"n": 1}');
    const second = client.search('{"n": 2}');
    await assert.rejects(first, (err) => err instanceof CancelledError && /superseded/.test(err.message));
    const [old, fresh] = FakeWorker.made;
    assert.equal(old.terminated, true);
    assert.deepEqual(fresh.sent, [searchRequest(2, '{"n": 2}')]);
    fresh.reply(resultReply(2, { resultText: null, elapsed: 0 }));
    assert.deepEqual(await second, { resultText: null, elapsed: 0 });
  });

  test('a reply of another protocol version is refused', async () => {
    const client = fakeClient();
    const answer = client.call('version');
    FakeWorker.made[0].reply({ ...resultReply(1, 'x'), v: PROTOCOL_VERSION + 1 });
    await assert.rejects(answer, /protocol version/);
  });

  test('a crashed engine rejects its request and the next request gets a fresh worker', async () => {
    const client = fakeClient();
    const answer = client.search('{}');
    const pending = client.call('version');
    FakeWorker.made[0].reply(errorReply(1, 'the engine crashed: unreachable', '', true));
    await assert.rejects(answer, /crashed/);
    await assert.rejects(pending, /crashed/);
    assert.equal(FakeWorker.made[0].terminated, true);
    client.call('version');
    assert.equal(FakeWorker.made.length, 2);
  });

  test('a worker that fails to load rejects its requests, and a later request retries', async () => {
    const client = fakeClient();
    const answer = client.call('version');
    FakeWorker.made[0].onerror({ message: 'script not found', preventDefault() {} });
    await assert.rejects(answer, /worker failed: script not found/);
    client.call('version');
    assert.equal(FakeWorker.made.length, 2);
  });

  test('with a start timeout, a worker that never answers its first call is replaced and its requests go to the fresh one', async () => {
    FakeWorker.made = [];
    const client = new EngineClient(() => new FakeWorker(), { startTimeoutMs: 100, restarts: 1 });
    const seen = [];
    const answer = client.search('{"run": 1}', { onProgress: (p) => seen.push(p.layerName) });
    const [hung] = FakeWorker.made;
    // The first call is the engine's version; the search follows it.
    assert.deepEqual(hung.sent.map((m) => m.fn ?? m.type), ['version', 'search']);
    // Until the restart, not a fixed time: the fresh worker's own timer
    // starts then, and a busy machine must not let it run out first.
    const since = Date.now();
    while (!hung.terminated && Date.now() - since < 2000) await new Promise((resolve) => { setTimeout(resolve, 2); });
    assert.equal(hung.terminated, true, 'the silent worker is terminated');
    assert.ok(Date.now() - since >= 90, 'not before its start timeout');
    assert.equal(FakeWorker.made.length, 2);
    const [, fresh] = FakeWorker.made;
    const [ping, search] = fresh.sent;
    assert.equal(ping.fn, 'version');
    assert.deepEqual(search, hung.sent[1], 'the same search, sent again');
    fresh.reply(resultReply(ping.id, '2.1+nndf'));
    fresh.reply(progressReply(search.id, {
      layerIndex: 1, layerCount: 1, layerName: 'fc1', fraction: 1, work: 1, elapsed: 0.1, remaining: 0, bestCost: -1,
    }));
    fresh.reply(resultReply(search.id, { resultText: 'r', elapsed: 0.1 }));
    assert.deepEqual(await answer, { resultText: 'r', elapsed: 0.1 });
    assert.deepEqual(seen, ['fc1']);
    // Answered in time: the fresh worker is kept.
    await new Promise((resolve) => { setTimeout(resolve, 150); });
    assert.equal(fresh.terminated, false);
    assert.equal(FakeWorker.made.length, 2);
  });

  test('with a start timeout, when the fresh workers stay silent too the requests fail with a clear message', async () => {
    FakeWorker.made = [];
    const client = new EngineClient(() => new FakeWorker(), { startTimeoutMs: 20, restarts: 1 });
    const answer = client.search('{"run": 1}');
    await assert.rejects(answer, (err) => err instanceof EngineError && err.message === 'the engine did not start within 0.02 s: reload the page');
    assert.equal(FakeWorker.made.length, 2);
    assert.ok(FakeWorker.made.every((w) => w.terminated));
  });

  test('without a start timeout a slow worker is left alone', async () => {
    FakeWorker.made = [];
    const client = new EngineClient(() => new FakeWorker());
    const answer = client.call('networkLayers', ['{}', 1, 16]);
    await new Promise((resolve) => { setTimeout(resolve, 40); });
    assert.equal(FakeWorker.made.length, 1);
    assert.deepEqual(FakeWorker.made[0].sent.map((m) => m.fn), ['networkLayers']);
    FakeWorker.made[0].reply(resultReply(1, []));
    assert.deepEqual(await answer, []);
  });
});

describe('the worker handler with the real wasm', () => {
  let replies;
  let handle;
  before(() => {
    replies = [];
    handle = createRequestHandler(loadWasm(), (r) => replies.push(r), { progressInterval: 0 });
  });
  const ask = async (message) => {
    replies = [];
    await handle(message);
    return replies;
  };

  test('answers version, the built-in networks and the run schema', async () => {
    const [version] = await ask(callRequest(1, 'version'));
    assert.match(version.value, /^\d+\.\d+\.\d+$/);
    const [networks] = await ask(callRequest(2, 'builtinNetworks'));
    assert.equal(networks.value.length, builtinNetworkNames().length);
    const [schema] = await ask(callRequest(2, 'runSchema'));
    assert.equal(schema.value.format, 'nndf-run-schema/1');
    assert.equal(schema.value.document_format, 'nndf-run/2');
  });

  test('validate answers every problem of a run document by path, and the error of one it cannot read', async () => {
    const [ok] = await ask(callRequest(3, 'validate', [text(DEFAULT_RUN)]));
    assert.deepEqual(ok.value, []);
    const [bad] = await ask(callRequest(3, 'validate', [text({ ...DEFAULT_RUN, batch: 0, nodes: [1, 0], ifmaps_partition: true })]));
    assert.deepEqual(bad.value.map((p) => p.path), ['batch', 'nodes[1]', 'ifmaps_partition']);
    assert.match(bad.value[2].message, /needs Hybrid partitioning/);
    const [unread] = await ask(callRequest(3, 'validate', [text({ ...DEFAULT_RUN, goal: 'x' })]));
    assert.equal(unread.type, 'error');
    assert.equal(unread.path, 'goal');
  });

  test('explain answers a layer of a result', async () => {
    const golden = await readFile(repoPath('tests/golden/tetris_t16_alex_b16.json'), 'utf8');
    const [networks] = await ask(callRequest(2, 'builtinNetworks'));
    const alex = networks.value.find((n) => n.name === 'alex_net').json;
    const [reply] = await ask(callRequest(4, 'explain', [alex, golden, 'conv2_a']));
    assert.equal(reply.value.layer, 'conv2_a');
    assert.equal(reply.value.nodes.length, 16);
    const [missing] = await ask(callRequest(4, 'explain', [alex, golden, 'nope']));
    assert.equal(missing.type, 'error');
  });

  test('networkLayers errors carry the field path', async () => {
    const bad = JSON.stringify({ input: { nofm: 3, sofm: 8 }, layers: [{ name: 'c', type: 'conv', nifm: 4, nofm: 4, sofm: 8, sfil: 3 }] });
    const [reply] = await ask(callRequest(3, 'networkLayers', [bad, 1, 16]));
    assert.equal(reply.type, 'error');
    assert.equal(reply.path, 'layers[0] "c".nifm');
  });

  test('a search reports progress through every layer, then the result the CLI gives', async () => {
    const got = await ask(searchRequest(4, text(DEFAULT_RUN)));
    const progress = got.filter((r) => r.type === 'progress');
    const result = got.at(-1);
    assert.equal(result.type, 'result');
    assert.deepEqual([...new Set(progress.map((p) => p.layerIndex))], Array.from({ length: 19 }, (_, i) => i + 1));
    assert.ok(progress.every((p) => p.layerCount === 19 && p.fraction >= 0 && p.fraction <= 1));
    // Progress by work: a share that never goes back and ends at 1, with the
    // time spent and the best cost of the layers done so far.
    const works = progress.map((p) => p.work);
    assert.ok(works.every((w, i) => w >= 0 && w <= 1 && (i === 0 || w >= works[i - 1])), String(works));
    assert.equal(works.at(-1), 1);
    assert.ok(progress.every((p) => p.elapsed >= 0 && typeof p.remaining === 'number'));
    assert.ok(progress.filter((p) => p.layerIndex > 1).every((p) => p.bestCost > 0));
    assert.ok(got.every((r) => r.id === 4 && r.v === PROTOCOL_VERSION));

    // The CLI on as many threads as the module used (one, unless it was
    // built with threads), so the two texts must be equal.
    const threads = parsePyJson(result.value.resultText).options.nprocesses;
    const cli = await cliSearchConfig(DEFAULT_RUN, ['-p', String(threads)]);
    assert.equal(cli.status, 0, cli.stderr);
    const expected = parsePyJson(cli.stdout);
    const shown = readResultText(result.value.resultText);
    assert.equal(shown.totals.cost, expected.total_cost);
    assert.equal(shown.totals.time, expected.total_time);
    assert.equal(result.value.elapsed, parsePyJson(result.value.resultText).elapsed);
    // The text keeps the CLI's spelling: re-indented, it is the CLI's output
    // but for the search's run time.
    assert.equal(withoutRunFacts(resultJsonText(result.value.resultText)), withoutRunFacts(cli.stdout));
  });

  test('a forbidden option combination is an error naming the option', async () => {
    const run = { ...DEFAULT_RUN, solve_loopblocking: true, enable_gbuf_sharing: true };
    const [reply] = await ask(searchRequest(5, text(run)));
    assert.equal(reply.type, 'error');
    assert.match(reply.message, /cannot be combined with Loop-blocking solver/);
    assert.equal(reply.path, 'enable_gbuf_sharing');
  });

  test('a run with no valid dataflow answers a null result', async () => {
    const run = { ...DEFAULT_RUN, network: 'mlp_s', batch: 1, regf: 2, gbuf: 2 };
    const got = await ask(searchRequest(6, text(run)));
    assert.equal(got.at(-1).type, 'result');
    assert.equal(got.at(-1).value.resultText, null);
    // ... with the engine's diagnosis passed on (docs/diagnosis.md).
    assert.equal(got.at(-1).value.diagnosis.position, 1, 'a 1-word register file fails the first layer');
    assert.equal(got.at(-1).value.diagnosis.change[0].field, 'regf');
  });

  test('bad requests get error replies', async () => {
    const [version] = await ask({ ...callRequest(6, 'version'), v: 99 });
    assert.equal(version.type, 'error');
    assert.match(version.message, /protocol version 99/);
    const [unknown] = await ask(callRequest(7, 'search'));
    assert.match(unknown.message, /unknown engine function 'search'/);
    const [noId] = await ask({ v: PROTOCOL_VERSION, type: 'call', fn: 'version' });
    assert.equal(noId.type, 'error');
  });
});

test('the handler passes an engine bug on as internal, with its details apart, and keeps the engine', async () => {
  const replies = [];
  const bug = {
    message: 'internal error: DataLayout: frngs must begin at 0. This is a bug in nndf; please report it with the command or run document that caused it.',
    path: '',
    internal: true,
    details: 'frngs[0].fp_beg == (FmapPosition{0, 0, 0, 0}) at core/model/data_layout.cpp:12',
  };
  const engine = {
    explain: () => JSON.stringify({ ok: false, error: bug }),
    validate: () => JSON.stringify({ ok: false, error: { message: 'must be one of e, d, ed', path: 'goal' } }),
    version: () => '1.2.3',
  };
  const handle = createRequestHandler(Promise.resolve(engine), (r) => replies.push(r));
  await handle(callRequest(1, 'explain', ['{}', '{}', 'c1']));
  await handle(callRequest(2, 'validate', ['{}']));
  await handle(callRequest(3, 'version'));
  const [internal, input, version] = replies;
  assert.deepEqual(internal, errorReply(1, bug.message, '', false, { internal: true, details: bug.details }));
  assert.equal(internal.fatal, false);
  assert.doesNotMatch(internal.message, /core\//);
  assert.match(internal.message, /This is a bug in nndf; please report it/);
  assert.deepEqual([input.internal, input.details, input.path], [false, '', 'goal']);
  assert.deepEqual([version.type, version.value], ['result', '1.2.3']);
});

test('the handler reports a trapping engine as fatal, then refuses to use it', async () => {
  const replies = [];
  const trapping = { version: () => { throw new Error('RuntimeError: unreachable'); } };
  const handle = createRequestHandler(Promise.resolve(trapping), (r) => replies.push(r));
  await handle(callRequest(1, 'version'));
  await handle(callRequest(2, 'version'));
  assert.deepEqual(replies.map((r) => [r.id, r.type, r.fatal]), [[1, 'error', true], [2, 'error', true]]);
  assert.match(replies[1].message, /crashed: RuntimeError: unreachable/);
});

describe('EngineClient and the handler across a real thread', () => {
  let client;
  before(() => {
    client = new EngineClient(engineThread);
  });
  after(() => client.terminate('test over'));
  const costOf = (/** @type {{resultText: string}} */ answer) => readResultText(answer.resultText).totals.cost;

  test('runs, aborts a long search in the middle, and runs again', async () => {
    const first = await client.search(text(DEFAULT_RUN));
    assert.ok(costOf(first) > 0);

    let progressed;
    const started = new Promise((resolve) => { progressed = resolve; });
    const controller = new AbortController();
    const long = client.search(text(LONG_RUN), { signal: controller.signal, onProgress: progressed });
    await started;
    const t0 = performance.now();
    controller.abort();
    await assert.rejects(long, CancelledError);
    assert.ok(performance.now() - t0 < 1000, 'aborting does not wait for the search');

    const again = await client.search(text(DEFAULT_RUN));
    assert.equal(costOf(again), costOf(first));
  });

  test('an engine error arrives as an EngineError with its path', async () => {
    const run = { ...DEFAULT_RUN, batch: 0 };
    await assert.rejects(client.search(text(run)), (err) => err instanceof EngineError && err.path === 'batch');
  });

  test('the golden file of this configuration agrees', async () => {
    const golden = parsePyJson(await readFile(repoPath('tests/golden/isca16_paper_alex_b16_nobypass.json'), 'utf8'));
    assert.equal(costOf(await client.search(text(DEFAULT_RUN))), golden.total_cost);
  });
});
