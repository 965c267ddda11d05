// Texts kept within a budget of characters (web/kept-texts.js): the sweep's
// result documents, the oldest let go first, the latest always kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { KeptTexts } from '../../web/kept-texts.js';
import { seededRandom } from './seeded-random.mjs';

test('the oldest texts are let go while the kept ones exceed the budget', () => {
  const kept = new KeptTexts(10);
  kept.set(0, 'aaaa');
  kept.set(1, 'bbbb');
  assert.equal(kept.chars, 8);
  kept.set(2, 'cccc');
  assert.deepEqual([kept.get(0), kept.get(1), kept.get(2)], [null, 'bbbb', 'cccc']);
  assert.equal(kept.chars, 8);
  // Kept again, a text is the newest and counts once.
  kept.set(1, 'BBBBBB');
  assert.deepEqual([kept.get(1), kept.get(2)], ['BBBBBB', 'cccc']);
  assert.equal(kept.chars, 10);
  kept.set(3, 'dd');
  assert.deepEqual([kept.get(2), kept.get(1), kept.get(3)], [null, 'BBBBBB', 'dd']);
});

test('a text longer than the budget is kept alone, and the kept characters never pass the budget otherwise', () => {
  const kept = new KeptTexts(10);
  kept.set(0, 'aa');
  kept.set(1, 'x'.repeat(25));
  assert.deepEqual([kept.get(0), kept.get(1)?.length], [null, 25]);
  kept.set(2, 'yy');
  assert.deepEqual([kept.get(1), kept.get(2)], [null, 'yy']);
  const next = seededRandom(3);
  for (let i = 0; i < 500; i += 1) {
    kept.set(Math.floor(next() * 40), 'z'.repeat(Math.floor(next() * 7)));
    assert.ok(kept.chars <= kept.budget, `${kept.chars} characters kept`);
  }
  kept.clear();
  assert.equal(kept.chars, 0);
  assert.equal(kept.get(2), null);
  assert.throws(() => new KeptTexts(-1), /a number from 0/);
});
