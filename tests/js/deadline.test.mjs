// withDeadline (web/deadline.js): the engine worker's guard against a
// threaded module that never loads (worker.js then searches on one thread).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DeadlineError, withDeadline } from '../../web/deadline.js';

test('a promise settled in time passes through, value or error', async () => {
  assert.equal(await withDeadline(Promise.resolve(7), 1000, 'x'), 7);
  await assert.rejects(withDeadline(Promise.reject(new Error('no wasm')), 1000, 'x'), /^Error: no wasm$/);
});

test('a promise that never settles is a DeadlineError naming the step and the time', async () => {
  const started = Date.now();
  await assert.rejects(withDeadline(new Promise(() => {}), 50, 'loading the threaded engine'), (err) => {
    assert.ok(err instanceof DeadlineError);
    assert.equal(err.message, 'loading the threaded engine took more than 0.05 s');
    return true;
  });
  assert.ok(Date.now() - started >= 45, 'not before the deadline');
});

test('an answer after the deadline changes nothing', async () => {
  let settle;
  const late = withDeadline(new Promise((resolve) => { settle = resolve; }), 20, 'x');
  await assert.rejects(late, DeadlineError);
  settle('too late');
  await assert.rejects(late, DeadlineError);
});
