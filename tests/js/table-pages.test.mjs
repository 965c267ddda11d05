// Long tables a page at a time (web/table-pages.js): which rows a page
// holds, at the ends and past them, and what the page says it shows.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { pageSpan, spanText } from '../../web/table-pages.js';

test('a page holds its rows; the last page the rest; a page past either end is the nearest one', () => {
  assert.deepEqual(pageSpan(250, 100, 0), {
    page: 0, pages: 3, from: 0, to: 100,
  });
  assert.deepEqual(pageSpan(250, 100, 1), {
    page: 1, pages: 3, from: 100, to: 200,
  });
  assert.deepEqual(pageSpan(250, 100, 2), {
    page: 2, pages: 3, from: 200, to: 250,
  });
  // A table that shrank (the front only, a new sweep) keeps a page that exists.
  assert.deepEqual(pageSpan(250, 100, 7), pageSpan(250, 100, 2));
  assert.deepEqual(pageSpan(250, 100, -1), pageSpan(250, 100, 0));
  assert.deepEqual(pageSpan(250, 100, Number.NaN), pageSpan(250, 100, 0));
  // Exactly full pages, and an empty table: one page, no rows.
  assert.deepEqual(pageSpan(200, 100, 5), {
    page: 1, pages: 2, from: 100, to: 200,
  });
  assert.deepEqual(pageSpan(0, 100, 3), {
    page: 0, pages: 1, from: 0, to: 0,
  });
  // Every row is on exactly one page.
  for (const [count, size] of [[1, 1], [7, 3], [1992, 100], [99, 100]]) {
    const { pages } = pageSpan(count, size, 0);
    const rows = [];
    for (let p = 0; p < pages; p += 1) {
      const { from, to } = pageSpan(count, size, p);
      for (let r = from; r < to; r += 1) rows.push(r);
    }
    assert.deepEqual(rows, [...Array(count).keys()], `${count} rows, ${size} a page`);
  }
});

test('a page size that is not a whole number from 1 is a broken invariant', () => {
  for (const size of [0, -3, 2.5, Number.NaN]) assert.throws(() => pageSpan(10, size, 0), /a whole number of rows from 1/);
});

test('a page says which rows it shows, with thousands separated; a single page says all', () => {
  assert.equal(spanText(pageSpan(1992, 100, 1), 1992, 'points'), 'Points 101–200 of 1,992');
  assert.equal(spanText(pageSpan(1992, 100, 19), 1992, 'points'), 'Points 1,901–1,992 of 1,992');
  assert.equal(spanText(pageSpan(12, 100, 0), 12, 'points on the front'), 'All 12 points on the front');
});
