// The Sweep tab: one or two run fields and their values over the form's
// configuration, run on a pool of engine workers (sweep-pool.js), each point
// shown as it finishes; the metric against the first field (a line per value
// of the second), a heatmap of two fields, and energy against time with the
// Pareto front, each with its numbers in a table; CSV and JSON lines out.
// The points and their lines are the engine's (sweepPoints, sweepLine).
import { rovingBars } from './bar-focus.js';
import { categorical, itemGradient } from './colours.js';
import { fill, h, s } from './dom.js';
import { NearView } from './draw-near-view.js';
import { KeptDocuments } from './kept-documents.js';
import { CancelledError } from './engine.js';
import { download } from './export.js';
import { sizeText } from './fields.js';
import {
  costsInJoules, digitsToTell, formatCompact, formatCount, formatEnergy, formatTick,
} from './format.js';
import {
  LARGE_SWEEP, METRICS, SweepError, formatSweepLink, isSizeField, metricOf, parseAxisValues, parseSweepLink,
  spreadPlaces, sweepCsv, sweepDocument, sweepJsonl, sweepableFields, valueAt,
} from './sweep-model.js';
import {
  axisValues, heatColour, heatGeometry, lineGeometry, scatterGeometry, spanPosition,
} from './sweep-plots.js';
import { scrollBox } from './scroll-region.js';
import { pageSpan, pager } from './table-pages.js';

/**
 * @typedef {import('./fields.js').FormField} FormField
 * @typedef {import('./sweep-model.js').SweepLine} SweepLine
 * @typedef {import('./sweep-pool.js').SweepPoint} SweepPoint
 * @typedef {import('./sweep-pool.js').SweepPool} SweepPool
 * @typedef {object} SweepPage  What the page lends the sweep.
 * @property {FormField[]} fields
 * @property {(fn: string, args: any[]) => Promise<any>} call     A quick engine call (the tools worker).
 * @property {SweepPool} pool
 * @property {() => Record<string, any> | null} baseDocument       The form's run document, or null while it cannot be made.
 * @property {(text: string) => void} notice
 * @property {(text: string | null) => void} linkChanged           The sweep's link text, into the link.
 * @property {(point: SweepPoint, resultText: string | null, values: string) => void} openPoint
 *   Shows a point's result in the page; with null (a result no longer kept) it searches the point again.
 *   `values`: the point's values as the Sweep tab writes them, for its title.
 * @property {(point: SweepPoint, resultText: string | null, values: string) => void} pinPoint  Pins a point's result as A for Compare.
 * @property {number} [keptBytes]  Bytes of result documents kept to open at a click (default KEPT_RESULT_BYTES).
 */

const PLOT_HEIGHT = 240;
const LEFT = 76;
const RIGHT = 16;
const TOP = 28;
const BOTTOM = 44;
/** A plot's height, its axes' labels included. */
const PLOT_BOX_HEIGHT = TOP + PLOT_HEIGHT + BOTTOM;
const MAX_WIDTH = 720;
/** Room kept beside a plot for its table on wide screens. */
const TABLE_ROOM = 440;
/** Redraw at most this often while points arrive (ms), and at least 10 drawing times apart: drawing takes at most a tenth of the page's thread, which stays responsive and leaves the cores to the workers. */
const REDRAW_MS = 300;
/** How often the count of finished points is shown while a sweep runs (ms). */
const COUNT_MS = 250;
/** Points timed per worker before a large sweep asks (spreadPlaces): a second or two of most sweeps. */
const SAMPLED_PER_WORKER = 4;
/** Bytes of result documents kept to open at a click (kept-documents.js): 16 MB, about 500 of AlexNet's, 60 of BERT-base's; older ones are searched again when opened. */
const KEPT_RESULT_BYTES = 16 * 1024 * 1024;
/** Rows of the table of points redrawn while a sweep runs (all of them when it ends). */
const RUNNING_ROWS = 100;
/** Rows of the table of points a page once the sweep ends (a table of thousands of rows took seconds to build and lay out). */
const PAGE_ROWS = 100;
/** Cells of a table of the metric a page: as many rows as fit, at most PAGE_ROWS. */
const PAGE_CELLS = 1000;
/** The most points whose tables of the metric (a cell per point) are redrawn while the sweep runs; a larger sweep's are drawn when it ends: at 1000 points they were most of a redraw. */
const RUNNING_CELLS = 400;

const dayText = (/** @type {number} */ seconds) => {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
};

/** The Sweep tab in `box`; returns open(linkText) (problems of a link's sweep) and cancel(). */
export function createSweepView(/** @type {HTMLElement} */ box, /** @type {SweepPage} */ page) {
  const choices = sweepableFields(page.fields);
  const byName = new Map(choices.map((f) => [f.name, f]));
  /** @type {SweepLine[]} Lines by point, as they finish. */
  let lines = [];
  /** @type {string[]} The lines' texts as the CLI prints them, by point. */
  let texts = [];
  /** @type {SweepPoint[]} */
  let points = [];
  /** Finished points' result documents, the latest within the page's budget. */
  const results = new KeptDocuments(page.keptBytes ?? KEPT_RESULT_BYTES);
  /** @type {string[]} */
  let sweptFields = [];
  /** @type {AbortController | null} */
  let running = null;
  let joules = false;
  /** The page each long table shows (table-pages.js), kept across redraws, from 0 for a new sweep. */
  const tablePage = { points: 0, line: 0, heat: 0 };
  /** The table of points shows the Pareto front only. */
  let frontOnly = false;
  /** Sweeps started so far: the latest one's end clears the box's aria-busy. */
  let sweeps = 0;

  const fieldSelect = (/** @type {string} */ id, /** @type {boolean} */ optional) => /** @type {HTMLSelectElement} */ (h('select', { id },
    optional ? h('option', { value: '' }, '(none: one field)') : null,
    choices.map((f) => h('option', { value: f.name }, f.label))));
  const axis1 = fieldSelect('sweep-field-1', false);
  const axis2 = fieldSelect('sweep-field-2', true);
  const text1 = /** @type {HTMLInputElement} */ (h('input', {
    id: 'sweep-values-1', type: 'text', value: '8 kB .. 1 MB x2', 'aria-describedby': 'sweep-values-help', spellcheck: 'false',
  }));
  const text2 = /** @type {HTMLInputElement} */ (h('input', {
    id: 'sweep-values-2', type: 'text', value: '', 'aria-describedby': 'sweep-values-help', spellcheck: 'false',
  }));
  const metric = /** @type {HTMLSelectElement} */ (h('select', { id: 'sweep-metric' }, METRICS.map(([k, label]) => h('option', { value: k }, label))));
  const runButton = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', class: 'primary', 'data-testid': 'sweep-run' }, 'Run sweep'));
  const cancelButton = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', disabled: true, 'data-testid': 'sweep-cancel' }, 'Cancel sweep'));
  const csvButton = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', disabled: true, 'data-testid': 'sweep-csv' }, 'Export CSV'));
  const jsonlButton = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', disabled: true, 'data-testid': 'sweep-jsonl' }, 'Export JSON lines'));
  const status = h('p', { class: 'note', role: 'status', 'data-testid': 'sweep-status' }, `Points run on ${page.pool.size} worker${page.pool.size > 1 ? 's' : ''}.`);
  const progress = /** @type {HTMLProgressElement} */ (h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Sweep progress' }));
  const question = h('div', { class: 'notice', role: 'alertdialog', hidden: true, 'data-testid': 'sweep-question' });
  const problem = h('p', { class: 'error', role: 'alert', hidden: true, 'data-testid': 'sweep-error' });
  const readout = h('p', { class: 'note sweep-readout', 'aria-live': 'polite', 'data-testid': 'sweep-readout' }, 'Hover or focus a point for its values; click it, or press Enter, for its full result.');
  const docText = h('pre', { 'data-testid': 'sweep-json' });
  const docBox = h('details', { class: 'run-document', hidden: true },
    h('summary', {}, 'Sweep document (for ', h('code', {}, 'nndf sweep'), ')'), docText,
    h('button', { type: 'button', on: { click: () => download('sweep.json', `${docText.textContent}\n`, 'application/json') } }, 'Save sweep document'));
  const lineBox = h('div', { class: 'chart-with-table sweep-box' });
  const heatBox = h('div', { class: 'chart-with-table sweep-box' });
  const scatterBox = h('div', { class: 'chart-with-table sweep-box' });

  fill(box,
    h('div', { class: 'sweep-form' },
      h('div', { class: 'field' }, h('label', { for: 'sweep-field-1' }, 'First field'), axis1),
      h('div', { class: 'field' }, h('label', { for: 'sweep-values-1' }, 'Its values'), text1),
      h('div', { class: 'field' }, h('label', { for: 'sweep-field-2' }, 'Second field'), axis2),
      h('div', { class: 'field' }, h('label', { for: 'sweep-values-2' }, 'Its values'), text2),
      h('div', { class: 'field' }, h('label', { for: 'sweep-metric' }, 'Line and heatmap show'), metric)),
    h('p', { id: 'sweep-values-help', class: 'help' },
      'A list (8 kB, 64 kB, 512 kB; for the memory costs separate values with ;), a geometric range (8 kB .. 1 MB x2: doubling) or a linear one (4 .. 16 +4). Sizes take B, kB, MB (1 kB = 1024 B). The other fields keep the configuration\'s values.'),
    h('div', { class: 'row' }, runButton, cancelButton, csvButton, jsonlButton, progress),
    status, problem, question, docBox, readout,
    h('h3', { class: 'chart-title' }, 'The metric against the first field'), lineBox,
    h('h3', { class: 'chart-title', 'data-heat-title': '' }, 'Heatmap of the two fields'), heatBox,
    h('h3', { class: 'chart-title' }, 'Energy against time, the Pareto front marked'), scatterBox);
  const heatTitle = /** @type {HTMLElement} */ (box.querySelector('[data-heat-title]'));
  axis1.value = byName.has('gbuf') ? 'gbuf' : choices[0].name;

  /** The axes as typed, for the link. */
  const axisTexts = () => [{ field: axis1.value, text: text1.value }, ...(axis2.value ? [{ field: axis2.value, text: text2.value }] : [])];
  const writeLink = () => page.linkChanged(formatSweepLink({ axes: axisTexts(), metric: metric.value }));
  for (const el of [axis1, axis2, text1, text2, metric]) el.addEventListener('change', writeLink);
  metric.addEventListener('change', () => draw('metric'));

  const showProblem = (/** @type {string | null} */ text) => {
    problem.hidden = text === null;
    problem.textContent = text ?? '';
  };

  // ---- Values for people --------------------------------------------------

  const valueText = (/** @type {string} */ field, /** @type {any} */ v) => {
    const f = byName.get(field);
    if (f && isSizeField(f) && typeof v === 'number') return sizeText(v);
    if (Array.isArray(v)) return v.join(f?.schema.kind === 'pair' ? 'x' : ', ');
    if (typeof v === 'boolean') return v ? 'on' : 'off';
    return String(v);
  };
  /** A field's name in legends and tables (its values carry their unit); axes use the label with the unit. */
  const labelOf = (/** @type {string} */ field) => byName.get(field)?.schema.label ?? field;
  const axisLabel = (/** @type {string} */ field) => byName.get(field)?.label ?? field;
  /** Significant digits of each metric's numbers: enough to tell the sweep's values apart (set as it draws). */
  const digits = { cost: 4, time: 4 };
  const metricText = (/** @type {string} */ key, /** @type {number | null} */ v) => {
    if (v === null) return '—';
    return key === 'cost' ? formatEnergy(v, joules, digits.cost) : `${formatCompact(v, digits.time)} cycles`;
  };
  const metricTitle = (/** @type {string} */ key) => (key === 'cost' ? `Energy (${joules ? 'J' : 'cost units'})` : 'Time (cycles)');
  /** An axis' tick texts, with the digits its step needs (in joules too: the title carries the unit). */
  const tick = (/** @type {import('./sweep-plots.js').SpanAxis} */ axis) => (/** @type {number} */ v) => formatTick(v, axis.ticks.length > 1 ? axis.ticks[1] - axis.ticks[0] : 0);
  const statusText = (/** @type {SweepLine} */ l) => (l.status === 'ok' ? 'ok' : l.status === 'no-dataflow' ? 'no dataflow' : `error: ${l.message ?? ''}`);
  /** A point's values of the swept fields, for people: "Global buffer per node 64 kB; NoC hop 2". */
  const valuesText = (/** @type {{values: Record<string, any>}} */ p) => sweptFields.map((f) => `${labelOf(f)} ${valueText(f, p.values[f])}`).join('; ');
  const pointText = (/** @type {SweepLine} */ l) => [
    valuesText(l),
    l.status === 'ok' ? `energy ${metricText('cost', metricOf(l, 'cost'))}, time ${metricText('time', metricOf(l, 'time'))}` : statusText(l),
  ].join('; ');

  // ---- Plots --------------------------------------------------------------

  /** A point's mark, named by its values (the plot's listeners, below, show and open it). */
  const mark = (/** @type {string} */ tag, /** @type {Record<string, any>} */ attrs, /** @type {SweepLine} */ l) => s(tag, {
    ...attrs, class: `sweep-point ${attrs.class ?? ''}`, 'data-index': l.index, role: 'button', 'aria-label': `Point ${l.index}: ${pointText(l)}`,
  });

  /**
   * A plot's marks: hover and focus show a point's values, in the line
   * above the plots and in a tip beside the mark; a click or Enter opens
   * it. The plot listens for all of its marks: five listeners on each of
   * thousands of marks were a tenth of a redraw's script. One tip per plot
   * replaces a `<title>` per mark, which doubled the plot's elements and
   * showed only to a mouse, a second late.
   */
  const listenForMarks = (/** @type {Element} */ plot) => {
    const markOf = (/** @type {Event} */ e) => (e.target instanceof Element ? e.target.closest('.sweep-point') : null);
    const openMark = (/** @type {Element} */ m) => open(Number(m.getAttribute('data-index')));
    /** @type {HTMLElement | null} */
    let tip = null;
    const show = (/** @type {Event} */ e) => {
      const m = markOf(e);
      const chart = plot.parentElement;
      if (!m || !chart) return;
      const text = m.getAttribute('aria-label') ?? '';
      readout.textContent = text;
      if (!tip) {
        tip = h('div', { class: 'sweep-tip', 'aria-hidden': 'true' });
        chart.append(tip);
      }
      tip.textContent = text;
      tip.hidden = false;
      // Above the mark, or below it near the plot's top; left of it near the right edge.
      const [at, area, size] = [m.getBoundingClientRect(), chart.getBoundingClientRect(), tip.getBoundingClientRect()];
      const x = at.right - area.left + 6;
      const y = at.top - area.top - size.height - 4;
      tip.style.left = `${Math.max(0, x + size.width > area.width ? at.left - area.left - size.width - 6 : x)}px`;
      tip.style.top = `${y >= 0 ? y : at.bottom - area.top + 4}px`;
    };
    const hide = () => {
      if (tip) tip.hidden = true;
    };
    plot.addEventListener('focusin', show);
    plot.addEventListener('mouseover', show);
    plot.addEventListener('focusout', hide);
    plot.addEventListener('mouseleave', hide);
    plot.addEventListener('click', (e) => {
      const m = markOf(e);
      if (m) openMark(m);
    });
    plot.addEventListener('keydown', (event) => {
      const e = /** @type {KeyboardEvent} */ (event);
      const m = markOf(e);
      if (m && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        openMark(m);
      }
    });
    return plot;
  };

  /** A vertical value axis at the plot's left, with its title above. */
  const leftAxis = (/** @type {import('./sweep-plots.js').SpanAxis} */ axis, /** @type {number} */ width, /** @type {string} */ title, /** @type {(v: number) => string} */ format) => s('g', { class: 'axis', 'aria-hidden': 'true' },
    s('text', { class: 'axis-title', x: 4, y: 14 }, title),
    axis.ticks.map((t) => {
      const y = TOP + PLOT_HEIGHT - spanPosition(axis, PLOT_HEIGHT, t);
      return s('g', { class: 'tick' },
        s('line', {
          class: 'grid', x1: LEFT, x2: width - RIGHT, y1: y, y2: y,
        }),
        s('text', {
          x: LEFT - 6, y: y + 4, 'text-anchor': 'end',
        }, format(t)));
    }),
    s('line', {
      class: 'axis-line', x1: LEFT, x2: LEFT, y1: TOP, y2: TOP + PLOT_HEIGHT,
    }));

  /** The labels of a field's values under a plot (thinned to fit), and the field's name. */
  const fieldAxis = (/** @type {any[]} */ xs, /** @type {string} */ field, /** @type {number} */ pixels) => {
    const every = Math.max(1, Math.ceil((xs.length * 64) / pixels));
    return s('g', { class: 'axis', 'aria-hidden': 'true' },
      s('line', {
        class: 'axis-line', x1: LEFT, x2: LEFT + pixels, y1: TOP + PLOT_HEIGHT, y2: TOP + PLOT_HEIGHT,
      }),
      xs.map((x, i) => (i % every === 0 ? s('text', {
        x: LEFT + ((i + 0.5) / xs.length) * pixels, y: TOP + PLOT_HEIGHT + 16, 'text-anchor': 'middle',
      }, valueText(field, x)) : null)),
      s('text', { class: 'axis-title', x: LEFT, y: TOP + PLOT_HEIGHT + 36 }, axisLabel(field)));
  };

  /** A plot's width in a box `full` wide: beside its table where both fit, else the whole width. */
  const plotWidth = (/** @type {number} */ full) => Math.min(MAX_WIDTH, full >= 2 * TABLE_ROOM ? full - TABLE_ROOM : full);

  const svg = (/** @type {number} */ width, /** @type {string} */ label, /** @type {string} */ testid, /** @type {any[]} */ ...children) => listenForMarks(rovingBars(s('svg', {
    width, height: PLOT_BOX_HEIGHT, viewBox: `0 0 ${width} ${PLOT_BOX_HEIGHT}`, role: 'group', 'aria-label': label, class: 'sweep-plot', 'data-testid': testid, 'font-size': 12,
  }, ...children), '.sweep-point'));

  const done = () => lines.filter(Boolean);

  function drawLine(/** @type {HTMLElement} */ chart, /** @type {number} */ full) {
    const width = plotWidth(full);
    const pixels = width - LEFT - RIGHT;
    const key = metric.value;
    const g = lineGeometry({
      lines: done(), fields: sweptFields, metric: key, width: pixels, height: PLOT_HEIGHT, count: Math.max(3, Math.floor(PLOT_HEIGHT / 50)),
    });
    fill(chart, svg(width, `${metricTitle(key)} against ${labelOf(sweptFields[0])}`, 'sweep-line',
      leftAxis(g.y, width, metricTitle(key), tick(g.y)),
      fieldAxis(g.xs, sweptFields[0], pixels),
      g.series.map((series) => s('g', { class: 'series' },
        series.runs.map((run) => s('polyline', {
          points: run.map((d) => `${LEFT + d.x},${TOP + d.y}`).join(' '), fill: 'none', stroke: series.colour, 'stroke-width': 2,
        })),
        series.dots.map((d) => mark('circle', {
          cx: LEFT + d.x, cy: TOP + d.y, r: 4, fill: series.colour,
        }, /** @type {SweepLine} */ (lines[d.index])))))),
    sweptFields.length > 1 ? lineLegend(g.series) : null,
    coincidenceNote(g.coincident, g.series.map((x) => x.value)));
  }

  /** The lines that lie on one another (lineGeometry's `coincident` groups of `values`' places), in words; null when none do. */
  function coincidenceNote(/** @type {number[][]} */ groups, /** @type {any[]} */ values) {
    if (groups.length === 0) return null;
    const [first, second] = sweptFields.map(labelOf);
    const what = metric.value === 'cost' ? 'energy' : 'time';
    const note = (/** @type {string} */ text) => h('p', { class: 'plot-note', 'data-testid': 'sweep-coincide' }, text);
    if (groups.length === 1 && groups[0].length === values.length) {
      return note(`All ${values.length} lines lie on one another: ${second} changes no ${what} here.`);
    }
    const SHOWN = 6;
    const and = (/** @type {string[]} */ xs) => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
    const named = groups.slice(0, SHOWN).map((g) => `${second} ${and(g.map((k) => valueText(sweptFields[1], values[k])))}`);
    const more = groups.length > SHOWN ? `; and ${groups.length - SHOWN} more such groups` : '';
    return note(`Lines that lie on one another (the same ${what} at every ${first}): ${named.join('; ')}${more}.`);
  }

  /** A swatch per value of the second field; for many values (then in viridis's order), one ramp from the first to the last. */
  function lineLegend(/** @type {{value: any, colour: string}[]} */ series) {
    const field = sweptFields[1];
    const item = (/** @type {string} */ colour, /** @type {any} */ value) => h('li', {}, h('span', { class: 'swatch', style: `background:${colour}` }), `${labelOf(field)} ${valueText(field, value)}`);
    if (categorical(series.length)) return h('ul', { class: 'legend', 'aria-label': labelOf(field) }, series.map((x) => item(x.colour, x.value)));
    const [first, last] = [series[0], series[series.length - 1]];
    return h('ul', { class: 'legend', 'aria-label': labelOf(field) },
      h('li', {}, h('span', { class: 'swatch gradient', style: `background:${itemGradient(series.length)}` }),
        `${labelOf(field)} ${valueText(field, first.value)} to ${valueText(field, last.value)} (${series.length} values; hover a point for its own)`));
  }

  function drawHeat(/** @type {HTMLElement} */ chart, /** @type {number} */ full) {
    const width = plotWidth(full);
    const pixels = width - LEFT - RIGHT;
    const key = metric.value;
    const g = heatGeometry({
      lines: done(), fields: sweptFields, metric: key, width: pixels, height: PLOT_HEIGHT,
    });
    const rowEvery = Math.max(1, Math.ceil((g.ys.length * 16) / PLOT_HEIGHT));
    fill(chart, svg(width, `Heatmap of ${metricTitle(key)} over ${labelOf(sweptFields[0])} and ${labelOf(sweptFields[1])}`, 'sweep-heat',
      s('text', { class: 'axis-title', x: 4, y: 14 }, `${axisLabel(sweptFields[1])}, by row`),
      g.ys.map((y, i) => (i % rowEvery === 0 ? s('text', {
        x: LEFT - 6, y: TOP + ((i + 0.5) / g.ys.length) * PLOT_HEIGHT + 4, 'text-anchor': 'end',
      }, valueText(sweptFields[1], y)) : null)),
      fieldAxis(g.xs, sweptFields[0], pixels),
      g.cells.map((c) => mark('rect', {
        x: LEFT + c.x + 0.5, y: TOP + c.y + 0.5, width: Math.max(1, c.w - 1), height: Math.max(1, c.h - 1), fill: c.t === null ? '#ffffff' : heatColour(c.t), stroke: c.t === null ? '#999999' : 'none', class: c.t === null ? 'missing' : '',
      }, /** @type {SweepLine} */ (lines[c.index])))),
    h('p', { class: 'legend heat-legend' },
      h('span', {}, `${metricText(key, Number.isFinite(g.lo) ? g.lo : null)} `),
      h('span', { class: 'heat-ramp', 'aria-hidden': 'true' }),
      // One item with the highest value: the legend's gap would part the sentence from it.
      h('span', {}, ` ${metricText(key, Number.isFinite(g.hi) ? g.hi : null)}${g.log ? ' (colour on a log scale)' : ''}; white: no dataflow or an error`)));
  }

  function drawScatter(/** @type {HTMLElement} */ chart, /** @type {number} */ full) {
    const width = plotWidth(full);
    const pixels = width - LEFT - RIGHT;
    const g = scatterGeometry({
      lines: done(), width: pixels, height: PLOT_HEIGHT, count: Math.max(3, Math.floor(pixels / 90)),
    });
    fill(chart, svg(width, 'Energy against time', 'sweep-scatter',
      leftAxis(g.yAxis, width, metricTitle('cost'), tick(g.yAxis)),
      s('g', { class: 'axis', 'aria-hidden': 'true' },
        g.xAxis.ticks.map((t) => s('text', {
          x: LEFT + spanPosition(g.xAxis, pixels, t), y: TOP + PLOT_HEIGHT + 16, 'text-anchor': 'middle',
        }, tick(g.xAxis)(t))),
        s('line', {
          class: 'axis-line', x1: LEFT, x2: LEFT + pixels, y1: TOP + PLOT_HEIGHT, y2: TOP + PLOT_HEIGHT,
        }),
        s('text', { class: 'axis-title', x: LEFT, y: TOP + PLOT_HEIGHT + 36 }, metricTitle('time'))),
      s('polyline', {
        class: 'pareto', points: g.front.map((d) => `${LEFT + d.x},${TOP + d.y}`).join(' '), fill: 'none',
      }),
      g.dots.map((d) => mark('circle', {
        cx: LEFT + d.x, cy: TOP + d.y, r: d.front ? 5 : 3.5, class: d.front ? 'front' : '', fill: d.front ? '#D55E00' : '#777777',
      }, /** @type {SweepLine} */ (lines[d.index])))),
    h('ul', { class: 'legend' },
      h('li', {}, h('span', { class: 'swatch front' }), 'on the Pareto front (no point has less energy and less time)'),
      h('li', {}, h('span', { class: 'swatch other' }), 'other points')));
    return new Set(g.frontIndices);
  }

  // ---- Tables -------------------------------------------------------------

  /**
   * The metric by the two fields' values: the field with more values down
   * the side (the first on a tie), so that a long field pages its rows
   * instead of making the table thousands of columns wide.
   */
  function matrixTable(/** @type {string} */ caption, /** @type {'line' | 'heat'} */ which, /** @type {() => void} */ redrawBox) {
    const key = metric.value;
    // A cell per point once the sweep ends.
    if (running && points.length > RUNNING_CELLS) return h('p', { class: 'note' }, `${caption}: the table when the sweep ends (${formatCount(points.length)} points).`);
    const ls = done();
    const [first, second = null] = sweptFields;
    const firstValues = axisValues(ls, first);
    const secondValues = second === null ? [null] : axisValues(ls, second);
    const across = second !== null && secondValues.length > firstValues.length;
    const [down, side] = across ? [second, first] : [first, second];
    const [rows, cols] = across ? [secondValues, firstValues] : [firstValues, secondValues];
    const keyOf = (/** @type {any} */ a, /** @type {any} */ b) => `${JSON.stringify(a)}|${JSON.stringify(b)}`;
    const at = new Map(ls.map((l) => [keyOf(valueAt(l, first), second === null ? null : valueAt(l, second)), l]));
    const lineAt = (/** @type {any} */ r, /** @type {any} */ c) => at.get(across ? keyOf(c, r) : keyOf(r, c));
    const span = pageSpan(rows.length, Math.max(1, Math.min(PAGE_ROWS, Math.floor(PAGE_CELLS / cols.length))), tablePage[which]);
    tablePage[which] = span.page;
    const testid = `sweep-${which}-table`;
    return h('div', { class: 'paged-table' },
      pager({
        id: testid,
        span,
        count: rows.length,
        noun: `rows (${labelOf(down)})`,
        go: (page) => {
          tablePage[which] = page;
          redrawBox();
        },
      }),
      scrollBox(caption, { class: 'sweep-points' }, h('table', { class: 'data', 'data-testid': testid },
        h('caption', {}, caption),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, labelOf(down)),
          cols.map((c) => h('th', { scope: 'col', class: 'num' }, side === null ? metricTitle(key) : `${labelOf(side)} ${valueText(side, c)}`)))),
        h('tbody', {}, rows.slice(span.from, span.to).map((r) => h('tr', {}, h('th', { scope: 'row' }, valueText(down, r)),
          cols.map((c) => {
            const l = lineAt(r, c);
            return h('td', { class: 'num' }, l ? (l.status === 'ok' ? metricText(key, metricOf(l, key)) : statusText(l)) : '');
          })))))));
  }

  /**
   * Every point: its values, status, energy and time, and whether it is on
   * the front; a page at a time, or the front only. While a big sweep runs,
   * the front and the latest rows (a redraw stays short).
   */
  function pointTable(/** @type {Set<number>} */ front, /** @type {() => void} */ redrawBox) {
    const all = done();
    const list = frontOnly ? all.filter((l) => front.has(l.index)) : all;
    const latest = running !== null && !frontOnly && all.length > RUNNING_ROWS;
    const span = pageSpan(list.length, PAGE_ROWS, latest ? 0 : tablePage.points);
    if (!latest) tablePage.points = span.page;
    const shown = latest
      ? all.filter((l) => front.has(l.index)).concat(all.filter((l) => !front.has(l.index)).slice(-RUNNING_ROWS)).sort((a, b) => a.index - b.index)
      : list.slice(span.from, span.to);
    const caption = latest ? `The Pareto front (★) and the latest ${RUNNING_ROWS} of ${all.length} points so far; every point when the sweep ends`
      : frontOnly ? 'The points on the Pareto front' : 'Every point (the Pareto front marked ★)';
    const onlyFront = /** @type {HTMLInputElement} */ (h('input', {
      type: 'checkbox', id: 'sweep-front-only', checked: frontOnly,
      on: {
        change: () => {
          frontOnly = onlyFront.checked;
          tablePage.points = 0;
          redrawBox();
          document.getElementById('sweep-front-only')?.focus();
        },
      },
    }));
    return h('div', { class: 'paged-table' },
      h('div', { class: 'row' },
        h('label', {}, onlyFront, ' The Pareto front only'),
        latest ? null : pager({
          id: 'sweep-table',
          span,
          count: list.length,
          noun: frontOnly ? 'points on the front' : 'points',
          go: (page) => {
            tablePage.points = page;
            redrawBox();
          },
        })),
      scrollBox('Every point of the sweep', { class: 'sweep-points' }, h('table', { class: 'data', 'data-testid': 'sweep-table' },
        h('caption', {}, caption),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, '#'), sweptFields.map((f) => h('th', { scope: 'col' }, labelOf(f))),
          h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col', class: 'num' }, metricTitle('cost')), h('th', { scope: 'col', class: 'num' }, metricTitle('time')), h('th', { scope: 'col' }, 'Front'),
          h('th', { scope: 'col' }, 'Compare'))),
        h('tbody', {}, shown.map((l) => h('tr', { dataset: { index: String(l.index), status: l.status } },
          h('td', { class: 'num' }, h('button', { type: 'button', class: 'link', on: { click: () => open(l.index) } }, String(l.index))),
          sweptFields.map((f) => h('td', {}, valueText(f, valueAt(l, f)))),
          h('td', {}, statusText(l)),
          h('td', { class: 'num' }, metricText('cost', metricOf(l, 'cost'))),
          h('td', { class: 'num' }, metricText('time', metricOf(l, 'time'))),
          h('td', {}, front.has(l.index) ? '★' : ''),
          h('td', {}, l.status === 'ok' ? h('button', {
            type: 'button', class: 'link', 'aria-label': `Pin point ${l.index} as A for Compare`, on: { click: () => pin(l.index) },
          }, 'Pin as A') : '')))))));
  }

  /** The width the plots were last drawn for. */
  let drawnWidth = 0;
  /**
   * The plots' box's width as last laid out (0: not yet seen), kept by the
   * observer below: a redraw while a sweep runs reads it instead of the
   * box's, which would first lay out what changed since (the count).
   */
  let shownWidth = 0;

  /** The three plots' boxes; while a sweep runs, a box far from the screen is drawn when it comes near. */
  const nearView = new NearView([lineBox, heatBox, scatterBox]);

  /** The metric against the first field, and its table. */
  function drawLineBox(/** @type {number} */ full) {
    const lineChart = h('div', { class: 'chart' });
    drawLine(lineChart, full - 8);
    fill(lineBox, lineChart, matrixTable(`${metricTitle(metric.value)} by ${labelOf(sweptFields[0])}`, 'line', () => redrawBox(lineBox, drawLineBox)));
  }

  /** With two fields, the heatmap and its table. */
  function drawHeatBox(/** @type {number} */ full) {
    if (sweptFields.length < 2) {
      fill(heatBox);
      return;
    }
    const heatChart = h('div', { class: 'chart' });
    drawHeat(heatChart, full - 8);
    fill(heatBox, heatChart, matrixTable(`${metricTitle(metric.value)} by ${labelOf(sweptFields[0])} and ${labelOf(sweptFields[1])}`, 'heat', () => redrawBox(heatBox, drawHeatBox)));
  }

  /** Energy against time, and the table of points. */
  function drawScatterBox(/** @type {number} */ full) {
    const scatterChart = h('div', { class: 'chart' });
    const front = drawScatter(scatterChart, full - 8);
    fill(scatterBox, scatterChart, pointTable(front, () => redrawBox(scatterBox, drawScatterBox)));
  }

  /** One box drawn again now (a table's other page), at the width the plots were drawn for. */
  function redrawBox(/** @type {HTMLElement} */ b, /** @type {(full: number) => void} */ drawBox) {
    nearView.drawNow(b, () => drawBox(shownWidth || drawnWidth));
  }

  /**
   * Draws the plots and tables of the lines so far: every box (those far
   * from the screen each in a task of its own; resolves when all are
   * drawn), or while a sweep runs, those near the screen (the others when
   * they come near).
   * The width is read once, before anything changes (a read after a change
   * would lay the whole page out again, once per plot: measured, a quarter
   * second per redraw); a box drawn later reads the width then. `only`:
   * the boxes that show the metric, when only the metric changed.
   */
  function draw(/** @type {'metric' | 'all'} */ only = 'all') {
    const full = shownWidth || Math.floor(lineBox.clientWidth) || 640;
    if (only === 'all') drawnWidth = full;
    const ls = done();
    const empty = sweptFields.length === 0 || ls.length === 0;
    if (!empty) heatTitle.hidden = sweptFields.length < 2;
    for (const key of /** @type {const} */ (['cost', 'time'])) digits[key] = digitsToTell(ls.map((l) => metricOf(l, key) ?? Number.NaN));
    /** @type {[HTMLElement, (full: number) => void][]} */
    const boxes = [[lineBox, drawLineBox], [heatBox, drawHeatBox]];
    // Energy against time, whatever the metric.
    if (only === 'all') boxes.push([scatterBox, drawScatterBox]);
    /** @type {Promise<void>[]} */
    const drawings = [];
    for (const [b, drawBox] of boxes) {
      const drawIt = empty ? () => fill(b) : () => drawBox(shownWidth || full);
      if (running && !empty) nearView.drawWhenNear(b, drawIt);
      else drawings.push(nearView.drawSoon(b, drawIt));
    }
    return Promise.all(drawings);
  }

  // Drawn again at a new width (a turned phone, the tab first shown), once per frame at most.
  let resizeFrame = 0;
  let warmed = false;
  new ResizeObserver(() => {
    if (resizeFrame !== 0) return;
    resizeFrame = requestAnimationFrame(() => {
      resizeFrame = 0;
      const width = Math.floor(lineBox.clientWidth);
      shownWidth = width;
      // The tab is on screen: its workers start loading the engine now, not at the first point.
      if (width > 0 && !warmed) {
        warmed = true;
        page.pool.warm();
      }
      if (width > 0 && width !== drawnWidth && done().length > 0) draw();
    });
  }).observe(box);

  /** @type {ReturnType<typeof setTimeout> | null} */
  let redraw = null;
  /** What the last redraw cost the page's thread (ms): its drawing, and the frame that showed it (style, layout, paint: as much again, or more). */
  let drawTime = 0;
  const drawSoon = () => {
    if (redraw !== null) return;
    redraw = setTimeout(() => {
      redraw = null;
      const t = performance.now();
      draw();
      const drawing = performance.now() - t;
      requestAnimationFrame(() => {
        const frame = performance.now();
        // A task after the frame: its rendering is done by then.
        setTimeout(() => { drawTime = drawing + (performance.now() - frame); }, 0);
      });
    }, Math.max(REDRAW_MS, 10 * drawTime));
  };

  // ---- Running ------------------------------------------------------------

  function open(/** @type {number} */ index) {
    const point = points[index];
    const line = lines[index];
    if (point && line?.status === 'ok') page.openPoint(point, results.text(index), valuesText(point));
    else readout.textContent = `Point ${index} has no result to open (${line ? statusText(line) : 'not run'}).`;
  }

  function pin(/** @type {number} */ index) {
    const point = points[index];
    if (point) page.pinPoint(point, results.text(index), valuesText(point));
  }

  /** Asks whether to run a large sweep, with the time it would take; resolves true to go on. */
  const ask = (/** @type {string} */ text) => new Promise((resolve) => {
    const answer = (/** @type {boolean} */ yes) => () => {
      question.hidden = true;
      resolve(yes);
    };
    const go = h('button', { type: 'button', on: { click: answer(true) } }, 'Run them all');
    fill(question, h('p', {}, text), go, ' ', h('button', { type: 'button', on: { click: answer(false) } }, 'Stop here'));
    question.hidden = false;
    go.focus();
  });

  function setRunning(/** @type {boolean} */ on) {
    // While it runs, each plot's box keeps the plot's height, drawn or not:
    // emptied boxes would sit together on the screen, all near it at the first redraw.
    for (const b of [lineBox, scatterBox, ...(sweptFields.length > 1 ? [heatBox] : [])]) b.style.minHeight = on ? `${PLOT_BOX_HEIGHT}px` : '';
    runButton.disabled = on;
    cancelButton.disabled = !on;
    progress.hidden = !on;
    csvButton.disabled = on || done().length === 0;
    jsonlButton.disabled = on || done().length === 0;
  }

  async function runSweep() {
    showProblem(null);
    const base = page.baseDocument();
    if (!base) {
      showProblem('The configuration cannot be run yet: fix it first.');
      return;
    }
    /** @type {{field: string, values: import('./sweep-model.js').AxisValues}[]} */
    const axes = [];
    for (const [n, a] of axisTexts().entries()) {
      const f = byName.get(a.field);
      try {
        if (!f) throw new SweepError(`'${a.field}' is not a field the page can sweep`);
        if (n === 1 && a.field === axes[0].field) throw new SweepError('is the first field: choose another, or none');
        axes.push({ field: a.field, values: parseAxisValues(f, a.text) });
      } catch (err) {
        if (!(err instanceof SweepError)) throw err;
        showProblem(`${n === 0 ? 'First' : 'Second'} field, ${f?.label ?? a.field}: ${err.message}.`);
        return;
      }
    }
    writeLink();
    joules = costsInJoules({
      mac: base.op_cost ?? 0, levels: { ...(base.hier_cost ?? []) }, hop: base.hop_cost ?? 0, idle: base.unit_idle_cost ?? 0,
    });
    const doc = sweepDocument(base, axes);
    docText.textContent = JSON.stringify(doc, null, 2);
    docBox.hidden = false;
    try {
      ({ points } = await page.call('sweepPoints', [JSON.stringify(doc)]));
    } catch (err) {
      const { message, path } = /** @type {Error & {path?: string}} */ (err);
      showProblem(`The engine refused the sweep: ${path ? `${path}: ` : ''}${message}`);
      return;
    }
    sweptFields = axes.map((a) => a.field);
    lines = new Array(points.length);
    texts = new Array(points.length);
    results.clear();
    Object.assign(tablePage, { points: 0, line: 0, heat: 0 });
    draw();
    running = new AbortController();
    const { signal } = running;
    // Busy until its last drawing is done (screen readers wait; so do the tests).
    sweeps += 1;
    const sweep = sweeps;
    box.setAttribute('aria-busy', 'true');
    setRunning(true);
    const started = performance.now();
    let finished = 0;
    /** @type {number[]} */
    const times = [];
    const onFinished = (/** @type {SweepPoint} */ point, /** @type {import('./sweep-pool.js').Finished} */ f) => {
      lines[point.index] = f.line;
      texts[point.index] = f.text;
      if (f.result !== null) {
        results.set(point.index, f.result);
      }
      times.push(f.seconds);
      finished += 1;
      showCountSoon();
      drawSoon();
    };
    // The count on screen, a few times a second: a frame per point would
    // keep the page's thread busy beside the workers on a fast sweep.
    /** @type {ReturnType<typeof setTimeout> | null} */
    let countTimer = null;
    const showCount = () => {
      countTimer = null;
      if (running?.signal !== signal) return;
      progress.value = finished / points.length;
      const elapsed = (performance.now() - started) / 1000;
      const left = finished > 0 ? (elapsed / finished) * (points.length - finished) : 0;
      status.textContent = `${finished} of ${points.length} points on ${page.pool.size} worker${page.pool.size > 1 ? 's' : ''}, ${dayText(elapsed)}${finished < points.length ? `, about ${dayText(left)} left` : ''}.`;
    };
    const showCountSoon = () => {
      if (countTimer === null) countTimer = setTimeout(showCount, COUNT_MS);
    };
    status.textContent = `${points.length} points on ${page.pool.size} worker${page.pool.size > 1 ? 's' : ''}…`;
    try {
      let todo = points;
      if (points.length > LARGE_SWEEP) {
        // Time a few points from across the sweep, then ask with an estimate of the rest.
        const timed = new Set(spreadPlaces(points.length, page.pool.size * SAMPLED_PER_WORKER));
        const sample = points.filter((_, i) => timed.has(i));
        await page.pool.run(sample, { signal, onFinished });
        const perPoint = times.reduce((a, b) => a + b, 0) / times.length;
        const rest = points.length - sample.length;
        const yes = await ask(`This sweep has ${formatCount(points.length)} points. ${sample.length} of them, from across it, took ${perPoint.toFixed(2)} s each: the rest would take about ${dayText((perPoint * rest) / page.pool.size)} on ${page.pool.size} worker${page.pool.size > 1 ? 's' : ''}.`);
        if (!yes || signal.aborted) {
          status.textContent = `Stopped after ${finished} of ${points.length} points.`;
          return;
        }
        todo = points.filter((_, i) => !timed.has(i));
      }
      await page.pool.run(todo, { signal, onFinished });
      const failed = done().filter((l) => l.status !== 'ok').length;
      status.textContent = `Done: ${points.length} points in ${dayText((performance.now() - started) / 1000)} on ${page.pool.size} worker${page.pool.size > 1 ? 's' : ''}${failed ? `; ${failed} without a result` : ''}.`;
    } catch (err) {
      if (err instanceof CancelledError) status.textContent = `Cancelled after ${finished} of ${points.length} points.`;
      else showProblem(`The sweep stopped: ${/** @type {Error} */ (err).message}`);
    } finally {
      question.hidden = true;
      if (countTimer !== null) clearTimeout(countTimer);
      running = null;
      setRunning(false);
      if (redraw !== null) clearTimeout(redraw);
      redraw = null;
      draw().then(() => {
        if (sweeps === sweep) box.removeAttribute('aria-busy');
      });
    }
  }

  function cancel() {
    running?.abort();
    question.hidden = true;
  }

  runButton.addEventListener('click', runSweep);
  // Esc in the tab cancels a running sweep, as Esc cancels a run.
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && running) {
      e.preventDefault();
      cancel();
    }
  });
  cancelButton.addEventListener('click', cancel);
  const baseName = () => `sweep_${sweptFields.join('_')}`;
  csvButton.addEventListener('click', () => download(`${baseName()}.csv`, sweepCsv(done(), sweptFields), 'text/csv'));
  jsonlButton.addEventListener('click', () => download(`${baseName()}.jsonl`, sweepJsonl(texts.filter((t) => t !== undefined)), 'application/x-ndjson'));

  return {
    /** Puts a link's sweep in the form; returns what in it cannot be used. */
    open(/** @type {string | null} */ linkText) {
      if (linkText === null) return [];
      try {
        const { axes, metric: m } = parseSweepLink(linkText, [...byName.keys()]);
        for (const [i, a] of axes.entries()) {
          try {
            parseAxisValues(/** @type {FormField} */ (byName.get(a.field)), a.text);
          } catch (err) {
            if (err instanceof SweepError) throw new SweepError(`axis ${i + 1} (${a.field}) ${err.message}`);
            throw err;
          }
        }
        axis1.value = axes[0].field;
        text1.value = axes[0].text;
        axis2.value = axes[1]?.field ?? '';
        text2.value = axes[1]?.text ?? '';
        if (m !== null && METRICS.some(([k]) => k === m)) metric.value = m;
        return [];
      } catch (err) {
        if (!(err instanceof SweepError)) throw err;
        return [`sweep '${linkText}' ${err.message}: no sweep set up`];
      }
    },
    cancel,
    get running() {
      return running !== null;
    },
  };
}
