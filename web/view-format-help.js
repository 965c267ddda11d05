// The network format's help beside the editor: the document's fields (input,
// ext, layers), what every layer has (name, type, prevs) and a table of the
// layer types with their fields, all from network-format.js (the list the
// editor completes from), and a link to the full description (nns/README.md,
// served as network-format.txt).
import { byId, fill, h } from './dom.js';
import {
  EXT_FIELDS, INPUT_FIELDS, LAYER_TYPES, NETWORK_FIELDS, NETWORK_FORMAT,
} from './network-format.js';

const COMMON = new Set(['name', 'type', 'prevs']);

const fieldList = (/** @type {import('./network-format.js').FormatField[]} */ fields) => h('dl', { class: 'format-fields' },
  fields.flatMap((f) => [h('dt', {}, h('code', {}, f.name), f.optional ? ' (optional)' : ''), h('dd', {}, f.about)]));

/** Fills the format help (a details element) once. */
export function showFormatHelp() {
  const box = byId('network-format');
  const anyLayer = LAYER_TYPES[0].fields.filter((f) => COMMON.has(f.name));
  fill(box,
    h('summary', {}, 'The network format'),
    h('p', {}, 'A network is a JSON object (', h('code', {}, NETWORK_FORMAT), '). Sizes are positive whole numbers; a 2D size is one number for a square or ',
      h('code', {}, '[height, width]'), '.'),
    fieldList(NETWORK_FIELDS),
    h('p', {}, h('code', {}, 'input'), ' has:'),
    fieldList(INPUT_FIELDS),
    h('p', {}, 'Each ', h('code', {}, 'ext'), ' entry has:'),
    fieldList(EXT_FIELDS),
    h('p', {}, 'Every layer has:'),
    fieldList(anyLayer),
    h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Layer types and their fields' },
      h('table', { class: 'data' },
        h('caption', {}, 'Layer types and their other fields'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'type'), h('th', { scope: 'col' }, 'fields'), h('th', { scope: 'col' }, 'meaning'))),
        h('tbody', {}, LAYER_TYPES.map((t) => h('tr', {},
          h('th', { scope: 'row' }, h('code', {}, t.type)),
          h('td', {}, t.fields.filter((f) => !COMMON.has(f.name)).flatMap((f, i) => [i > 0 ? ', ' : '',
            h('code', { title: f.about }, f.name), f.optional ? ' (optional)' : ''])),
          h('td', {}, t.about)))))),
    h('p', {}, 'The full description, with an example and the errors: ',
      h('a', { href: 'network-format.txt', target: '_blank', rel: 'noopener' }, 'the network format (nns/README.md)'), '.'));
}
