// Documents kept within a budget of bytes (web/kept-documents.js): the
// sweep's result documents, the oldest let go first, the latest always kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { KeptDocuments } from '../../web/kept-documents.js';
import { seededRandom } from './seeded-random.mjs';

const utf8 = (/** @type {string} */ text) => new TextEncoder().encode(text).buffer;

test('the oldest documents are let go while the kept ones exceed the budget', () => {
  const kept = new KeptDocuments(10);
  kept.set(0, utf8('aaaa'));
  kept.set(1, utf8('bbbb'));
  assert.equal(kept.bytes, 8);
  kept.set(2, utf8('cccc'));
  assert.deepEqual([kept.text(0), kept.text(1), kept.text(2)], [null, 'bbbb', 'cccc']);
  assert.equal(kept.bytes, 8);
  // Kept again, a document is the newest and counts once.
  kept.set(1, utf8('BBBBBB'));
  assert.deepEqual([kept.text(1), kept.text(2)], ['BBBBBB', 'cccc']);
  assert.equal(kept.bytes, 10);
  kept.set(3, utf8('dd'));
  assert.deepEqual([kept.text(2), kept.text(1), kept.text(3)], [null, 'BBBBBB', 'dd']);
});

test('the budget counts bytes, not characters, and a document reads back as the text it was', () => {
  const kept = new KeptDocuments(10);
  // Four characters, nine bytes of UTF-8: two more bytes pass the budget.
  kept.set(0, utf8('µ×→é'));
  assert.equal(kept.bytes, 9);
  assert.equal(kept.text(0), 'µ×→é');
  kept.set(1, utf8('ab'));
  assert.deepEqual([kept.text(0), kept.text(1)], [null, 'ab']);
});

test('a document longer than the budget is kept alone, and the kept bytes never pass the budget otherwise', () => {
  const kept = new KeptDocuments(10);
  kept.set(0, utf8('aa'));
  kept.set(1, utf8('x'.repeat(25)));
  assert.deepEqual([kept.text(0), kept.text(1)?.length], [null, 25]);
  kept.set(2, utf8('yy'));
  assert.deepEqual([kept.text(1), kept.text(2)], [null, 'yy']);
  const next = seededRandom(3);
  for (let i = 0; i < 500; i += 1) {
    kept.set(Math.floor(next() * 40), utf8('z'.repeat(Math.floor(next() * 7))));
    assert.ok(kept.bytes <= kept.budget, `${kept.bytes} bytes kept`);
  }
  kept.clear();
  assert.equal(kept.bytes, 0);
  assert.equal(kept.text(2), null);
  assert.throws(() => new KeptDocuments(-1), /a number from 0/);
});
