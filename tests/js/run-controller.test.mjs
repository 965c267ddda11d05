// Running and cancelling (web/run-controller.js) and checking as one types
// (web/validation.js), with scripted fakes: the newest run wins, an abort
// terminates the search worker, the search does not wait for the check but
// a refused document shows no result, a result stays tied to the run document that produced it, and
// only the answer about the newest document reaches the form.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { EngineClient, EngineError } from '../../web/engine.js';
import { errorReply, progressReply, resultReply } from '../../web/protocol.js';
import { RunController } from '../../web/run-controller.js';
import { Validator } from '../../web/validation.js';
import { FakeWorker } from './fake-worker.mjs';
import { repoPath } from './support.mjs';

/** Resolves once pending promise callbacks have run. */
const settle = () => new Promise((resolve) => { setTimeout(resolve, 0); });

const setUp = (check = async () => []) => {
  FakeWorker.made = [];
  const client = new EngineClient(() => new FakeWorker());
  return { client, controller: new RunController(client, check) };
};
const DOC = { format: 'nndf-run/2', network: 'alex_net', batch: 16 };
const golden = () => readFile(repoPath('tests/golden/tetris_t16_alex_b16.json'), 'utf8');

describe('RunController', () => {
  test('a run checks, searches and keeps its result with the run document that produced it', async () => {
    const checked = [];
    const { controller } = setUp(async (text) => { checked.push(text); return []; });
    const running = controller.run({ document: DOC, networkText: '{"net": 1}' });
    assert.equal(controller.running, true);
    await settle();
    const [worker] = FakeWorker.made;
    assert.deepEqual(checked, [JSON.stringify(DOC)]);
    assert.equal(worker.sent[0].run, JSON.stringify(DOC));
    const text = await golden();
    worker.reply(resultReply(worker.sent[0].id, { resultText: text, elapsed: 1.5 }));
    const outcome = await running;
    assert.equal(outcome.status, 'done');
    assert.equal(outcome.run.document, DOC);
    assert.equal(outcome.run.documentText, JSON.stringify(DOC));
    assert.equal(outcome.run.networkText, '{"net": 1}');
    assert.equal(outcome.run.resultText, text);
    assert.equal(outcome.run.result.totals.cost, 0.0707427114752);
    assert.equal(outcome.run.elapsed, 1.5);
    assert.equal(controller.running, false);
  });

  test('no valid dataflow is a done run with no result', async () => {
    const { controller } = setUp();
    const running = controller.run({ document: DOC, networkText: null });
    await settle();
    FakeWorker.made[0].reply(resultReply(1, { resultText: null, elapsed: 0.1 }));
    const outcome = await running;
    assert.equal(outcome.status, 'done');
    assert.equal(outcome.run.result, null);
  });

  test('the search starts without waiting for the check', async () => {
    const { controller } = setUp(() => new Promise(() => {}));
    controller.run({ document: DOC, networkText: null });
    await settle();
    assert.equal(FakeWorker.made[0].sent[0].run, JSON.stringify(DOC));
  });

  test('a document the engine finds problems in is refused, even if its search ended first', async () => {
    const problems = [{ path: 'batch', message: 'must be a whole number from 1 to 65536, got 0' }];
    let release;
    const { controller } = setUp(() => new Promise((resolve) => { release = () => resolve(problems); }));
    const running = controller.run({ document: { ...DOC, batch: 0 }, networkText: null });
    await settle();
    FakeWorker.made[0].reply(errorReply(1, 'must be a whole number from 1 to 65536, got 0', 'batch'));
    await settle();
    release();
    assert.deepEqual(await running, { status: 'refused', problems });
  });

  test('a refused document\'s search is left to fail by itself: its worker is kept, its progress not shown', async () => {
    const problems = [{ path: 'batch', message: 'must be a whole number from 1 to 65536, got 0' }];
    const shown = [];
    const { client, controller } = setUp(async () => problems);
    const outcome = await controller.run({ document: { ...DOC, batch: 0 }, networkText: null }, { onProgress: (p) => shown.push(p) });
    assert.equal(outcome.status, 'refused');
    const [worker] = FakeWorker.made;
    assert.equal(worker.terminated, false);
    worker.reply(progressReply(1, {
      layerIndex: 0, layerCount: 8, layerName: 'conv1', fraction: 0, work: 0, elapsed: 0, remaining: 1, bestCost: -1,
    }));
    worker.reply(errorReply(1, 'must be a whole number from 1 to 65536, got 0', 'batch'));
    await settle();
    assert.deepEqual(shown, []);
    assert.equal(client.searching, false);
  });

  test('a check that fails stops the search it ran beside', async () => {
    const { controller } = setUp(async () => { throw new EngineError('the engine worker failed'); });
    const outcome = await controller.run({ document: DOC, networkText: null });
    assert.equal(outcome.status, 'failed');
    assert.equal(FakeWorker.made[0].terminated, true);
  });

  test('an engine error fails the run with its path', async () => {
    const { controller } = setUp();
    const running = controller.run({ document: DOC, networkText: null });
    await settle();
    FakeWorker.made[0].reply(errorReply(1, 'is required', 'regf'));
    const outcome = await running;
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.error instanceof EngineError);
    assert.equal(outcome.error.path, 'regf');
  });

  test('cancel aborts the run: the search worker is terminated at once', async () => {
    const { controller } = setUp();
    const running = controller.run({ document: DOC, networkText: null });
    await settle();
    controller.cancel();
    assert.deepEqual(await running, { status: 'cancelled' });
    assert.equal(FakeWorker.made[0].terminated, true);
    assert.equal(controller.running, false);
  });

  test('a cancel during the check stops the run and its search', async () => {
    let release;
    const { controller } = setUp(() => new Promise((resolve) => { release = () => resolve([]); }));
    const running = controller.run({ document: DOC, networkText: null });
    controller.cancel();
    release();
    assert.deepEqual(await running, { status: 'cancelled' });
    assert.equal(FakeWorker.made[0].terminated, true);
  });

  test('a new run supersedes the running one: the newest run wins', async () => {
    const { controller } = setUp();
    const first = controller.run({ document: DOC, networkText: null });
    await settle();
    const second = controller.run({ document: { ...DOC, batch: 2 }, networkText: null });
    assert.deepEqual(await first, { status: 'superseded' });
    assert.equal(FakeWorker.made[0].terminated, true);
    await settle();
    const fresh = FakeWorker.made[1];
    assert.equal(JSON.parse(fresh.sent[0].run).batch, 2);
    fresh.reply(resultReply(fresh.sent[0].id, { resultText: null, elapsed: 0 }));
    const outcome = await second;
    assert.equal(outcome.status, 'done');
    assert.equal(outcome.run.document.batch, 2);
    assert.equal(controller.running, false);
  });

  test('the caller\'s own signal aborts its run too', async () => {
    const { controller } = setUp();
    const abort = new AbortController();
    const running = controller.run({ document: DOC, networkText: null }, { signal: abort.signal });
    await settle();
    abort.abort();
    assert.deepEqual(await running, { status: 'cancelled' });
    assert.equal(FakeWorker.made[0].terminated, true);
  });
});

describe('Validator', () => {
  /** A validate call whose answers the test releases, in any order. */
  const scripted = () => {
    const asked = [];
    const validate = (text) => new Promise((resolve, reject) => asked.push({ text, resolve, reject }));
    return { asked, validate };
  };

  test('waits for a pause in the typing, then asks once about the newest document', async () => {
    const { asked, validate } = scripted();
    const answers = [];
    const validator = new Validator(validate, (problems, text) => answers.push([text, problems]), 20);
    validator.request('a');
    validator.request('ab');
    validator.request('abc');
    await new Promise((resolve) => { setTimeout(resolve, 60); });
    assert.deepEqual(asked.map((a) => a.text), ['abc']);
    asked[0].resolve([{ path: 'batch', message: 'x' }]);
    await settle();
    assert.deepEqual(answers, [['abc', [{ path: 'batch', message: 'x' }]]]);
  });

  test('the latest answer wins: an answer about an older document is dropped', async () => {
    const { asked, validate } = scripted();
    const answers = [];
    const validator = new Validator(validate, (problems, text) => answers.push(text), 0);
    const older = validator.now('old');
    const newer = validator.now('new');
    asked[1].resolve([]);
    asked[0].resolve([{ path: 'batch', message: 'late' }]);
    assert.deepEqual(await older, [{ path: 'batch', message: 'late' }], 'its caller still gets it');
    await newer;
    await settle();
    assert.deepEqual(answers, ['new']);
  });

  test('asking again about the same document reuses the answer; an engine error is a problem at its path', async () => {
    let calls = 0;
    const validator = new Validator(async () => {
      calls += 1;
      throw new EngineError('must be one of e, d, ed', 'goal');
    }, () => {}, 0);
    assert.deepEqual(await validator.now('doc'), [{ path: 'goal', message: 'must be one of e, d, ed' }]);
    assert.deepEqual(await validator.now('doc'), [{ path: 'goal', message: 'must be one of e, d, ed' }]);
    assert.equal(calls, 1);
  });
});
