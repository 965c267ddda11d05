// The Compare view's model (web/compare-model.js) on golden results, and A's
// run document in the link (web/compare-link.js): deltas are differences of
// the results' own numbers, relative deltas against a zero baseline have no
// number, layers of one side are listed as such, the differing fields are
// exactly those that differ, with the schema's labels, and a link's A
// round trips, keeps opening when frozen, and fails precisely when damaged.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';

import { CompareLinkError, packDocument, unpackDocument } from '../../web/compare-link.js';
import {
  compareLayers, compareTotals, comparedTotals, delta, differingFields, documentTexts,
} from '../../web/compare-model.js';
import { ConfigModel } from '../../web/config-model.js';
import { networkEnergy, energyTotal } from '../../web/energy.js';
import { CUSTOM } from '../../web/fields.js';
import { OPENING, presetState } from '../../web/presets.js';
import { readResultText } from '../../web/result-model.js';
import { packText } from '../../web/url-codec.js';
import { relText } from '../../web/view-compare.js';
import { pageFields, repoPath } from './support.mjs';

const golden = async (/** @type {string} */ name) => readResultText(await readFile(repoPath(`tests/golden/${name}.json`), 'utf8'));
const near = (/** @type {number} */ x, /** @type {number} */ y, what = '') => assert.ok(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y)), `${what}: ${x} vs ${y}`);

describe('deltas', () => {
  test('absolute and relative, with zero and negative baselines', () => {
    assert.deepEqual(delta(4, 2), {
      a: 4, b: 2, abs: -2, rel: -0.5,
    });
    assert.deepEqual(delta(0, 0), {
      a: 0, b: 0, abs: 0, rel: 0,
    });
    assert.equal(delta(0, 5).rel, null, 'no ratio to a zero baseline');
    assert.equal(delta(-2, 2).rel, 2, 'relative to |A|');
    assert.equal(relText(null), '—');
    assert.equal(relText(0.1234), '+12.3%');
    assert.equal(relText(-0.0004), '−0.04%');
    assert.equal(relText(0), '±0%');
  });

  test('the totals of two golden results: B − A of each result\'s own numbers, the parts adding up to the total', async () => {
    const [a, b] = [await golden('isca16_alex_b16_exhaustive'), await golden('isca16_alex_b16_solver')];
    const rows = compareTotals(a, b);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    assert.deepEqual(rows.map((r) => r.key), comparedTotals(a).map((r) => r.key));
    for (const [key, result, side] of [['cost', a, 'a'], ['cost', b, 'b']]) assert.equal(byKey[key][side], result.totals.cost);
    assert.equal(byKey.time.b, b.totals.time);
    assert.equal(byKey.ops.a, a.totals.ops);
    assert.equal(byKey.dram.b, b.totals.accesses.dram);
    assert.equal(byKey.per_mac.a, a.totals.cost / a.totals.ops);
    for (const r of rows) {
      assert.equal(r.abs, r.b - r.a, r.key);
      if (r.a !== 0) assert.equal(r.rel, r.abs / Math.abs(r.a), r.key);
    }
    const parts = rows.filter((r) => r.partOfTotal);
    assert.equal(parts.length, Object.keys(networkEnergy(a)).length);
    near(parts.reduce((t, r) => t + r.abs, 0), energyTotal(networkEnergy(b)) - energyTotal(networkEnergy(a)), 'parts');
    near(parts.reduce((t, r) => t + r.abs, 0), byKey.cost.abs, 'parts against the total');
    // A result against itself: nothing changes.
    for (const r of compareTotals(b, b)) assert.deepEqual([r.abs, r.rel], [0, 0], r.key);
    // The solver's schedule is not the exhaustive optimum: the comparison sees a difference.
    assert.notEqual(byKey.cost.abs, 0);
  });
});

describe('layers', () => {
  test('the same network: every layer on both sides, deltas of their own costs and times', async () => {
    const [a, b] = [await golden('isca16_alex_b16_exhaustive'), await golden('isca16_alex_b16_solver')];
    const rows = compareLayers(a, b);
    assert.deepEqual(rows.map((r) => r.name), a.layers.map((l) => l.name));
    for (const [i, r] of rows.entries()) {
      assert.equal(r.side, 'both');
      assert.equal(r.energy?.abs, b.layers[i].cost - a.layers[i].cost);
      assert.equal(r.time?.abs, b.layers[i].time - a.layers[i].time);
    }
  });

  test('different networks: layers of one side are listed as such, each once, in their own order', async () => {
    const [a, b] = [await golden('mlp_m_b8_delay'), await golden('isca16_alex_b16_solver')];
    const rows = compareLayers(a, b);
    const names = (side) => rows.filter((r) => r.side === side).map((r) => r.name);
    const inA = new Set(a.layers.map((l) => l.name));
    const inB = new Set(b.layers.map((l) => l.name));
    assert.deepEqual(names('a'), a.layers.map((l) => l.name).filter((n) => !inB.has(n)));
    assert.deepEqual(names('b'), b.layers.map((l) => l.name).filter((n) => !inA.has(n)));
    assert.deepEqual(names('both'), a.layers.map((l) => l.name).filter((n) => inB.has(n)));
    assert.ok(names('a').length > 0 && names('b').length > 0 && names('both').length > 0);
    assert.equal(new Set(rows.map((r) => r.name)).size, rows.length);
    // Each side's layers keep their order in the merged list.
    const order = (/** @type {string[]} */ list) => rows.map((r) => r.name).filter((n) => list.includes(n));
    assert.deepEqual(order(a.layers.map((l) => l.name)), a.layers.map((l) => l.name));
    assert.deepEqual(order(b.layers.map((l) => l.name)), b.layers.map((l) => l.name));
    for (const r of rows.filter((x) => x.side !== 'both')) assert.deepEqual([r.energy, r.time], [null, null]);
  });
});

describe('configurations', () => {
  /** @type {Awaited<ReturnType<typeof pageFields>>} */
  let page;
  /** @type {Record<string, any>} */
  let opening;
  before(async () => {
    page = await pageFields();
    opening = new ConfigModel(page.fields, presetState(page.fields, OPENING), page.schema.documentFormat).runDocument();
  });

  test('the fields that differ, with the schema\'s labels, in the form\'s order; none for the same document', () => {
    assert.deepEqual(differingFields(page.fields, opening, structuredClone(opening)), []);
    const b = { ...opening, gbuf: 65536, nodes: [4, 4] };
    const diffs = differingFields(page.fields, opening, b);
    const label = (/** @type {string} */ name) => page.fields.find((f) => f.name === name)?.label;
    assert.deepEqual(diffs.map((d) => d.name), page.fields.map((f) => f.name).filter((n) => n === 'gbuf' || n === 'nodes'));
    const gbuf = diffs.find((d) => d.name === 'gbuf');
    assert.deepEqual(gbuf, {
      name: 'gbuf', label: label('gbuf'), a: String(opening.gbuf), b: '65536',
    });
    assert.match(String(label('gbuf')), /Global buffer/);
    assert.equal(diffs.find((d) => d.name === 'nodes')?.b, '4x4');
  });

  test('a custom network, a key left out and a key the page does not know', () => {
    const custom = { ...opening, network: { name: 'tiny', layers: [] } };
    assert.deepEqual(differingFields(page.fields, opening, custom).map((d) => [d.name, d.b]), [['network', 'your own network \'tiny\'']]);
    const other = { ...custom, network: { name: 'tiny', layers: [{}] } };
    const [same] = differingFields(page.fields, custom, other);
    assert.equal(same.name, 'network');
    assert.notEqual(same.a, same.b, 'two networks of one name are told apart');
    const { top, ...withoutTop } = opening;
    assert.equal(differingFields(page.fields, opening, withoutTop)[0].b, '(not set)');
    assert.deepEqual(differingFields(page.fields, opening, { ...opening, zzz: 1 }), [{
      name: 'zzz', label: 'zzz', a: '(not set)', b: '1',
    }]);
  });

  test('a run document back into the form gives the same run document (also with a custom network)', () => {
    for (const doc of [opening, { ...opening, gbuf: 65536, dram_bw: 'inf' }, { ...opening, network: JSON.parse(page.networks.get('mlp_s')) }]) {
      const model = new ConfigModel(page.fields, presetState(page.fields, OPENING), page.schema.documentFormat);
      const { texts, customNetwork } = documentTexts(page.fields, doc, CUSTOM);
      model.load(texts, customNetwork ?? '');
      assert.deepEqual(model.runDocument(), doc);
      assert.equal(JSON.stringify(model.runDocument()), JSON.stringify(doc));
    }
  });

  test('A in the link: round trips, a frozen link keeps opening, a damaged one fails with a precise message', async () => {
    const { fields, schema: { documentFormat } } = page;
    const text = JSON.stringify(opening);
    assert.deepEqual(await unpackDocument(await packDocument(text), fields, documentFormat), { document: opening, documentText: text });
    // Frozen: written by this page on 2 December 2026 (nndf-run/2); links like it are out there.
    const FROZEN = 'FcxBDsIgEAXQu_z1GKUGFnMVQ8hQoG2s0ACNNsa7my7f5n2RSn1JByPnkC51z9cBhBz7u9QnGLLGj8uxg-CljzNYGUIuITbwQ5GyBKlVjlOGlLGEGqcE1mogTH5PYKP13RDmsrmxtA6-EcLSxK_R-WOTdl5YQCggJNjfHw';
    assert.deepEqual((await unpackDocument(FROZEN, fields, documentFormat)).document, {
      format: 'nndf-run/2', network: 'alex_net', batch: 16, nodes: [1, 1], array: [16, 16], regf: 512, gbuf: 65536, hop_cost: 0, disable_bypass: ['i', 'o', 'f'],
    });
    const cases = [
      ['AAAA', /^it cannot be unpacked/],
      [await packText('not json'), /^it is not JSON$/],
      [await packText('[1]'), /^it is not a run document \(a JSON object\)$/],
      [await packText('{"format": "nndf-run/9"}'), /^it is a run document of format "nndf-run\/9"; this page reads nndf-run\/2$/],
      [await packText('{"format": "nndf-run/2", "bogus": 1}'), /^it has the unknown key 'bogus'$/],
      [await packText('{"format": "nndf-run/2", "batch": "many"}'), /^its Batch.* "many" is not of the field's kind$/],
    ];
    for (const [packed, pattern] of cases) {
      await assert.rejects(unpackDocument(packed, fields, documentFormat), (err) => err instanceof CompareLinkError && pattern.test(err.message), String(pattern));
    }
  });
});
