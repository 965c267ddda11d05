// The loop nest one node runs for a layer, as the engine explains it
// (explain's loop_nest, docs/explain.md): a `for` per loop, nested from DRAM
// down to one PE, spatial loops marked, replication and folding as loops of
// their own; and beside it the layer's and the node's shapes with the
// product of each dimension's trip counts. Nothing is computed here but the
// products of the counts shown.
import { h } from './dom.js';
import { formatCount } from './format.js';
import { scrollBox } from './scroll-region.js';
import { dimName } from './vocabulary.js';

/**
 * @typedef {import('./result-model.js').LoopNest} LoopNest
 * @typedef {import('./result-model.js').NestLoop} NestLoop
 */

/** Timeloop's loop variables: n batch, f fold, c/k channels, p/q output rows/columns, r/s window rows/columns, g region channels. */
const VARIABLES = /** @type {Record<string, string>} */ ({
  batch: 'n', fold: 'f', ifm: 'c', ofm: 'k', orow: 'p', ocol: 'q', frow: 'r', fcol: 's', rchan: 'g',
});

/** What one iteration of each level's loops moves or does. */
const LEVEL_NOTES = /** @type {Record<string, string>} */ ({
  DRAM: 'Loops around what the global buffer holds: each iteration brings a new block from DRAM.',
  GBUF: 'Loops around what the register files hold: each iteration sends a new block from the global buffer to the array.',
  REGF: 'Loops over data that all stay in the register files: each iteration is one pass of the PE array.',
  'PE array': 'One pass: copies of the folded logical PE set side by side (spatial), and folds that run in turn.',
  PE: 'Inside one PE: a 1D convolution of a row, one MAC per cycle.',
});

/** The dimension loops that multiply into `dim`'s product (the fold counts output rows too). */
const ofDim = (/** @type {NestLoop} */ loop, /** @type {string} */ dim) => loop.dim === dim || (dim === 'orow' && loop.dim === 'fold');

/** The nest as nested blocks, outer level first. */
export function loopNestView(/** @type {LoopNest} */ nest, /** @type {string | undefined} */ type = undefined) {
  let depth = 0;
  return h('div', { class: 'nest', 'data-testid': 'loop-nest' }, nest.levels.map((level, i) => {
    const loops = nest.loops.filter((l) => l.level === level);
    return h('section', { class: `level level-${i}`, 'data-level': level },
      h('h5', {}, level),
      h('p', { class: 'note' }, LEVEL_NOTES[level] ?? ''),
      loops.length === 0
        ? h('div', { class: 'loop trivial', style: `margin-left:${depth * 1.25}rem` }, 'no loop at this level (one iteration)')
        : loops.map((l) => h('div', {
          class: l.spatial ? 'loop spatial' : 'loop', style: `margin-left:${(depth++) * 1.25}rem`, 'data-dim': l.dim, 'data-count': l.count,
        },
        h('code', {}, `for ${VARIABLES[l.dim] ?? l.dim} in [0:${l.count})`),
        l.spatial ? h('span', { class: 'badge' }, 'spatial') : '',
        ` ${dimName(type, l.name)}`,
        l.partial ? (l.spatial ? ' (partly idle in the last pass)' : ' (last iteration partial)') : '',
        l.note ? h('span', { class: 'loop-note' }, ` — ${l.note}`) : '')));
  }));
}

/**
 * Per dimension: the whole layer, one node's share, and the loops' trip
 * counts multiplied; `opsName` is what the layer's ops are (softmax,
 * layernorm and gelu count ops, not MACs), `type` names the dimensions in
 * the layer type's words (vocabulary.js).
 */
export function nestShapeTable(/** @type {LoopNest} */ nest, opsName = 'MACs', /** @type {string | undefined} */ type = undefined) {
  const rows = nest.dims.filter((d) => d.dim !== 'fold').map((d) => {
    const counts = nest.loops.filter((l) => ofDim(l, d.dim)).map((l) => l.count);
    const product = counts.length > 1 ? `${counts.join(' × ')} = ${d.product}` : String(d.product);
    return h('tr', { 'data-dim': d.dim, 'data-share': d.share, 'data-product': d.product },
      h('th', { scope: 'row' }, dimName(type, d.name)),
      h('td', { class: 'num' }, d.layer),
      h('td', { class: 'num' }, d.share),
      h('td', { class: 'num' }, product),
      h('td', {}, d.product === d.share ? '=' : '≥ (last iteration partial)'));
  });
  return scrollBox('The loops\' trip counts', {}, h('table', { class: 'data nest-shapes', 'data-testid': 'nest-shapes' },
    h('caption', {}, 'The layer, one node\'s share, and the loops'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Dimension'), h('th', { scope: 'col', class: 'num' }, 'Layer'),
      h('th', { scope: 'col', class: 'num' }, 'Node'), h('th', { scope: 'col', class: 'num' }, 'Loops (product)'), h('th', { scope: 'col' }, ''))),
    h('tbody', {}, rows),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, opsName), h('td', {}, ''),
      h('td', { class: 'num' }, formatCount(nest.opsShare)), h('td', { class: 'num' }, formatCount(nest.opsCovered)),
      h('td', {}, nest.opsCovered === nest.opsShare ? '=' : '≥')))));
}
