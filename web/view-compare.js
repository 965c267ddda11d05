// The Compare tab: a pinned result A against the result on screen B (the
// latest run, so B follows every run). Totals with absolute and relative
// deltas, the fields whose values differ, and each layer's energy delta as
// diverging bars on an axis around zero with the numbers in a table beside
// them. Layers of only one result are listed as such. The numbers come from
// compare-model.js; A's run document travels in the link (compare-link.js).
import { rovingBars } from './bar-focus.js';
import { niceAxis } from './chart-scale.js';
import { drawAtWidth } from './chart-width.js';
import { packDocument } from './compare-link.js';
import { compareLayers, compareTotals, differingFields } from './compare-model.js';
import { byId, fill, h, s } from './dom.js';
import {
  costsInJoules, formatCompact, formatCount, formatEnergy, jouleUnit,
} from './format.js';
import { AXIS_HEIGHT, tickCount } from './svg-axis.js';
import { scrollBox } from './scroll-region.js';

/**
 * @typedef {import('./result-model.js').Result} Result
 * @typedef {import('./compare-model.js').Delta} Delta
 * @typedef {import('./compare-model.js').Measure} Measure
 * @typedef {{result: Result, resultText: string, networkText: string | null, wordBits: number | null,
 *   documentText: string | null, title: string}} Pinnable
 *   A result with what it is of (the page's View): a run, a sweep point or a file.
 * @typedef {object} ComparePage  What the page lends.
 * @property {import('./fields.js').FormField[]} fields
 * @property {() => Pinnable | null} shown          The result on screen (B).
 * @property {() => string | null} engineText       The form's run document, as the engine gets it.
 * @property {(packed: string | null) => void} linkChanged  A's packed document for the link (null: none).
 * @property {(a: Pinnable) => void} showAsB        Puts A's configuration in the form and its result on screen.
 * @property {(name: string) => void} openDetail    Opens a layer of B.
 */

const ROW = 24;
const FONT = 12;
const CHAR = 7;
const MAX_WIDTH = 760;
/** Okabe-Ito: blue where B spends less than A, vermillion where it spends more. */
const LESS = '#0072B2';
const MORE = '#D55E00';

const sign = (/** @type {number} */ v) => (v > 0 ? '+' : v < 0 ? '−' : '±');

/** A relative delta: '+12.3%', '−0.04%', '±0%'; '—' against a zero baseline. */
export function relText(/** @type {number | null} */ rel) {
  if (rel === null) return '—';
  const pct = Math.abs(rel) * 100;
  const digits = pct !== 0 && pct < 0.1 ? Number(pct.toPrecision(2)) : Number(pct.toFixed(1));
  return `${sign(rel)}${digits}%`;
}

/** A value of a measure for people. */
function measureText(/** @type {Measure} */ measure, /** @type {number} */ value, /** @type {boolean} */ joules) {
  if (measure === 'energy' || measure === 'energy-per-mac') return formatEnergy(value, joules);
  if (measure === 'cycles') return `${formatCount(value)} cycles`;
  if (measure === 'macs') return `${formatCompact(value)} MACs`;
  return `${formatCompact(value)} words`;
}

const signed = (/** @type {Measure} */ measure, /** @type {number} */ v, /** @type {boolean} */ joules) => `${sign(v)}${measureText(measure, Math.abs(v), joules)}`;

/** The page's Compare view; call update() whenever B or the form changes. */
export function createCompare(/** @type {ComparePage} */ page) {
  const box = byId('compare');
  const pinButton = /** @type {HTMLButtonElement} */ (byId('pin-a'));
  /** @type {Pinnable | null} */
  let pinned = null;
  /** A's packed document, as in the link (null: A is of a file). */
  let packed = /** @type {string | null} */ (null);
  /** A link's A equal to the form's configuration: pinned when its result comes (no second run). */
  let awaitedText = /** @type {string | null} */ (null);

  /** Pins `a` as A (a run, a sweep point, a result file); the link follows. */
  async function pinAsA(/** @type {Pinnable} */ a) {
    pinned = a;
    awaitedText = null;
    packed = a.documentText === null ? null : await packDocument(a.documentText);
    if (pinned !== a) return;
    page.linkChanged(packed);
    update();
  }

  function unpin() {
    pinned = null;
    packed = null;
    awaitedText = null;
    page.linkChanged(null);
    update();
    pinButton.focus();
  }

  /** A becomes the result on screen (its configuration in the form), and B's result the pinned A. */
  function swap() {
    const b = page.shown();
    const a = pinned;
    if (!a || !b) return;
    pinAsA(b);
    page.showAsB(a);
    byId('compare-swap').focus();
  }

  pinButton.addEventListener('click', () => {
    const b = page.shown();
    if (b) pinAsA(b);
  });

  /** What is drawn: A, B and B's staleness (the form changes often; the view only when one of these does). */
  let drawn = /** @type {[Pinnable | null, Pinnable | null, boolean] | null} */ (null);

  /** Draws the view for the A and B of now. */
  function update() {
    const b = page.shown();
    if (awaitedText !== null && b && b.documentText === awaitedText) {
      pinAsA(b);
      return;
    }
    pinButton.disabled = b === null;
    const isStale = b !== null && b.documentText !== null && page.engineText() !== b.documentText;
    if (drawn && drawn[0] === pinned && drawn[1] === b && drawn[2] === isStale && awaitedText === null) return;
    drawn = [pinned, b, isStale];
    if (!pinned) {
      fill(box, h('p', { class: 'note', 'data-testid': 'compare-empty' },
        awaitedText !== null ? 'A (from the link) is pinned once its run is done.'
          : 'Nothing pinned. Press "Pin as A" (beside Export JSON) with a result on screen, change anything (fields, network, preset) and Run: the new result is B, compared with A here.'));
      return;
    }
    const a = pinned;
    fill(box,
      h('div', { class: 'compare-head' },
        h('dl', { class: 'compare-sides' },
          h('dt', {}, 'A (pinned)'), h('dd', { 'data-testid': 'compare-a' }, a.title,
            a.documentText === null ? h('span', { class: 'note' }, ' — opened from a file: the link cannot carry it') : null),
          h('dt', {}, 'B (on screen)'), h('dd', { 'data-testid': 'compare-b' }, b ? b.title : 'no result (no valid dataflow, or not run yet)',
            isStale ? h('span', { class: 'stale', 'data-testid': 'compare-stale' }, ' — stale: the configuration has changed since this result; Run to update B.') : null,
            b === a ? h('span', { class: 'note' }, ' — the same result as A: change the configuration and Run.') : null)),
        h('div', { class: 'row' },
          h('button', {
            type: 'button', id: 'compare-swap', disabled: b === null || b === a, on: { click: swap }, title: 'Put A\'s configuration and result on screen as B, and pin B as A',
          }, 'Swap A and B'),
          h('button', { type: 'button', id: 'compare-unpin', on: { click: unpin } }, 'Unpin A'))),
      b ? body(a, b) : null);
  }

  /** The comparison of A and B. */
  function body(/** @type {Pinnable} */ a, /** @type {Pinnable} */ b) {
    const ja = costsInJoules(a.result.costs);
    const jb = costsInJoules(b.result.costs);
    const joules = ja && jb;
    return [
      ja !== jb ? h('p', { class: 'stale' }, 'A\'s costs are in ', ja ? 'joules' : 'units', ' and B\'s in ', jb ? 'joules' : 'units', ': their energies do not compare.') : null,
      totalsTable(a, b, joules),
      fieldsTable(a, b),
      layersPart(a, b, joules),
    ];
  }

  function totalsTable(/** @type {Pinnable} */ a, /** @type {Pinnable} */ b, /** @type {boolean} */ joules) {
    const rows = compareTotals(a.result, b.result);
    return scrollBox('Totals of A and B', {}, h('table', { class: 'data compare-totals', 'data-testid': 'compare-totals' },
      h('caption', {}, 'Totals: A, B and the change from A to B (B − A, and relative to A)'),
      h('thead', {}, h('tr', {}, ['', 'A', 'B', 'Δ (B − A)', 'Δ %'].map((t, i) => h('th', { scope: 'col', class: i > 0 ? 'num' : '' }, t)))),
      h('tbody', {}, rows.map((r) => h('tr', {
        class: r.partOfTotal ? 'part' : '', dataset: { key: r.key, a: String(r.a), b: String(r.b), abs: String(r.abs) },
      },
      h('th', { scope: 'row' }, r.label),
      h('td', { class: 'num' }, measureText(r.measure, r.a, joules)),
      h('td', { class: 'num' }, measureText(r.measure, r.b, joules)),
      h('td', { class: `num ${r.abs < 0 ? 'less' : r.abs > 0 ? 'more' : ''}` }, signed(r.measure, r.abs, joules)),
      h('td', { class: 'num', title: r.rel === null ? 'A is 0: no relative change' : '' }, relText(r.rel)))))));
  }

  function fieldsTable(/** @type {Pinnable} */ a, /** @type {Pinnable} */ b) {
    if (a.documentText === null || b.documentText === null) {
      return h('p', { class: 'note', 'data-testid': 'compare-fields' }, `The configurations cannot be compared: ${a.documentText === null ? 'A' : 'B'} was opened from a result file, which holds no run document.`);
    }
    const diffs = differingFields(page.fields, JSON.parse(a.documentText), JSON.parse(b.documentText));
    if (diffs.length === 0) return h('p', { class: 'note', 'data-testid': 'compare-fields' }, 'A and B are of the same configuration.');
    return scrollBox('Configuration fields that differ', {}, h('table', { class: 'data compare-fields', 'data-testid': 'compare-fields' },
      h('caption', {}, `Configuration fields that differ (${diffs.length})`),
      h('thead', {}, h('tr', {}, ['Field', 'A', 'B'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, diffs.map((d) => h('tr', { dataset: { field: d.name } },
        h('th', { scope: 'row' }, d.label), h('td', {}, d.a), h('td', {}, d.b))))));
  }

  function layersPart(/** @type {Pinnable} */ a, /** @type {Pinnable} */ b, /** @type {boolean} */ joules) {
    const rows = compareLayers(a.result, b.result);
    const both = rows.filter((r) => r.side === 'both');
    const onlyA = rows.filter((r) => r.side === 'a').map((r) => r.name);
    const onlyB = rows.filter((r) => r.side === 'b').map((r) => r.name);
    const largest = Math.max(0, ...rows.flatMap((r) => [Math.abs(r.a ?? 0), Math.abs(r.b ?? 0)]));
    const [scale, unit] = joules ? jouleUnit(largest) : [1, 'units'];
    const num = (/** @type {number | null} */ v) => (v === null ? '' : joules ? String(Number((v / scale).toPrecision(4))) : formatCompact(v));
    const signedNum = (/** @type {number} */ v) => `${sign(v)}${num(Math.abs(v))}`;
    const chart = scrollBox('Energy of B − A per layer, chart', { class: 'chart', 'data-testid': 'compare-chart' });
    const section = h('section', { 'aria-labelledby': 'compare-layers-title' },
      h('h3', { id: 'compare-layers-title' }, 'Per layer: energy of B − A'),
      h('p', { class: 'note' }, 'Bars to the left of zero (blue): B spends less than A on the layer; to the right (vermillion): more. Each bar ends with the change relative to A. Enter or a click on a bar opens B\'s schedule of the layer.'),
      onlyA.length + onlyB.length > 0 ? h('p', { class: 'note', 'data-testid': 'compare-only' },
        `Layers are matched by name. ${onlyA.length ? `Only in A: ${onlyA.join(', ')}. ` : ''}${onlyB.length ? `Only in B: ${onlyB.join(', ')}.` : ''}`) : null,
      h('div', { class: 'chart-with-table' },
        chart,
        scrollBox('Energy per layer of A and B', {}, h('table', { class: 'data', 'data-testid': 'compare-layers' },
          h('caption', {}, `Energy per layer (${unit}) and time (cycles)`),
          h('thead', {}, h('tr', {}, ['Layer', 'A', 'B', 'Δ energy', 'Δ %', 'Δ time'].map((t, i) => h('th', { scope: 'col', class: i > 0 ? 'num' : '' }, t)))),
          h('tbody', {}, rows.map((r) => h('tr', { dataset: { layer: r.name, side: r.side, abs: r.energy ? String(r.energy.abs) : '' } },
            h('th', { scope: 'row' }, r.name),
            h('td', { class: 'num' }, num(r.a)),
            h('td', { class: 'num' }, num(r.b)),
            r.energy && r.time ? [
              h('td', { class: `num ${r.energy.abs < 0 ? 'less' : r.energy.abs > 0 ? 'more' : ''}` }, signedNum(r.energy.abs)),
              h('td', { class: 'num' }, relText(r.energy.rel)),
              h('td', { class: 'num' }, `${sign(r.time.abs)}${formatCount(Math.abs(r.time.abs))}`),
            ] : h('td', { colspan: 3, class: 'only' }, r.side === 'a' ? 'only in A' : 'only in B'))))))));
    if (both.length > 0) {
      drawAtWidth(box, chart, (width) => fill(chart, divergingChart(both, Math.min(width, MAX_WIDTH), joules, scale, unit)));
    } else {
      fill(chart, h('p', { class: 'note' }, 'No layer is in both A and B.'));
    }
    return section;
  }

  /** Diverging bars: each layer's B − A energy from a zero line, on an axis symmetric around it. */
  function divergingChart(/** @type {import('./compare-model.js').LayerRow[]} */ rows, /** @type {number} */ width,
    /** @type {boolean} */ joules, /** @type {number} */ scale, /** @type {string} */ unit) {
    const gutter = Math.round(Math.min(120, Math.max(64, width * 0.2)));
    // Room for a relative delta beyond the end of the longest bar, on either side.
    const pad = 52;
    const pixels = Math.max(80, width - gutter - 2 * pad);
    const deltas = rows.map((r) => /** @type {Delta} */ (r.energy).abs);
    const [less, more] = [Math.max(0, ...deltas.map((d) => -d)), Math.max(0, ...deltas)];
    // One round step for both sides; each side reaches its first tick past its data (none where no bar goes).
    const axis = niceAxis(Math.max(less, more), Math.max(2, tickCount(pixels) - (less > 0 && more > 0 ? 1 : 0)));
    const reach = (/** @type {number} */ v) => (v > 0 ? axis.step * Math.ceil(v / axis.step - 1e-9) : 0);
    const [left, right] = [reach(less), reach(more) || (less > 0 ? 0 : axis.step)];
    const perValue = pixels / (left + right);
    const zero = gutter + pad + left * perValue;
    const x = (/** @type {number} */ v) => zero + v * perValue;
    const ticks = axis.ticks.filter((t) => t <= left + 1e-9 * axis.step && t > 0).reverse().map((t) => -t)
      .concat(axis.ticks.filter((t) => t <= right + 1e-9 * axis.step));
    const plotEnd = AXIS_HEIGHT + rows.length * ROW + 2;
    const height = plotEnd + 4;
    const tickText = (/** @type {number} */ v) => `${v < 0 ? '−' : ''}${joules ? Number((Math.abs(v) / scale).toPrecision(6)) : formatCompact(Math.abs(v))}`;
    const chars = Math.floor((gutter - 8) / CHAR);
    // Numbers like '−300 M' need about 56 px: on a narrow chart only every second (or third) tick has one.
    const labelEvery = Math.max(1, Math.ceil(56 / (axis.step * perValue)));
    const energyText = (/** @type {number} */ v) => `${sign(v)}${formatEnergy(Math.abs(v), joules)}`;
    return rovingBars(s('svg', {
      viewBox: `0 0 ${width} ${height}`, width, height, role: 'group', class: 'bars', 'font-size': FONT, 'data-testid': 'compare-svg',
      'aria-label': 'Energy change of each layer from A to B (left: B spends less, right: more); arrow keys move between layers, Enter opens B\'s schedule of the layer',
    },
    s('g', { class: 'axis', 'aria-hidden': 'true' },
      s('text', { class: 'axis-title', x: gutter + pad, y: AXIS_HEIGHT - 24 }, `Energy of B − A (${unit})`),
      ticks.map((t) => s('g', { class: 'tick' },
        s('line', {
          class: t === 0 ? 'zero' : 'grid', x1: x(t), x2: x(t), y1: AXIS_HEIGHT - 4, y2: plotEnd,
        }),
        Math.round(Math.abs(t) / axis.step) % labelEvery === 0
          ? s('text', { x: x(t), y: AXIS_HEIGHT - 10, 'text-anchor': 'middle' }, tickText(t)) : null)),
      s('line', {
        class: 'axis-line', x1: gutter + pad, x2: gutter + pad + pixels, y1: AXIS_HEIGHT - 4, y2: AXIS_HEIGHT - 4,
      })),
    rows.map((r, i) => {
      const d = /** @type {Delta} */ (r.energy);
      const y = AXIS_HEIGHT + i * ROW;
      const [x0, x1] = [x(Math.min(0, d.abs)), x(Math.max(0, d.abs))];
      const label = `${r.name}: ${energyText(d.abs)} (${relText(d.rel)})`;
      const open = () => page.openDetail(r.name);
      return s('g', {
        class: 'bar clickable',
        role: 'button',
        'aria-label': `${label}; open B's schedule of the layer`,
        on: {
          click: open,
          keydown: (/** @type {KeyboardEvent} */ e) => {
            if (e.key !== 'Enter' && e.key !== ' ') return;
            e.preventDefault();
            open();
          },
        },
      },
      s('title', {}, label),
      s('rect', {
        class: 'row-hit', x: 0, y, width, height: ROW,
      }),
      s('text', {
        class: 'row-label', x: gutter - 6, y: y + ROW / 2, 'text-anchor': 'end', 'dominant-baseline': 'central',
      }, r.name.length > chars ? `${r.name.slice(0, Math.max(1, chars - 1))}…` : r.name),
      s('rect', {
        x: x0, y: y + 4, width: Math.max(x1 - x0, 0.5), height: ROW - 8, fill: d.abs < 0 ? LESS : MORE,
      }),
      s('text', {
        class: 'end-label', x: d.abs < 0 ? x0 - 4 : x1 + 4, y: y + ROW / 2, 'text-anchor': d.abs < 0 ? 'end' : 'start', 'dominant-baseline': 'central',
      }, relText(d.rel)));
    })), '.bar.clickable');
  }

  update();
  return {
    update, pinAsA, unpin,
    /** The pinned A, or null. */
    get pinned() {
      return pinned;
    },
    /**
     * A link's A (its run document, checked by compare-link.js): pinned when
     * the form's own configuration is A (its result is on the way), else
     * `runA` runs it; the caller runs B next.
     */
    async open(/** @type {{document: Record<string, any>, documentText: string}} */ link,
      /** @type {(document: Record<string, any>) => Promise<Pinnable | null>} */ runA) {
      if (pinned?.documentText === link.documentText) return;
      if (link.documentText === page.engineText()) {
        pinned = null;
        awaitedText = link.documentText;
        update();
        return;
      }
      const a = await runA(link.document);
      if (a) await pinAsA(a);
    },
    /** The packed A for the link (kept when a link without one is opened). */
    get packed() {
      return packed;
    },
  };
}
