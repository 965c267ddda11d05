// Numbers for people (web/format.js): the separators the page writes
// without Intl must be the ones toLocaleString('en-US') writes, which is
// what the page showed before (node has the locale data).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { formatCount, significant, withSeparators } from '../../web/format.js';

/** Numbers of every size and sign, the same ones on every run. */
function samples() {
  const out = [0, -0, 1, -1, 999, 1000, -1000, 999999, 1e6, 123456789, 2 ** 53, 1e21, 1.5e23, -9.87e25];
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < 2000; i += 1) {
    const magnitude = 10 ** (next() * 30 - 6);
    out.push((next() < 0.5 ? -1 : 1) * magnitude);
  }
  return out;
}

test('formatCount writes a rounded count as toLocaleString("en-US") does', () => {
  for (const value of samples()) {
    const rounded = Math.round(value);
    // toLocaleString writes a rounded -0.4 as "-0"; a count has no sign there.
    const expected = Object.is(rounded, -0) ? '0' : rounded.toLocaleString('en-US');
    assert.equal(formatCount(value), expected, String(value));
  }
  assert.equal(formatCount(Infinity), 'Infinity');
  assert.equal(formatCount(Number.NaN), 'NaN');
});

test('significant writes four digits as toLocaleString("en-US") does, between 1e-3 and 1e6', () => {
  for (const value of samples()) {
    const magnitude = Math.abs(value);
    if (magnitude < 1e-3 || magnitude >= 1e6) continue;
    const expected = Number(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 20 });
    assert.equal(significant(value), expected, String(value));
  }
  assert.equal(significant(1234567), '1.235 × 10⁶');
});

test('withSeparators groups the whole part only, after a sign', () => {
  assert.equal(withSeparators('-1234567.891011'), '-1,234,567.891011');
  assert.equal(withSeparators('123'), '123');
  assert.equal(withSeparators('-123'), '-123');
  assert.equal(withSeparators('0.0012345'), '0.0012345');
});
