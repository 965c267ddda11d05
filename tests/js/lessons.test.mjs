// The lessons (web/lessons.js): each step's configuration runs in the wasm
// as the page runs it, and the claims of its sentences (its `evidence`) hold
// on that result; each step is a link that opens its configuration and view.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';

import { ConfigModel } from '../../web/config-model.js';
import { LESSONS, lessonState } from '../../web/lessons.js';
import { OPENING, presetState } from '../../web/presets.js';
import { readExplanation, readResultText } from '../../web/result-model.js';
import { decodeHash, encodeHash } from '../../web/url-codec.js';
import { defaultView, readViewHash } from '../../web/view-params.js';
import { pageFields, repoPath, unwrap } from './support.mjs';

let page;
/** The page's result views, from its tablist. */
let views;
/** @type {Map<string, import('../../web/result-model.js').Result>} step id -> its result */
const results = new Map();
/** @type {Map<string, string>} step id -> its result document's text */
const texts = new Map();
before(async () => {
  page = await pageFields();
  const html = await readFile(repoPath('web/index.html'), 'utf8');
  const tablist = html.slice(html.indexOf('id="result-tabs"'), html.indexOf('</div>', html.indexOf('id="result-tabs"')));
  views = [...tablist.matchAll(/aria-controls="panel-([\w-]+)"/g)].map((m) => m[1]);
  for (const step of LESSONS) {
    const model = new ConfigModel(page.fields, presetState(page.fields, OPENING), page.schema.documentFormat);
    model.load(model.formatState(lessonState(page.fields, step)));
    const { result_text: text } = unwrap(page.nndf.search(JSON.stringify(model.runDocument()), null, true));
    results.set(step.id, readResultText(text));
    texts.set(step.id, text);
  }
});

describe('lessons', () => {
  test('five to seven steps with unique ids, two or three sentences each, and a view of the page', () => {
    assert.ok(LESSONS.length >= 5 && LESSONS.length <= 7);
    assert.equal(new Set(LESSONS.map((s) => s.id)).size, LESSONS.length);
    for (const step of LESSONS) {
      assert.ok(step.text.length >= 2 && step.text.length <= 3, step.id);
      assert.ok(views.includes(step.view.view), `${step.id}: ${step.view.view} is not one of ${views}`);
      for (const name of Object.keys(step.values)) assert.ok(page.fields.some((f) => f.name === name), name);
    }
  });

  for (const step of LESSONS) {
    test(`${step.id}: the claims hold on the engine's result, and its layer and node exist`, () => {
      const result = results.get(step.id);
      const evidence = step.evidence(result, (id) => results.get(id) ?? null);
      assert.equal(evidence.holds, true, evidence.text);
      if (step.view.layer) assert.ok(result.layers.some((l) => l.name === step.view.layer), step.view.layer);
      if (step.view.node) {
        assert.ok(step.view.node.row < result.procRegion.size.rows && step.view.node.col < result.procRegion.size.cols);
      }
    });
  }

  test('row-stationary: the set of conv3_a is 3 PEs tall and 13 wide, unfolded, with copies on the array, as the engine explains it', () => {
    const explanation = unwrap(page.nndf.explain(page.networks.get('alex_net'), texts.get('row-stationary'), 'conv3_a', 16)).explanation;
    const { mapping } = readExplanation(explanation);
    assert.equal(mapping.rowsAre, 'filter');
    assert.deepEqual(mapping.logical, { rows: 3, cols: 13 });
    assert.deepEqual(mapping.fold, { rows: 1, cols: 1 });
    assert.ok(mapping.replication.rows * mapping.replication.cols > 1);
  });

  test('a step\'s claims can fail: another step\'s result does not pass them', () => {
    // The evidence reads the result it is given; the buffer step on its own baseline shows no increase.
    const buffer = LESSONS.find((s) => s.id === 'buffer');
    const base = results.get('memory');
    assert.equal(buffer.evidence(base, () => base).holds, false);
    assert.equal(buffer.evidence(results.get('buffer'), () => null).holds, null);
    const memory = LESSONS.find((s) => s.id === 'memory');
    // Tangram's 3D memory: DRAM no longer costs more than the MACs.
    assert.equal(memory.evidence(results.get('pipeline'), () => null).holds, false);
  });

  test('each step is a link that opens its configuration and its view', async () => {
    const ctx = { views, lessons: LESSONS.map((s) => s.id) };
    for (const step of LESSONS) {
      const state = lessonState(page.fields, step);
      const view = { ...defaultView(), ...step.view, lesson: step.id };
      const hash = await encodeHash(page.fields, state, '', view);
      const link = await decodeHash(hash, page.fields, presetState(page.fields, OPENING));
      assert.equal(link.status, 'ok');
      assert.deepEqual(link.problems, []);
      assert.deepEqual(link.state, state);
      assert.deepEqual(readViewHash(hash, ctx), { state: view, problems: [] });
    }
  });
});
