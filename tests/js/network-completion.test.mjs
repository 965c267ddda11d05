// The editor's completions (web/network-completion.js) on texts as they are
// typed. `|` marks the caret in each text.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { networkCompletions } from '../../web/network-completion.js';
import { LAYER_TYPES, NETWORK_FIELDS, layerType } from '../../web/network-format.js';

/** The completions at the `|` of `marked`, with the text each option would leave. */
function at(/** @type {string} */ marked, explicit = false) {
  const caret = marked.indexOf('|');
  const text = marked.slice(0, caret) + marked.slice(caret + 1);
  const found = networkCompletions(text, caret, explicit);
  if (!found) return null;
  const typed = text.slice(found.from, caret);
  const result = (/** @type {string} */ label) => {
    const option = found.options.find((o) => o.label === label);
    assert.ok(option, `no ${label} among ${found.options.map((o) => o.label)}`);
    return text.slice(0, found.from) + option.apply + text.slice(found.to);
  };
  return { labels: found.options.map((o) => o.label), typed, result };
}

const HEAD = '{"input": {"nofm": 3, "sofm": 8}, "ext": [{"name": "h0", "nofm": 4, "sofm": 1}], "layers": [\n';

test('a layer type after "type": every type of the format, the string completed', () => {
  const c = at(`${HEAD}{"name": "a", "type": "c|"}]}`);
  assert.deepEqual(c.labels, LAYER_TYPES.map((t) => t.type));
  assert.equal(c.typed, 'c');
  assert.equal(c.result('conv'), `${HEAD}{"name": "a", "type": "conv"}]}`);
  assert.ok(JSON.parse(c.result('matmul')));
});

test('field names where a key goes: the fields of the layer\'s type, less those it has, the type read after the caret too', () => {
  const c = at(`${HEAD}{"name": "a", "s|", "type": "fc"}]}`);
  assert.deepEqual(c.labels, layerType('fc').fields.map((f) => f.name).filter((n) => n !== 'name' && n !== 'type'));
  assert.equal(c.result('sfil'), `${HEAD}{"name": "a", "sfil": , "type": "fc"}]}`);
  // An unquoted word, and a key with its colon already there.
  assert.equal(at(`${HEAD}{"type": "conv", nif|}]}`).result('nifm'), `${HEAD}{"type": "conv", "nifm": }]}`);
  assert.equal(at(`${HEAD}{"type": "conv", "ni|": 3}]}`).result('nifm'), `${HEAD}{"type": "conv", "nifm": 3}]}`);
  // The new fields of matmul.
  assert.ok(at(`${HEAD}{"type": "matmul", "|"}]}`).labels.includes('transpose_rhs'));
  assert.ok(at(`${HEAD}{"type": "conv", "|"}]}`).labels.includes('groups'));
});

test('the network\'s own fields at the top, input\'s and ext\'s in theirs', () => {
  assert.deepEqual(at('{"|"}').labels, NETWORK_FIELDS.map((f) => f.name));
  assert.deepEqual(at('{"input": {"nofm": 3, "|"}}').labels, ['sofm']);
  assert.deepEqual(at('{"ext": [{"|"}]}').labels, ['name', 'nofm', 'sofm']);
  assert.equal(at('{"format": "|"}').result('nndf-network/1'), '{"format": "nndf-network/1"}');
});

test('prevs and rhs offer the ext inputs, the input and the layers before, never later ones', () => {
  const text = `${HEAD}{"name": "a", "type": "fc", "nifm": 3, "nofm": 4},\n{"name": "b", "type": "matmul", "rhs": "|", "prevs": ["a"]},\n{"name": "c"}]}`;
  assert.deepEqual(at(text).labels, ['h0', 'a', '__INPUT__']);
  assert.deepEqual(at(`${HEAD}{"name": "a"},\n{"name": "b", "prevs": ["a", "|"]}]}`).labels, ['h0', 'a', '__INPUT__']);
});

test('nothing offered inside numbers or other strings, and in blank space only when asked', () => {
  assert.equal(at(`${HEAD}{"name": "a|"}]}`), null);
  assert.equal(at(`${HEAD}{"nofm": 1|}]}`), null);
  assert.equal(at(`${HEAD}{"type": "fc", |}]}`), null);
  assert.ok(at(`${HEAD}{"type": "fc", |}]}`, true).labels.includes('nifm'));
  assert.equal(at('{"layers": [{"type": "fc", "prevs": [[|]]}]}', true), null);
});
