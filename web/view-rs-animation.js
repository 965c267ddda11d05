// Row stationary, step by step: an animation of a small slice of one 2D
// convolution of the layer on one copy of the logical PE set the engine
// mapped (rs-steps.js orders the work; the sizes are the engine's explain).
// Each PE says what it holds: its filter row (it stays), its ifmap row (they
// arrive along the diagonals) and its partial sum (they move up the columns
// into the ofmap rows at the top). Play, pause, step and reset by buttons
// or keys; with prefers-reduced-motion it never moves by itself.
import { h, s } from './dom.js';
import {
  chooseSlice, isWhole, macsPerOutput, rsSteps, windowOf,
} from './rs-steps.js';
import { scrollBox } from './scroll-region.js';
import { peRowWord } from './vocabulary.js';

/**
 * @typedef {import('./result-model.js').Explanation} Explanation
 * @typedef {import('./view-network.js').LayerShape} LayerShape
 * @typedef {import('./rs-steps.js').RsSlice} RsSlice
 * @typedef {import('./rs-steps.js').RsStep} RsStep
 * @typedef {RsSlice & {rowWord?: string}} ShownSlice  A slice with what its PE rows keep in the layer type's words (a matmul's right-operand rows).
 */

/** Milliseconds a step stays on screen while playing, by speed. */
export const SPEEDS = [
  { key: 'slow', label: 'Slow (2 s a step)', ms: 2000 },
  { key: 'normal', label: 'Normal (1 s a step)', ms: 1000 },
  { key: 'fast', label: 'Fast (0.4 s a step)', ms: 400 },
];
let speed = SPEEDS[1];  // The speed chosen last, kept across layers.

const REDUCED = '(prefers-reduced-motion: reduce)';

// Geometry of the picture, in SVG units.
const PE_W = 134;
const PE_H = 84;
const GAP = 12;
const LEFT = 20;
const TOP = 70;

const peX = (/** @type {number} */ j) => LEFT + j * (PE_W + GAP);
const peY = (/** @type {number} */ i) => TOP + i * (PE_H + GAP);
const lineY = (/** @type {number} */ i, /** @type {number} */ line) => peY(i) + 34 + line * 19;

/** "rows 1–5 of 11" or "row 1", from 1 for people. */
const spanText = (/** @type {string} */ word, /** @type {number} */ n, /** @type {number} */ of) => (n === 1 ? `${word} 1` : `${word}s 1–${n}`)
  + (n < of ? ` of ${of}` : '');
const plural = (/** @type {number} */ n, /** @type {string} */ word) => `${n} ${word}${n === 1 ? '' : 's'}`;

const words = (/** @type {ShownSlice} */ slice) => {
  const row = slice.rowWord ?? peRowWord(undefined, slice.rowsAre);
  return slice.rowsAre === 'filter'
    ? { row, rows: `${row}s`, op: 'MAC', ops: 'MACs', conv: '2D convolution' }
    : { row, rows: `${row}s`, op: 'operation', ops: 'operations', conv: '2D pooling' };
};

/** Which slice is shown, in a sentence or two. */
function sliceText(/** @type {RsSlice} */ slice) {
  const w = words(slice);
  const { whole, folded, window } = slice;
  const stride = window.strideRows > 1 || window.strideCols > 1
    ? ` The stride is ${window.strideRows === window.strideCols ? window.strideRows : `${window.strideRows} down, ${window.strideCols} across`}.` : '';
  const foldNote = folded.rows < whole.rows || folded.cols < whole.cols
    ? `, folded by the engine to ${folded.rows} × ${folded.cols} PEs at a time` : '';
  return `One ${w.conv} of a node's part of this layer (${slice.rowsAre === 'filter' ? 'one input channel into one output channel' : 'one channel'}, one image), `
    + `as one copy of the engine's logical PE set runs it: ${plural(whole.rows, w.row)} × ${plural(whole.cols, 'ofmap row')}${foldNote}. `
    + (isWhole(slice) ? 'Shown whole: ' : 'Shown, a slice: ')
    + `${spanText(w.row, slice.rows, whole.rows)}, ${spanText('ofmap row', slice.cols, whole.cols)}, `
    + `${spanText('ofmap column', slice.width, whole.width)} (a ${w.row} spans ${plural(window.cols, 'column')}).${stride}`;
}

/** The current step in one sentence. */
export function stepText(/** @type {RsSlice} */ slice, /** @type {RsStep} */ step) {
  const w = words(slice);
  const { rows, cols } = slice;
  const U = slice.window.strideRows;
  const x = (step.ofmapCol ?? 0) + 1;
  switch (step.kind) {
    case 'start':
      return `The ${rows} × ${cols} PEs of the slice are empty: PE row i will work on ${w.row} i, PE column j on ofmap row j.`;
    case 'filters':
      return `The ${w.rows} load and stay: every PE of row i keeps ${w.row} i for the whole ${w.conv}, reused for ${cols === 1 ? 'the one ofmap row' : `all ${cols} ofmap rows`} of its PE row.`;
    case 'ifmaps':
      return `The ifmap rows arrive along the diagonals: PE (i, j) gets ifmap row ${U === 1 ? 'i + j − 1' : `i + ${U}·(j − 1)`}, so PEs on one diagonal share one ifmap row.`;
    case 'mac': {
      const beg = step.macs[0].ifmapCol + 1;
      const end = beg + slice.window.cols - 1;
      return `Ofmap column ${x}: every PE slides its ${w.row} over ${beg === end ? `column ${beg}` : `columns ${beg}–${end}`} of its ifmap row, `
        + `${plural(slice.window.cols, w.op)} each (${step.macs.length} in all), and keeps the partial sum.`;
    }
    case 'hop': {
      const to = /** @type {number} */ (step.moves[0]?.to.row) + 1;
      const macs = /** @type {number} */ (step.pes[to - 1][0].psum?.macs);
      return `Partial sums move up: each PE of row ${to} adds the partial sum from the PE below to its own, now ${macs} ${w.ops} of ofmap column ${x}.`;
    }
    case 'write': {
      const rest = rows + 1 === slice.whole.rows ? `${w.row} ${rows + 1}` : `${w.rows} ${rows + 1}–${slice.whole.rows}`;
      const partial = rows < slice.whole.rows ? ` (still partial: ${rest}, outside the slice, add${rows + 1 === slice.whole.rows ? 's' : ''} the rest)` : '';
      return `The top PEs hold the sums of all ${plural(rows, w.row)}: ${spanText('ofmap row', cols, cols)}, column ${x}, ${cols === 1 ? 'is' : 'are'} written out, ${macsPerOutput(slice)} ${w.ops}${cols === 1 ? '' : ' each'}${partial}.`;
    }
    default:
      return '';
  }
}

/** What one PE holds, as three labelled lines of text. */
function peLines(/** @type {RsSlice} */ slice, /** @type {RsStep} */ step, /** @type {RsStep | null} */ before, /** @type {number} */ i, /** @type {number} */ j) {
  const pe = step.pes[i][j];
  const was = before?.pes[i][j];
  const w = words(slice);
  const lines = [
    { cls: 'filter', text: pe.filterRow === null ? `${w.row} —` : `${w.row} ${pe.filterRow + 1}`, changed: was?.filterRow !== pe.filterRow },
    { cls: 'ifmap', text: pe.ifmapRow === null ? 'ifmap row —' : `ifmap row ${pe.ifmapRow + 1}`, changed: was?.ifmapRow !== pe.ifmapRow },
    { cls: 'psum', text: pe.psum ? `psum row ${pe.psum.ofmapRow + 1}` : 'psum —', changed: was?.psum?.macs !== pe.psum?.macs },
  ];
  // The MACs a partial sum carries, in a badge: they grow as it moves up.
  const badge = pe.psum ? s('g', { class: 'badge' },
    s('rect', {
      x: peX(j) + PE_W - 30, y: lineY(i, 2) - 12, width: 26, height: 16, rx: 8,
    }),
    s('text', { x: peX(j) + PE_W - 17, y: lineY(i, 2) }, pe.psum.macs),
    s('title', {}, `${pe.psum.macs} ${pe.psum.macs === 1 ? w.op : w.ops} so far`)) : null;
  return [lines.map((l, k) => s('g', { class: `line ${l.cls}${l.changed && before ? ' changed' : ''}` },
    s('rect', { x: peX(j) + 8, y: lineY(i, k) - 9, width: 9, height: 9, class: 'mark' }),
    s('text', { x: peX(j) + 22, y: lineY(i, k) }, l.text))), badge];
}

/** The PEs a step works in. */
function busy(/** @type {RsStep} */ step, /** @type {number} */ i) {
  if (step.kind === 'hop') return step.moves.some((m) => m.from.row === i || m.to.row === i);
  if (step.kind === 'write') return i === 0;
  return step.kind !== 'start';
}

/**
 * The arrows of a step: filter rows across, ifmap rows along the diagonals,
 * partial sums up. The first two cross the PEs, under their text (which has
 * a halo); the partial sums' run in the gaps, over the PEs.
 */
function arrows(/** @type {RsSlice} */ slice, /** @type {RsStep} */ step) {
  const { rows, cols } = slice;
  /** @type {SVGElement[]} */
  const under = [];
  /** @type {SVGElement[]} */
  const out = [];
  if (step.kind === 'filters') {
    for (let i = 0; i < rows; i += 1) {
      under.push(s('line', {
        x1: 2, y1: lineY(i, 0) + 5, x2: peX(cols - 1) + PE_W + 8, y2: lineY(i, 0) + 5, class: 'arrow filter', 'marker-end': 'url(#rs-head-filter)',
      }));
    }
  } else if (step.kind === 'ifmaps') {
    // PEs sharing an ifmap row lie on one diagonal: join them, entering from the lower left.
    /** @type {Map<number, {i: number, j: number}[]>} */
    const byRow = new Map();
    step.pes.forEach((row, i) => row.forEach((pe, j) => {
      const list = byRow.get(/** @type {number} */ (pe.ifmapRow)) ?? [];
      list.push({ i, j });
      byRow.set(/** @type {number} */ (pe.ifmapRow), list);
    }));
    for (const list of byRow.values()) {
      list.sort((a, b) => a.j - b.j);
      const points = list.map(({ i, j }) => [peX(j) + PE_W / 2, peY(i) + PE_H / 2]);
      const [x0, y0] = points[0];
      const [x1, y1] = points[points.length - 1];
      points.unshift([x0 - (PE_W + GAP) / 2, y0 + (PE_H + GAP) / 2]);
      points.push([x1 + (PE_W + GAP) / 2, y1 - (PE_H + GAP) / 2]);
      under.push(s('polyline', { points: points.map((p) => p.join(',')).join(' '), class: 'arrow ifmap', 'marker-end': 'url(#rs-head-ifmap)' }));
    }
  } else if (step.kind === 'hop') {
    for (const m of step.moves) {
      const x = peX(m.from.col) + PE_W - 18;
      out.push(s('line', {
        x1: x, y1: peY(m.from.row) + 4, x2: x, y2: peY(m.to.row) + PE_H - 4, class: 'arrow psum', 'marker-end': 'url(#rs-head-psum)',
      }));
      // A token that travels the hop (not under reduced motion: style.css).
      out.push(s('g', { class: 'token', style: `--rs-dy:${PE_H + GAP}px` },
        s('circle', { cx: x, cy: lineY(m.to.row, 2) - 4, r: 9 }),
        s('text', { x, y: lineY(m.to.row, 2) }, m.psum.macs)));
    }
  } else if (step.kind === 'write') {
    for (let j = 0; j < cols; j += 1) {
      const x = peX(j) + PE_W - 18;
      out.push(s('line', {
        x1: x, y1: peY(0) + 4, x2: x, y2: TOP - 18, class: 'arrow psum', 'marker-end': 'url(#rs-head-psum)',
      }));
    }
  }
  return { under, over: out };
}

/** The ofmap rows at the top: one cell per ofmap column of the slice, filled once written. */
function ofmapStrip(/** @type {RsSlice} */ slice, /** @type {RsStep} */ step) {
  const cellW = Math.min(28, (PE_W - 10) / slice.width);
  const done = new Map(step.written.map((p) => [`${p.ofmapRow},${p.ofmapCol}`, p.macs]));
  return Array.from({ length: slice.cols }, (_, j) => s('g', { class: 'ofmap' },
    s('text', { x: peX(j), y: 16 }, `ofmap row ${j + 1}`),
    Array.from({ length: slice.width }, (__, x) => {
      const macs = done.get(`${j},${x}`);
      return s('g', { class: `cell${macs === undefined ? '' : ' done'}${step.ofmapCol === x ? ' current' : ''}` },
        s('rect', {
          x: peX(j) + x * cellW, y: 24, width: cellW - 3, height: 22,
        }),
        macs === undefined ? null : s('text', { x: peX(j) + x * cellW + (cellW - 3) / 2, y: 39 }, macs),
        s('title', {}, `ofmap row ${j + 1}, column ${x + 1}${macs === undefined ? '' : `: written, ${macs} ${words(slice).ops}`}`));
    })));
}

/** The picture of a step. */
function picture(/** @type {RsSlice} */ slice, /** @type {RsStep} */ step, /** @type {RsStep | null} */ before) {
  const width = peX(slice.cols) - GAP + 6;
  const height = peY(slice.rows) - GAP + 6;
  const drawn = arrows(slice, step);
  const head = (/** @type {string} */ name) => s('marker', {
    id: `rs-head-${name}`, viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse',
  }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: `head ${name}` }));
  return s('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, class: 'rs-picture', 'aria-hidden': 'true',
  },
  s('defs', {}, ['filter', 'ifmap', 'psum'].map(head)),
  ofmapStrip(slice, step),
  // The PEs, the arrows that cross them, then what they hold (on top, with a halo).
  step.pes.map((row, i) => row.map((_, j) => s('g', { class: `pe${busy(step, i) ? ' busy' : ''}` },
    s('rect', {
      x: peX(j), y: peY(i), width: PE_W, height: PE_H, rx: 6,
    }),
    s('text', { x: peX(j) + 8, y: peY(i) + 14, class: 'pe-name' }, `PE ${i + 1},${j + 1}`)))),
  s('g', { class: 'across' }, drawn.under),
  s('g', { class: 'holds' }, step.pes.map((row, i) => row.map((_, j) => peLines(slice, step, before, i, j)))),
  s('g', { class: 'over' }, drawn.over));
}

/** What every PE holds after a step, as a table (the picture's numbers, for reading and screen readers). */
function holdsTable(/** @type {RsSlice} */ slice, /** @type {RsStep} */ step, /** @type {number} */ k) {
  const w = words(slice);
  const cell = (/** @type {import('./rs-steps.js').PeState} */ pe) => [
    pe.filterRow === null ? null : `${w.row} ${pe.filterRow + 1}`,
    pe.ifmapRow === null ? null : `ifmap row ${pe.ifmapRow + 1}`,
    pe.psum ? `psum row ${pe.psum.ofmapRow + 1} (${plural(pe.psum.macs, w.op)})` : null,
  ].filter(Boolean).join('; ') || 'empty';
  return h('table', { class: 'data' },
    h('caption', {}, `What each PE holds after step ${k + 1}`),
    h('thead', {}, h('tr', {}, h('td', {}), Array.from({ length: slice.cols }, (_, j) => h('th', { scope: 'col' }, `PE column ${j + 1}`)))),
    h('tbody', {}, step.pes.map((row, i) => h('tr', {}, h('th', { scope: 'row' }, `PE row ${i + 1}`), row.map((pe) => h('td', {}, cell(pe)))))));
}

/**
 * The animation's section for a layer's detail, or null when the engine
 * gave no mapping or the layer's shape is unknown.
 */
export function rsAnimationSection(/** @type {Explanation | null} */ explanation, /** @type {LayerShape | null} */ shape) {
  if (!explanation || !shape) return null;
  const chosen = chooseSlice(explanation.mapping, explanation.nodePart.wofm, windowOf(explanation.mapping.rowsAre, shape));
  /** @type {ShownSlice} */
  const slice = { ...chosen, rowWord: peRowWord(shape.type, chosen.rowsAre) };
  const steps = rsSteps(slice);
  const reduced = matchMedia(REDUCED);
  let current = 0;
  /** @type {ReturnType<typeof setInterval> | null} */
  let timer = null;

  // Drawn at its own size (its text stays readable), the picture scrolls in its box where the screen is narrower.
  const stage = scrollBox('Row stationary picture', { class: 'rs-stage' });
  const table = scrollBox('What each PE holds', { class: 'rs-table-body' });
  const counter = h('span', { class: 'rs-counter', 'aria-hidden': 'true' });
  const text = h('p', { class: 'rs-step', 'aria-live': 'polite', 'data-testid': 'rs-step' });
  const note = h('p', { class: 'note rs-reduced', hidden: true },
    'Your system asks for reduced motion, so the animation does not play by itself: step with the buttons or the arrow keys (Space steps too).');
  const button = (/** @type {string} */ label, /** @type {string} */ key, /** @type {() => void} */ fn) => /** @type {HTMLButtonElement} */ (h('button', {
    type: 'button', 'data-action': key, on: { click: fn },
  }, label));
  const play = button('▶ Play', 'play', () => toggle());
  const back = button('◀ Back', 'back', () => go(current - 1));
  const forward = button('Forward ▶', 'forward', () => go(current + 1));
  const reset = button('↺ Reset', 'reset', () => go(0));
  const speedSelect = /** @type {HTMLSelectElement} */ (h('select', {
    id: 'rs-speed',
    on: {
      change: () => {
        speed = SPEEDS.find((sp) => sp.key === speedSelect.value) ?? speed;
        if (timer !== null) start();
      },
    },
  }, SPEEDS.map((sp) => h('option', { value: sp.key, selected: sp === speed }, sp.label))));
  const figure = h('figure', {
    class: 'rs-figure', tabindex: 0, role: 'group', 'aria-roledescription': 'animation',
    'aria-label': 'Row stationary, step by step. Space plays or pauses, arrow keys step, Home resets.',
    on: { keydown: onKey },
  }, stage,
  h('figcaption', {},
    h('span', { class: 'rs-key filter' }, `${words(slice).row}: stays in its PE`), ' ',
    h('span', { class: 'rs-key ifmap' }, 'ifmap row: arrives along a diagonal'), ' ',
    h('span', { class: 'rs-key psum' }, 'partial sum: moves up its column into an ofmap row')));

  function render() {
    const step = steps[current];
    stage.replaceChildren(picture(slice, step, current > 0 ? steps[current - 1] : null));
    table.replaceChildren(holdsTable(slice, step, current));
    stage.style.setProperty('--rs-duration', `${Math.min(600, speed.ms * 0.6)}ms`);
    text.textContent = `Step ${current + 1} of ${steps.length}: ${stepText(slice, step)}`;
    counter.textContent = `Step ${current + 1} of ${steps.length}`;
    back.disabled = current === 0;
    forward.disabled = current === steps.length - 1;
    play.disabled = reduced.matches;
    note.hidden = !reduced.matches;
    // The label says what a press does (so no aria-pressed, which would contradict it).
    play.textContent = timer === null ? '▶ Play' : '‖ Pause';
  }
  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
  }
  function go(/** @type {number} */ k) {
    stop();
    current = Math.max(0, Math.min(steps.length - 1, k));
    render();
  }
  function tick() {
    // The detail view was redrawn (another layer or result): this animation is gone.
    if (!figure.isConnected || reduced.matches) {
      stop();
      if (figure.isConnected) render();
      return;
    }
    current += 1;
    if (current >= steps.length - 1) {
      current = steps.length - 1;
      stop();
    }
    render();
  }
  function start() {
    stop();
    timer = setInterval(tick, speed.ms);
  }
  function toggle() {
    if (reduced.matches) return;
    if (timer !== null) {
      stop();
    } else {
      if (current === steps.length - 1) current = 0;
      start();
    }
    render();
  }
  function onKey(/** @type {KeyboardEvent} */ event) {
    /** @type {Record<string, () => void>} */
    const keys = {
      ' ': () => (reduced.matches ? go(current + 1) : toggle()),
      ArrowRight: () => go(current + 1),
      ArrowDown: () => go(current + 1),
      ArrowLeft: () => go(current - 1),
      ArrowUp: () => go(current - 1),
      Home: () => go(0),
      End: () => go(steps.length - 1),
    };
    const action = keys[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  }
  const onMotionChange = () => {
    if (!figure.isConnected) {
      reduced.removeEventListener('change', onMotionChange);
      return;
    }
    if (reduced.matches) stop();
    render();
  };
  reduced.addEventListener('change', onMotionChange);
  render();

  return h('section', { class: 'rs-animation', 'aria-labelledby': 'rs-title' },
    h('h4', { id: 'rs-title' }, 'Row stationary, step by step'),
    h('p', { 'data-testid': 'rs-slice' }, sliceText(slice)),
    h('div', { class: 'rs-controls', role: 'group', 'aria-label': 'Animation controls' },
      reset, back, play, forward,
      h('label', { for: 'rs-speed' }, 'Speed'), speedSelect, counter),
    note,
    figure,
    text,
    h('details', { class: 'rs-table' }, h('summary', {}, 'What each PE holds, as a table'), table));
}
