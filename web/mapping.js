// The row-stationary mapping (Eyeriss, JSSC'17 section IV.A) of one node's
// part of a layer, as the engine explains it (explain, read by
// result-model.js): a picture of the PE array with the mapped blocks, the
// mapping's numbers, and what they mean in words. Only drawing geometry is
// computed here.
import { CATEGORICAL } from './colours.js';
import { h, s } from './dom.js';
import { isMultiPass, rounds } from './passes.js';
import { peRowWord } from './vocabulary.js';

/**
 * @typedef {import('./result-model.js').Mapping} Mapping
 * @typedef {import('./result-model.js').Explanation} Explanation
 * @typedef {import('./result-model.js').Size} Size
 */

const pair = (/** @type {Size} */ { rows, cols }) => `${rows} × ${cols}`;
const count = (/** @type {Size} */ { rows, cols }) => rows * cols;

/**
 * The PE array (`array` PEs) with the mapped blocks of a full pass, as SVG.
 * `working`: the copies that have channels to work on (the loop nest's
 * replication over input × output channels); the array's other copies are
 * drawn pale, idle.
 */
export function arrayPicture(/** @type {Mapping} */ mapping, /** @type {Size} */ array, working = Infinity) {
  const { rows, cols } = array;
  const cell = Math.max(4, Math.min(22, Math.floor(440 / Math.max(rows, cols))));
  const width = cols * cell + 2;
  const height = rows * cell + 2;
  const replicas = count(mapping.replication);
  const grid = [];
  for (let r = 0; r <= rows; r += 1) grid.push(s('line', { x1: 1, y1: 1 + r * cell, x2: 1 + cols * cell, y2: 1 + r * cell }));
  for (let c = 0; c <= cols; c += 1) grid.push(s('line', { x1: 1 + c * cell, y1: 1, x2: 1 + c * cell, y2: 1 + rows * cell }));
  return s('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'pe-array',
    'aria-label': `PE array of ${rows}×${cols}: ${mapping.activePes} PEs active in a full pass`,
  },
  s('title', {}, `PE array ${rows}×${cols}, ${mapping.activePes} active PEs`),
  s('rect', { x: 1, y: 1, width: cols * cell, height: rows * cell, class: 'idle' }, s('title', {}, 'idle PEs')),
  mapping.blocks.map((b) => s('rect', {
    x: 1 + b.origin.col * cell, y: 1 + b.origin.row * cell, width: b.size.cols * cell, height: b.size.rows * cell,
    fill: CATEGORICAL[b.replica % CATEGORICAL.length], class: b.replica < working ? 'block' : 'block idle-copy',
  }, s('title', {}, `replica ${b.replica + 1} of ${replicas}${mapping.sideBySide > 1 ? `, fold ${b.fold + 1} of ${mapping.sideBySide}` : ''}: `
    + `${b.size.rows} rows × ${b.size.cols} columns of PEs${b.replica < working ? '' : '; no channel to work on, idle'}`))),
  s('g', { class: 'grid' }, grid));
}

/** The copies of the PE set that have channels to work on: the loop nest's replication over input and output channels, and over passes side by side. */
export const copiesWorking = (/** @type {Explanation} */ e) => e.loopNest.replication.ifms * e.loopNest.replication.ofms * e.loopNest.replication.passes;

/** The mapping's numbers, beside the picture. */
export function mappingTable(/** @type {Explanation} */ explanation, /** @type {string | undefined} */ type = undefined) {
  const { mapping: m, nodePart: p, passes } = explanation;
  const { replication } = explanation.loopNest;
  const working = copiesWorking(explanation);
  const idle = working < count(m.replication);
  const withWork = m.blocks.filter((b) => b.replica < working).reduce((n, b) => n + count(b.size), 0);
  const rows = [
    ['Layer part on one node', `${p.nifm} → ${p.nofm} channels, ${p.hofm}×${p.wofm} ofmap, batch ${p.batch}${passes && passes.count > 1 ? ', in one pass' : ''}`],
    ...(!passes || !isMultiPass(passes) ? [] : passes.together > 1
      ? [['Passes side by side (a round)', passes.together], ['Rounds, one after another', rounds(passes)]]
      : [['Passes, one after another', passes.count]]),
    ['Logical PE set', `${pair(m.logical)} (${peRowWord(type, m.rowsAre)}s × ofmap rows)`],
    ['Folding (rows, columns)', pair(m.fold)],
    ['Folds side by side', m.sideBySide],
    ['Folded PE set', pair(m.folded)],
    ['Replication (rows, columns)', pair(m.replication)],
    ...(idle
      ? [[`Copies with channels to work on (input × output channels${replication.passes > 1 ? ' × passes' : ''})`,
        `${replication.ifms} × ${replication.ofms}${replication.passes > 1 ? ` × ${replication.passes}` : ''}`]] : []),
    ['Physical PE set of a pass', pair(m.physical)],
    ['Active PEs in a full pass', idle ? `${m.activePes}, of which ${withWork} in the copies with channels` : m.activePes],
    ['Average utilization', `${(100 * m.utilization).toFixed(1)}%`],
  ];
  return h('table', { class: 'data' }, h('caption', {}, 'Row-stationary mapping'),
    h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v)))));
}

/** The mapping in words; `working`: the copies with channels to work on (copiesWorking). */
export function mappingStory(/** @type {Mapping} */ m, /** @type {string | undefined} */ type = undefined, working = Infinity) {
  const filters = m.rowsAre === 'filter';
  const lines = [
    `Row stationary: each PE keeps one ${peRowWord(type, m.rowsAre)} in its register file and slides it along one input row, producing one row of partial sums; a column of PEs adds them up into one output row. So one 2D ${filters ? 'convolution' : 'window operation'} needs a ${pair(m.logical)} set of PEs.`,
  ];
  if (count(m.fold) > 1) {
    lines.push(`That set does not fit the array, so it is folded ${pair(m.fold)} times: the pieces run one after another (the batch loop counts the column folds).`);
  }
  if (m.sideBySide > 1) {
    lines.push(`It is wider than the array, so it is cut into ${m.sideBySide} pieces of up to ${m.physical.cols} output rows, `
      + 'stacked in PE rows that would otherwise be idle: the pieces run at the same time.');
  }
  if (count(m.replication) > 1) {
    lines.push(working < count(m.replication)
      ? `The set is small, so the array holds ${count(m.replication)} copies of it (${pair(m.replication)}), to run each on other channels; `
        + `this node's part has channels for only ${working} of them (the others are pale in the picture).`
      : `The set is small, so ${count(m.replication)} copies run at once (${pair(m.replication)}), each on other channels.`);
  }
  return lines.map((t) => h('p', {}, t));
}
