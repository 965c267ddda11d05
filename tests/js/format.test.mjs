// Numbers for people (web/format.js): the separators the page writes
// without Intl must be the ones toLocaleString('en-US') writes, which is
// what the page showed before (node has the locale data).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  digitsToTell, formatCount, significant, withSeparators,
} from '../../web/format.js';
import { seededRandom } from './seeded-random.mjs';

/** Numbers of every size and sign, the same ones on every run. */
function samples() {
  const out = [0, -0, 1, -1, 999, 1000, -1000, 999999, 1e6, 123456789, 2 ** 53, 1e21, 1.5e23, -9.87e25];
  const next = seededRandom(12345);
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

test('digitsToTell gives the digits that write distinct values distinctly, from four to nine', () => {
  // A sweep's energies 0.007% apart: four digits write them equal; the digits given tell them apart.
  assert.equal(significant(111.251e6), significant(111.259e6));
  assert.equal(digitsToTell([111.251e6, 111.259e6, 111.251e6]), 6);
  assert.notEqual(significant(111.251e6, 6), significant(111.259e6, 6));
  assert.equal(digitsToTell([1, 2, 3]), 4);
  assert.equal(digitsToTell([]), 4);
  assert.equal(digitsToTell([5, 5, Number.NaN]), 4);
  assert.equal(digitsToTell([1, 1 + 1e-12]), 9);
  // Random sets of close values, of every size and sign: written with the digits given (when below the cap), no two distinct values read the same.
  const next = seededRandom(99);
  for (let i = 0; i < 500; i += 1) {
    const base = 10 ** (next() * 20 - 6) * (next() < 0.2 ? -1 : 1);
    const spread = 10 ** (-next() * 8);
    const values = Array.from({ length: 2 + Math.floor(next() * 20) }, () => base * (1 + spread * next()));
    const d = digitsToTell(values);
    if (d === 9) continue;
    const texts = new Map(values.map((v) => [significant(v, d), v]));
    assert.equal(texts.size, new Set(values).size, `${d} digits for ${values.join(', ')}`);
  }
});
