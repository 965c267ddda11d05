// The charts' geometry (web/chart-scale.js, shares.js, energy-bars.js,
// gantt.js), checked on every golden result: axes are round and cover the
// data, bars are as long as their values, shares add up to 100, and the
// timeline keeps each node region's layers apart and the segments in order.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { test } from 'node:test';

import { niceAxis, position, roundStep } from '../../web/chart-scale.js';
import { COMPONENTS, energyTotal, layerBreakdowns, networkEnergy } from '../../web/energy.js';
import {
  energyAxis, energyUnit, partShares, stackedBars,
} from '../../web/energy-bars.js';
import { ganttAxis, ganttOf } from '../../web/gantt.js';
import { readResultText } from '../../web/result-model.js';
import { roundedShares, shareLabel } from '../../web/shares.js';
import { repoPath } from './support.mjs';

const GOLDEN = repoPath('tests/golden');
const golden = await Promise.all((await readdir(GOLDEN)).filter((f) => f.endsWith('.json'))
  .map(async (f) => ({ name: f, result: readResultText(await readFile(`${GOLDEN}/${f}`, 'utf8')) })));
const tangram = golden.find((g) => g.name === 'alex_b16_tangram_8x8.json').result;

/** True when `step` is 1, 2 or 5 times a power of ten. */
function isRound(step) {
  const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9 * m);
}

test('axes step by 1, 2 or 5 times a power of ten from 0 and end at the first tick covering the data', () => {
  const maxima = [1e-12 * 3.3, 0.07, 0.3, 1, 5, 7, 12, 63.45, 999, 1000, 1001, 126_976, 1_029_980, 8.374e10,
    ...golden.flatMap(({ result }) => [result.totals.time, result.totals.cost, ...result.layers.map((l) => l.time)])];
  for (const max of maxima) {
    for (const count of [3, 5]) {
      const { ticks, step, top } = niceAxis(max, count);
      assert.ok(isRound(step), `step ${step} for ${max}`);
      assert.equal(ticks[0], 0);
      assert.equal(top, ticks[ticks.length - 1]);
      assert.ok(top >= max * (1 - 1e-12), `top ${top} covers ${max}`);
      assert.ok(top - step < max, `one step less (${top - step}) would not cover ${max}`);
      assert.ok(ticks.length - 1 >= 2 && ticks.length - 1 <= count + 2, `${ticks.length - 1} steps for ${max}`);
      ticks.forEach((t, i) => assert.ok(Math.abs(t - i * step) <= 1e-9 * step, `tick ${i} of ${max}`));
    }
  }
  assert.deepEqual(niceAxis(0), { ticks: [0, 1], step: 1, top: 1 });
  assert.ok([0.2, 0.5, 1, 2, 5, 10].every((s) => roundStep(s) === s));
  assert.ok(roundStep(0.21) > 0.21 && isRound(roundStep(0.21)));
});

test('rounded shares sum to 100 and stay within a tenth of the exact share', () => {
  const cases = [[1, 1, 1], [2, 1], [1, 0, 0], [0, 0], [1e-9, 1, 1, 1], [5, 5, 5, 5, 5, 5, 5],
    ...golden.map(({ result }) => result.layers.map((l) => l.cost)),
    ...golden.map(({ result }) => COMPONENTS.map(({ key }) => networkEnergy(result)[key]))];
  for (const values of cases) {
    const shares = roundedShares(values);
    const sum = values.reduce((a, b) => a + b, 0);
    if (sum === 0) {
      assert.ok(shares.every((s) => s === 0));
      continue;
    }
    assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 100) < 1e-9, `${shares} sum to 100`);
    values.forEach((v, i) => {
      assert.ok(Math.abs(shares[i] - (100 * v) / sum) < 0.1 + 1e-9, `share ${shares[i]} of ${v}/${sum}`);
      assert.ok(Number.isInteger(Math.round(shares[i] * 10 * 1e6) / 1e6), 'in tenths');
    });
  }
  assert.equal(shareLabel(0, 1e-9), '< 0.1%');
  assert.equal(shareLabel(0, 0), '0.0%');
  assert.equal(shareLabel(12.3, 5), '12.3%');
});

test('energy bars: every piece as long as its energy on the axis, pieces end to end, the longest within the axis', () => {
  for (const { name, result } of golden) {
    const rows = layerBreakdowns(result).map(({ layer, energy }) => ({ name: layer.name, energy }));
    const pixels = 400;
    const axis = energyAxis(rows);
    const bars = stackedBars(rows, axis, pixels);
    assert.equal(bars.length, result.layers.length);
    const perPixel = axis.top / pixels;
    for (const [i, bar] of bars.entries()) {
      let x = 0;
      for (const piece of bar.pieces) {
        assert.ok(Math.abs(piece.x - x) < 1e-6, `${name} ${bar.name}: pieces end to end`);
        assert.ok(Math.abs(piece.width * perPixel - rows[i].energy[piece.key]) <= 1e-9 * axis.top, `${name} ${bar.name} ${piece.key}`);
        x += piece.width;
      }
      assert.ok(Math.abs(bar.end * perPixel - energyTotal(rows[i].energy)) <= 1e-9 * axis.top);
      assert.ok(bar.end <= pixels + 1e-9, `${name} ${bar.name} within the axis`);
      assert.equal(bar.total, energyTotal(rows[i].energy));
    }
    // The whole network on its own axis: its bar is as long as its total, which is the result's total cost.
    const network = [{ name: 'network', energy: networkEnergy(result) }];
    const own = energyAxis(network);
    const [bar] = stackedBars(network, own, pixels);
    assert.ok(Math.abs(bar.end - position(own, pixels, result.totals.cost)) <= 1e-6 * pixels, name);
    assert.ok(bar.end > pixels / 2, `${name}: the network's bar fills most of its own axis`);
    const shares = partShares(network[0].energy);
    assert.ok(Math.abs(Object.values(shares).reduce((a, b) => a + b, 0) - 100) < 1e-9, name);
  }
});

test('an energy axis is read in joules with a prefix that shows its top whole, or in cost units', () => {
  assert.deepEqual(energyUnit(niceAxis(63.45e-3), true), { scale: 1e-3, unit: 'mJ', title: 'Energy (mJ)' });
  assert.deepEqual(energyUnit(niceAxis(8.4e-6), true), { scale: 1e-6, unit: 'µJ', title: 'Energy (µJ)' });
  assert.equal(energyUnit(niceAxis(8.374e10), false).title, 'Energy (cost units)');
  for (const max of [3e-12, 5e-9, 0.9e-3, 63.45e-3]) {
    const axis = niceAxis(max);
    const { scale } = energyUnit(axis, true);
    assert.ok(axis.top / scale >= 1 && axis.top / scale < 1000, `${max}: top ${axis.top / scale}`);
  }
});

test('the timeline: one bar per layer as long as its time, inside its segment, segments one after another', () => {
  for (const { name, result } of golden) {
    const gantt = ganttOf(result);
    assert.deepEqual(gantt.bars.map((b) => b.layer), result.layers.map((l) => l.name), `${name}: one bar per layer, in order`);
    assert.equal(gantt.total, result.totals.time, name);
    let end = 0;
    for (const seg of gantt.segments) {
      assert.equal(seg.start, end, `${name}: segment ${seg.index} starts when the one before ends`);
      assert.equal(seg.end - seg.start, result.segments.find((s) => s.index === seg.index).time);
      end = seg.end;
    }
    for (const bar of gantt.bars) {
      const layer = result.layers.find((l) => l.name === bar.layer);
      const seg = gantt.segments.find((s) => s.index === bar.segment);
      assert.equal(bar.end - bar.start, layer.time, `${name} ${bar.layer}: as long as its time`);
      assert.equal(bar.segment, layer.place.segment);
      assert.ok(bar.start >= seg.start && bar.end <= seg.end, `${name} ${bar.layer} inside its segment`);
      assert.equal(bar.nodes, layer.numNodes);
    }
    // One node region (segment and slot) runs one layer at a time, in step order.
    const regions = new Map();
    for (const b of gantt.bars) regions.set(`${b.segment}/${b.slot}`, [...(regions.get(`${b.segment}/${b.slot}`) ?? []), b]);
    for (const [region, bars] of regions) {
      const byStep = [...bars].sort((a, b) => a.step - b.step);
      for (let i = 1; i < byStep.length; i += 1) assert.ok(byStep[i].start >= byStep[i - 1].end, `${name} region ${region}: no overlap`);
    }
    const axis = ganttAxis(gantt);
    assert.ok(axis.top >= gantt.total);
  }
});

test('Tangram 8x8: fc1 and fc2 share a segment on their own nodes, from its start to its end', () => {
  const gantt = ganttOf(tangram);
  const fc1 = gantt.bars.find((b) => b.layer === 'fc1');
  const fc2 = gantt.bars.find((b) => b.layer === 'fc2');
  const seg = gantt.segments.find((s) => s.index === fc1.segment);
  assert.equal(fc2.segment, fc1.segment);
  assert.notEqual(fc2.slot, fc1.slot);
  assert.equal(fc1.nodes + fc2.nodes, 64);
  assert.ok(seg.pipelined && fc1.placed && fc2.placed);
  assert.equal(fc1.start, seg.start);
  assert.equal(fc2.end, seg.end);
  assert.ok(gantt.bars.filter((b) => !b.placed).every((b) => b.slots === 1));
});
