// The Sweep tab's pure parts: what a person types becomes the sweep
// document's axes (sizes with kB and MB, lists, linear and geometric
// ranges, each mistake named), the sweep in the link (round trip, damaged
// links), the Pareto front, the plots' geometry, the exports, and the pool
// of workers (point order whatever the finishing order, a failed point's
// line, cancel terminates every worker) with fake workers.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { CancelledError, EngineClient } from '../../web/engine.js';
import { resultReply, errorReply } from '../../web/protocol.js';
import {
  SweepError, formatSweepLink, metricOf, paretoFront, parseAxisValues, parseSweepLink, sizeValue,
  spreadPlaces, sweepCsv, sweepDocument, sweepJsonl, sweepableFields,
} from '../../web/sweep-model.js';
import {
  heatGeometry, lineGeometry, scatterGeometry, spanAxis, spanPosition,
} from '../../web/sweep-plots.js';
import { SweepPool, poolSize } from '../../web/sweep-pool.js';
import { formatTick } from '../../web/format.js';
import { VIEW_PARAMS, readViewHash, writeView } from '../../web/view-params.js';
import { FakeWorker } from './fake-worker.mjs';
import { seededRandom } from './seeded-random.mjs';
import { pageFields } from './support.mjs';

let page;
let field;
before(async () => {
  page = await pageFields();
  field = (name) => page.fields.find((f) => f.name === name);
});

describe('axis values as typed', () => {
  test('sizes take B, kB, MB, GB (1 kB = 1024 B, as the form writes them)', () => {
    assert.equal(sizeValue('8 kB'), 8 * 1024);
    assert.equal(sizeValue('1MB'), 1024 * 1024);
    assert.equal(sizeValue('1.5k'), 1536);
    assert.equal(sizeValue('512'), 512);
    assert.equal(sizeValue('2 GB'), 2 * 1024 ** 3);
    for (const bad of ['eight', '8 kW', '', '-8k', '8 k B']) assert.ok(Number.isNaN(sizeValue(bad)), bad);
  });

  test('a geometric range of sizes: from, to and the factor, in bytes', () => {
    const v = parseAxisValues(field('gbuf'), '8 kB .. 1 MB x2');
    assert.deepEqual(v, {
      kind: 'geometric', from: 8192, to: 1048576, factor: 2,
    });
    for (const op of ['*2', '×2', ' x 2']) assert.deepEqual(parseAxisValues(field('gbuf'), `8 kB .. 1 MB${op}`), v, op);
    const doc = sweepDocument({ network: 'alex_net' }, [{ field: 'gbuf', values: v }]);
    assert.deepEqual(doc.axes, [{ path: 'gbuf', range: { from: 8192, to: 1048576, times: 2 } }]);
    assert.equal(doc.version, 1);
    assert.deepEqual(doc.base, { network: 'alex_net' });
  });

  test('a linear range by its step: the document counts its values, and ends at the last one reached', () => {
    const int = sweepableFields(page.fields).find((f) => f.schema.kind === 'integer' && !f.sizeText);
    for (const [text, from, step, end] of [['4 .. 16 +4', 4, 4, 16], ['4 .. 15 +4', 4, 4, 15], ['1 .. 1 +3', 1, 3, 1]]) {
      const [axis] = sweepDocument({}, [{ field: int.name, values: parseAxisValues(int, text) }]).axes;
      const { range } = axis;
      assert.equal(range.from, from);
      assert.equal(range.to, from + (range.steps - 1) * step, text);
      assert.ok(range.to <= end && range.to + step > end, text);
    }
  });

  test('a list of values, each read as the form reads its field', () => {
    assert.deepEqual(parseAxisValues(field('gbuf'), '8k, 64 kB,1MB'), { kind: 'list', values: [8192, 65536, 1048576] });
    assert.deepEqual(parseAxisValues(field('nodes'), '1x1; 2x2;4 x 4').values, [[1, 1], [2, 2], [4, 4]]);
    const costs = parseAxisValues(field('hier_cost'), '200,6,2,1; 100, 6, 2, 1');
    assert.deepEqual(costs.values, [[200, 6, 2, 1], [100, 6, 2, 1]]);
    const sw = sweepableFields(page.fields).find((f) => f.schema.kind === 'switch');
    assert.deepEqual(parseAxisValues(sw, '0, 1').values, [false, true]);
  });

  test('each mistake is named', () => {
    const cases = [
      [field('gbuf'), '', /no values/],
      [field('gbuf'), '1 MB .. 8 kB x2', /empty: it ends below/],
      [field('gbuf'), '8 kB .. 1 MB x1', /multiplies by a number above 1/],
      [field('gbuf'), '8 kB .. 1 MB', /not a range/],
      [field('gbuf'), '8 kB, eight', /'eight' is not a size/],
      [field('nodes'), '1 .. 4 x2', /not a number \(give a list\)/],
      [field('nodes'), '1x1; 4', /'4' must be/],
    ];
    for (const [f, text, message] of cases) {
      assert.throws(() => parseAxisValues(f, text), (err) => err instanceof SweepError && message.test(err.message), text);
    }
  });

  test('the network is not a field to sweep: the base names it', () => {
    assert.ok(!sweepableFields(page.fields).some((f) => f.schema.kind === 'network'));
    assert.ok(sweepableFields(page.fields).some((f) => f.name === 'gbuf'));
  });
});

describe('the sweep in the link', () => {
  const names = () => sweepableFields(page.fields).map((f) => f.name);

  test('its text round-trips, through the view parameters too', () => {
    const sweep = { axes: [{ field: 'gbuf', text: '8 kB .. 1 MB x2' }, { field: 'regf', text: '256, 512' }], metric: 'time' };
    const text = formatSweepLink(sweep);
    assert.deepEqual(parseSweepLink(text, names()), sweep);
    const params = new URLSearchParams(writeView({ ...readViewHash('', { views: ['energy', 'sweep'], lessons: [] }).state, sweep: text }));
    const back = readViewHash(params.toString(), { views: ['energy', 'sweep'], lessons: [] });
    assert.deepEqual(back.problems, []);
    assert.equal(back.state.sweep, text);
    assert.ok(VIEW_PARAMS.some((p) => p.key === 'sweep'));
  });

  test('a damaged sweep gets a precise reason', () => {
    const cases = [
      ['gbuf:8k', /version number/],
      ['2|gbuf:8k|@cost', /version 2, this page reads version 1/],
      ['1|@cost', /names no field/],
      ['1|gbuf:8k|regf:1|nodes:1x1', /at most 2/],
      ['1|gbuf 8k', /axis 1 'gbuf 8k' is not field:values/],
      ['1|bogus:1', /axis 1 names 'bogus'/],
      ['1|gbuf:8k|gbuf:16k', /twice/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => parseSweepLink(text, names()), (err) => err instanceof SweepError && message.test(err.message), text);
    }
    const bad = readViewHash('sweep=gbuf%3A8k', { views: ['energy'], lessons: [] });
    assert.equal(bad.state.sweep, null);
    assert.match(bad.problems[0], /^sweep 'gbuf:8k' is not a sweep .*: kept no sweep set up$/);
  });
});

/** Lines shaped as the engine writes them, of made-up totals. */
const madeLines = (xs, ys, total) => xs.flatMap((x, i) => ys.map((y, j) => {
  const index = i * ys.length + j;
  const t = total(x, y);
  return t === null ? {
    index, values: { gbuf: x, regf: y }, status: 'no-dataflow',
  } : {
    index, values: { gbuf: x, regf: y }, status: 'ok', cost: t.cost, time: t.time, ops: 1, accesses: { dram: 2, gbuf: 3 },
  };
}));

test('a large sweep times points spread evenly over it, each once, in order', () => {
  for (const [count, n] of [[3001, 8], [2008, 4], [2001, 32], [5, 8], [8, 8], [0, 4]]) {
    const places = spreadPlaces(count, n);
    assert.equal(places.length, Math.min(count, n));
    assert.deepEqual(places, [...new Set(places)].sort((a, b) => a - b), `${count}, ${n}: distinct, in order`);
    const gap = count / places.length;
    places.forEach((p, k) => assert.ok(p >= k * gap && p < (k + 1) * gap, `${count}, ${n}: place ${k} is ${p}, in its own stretch`));
  }
  // Not the first points: the middle of each eighth.
  assert.ok(spreadPlaces(3001, 8)[0] > 100);
});

describe('the Pareto front', () => {
  test('no point beats a front point in both; every other point is beaten by one', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 20; round += 1) {
      const pts = Array.from({ length: 40 }, () => ({ x: Math.round(random() * 20), y: Math.round(random() * 20) }));
      pts.push({ x: null, y: 3 });
      const front = paretoFront(pts);
      const beats = (a, b) => a.x <= b.x && a.y <= b.y && (a.x < b.x || a.y < b.y);
      const known = pts.filter((p) => p.x !== null);
      for (const i of front) assert.ok(!known.some((p) => beats(p, pts[i])), `front point ${i}`);
      for (const [i, p] of pts.entries()) {
        if (front.includes(i) || p.x === null) continue;
        assert.ok(known.some((q) => beats(q, p)) || front.some((f) => pts[f].x === p.x && pts[f].y === p.y), `point ${i}`);
      }
      const xs = front.map((i) => pts[i].x);
      assert.deepEqual(xs, [...xs].sort((a, b) => a - b), 'ordered by x');
      assert.ok(!front.includes(pts.length - 1), 'a point without a value is left out');
    }
  });
});

describe('the plots\' geometry', () => {
  test('a span axis covers the data with equal round steps', () => {
    for (const [lo, hi] of [[3.2e9, 8.7e9], [0.013, 0.0171], [5, 5], [-4, 12]]) {
      const axis = spanAxis(lo, hi, 5);
      assert.ok(axis.min <= lo && axis.max >= hi, `${lo}..${hi}`);
      const steps = axis.ticks.slice(1).map((t, i) => t - axis.ticks[i]);
      for (const step of steps) assert.ok(Math.abs(step - steps[0]) < 1e-9 * Math.abs(steps[0]));
      assert.match(Number(steps[0].toPrecision(10)).toExponential(), /^[125]e/);
      assert.equal(spanPosition(axis, 100, axis.min), 0);
      assert.equal(spanPosition(axis, 100, axis.max), 100);
    }
  });

  test('every tick of a span axis reads differently from its neighbours, however narrow the span against its values', () => {
    // A sweep's energies: 111.2 M to 111.3 M once read "111.3 M" on three ticks.
    const spans = [[111.2e6, 111.31e6], [0.011122, 0.011131], [2318, 2319], [-5, 5], [3.2e9, 8.7e9], [999.5e3, 1000.4e3]];
    const next = seededRandom(8);
    for (let i = 0; i < 300; i += 1) {
      const lo = 10 ** (next() * 16 - 4) * (next() < 0.1 ? -1 : 1);
      spans.push([lo, lo + Math.abs(lo) * 10 ** (-next() * 6)]);
    }
    for (const [lo, hi] of spans) {
      const axis = spanAxis(lo, hi, 5);
      const step = axis.ticks[1] - axis.ticks[0];
      const texts = axis.ticks.map((t) => formatTick(t, step));
      assert.equal(new Set(texts).size, texts.length, `${lo}..${hi}: ${texts.join(', ')}`);
    }
    assert.deepEqual(spanAxis(111.2e6, 111.3e6, 5).ticks.map((t) => formatTick(t, 2e4)), ['111.20 M', '111.22 M', '111.24 M', '111.26 M', '111.28 M', '111.30 M']);
  });

  const xs = [8192, 16384, 32768, 65536];
  const ys = [256, 512, 1024];
  const lines = madeLines(xs, ys, (x, y) => (x === 8192 && y === 256 ? null : { cost: 1e9 / x + y * 1e3, time: x / 8 + y }));

  test('the line plot: a series per second value, a dot per point with a value, lower values higher', () => {
    const g = lineGeometry({
      lines, fields: ['gbuf', 'regf'], metric: 'cost', width: 400, height: 200,
    });
    assert.deepEqual(g.xs, xs);
    assert.equal(g.series.length, ys.length);
    assert.equal(g.series.reduce((n, s) => n + s.dots.length, 0), lines.filter((l) => l.status === 'ok').length);
    for (const series of g.series) {
      for (const d of series.dots) {
        const v = metricOf(lines[d.index], 'cost');
        assert.ok(Math.abs(200 - spanPosition(g.y, 200, v) - d.y) < 1e-9);
        assert.equal(d.x, ((xs.indexOf(lines[d.index].values.gbuf) + 0.5) / xs.length) * 400);
      }
      assert.deepEqual(series.runs.flat(), series.dots, 'the pieces of the line hold every dot once');
    }
  });

  test('lines on one another: the series with the same metric at every first value, in groups, in order', () => {
    const fields = ['gbuf', 'regf'];
    const coincidentSeries = (/** @type {any} */ o) => lineGeometry({ ...o, width: 400, height: 200 }).coincident;
    assert.deepEqual(coincidentSeries({ lines, fields, metric: 'cost' }), [], 'every regf changes the cost');
    // The cost does not depend on regf: one group of all three.
    const flat = madeLines(xs, ys, (x) => ({ cost: 1e9 / x, time: x }));
    assert.deepEqual(coincidentSeries({ lines: flat, fields, metric: 'cost' }), [[0, 1, 2]]);
    assert.deepEqual(coincidentSeries({ lines: flat, fields, metric: 'time' }), [[0, 1, 2]]);
    // 256 and 1024 alike, 512 apart; then 512 the same but for one point with no dataflow.
    const two = madeLines(xs, ys, (x, y) => ({ cost: y === 512 ? 2 * x : x, time: 1 }));
    assert.deepEqual(coincidentSeries({ lines: two, fields, metric: 'cost' }), [[0, 2]]);
    const gap = madeLines(xs, ys, (x, y) => (y === 512 && x === 65536 ? null : { cost: x, time: 1 }));
    assert.deepEqual(coincidentSeries({ lines: gap, fields, metric: 'cost' }), [[0, 2]], 'a missing point is a difference');
    // A value equal but for the last bit is not the same.
    const close = madeLines(xs, ys, (x, y) => ({ cost: y === 1024 ? x * (1 + Number.EPSILON) : x, time: 1 }));
    assert.deepEqual(coincidentSeries({ lines: close, fields, metric: 'cost' }), [[0, 1]]);
    // Series with no value at all are in no group; one field has no second to compare.
    const none = madeLines(xs, ys, (x, y) => (y === 1024 ? { cost: x, time: 1 } : null));
    assert.deepEqual(coincidentSeries({ lines: none, fields, metric: 'cost' }), []);
    assert.deepEqual(coincidentSeries({ lines: flat, fields: ['gbuf'], metric: 'cost' }), []);
  });

  test('the heatmap: one cell per point, tiling the plot; colours from the least to the greatest', () => {
    const g = heatGeometry({
      lines, fields: ['gbuf', 'regf'], metric: 'time', width: 400, height: 300,
    });
    assert.equal(g.cells.length, lines.length);
    assert.equal(new Set(g.cells.map((c) => `${c.x},${c.y}`)).size, lines.length);
    assert.ok(Math.abs(g.cells.reduce((a, c) => a + c.w * c.h, 0) - 400 * 300) < 1e-6);
    const ts = g.cells.filter((c) => c.t !== null).map((c) => c.t);
    assert.equal(Math.min(...ts), 0);
    assert.equal(Math.max(...ts), 1);
    assert.equal(g.cells.filter((c) => c.t === null).length, 1);
    const byValue = g.cells.filter((c) => c.value !== null).sort((a, b) => a.value - b.value);
    assert.deepEqual(byValue.map((c) => c.t), [...byValue.map((c) => c.t)].sort((a, b) => a - b), 'colour follows the value');
  });

  test('the scatter: a dot per point with both totals, the front is the Pareto front of time and energy', () => {
    const g = scatterGeometry({ lines, width: 300, height: 200 });
    const ok = lines.filter((l) => l.status === 'ok');
    assert.equal(g.dots.length, ok.length);
    const front = paretoFront(lines.map((l) => ({ x: metricOf(l, 'time'), y: metricOf(l, 'cost') }))).map((i) => lines[i].index);
    assert.deepEqual(g.frontIndices, front);
    assert.deepEqual(g.dots.filter((d) => d.front).map((d) => d.index).sort((a, b) => a - b), [...front].sort((a, b) => a - b));
    for (const d of g.dots) assert.ok(d.x >= 0 && d.x <= 300 && d.y >= 0 && d.y <= 200);
  });

  test('the scatter: the front\'s dots come last, on top of the equal points that are not on it', () => {
    // A second field that changes nothing (the hop cost on one node): every gbuf's points are equal, the first of them on the front.
    const equal = madeLines([8192, 16384, 32768], [1, 2, 3], (x) => ({ cost: 1e6 / x, time: 10 + x / 8192 }));
    const g = scatterGeometry({ lines: equal, width: 300, height: 200 });
    assert.deepEqual(g.frontIndices, [0, 3, 6]);
    assert.deepEqual(g.dots.map((d) => d.index), [1, 2, 4, 5, 7, 8, 0, 3, 6]);
  });
});

describe('exports', () => {
  const lines = madeLines([8192, 16384], [256], (x) => (x === 8192 ? null : { cost: 5, time: 7 }));

  test('JSON lines: one line per point, each the engine\'s text of its line', () => {
    const texts = lines.map((l) => JSON.stringify(l, null, 1).replace(/\n/g, ''));
    const text = sweepJsonl(texts);
    assert.ok(text.endsWith('\n'));
    assert.deepEqual(text.split('\n').slice(0, -1), texts);
  });

  test('CSV: a row per point, its values, status and totals', () => {
    const rows = sweepCsv(lines, ['gbuf', 'regf']).trimEnd().split('\n').map((r) => r.split(','));
    assert.deepEqual(rows[0], ['index', 'gbuf', 'regf', 'status', 'message', 'cost', 'time', 'ops', 'accesses.dram', 'accesses.gbuf']);
    assert.equal(rows.length, lines.length + 1);
    assert.deepEqual(rows[1].slice(0, 4), ['0', '8192', '256', 'no-dataflow']);
    assert.deepEqual(rows[2], ['1', '16384', '256', 'ok', '', '5', '7', '1', '2', '3']);
  });
});

describe('the pool', () => {
  const settle = () => new Promise((resolve) => { setImmediate(resolve); });
  const points = Array.from({ length: 5 }, (_, index) => ({ index, values: { gbuf: 1024 * (index + 1) }, run: { gbuf: 1024 * (index + 1) } }));

  /**
   * Answers what a fake worker has been sent and not yet answered, as the
   * engine would: a sweepPoint with its line (`search(run)` gives the
   * result text, an Error a refused point, an Error with `crash` a crash of
   * the engine), a sweepLine with the line of the message it is given.
   */
  function answer(worker, done, search) {
    const lineOf = (point, resultText, message) => ({
      index: point.index, values: point.values, status: resultText ? 'ok' : 'error', ...(message ? { message } : {}), ...(resultText ? { cost: Number(resultText) } : {}),
    });
    for (const m of worker.sent) {
      if (done.has(m) || m.type === undefined) continue;
      done.add(m);
      if (m.fn === 'sweepPoint') {
        const point = JSON.parse(m.args[0]);
        const r = point.problem === undefined ? search(point.run) : new Error(point.problem);
        if (r instanceof Error && r.crash) {
          worker.reply(errorReply(m.id, r.message, '', true));
          continue;
        }
        const line = r instanceof Error ? lineOf(point, '', r.message) : lineOf(point, r, '');
        worker.reply(resultReply(m.id, { line, text: JSON.stringify(line), result: r instanceof Error ? null : new TextEncoder().encode(r).buffer }));
      } else if (m.fn === 'sweepLine') {
        const [pointText, resultText, message] = m.args;
        const line = lineOf(JSON.parse(pointText), resultText, message);
        worker.reply(resultReply(m.id, { line, text: JSON.stringify(line) }));
      }
    }
  }

  test('its size: the cores, at least 1, at most the cap', () => {
    assert.equal(poolSize(2), 2);
    assert.equal(poolSize(64), 8);
    assert.equal(poolSize(undefined), 1);
    assert.equal(poolSize(0), 1);
  });

  test('lines come back in point order whatever the order points finish in; each worker asks for its own lines', async () => {
    FakeWorker.made = [];
    const pool = new SweepPool(() => new EngineClient(() => new FakeWorker()), 2);
    const heard = [];
    const done = new Set();
    const documents = new Map();
    const running = pool.run(points, {
      onFinished: (p, f) => {
        heard.push([p.index, f.line.index]);
        documents.set(p.index, new TextDecoder().decode(f.result));
      },
    });
    await settle();
    assert.equal(FakeWorker.made.length, 2, 'one worker per slot of the pool');
    // The second worker finishes first, every time.
    for (let round = 0; round < 10; round += 1) {
      for (const w of [...FakeWorker.made].reverse()) answer(w, done, (run) => String(run.gbuf));
      await settle();
    }
    const lines = await running;
    assert.deepEqual(lines.map((l) => l.index), points.map((p) => p.index));
    assert.deepEqual(lines.map((l) => l.cost), points.map((p) => p.run.gbuf));
    assert.deepEqual(points.map((p) => documents.get(p.index)), points.map((p) => String(p.run.gbuf)), 'each point\'s document, as its worker sent it');
    assert.deepEqual(heard.map(([a, b]) => a - b), heard.map(() => 0));
    assert.notDeepEqual(heard.map(([a]) => a), points.map((p) => p.index), 'they finished out of order');
    for (const w of FakeWorker.made) {
      // One request a point, answered with its line: no separate search, no result text sent back.
      assert.ok(w.sent.filter((m) => m.type !== undefined).every((m) => m.fn === 'sweepPoint'));
    }
    assert.equal(FakeWorker.made.flatMap((w) => w.sent.filter((m) => m.fn === 'sweepPoint')).length, points.length);
  });

  test('each worker has its next point queued behind the one it searches, but none near the end; a point\'s seconds are the worker\'s', async () => {
    FakeWorker.made = [];
    const pool = new SweepPool(() => new EngineClient(() => new FakeWorker()), 2);
    const six = Array.from({ length: 6 }, (_, index) => ({ index, values: { gbuf: index + 1 }, run: { gbuf: index + 1 } }));
    const heard = [];
    const running = pool.run(six, { onFinished: (p, f) => heard.push(f.seconds) });
    await settle();
    const asked = (w) => w.sent.filter((m) => m.fn === 'sweepPoint').map((m) => JSON.parse(m.args[0]).index);
    assert.deepEqual(FakeWorker.made.map(asked), [[0, 2], [1, 3]], 'two points on each worker before any ends');
    const done = new Set();
    const answerWith = (w) => {
      for (const m of w.sent) {
        if (done.has(m) || m.fn !== 'sweepPoint') continue;
        done.add(m);
        const point = JSON.parse(m.args[0]);
        const line = { index: point.index, values: point.values, status: 'ok' };
        w.reply(resultReply(m.id, {
          line, text: JSON.stringify(line), result: new TextEncoder().encode('r').buffer, seconds: 0.25,
        }));
      }
    };
    answerWith(FakeWorker.made[0]);
    await settle();
    // Two points left for two workers: the first worker takes one, queues none.
    assert.deepEqual(asked(FakeWorker.made[0]), [0, 2, 4]);
    answerWith(FakeWorker.made[1]);
    await settle();
    assert.deepEqual(asked(FakeWorker.made[1]), [1, 3, 5]);
    answerWith(FakeWorker.made[0]);
    answerWith(FakeWorker.made[1]);
    assert.equal((await running).length, 6);
    assert.deepEqual(heard, heard.map(() => 0.25));
  });

  test('a refused point is the engine\'s error line, and a crash of the engine on a point a line with its message; the sweep goes on', async () => {
    FakeWorker.made = [];
    const pool = new SweepPool(() => new EngineClient(() => new FakeWorker()), 2);
    const done = new Set();
    const running = pool.run(points);
    const crash = Object.assign(new Error('the engine crashed: unreachable'), { crash: true });
    for (let round = 0; round < 12; round += 1) {
      await settle();
      for (const w of FakeWorker.made) {
        answer(w, done, (run) => {
          if (run.gbuf === 3072) return new Error('gbuf: too small');
          return run.gbuf === 4096 ? crash : String(run.gbuf);
        });
      }
    }
    const lines = await running;
    assert.equal(lines.length, points.length);
    assert.equal(lines[2].status, 'error');
    assert.equal(lines[2].message, 'gbuf: too small');
    assert.equal(lines[3].status, 'error');
    assert.equal(lines[3].message, 'the engine crashed: unreachable');
    assert.equal(lines.filter((l) => l.status === 'ok').length, points.length - 2);
    assert.equal(FakeWorker.made.filter((w) => w.terminated).length, 1, 'the crashed worker, replaced');
  });

  test('warm starts every worker before the first point, and the run uses them', async () => {
    FakeWorker.made = [];
    const pool = new SweepPool(() => new EngineClient(() => new FakeWorker()), 2);
    pool.warm();
    assert.equal(FakeWorker.made.length, 2);
    const running = pool.run(points.slice(0, 2));
    await settle();
    assert.equal(FakeWorker.made.length, 2, 'no more workers');
    assert.ok(FakeWorker.made.every((w) => w.sent.some((m) => m.fn === 'sweepPoint')));
    const done = new Set();
    for (let round = 0; round < 4; round += 1) {
      for (const w of FakeWorker.made) answer(w, done, (run) => String(run.gbuf));
      await settle();
    }
    assert.equal((await running).length, 2);
  });

  test('cancel terminates every worker and rejects; the next run starts fresh workers', async () => {
    FakeWorker.made = [];
    const pool = new SweepPool(() => new EngineClient(() => new FakeWorker()), 3);
    const controller = new AbortController();
    const running = pool.run(points, { signal: controller.signal });
    await settle();
    assert.equal(FakeWorker.made.length, 3);
    controller.abort();
    await assert.rejects(running, CancelledError);
    assert.ok(FakeWorker.made.every((w) => w.terminated));
    const again = pool.run(points.slice(0, 1));
    await settle();
    assert.equal(FakeWorker.made.length, 4, 'a fresh worker for the next point');
    answer(FakeWorker.made[3], new Set(), (run) => String(run.gbuf));
    await settle();
    assert.equal((await again).length, 1);
  });
});
