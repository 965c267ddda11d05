// One layer's schedule, explained: the loop nest the search chose (blocking
// factors and loop order per memory level) and how the row-stationary
// mapping places the layer's part on a node's PE array, drawn as SVG.
import { CATEGORICAL } from './colours.js';
import { byId, fill, h, s } from './dom.js';
import { energyTotal, layerEnergy } from './energy.js';
import { costsInJoules, formatCount, formatEnergy } from './format.js';
import { hasFilters, layerPart, rowStationary } from './mapping.js';
import { segments } from './partition.js';
import { LEVELS, LOOPS, loopsOuterToInner, partitionText } from './view-layers.js';
import { partitionSection } from './view-partition.js';
import { layerTypeName } from './view-network.js';

const LEVEL_NOTES = [
  'Each iteration brings a block of data from DRAM into the global buffer.',
  'Each iteration brings a block from the global buffer into the PEs\' register files.',
  'Processed in the PE array in one pass, from the register files.',
];

/** The loop nest as nested blocks, outer level first. */
function loopNest(scheme) {
  const line = (level, loop, depth) => {
    const t = scheme.tvals[level][loop];
    const { key, label } = LOOPS[loop];
    return h('div', { class: t > 1 ? 'loop' : 'loop trivial', style: `margin-left:${depth * 1.25}rem` },
      h('code', {}, `for ${key}${level} in 0 … ${t - 1}`), ` — ${label}, ${t} block${t > 1 ? 's' : ''}`,
      t > 1 ? '' : ' (no loop)');
  };
  const levels = [];
  let depth = 0;
  for (const level of [0, 1]) {
    const loops = loopsOuterToInner(scheme.orders, level);
    levels.push(h('section', { class: `level level-${level}` },
      h('h4', {}, `Level ${level}: ${LEVELS[level]}`),
      h('p', { class: 'note' }, LEVEL_NOTES[level]),
      loops.map((loop) => line(level, loop, depth++))));
  }
  const pe = scheme.tvals[2];
  levels.push(h('section', { class: 'level level-2' },
    h('h4', {}, `Level 2: ${LEVELS[2]}`),
    h('p', { class: 'note' }, LEVEL_NOTES[2]),
    h('div', { class: 'loop', style: `margin-left:${depth * 1.25}rem` },
      h('code', {}, 'PE array pass'),
      ` — ${pe[0]} input channel${pe[0] > 1 ? 's' : ''} × ${pe[1]} output channel${pe[1] > 1 ? 's' : ''} × ${pe[2]} batch item${pe[2] > 1 ? 's' : ''}`)));
  return levels;
}

/** The blocking factors table: one row per level, a column per loop, and their products. */
function blockingTable(scheme) {
  const product = (loop) => scheme.tvals.reduce((n, level) => n * level[loop], 1);
  return h('table', { class: 'data' },
    h('caption', {}, 'Blocking factors (ti, to, tb) per level'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Level'),
      LOOPS.map(({ label }) => h('th', { scope: 'col', class: 'num' }, label)),
      h('th', { scope: 'col' }, 'Order (outer → inner)'))),
    h('tbody', {}, scheme.tvals.map((level, l) => h('tr', {},
      h('th', { scope: 'row' }, LEVELS[l]),
      level.map((t) => h('td', { class: 'num' }, t)),
      h('td', {}, l < 2 ? loopsOuterToInner(scheme.orders, l).map((i) => LOOPS[i].label).join(' › ') : 'in parallel')))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Loop count (product)'),
      LOOPS.map((_, loop) => h('td', { class: 'num' }, product(loop))), h('td', {}, ''))));
}

/** The PE array with the mapped blocks, as SVG. */
function arrayPicture(rs, array) {
  const [ah, aw] = array;
  const cell = Math.max(4, Math.min(22, Math.floor(440 / Math.max(ah, aw))));
  const width = aw * cell + 2;
  const height = ah * cell + 2;
  const replicas = rs.repl[0] * rs.repl[1];
  const grid = [];
  for (let r = 0; r <= ah; r += 1) grid.push(s('line', { x1: 1, y1: 1 + r * cell, x2: 1 + aw * cell, y2: 1 + r * cell }));
  for (let c = 0; c <= aw; c += 1) grid.push(s('line', { x1: 1 + c * cell, y1: 1, x2: 1 + c * cell, y2: 1 + ah * cell }));
  return s('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'pe-array',
    'aria-label': `PE array of ${ah}×${aw}: ${rs.activePes} PEs active in a full pass`,
  },
  s('title', {}, `PE array ${ah}×${aw}, ${rs.activePes} active PEs`),
  s('rect', { x: 1, y: 1, width: aw * cell, height: ah * cell, class: 'idle' }, s('title', {}, 'idle PEs')),
  rs.blocks.map((b) => s('rect', {
    x: 1 + b.col * cell, y: 1 + b.row * cell, width: b.width * cell, height: b.height * cell,
    fill: CATEGORICAL[b.replica % CATEGORICAL.length], class: 'block',
  }, s('title', {}, `replica ${b.replica + 1} of ${replicas}${rs.stacked > 1 ? `, fold ${b.strip + 1} of ${rs.stacked}` : ''}: `
    + `${b.height} rows × ${b.width} columns of PEs`))),
  s('g', { class: 'grid' }, grid));
}

/** The mapping's numbers, beside the picture. */
function mappingTable(rs, part, layer) {
  const pair = ([a, b]) => `${a} × ${b}`;
  const rows = [
    ['Layer part on one node', `${part.nifm} → ${part.nofm} channels, ${part.hofm}×${part.wofm} ofmap, batch ${part.batch}`],
    ['Logical PE set', `${pair(rs.lpeset)} (${hasFilters(layer) ? 'filter' : 'region'} rows × ofmap rows)`],
    ['Folding (rows, columns)', pair(rs.fold)],
    ['Folds side by side', rs.stacked],
    ['Folded PE set', pair(rs.flpeset)],
    ['Replication (rows, columns)', pair(rs.repl)],
    ['Physical PE set of a pass', pair(rs.ppeset)],
    ['Active PEs in a full pass', rs.activePes],
    ['Average utilization', `${(100 * rs.utilization).toFixed(1)}%`],
  ];
  return h('table', { class: 'data' }, h('caption', {}, 'Row-stationary mapping'),
    h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v)))));
}

function mappingStory(rs, layer) {
  const what = hasFilters(layer) ? 'filter row' : 'pooling-window row';
  const lines = [
    `Row stationary: each PE keeps one ${what} in its register file and slides it along one input row, producing one row of partial sums; a column of PEs adds them up into one output row. So one 2D ${hasFilters(layer) ? 'convolution' : 'window operation'} needs a ${rs.lpeset[0]} × ${rs.lpeset[1]} set of PEs.`,
  ];
  if (rs.fold[0] * rs.fold[1] > 1) {
    lines.push(`That set does not fit the array, so it is folded ${rs.fold[0]} × ${rs.fold[1]} times: the pieces run one after another (the batch loop counts the column folds).`);
  }
  if (rs.stacked > 1) {
    lines.push(`It is wider than the array, so it is cut into ${rs.stacked} pieces of up to ${rs.ppeset[1]} output rows, `
      + 'stacked in PE rows that would otherwise be idle: the pieces run at the same time.');
  }
  if (rs.repl[0] * rs.repl[1] > 1) {
    lines.push(`The set is small, so ${rs.repl[0] * rs.repl[1]} copies run at once (${rs.repl[0]} × ${rs.repl[1]}), each on other channels.`);
  }
  return lines.map((t) => h('p', {}, t));
}

/** Where the layer is in the schedule: its pipeline segment and place in it (sched_seq). */
function segmentText(result, name) {
  const [, , seq] = result.schedules[name];
  const [seg, sp, tm] = seq;
  const all = segments(result);
  const { slots, time } = all.find((x) => x.index === seg);
  const alone = slots.length === 1 && slots[0].layers.length === 1;
  const others = slots.flatMap((slot) => slot.layers).filter((l) => l !== name);
  return `Segment ${seg + 1} of ${all.length}${alone ? ' (the layer alone)' : `, with ${others.join(', ')}`}: `
    + `spatial slot ${sp + 1} of ${slots.length}, temporal step ${tm + 1} of ${slots[sp].layers.length} (sched_seq [${seq.join(', ')}]); `
    + `segment time ${formatCount(time)} cycles.`;
}

/**
 * Fills the detail tab for layer `name` of `result`. `shapes` maps layer
 * names to their networkLayers entries; it is empty when they are unknown (a
 * result file of a network this page does not have).
 */
export function showDetail(result, name, shapes) {
  const layer = shapes.get(name) ?? null;
  const [scheme] = result.schedules[name];
  const joules = costsInJoules(result.cost);
  const energy = energyTotal(layerEnergy(scheme, result.cost));
  const shape = layer ? `${layerTypeName(layer.type)}, ${layer.nifm} → ${layer.nofm} channels, ${layer.hofm}×${layer.wofm} ofmap` : null;
  let mapping;
  if (!layer) {
    mapping = [h('p', { class: 'note' }, 'The layer\'s shape is unknown (the result file does not include the network), so its mapping cannot be drawn.')];
  } else {
    const part = layerPart(layer, result.batch, scheme.part);
    const rs = rowStationary(layer, part, result.resource.dim_array);
    mapping = [
      mappingStory(rs, layer),
      h('div', { class: 'chart-with-table' },
        h('figure', {}, arrayPicture(rs, result.resource.dim_array),
          h('figcaption', {}, 'One node\'s PE array in a full pass: each colour is one copy of the (folded) logical PE set, '
            + `its rows the ${hasFilters(layer) ? 'filter' : 'window'} rows and its columns the output rows; grey PEs are idle.`)),
        mappingTable(rs, part, layer)),
    ];
  }
  fill(byId('detail-body'),
    h('h3', {}, name),
    h('p', {}, shape ? `${shape}. ` : '',
      `Time ${formatCount(scheme.time)} cycles, energy ${formatEnergy(energy, joules)}, on ${scheme.num_nodes} node${scheme.num_nodes > 1 ? 's' : ''}; partition: ${partitionText(scheme.part)}.`),
    h('p', { 'data-testid': 'detail-segment' }, segmentText(result, name)),
    h('h4', {}, 'On the node grid'),
    partitionSection(result, name, shapes),
    h('h4', {}, 'The loop nest'),
    h('div', { class: 'chart-with-table' }, h('div', { class: 'nest' }, loopNest(scheme)), blockingTable(scheme)),
    h('h4', {}, 'On the PE array'),
    mapping);
}
