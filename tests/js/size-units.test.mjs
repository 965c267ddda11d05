// Sizes with units (size-units.js): the one definition the form, the links
// and the sweep read sizes with (1 kB = 1024 B, docs/web.md "Sizes").
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { FieldError, kindOf } from '../../web/field-kinds.js';
import {
  SIZE_UNITS, SizeError, parseSize, sizeText, sizeValue,
} from '../../web/size-units.js';

test('sizes are read with binary multiples, whatever the spelling and spacing', () => {
  for (const [text, bytes] of [['131072', 131072], ['128kB', 128 * 1024], ['128 kB', 128 * 1024], ['128 KiB', 128 * 1024],
    ['128K', 128 * 1024], ['1 MiB', 1024 ** 2], ['1MB', 1024 ** 2], ['0.5 MB', 512 * 1024], ['2 GiB', 2 * 1024 ** 3], [' 64 B ', 64]]) {
    assert.equal(parseSize(text), bytes, text);
  }
  // Each unit is the one before it times 1024.
  assert.equal(SIZE_UNITS.mib, SIZE_UNITS.kib * 1024);
  assert.equal(SIZE_UNITS.gb, SIZE_UNITS.mb * 1024);
});

test('a size that is not whole bytes, negative, hexadecimal or of another unit is refused, never rounded', () => {
  for (const text of ['0.3 kB', '1.0000001 kB', '-1 kB', '0x10', '1e3', 'inf', '8 kW', '8 k B', '', 'kB']) {
    assert.throws(() => parseSize(text), SizeError, text);
    assert.ok(Number.isNaN(sizeValue(text)), text);
  }
  assert.throws(() => parseSize('0.3 kB'), /not a whole number of bytes \(0\.3 kB = 307\.2 B\)/);
});

test('sizeText writes sizes in the same units (to 4 digits): whole ones read back exactly', () => {
  for (const bytes of [512, 1024, 131072, 110592, 576056, 1024 ** 2, 3 * 1024 ** 3]) {
    const [number, unit] = sizeText(bytes).split(' ');
    assert.ok(Math.abs(Number(number) * SIZE_UNITS[unit.toLowerCase()] - bytes) / bytes < 1e-3, `${bytes} ${sizeText(bytes)}`);
    if (Number.isInteger(Number(number))) assert.equal(parseSize(sizeText(bytes)), bytes);
  }
});

test('a field of unit bytes takes sizes with units; other integers do not', () => {
  const gbuf = kindOf({ name: 'gbuf', kind: 'integer', unit: 'bytes' });
  assert.equal(gbuf.parse('128 kB'), 131072);
  assert.equal(gbuf.format(gbuf.parse('1 MiB')), '1048576');
  assert.throws(() => gbuf.parse('0.3 kB'), FieldError);
  const batch = kindOf({ name: 'batch', kind: 'integer', unit: '' });
  assert.throws(() => batch.parse('16k'), FieldError);
});
