#!/usr/bin/env node
// Compares a search result with a golden result of the reference
// (nn_dataflow_search.py's document), checking what the shared
// tools/golden_diff.py checks in --strict mode:
//   totals within rtol: total_cost, total_time, total_ops, total_accesses,
//     total_noc_hops, total_op_cost, total_access_cost, total_noc_cost,
//     total_static_cost;
//   the same layer names; per layer (schedules[name][0]) cost, time, ops,
//     access, total_nhops within rtol; sched_seq (schedules[name][2]) equal;
//   per layer part, tvals and orders exactly equal (strict) or only noted.
//
// usage: node scripts/golden-diff.mjs GOLDEN.json RESULT.json [--rtol X] [--loose]
// Exit status: 0 match, 1 mismatch, 2 unusable input. No dependencies.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { parsePyJson } from '../web/py-json.js';

export { parsePyJson };

const TOTALS = [
  'total_cost', 'total_time', 'total_ops', 'total_accesses', 'total_noc_hops',
  'total_op_cost', 'total_access_cost', 'total_noc_cost', 'total_static_cost',
];
const LAYER_STATS = ['cost', 'time', 'ops', 'access', 'total_nhops'];
const SCHEME_KEYS = ['part', 'tvals', 'orders'];

/**
 * Lists element-wise, numbers within rtol (infinities exactly), else equal.
 * @returns {boolean}
 */
export function close(/** @type {any} */ a, /** @type {any} */ b, /** @type {number} */ rtol) {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((/** @type {any} */ x, /** @type {number} */ i) => close(x, b[i], rtol));
  }
  if (typeof a === 'number' && typeof b === 'number') {
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return a === b;
    }
    return Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b), 1e-30);
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return a === b;
}

const show = (/** @type {any} */ v) => JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));

/**
 * Compares two result documents. Returns {bad, notes, checks}: bad and notes
 * are lists of messages; checks counts the compared values as golden_diff.py
 * does (9 totals + 5 per layer).
 */
export function goldenDiff(/** @type {any} */ gold, /** @type {any} */ res, { rtol = 1e-6, strict = true } = {}) {
  /** @type {string[]} */
  const bad = [];
  /** @type {string[]} */
  const notes = [];
  for (const k of TOTALS) {
    if (!(k in res)) bad.push(`missing ${k}`);
    else if (!close(gold[k], res[k], rtol)) bad.push(`${k}: golden ${show(gold[k])}, got ${show(res[k])}`);
  }
  const gs = gold.schedules ?? {};
  const rs = res.schedules ?? {};
  const onlyGold = Object.keys(gs).filter((n) => !(n in rs)).sort();
  const onlyRes = Object.keys(rs).filter((n) => !(n in gs)).sort();
  if (onlyGold.length || onlyRes.length) {
    bad.push(`layer names differ: only golden ${show(onlyGold.slice(0, 5))}; only result ${show(onlyRes.slice(0, 5))}`);
  }
  for (const [name, g] of /** @type {[string, any][]} */ (Object.entries(gs))) {
    const r = rs[name];
    if (!r) continue;
    const [gsch, rsch] = [g[0], r[0]];
    for (const k of LAYER_STATS) {
      if (!(k in rsch)) bad.push(`${name}: missing ${k}`);
      else if (!close(gsch[k], rsch[k], rtol)) bad.push(`${name}.${k}: golden ${show(gsch[k])}, got ${show(rsch[k])}`);
    }
    if (g.length > 2 && r.length > 2 && !close(g[2], r[2], 0)) {
      bad.push(`${name}.sched_seq: golden ${show(g[2])}, got ${show(r[2])}`);
    }
    for (const k of SCHEME_KEYS) {
      if (k in gsch && !close(gsch[k], rsch[k], 0)) {
        (strict ? bad : notes).push(`${name}.${k}: golden ${show(gsch[k])}, got ${show(rsch[k])}`);
      }
    }
  }
  return { bad, notes, checks: TOTALS.length + LAYER_STATS.length * Object.keys(gs).length };
}

function main(/** @type {string[]} */ argv) {
  /** @type {string[]} */
  const args = [];
  let rtol = 1e-6;
  let strict = true;
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--rtol') rtol = Number(argv[++i]);
    else if (argv[i] === '--loose') strict = false;
    else if (argv[i] === '--strict') strict = true;
    else args.push(argv[i]);
  }
  if (args.length !== 2 || !Number.isFinite(rtol)) {
    process.stderr.write('usage: node scripts/golden-diff.mjs GOLDEN.json RESULT.json [--rtol X] [--loose]\n');
    return 2;
  }
  let gold;
  let res;
  try {
    gold = parsePyJson(readFileSync(args[0], 'utf8'));
    res = parsePyJson(readFileSync(args[1], 'utf8'));
  } catch (e) {
    process.stdout.write(`cannot read input: ${e.message}\n`);
    return 2;
  }
  if (gold === null || res === null) {
    process.stdout.write(`cannot compare: ${gold === null ? args[0] : args[1]} holds no result (null)\n`);
    return 2;
  }
  const { bad, notes, checks } = goldenDiff(gold, res, { rtol, strict });
  for (const n of notes.slice(0, 20)) process.stdout.write(`note: ${n}\n`);
  for (const b of bad.slice(0, 50)) process.stdout.write(`MISMATCH: ${b}\n`);
  process.stdout.write(`${bad.length ? 'differs' : 'match'}: ${checks} checks, ${bad.length} mismatches, ${notes.length} scheme notes\n`);
  return bad.length ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
