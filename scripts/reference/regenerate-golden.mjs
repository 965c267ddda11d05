#!/usr/bin/env node
// Regenerates the golden files tests/golden/NAME.json from a checkout of the
// reference (stanford-mast/nn_dataflow at 198a527), running every case of
// CASES.tsv, CASES_EXTRA.tsv and CASES_SLOW.tsv (or the named ones) with the
// project's shim and PYTHONHASHSEED=0 (scripts/reference/reference-runner.mjs).
// A case's network may be a JSON file (path relative to the repository
// root); it is converted for the reference in a temporary copy of its tree.
//
// Reports per case whether the result differs from the committed file in
// anything but `elapsed` (the reference's search time), and where.
//
// usage: node scripts/reference/regenerate-golden.mjs [REFERENCE_DIR] [CASE...]
//          [--check] [--out DIR] [--rewrite] [--jobs N] [--timeout SECONDS]
//   REFERENCE_DIR  the checkout (the folder holding nn_dataflow/); default
//                  $NNDF_REFERENCE
//   --check        write nothing; exit 1 if a result changed
//   --out DIR      write every result to DIR/NAME.json instead of tests/golden/
//   --rewrite      also rewrite files whose only change is `elapsed` (by
//                  default they are left alone, so their diff stays empty)
//   --jobs N       reference runs at once (default 1; each uses one core)
//   --timeout S    give up on a case after S seconds (default: no limit)
// Exit status: 0 done, 1 a case failed (or changed, with --check), 2 usage.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { goldenDir, readCases } from '../golden-cases.mjs';
import { parsePyJson } from '../golden-diff.mjs';
import { checkReferenceDir, mapLimited, pythonException, referenceTree } from './reference-runner.mjs';

/** Paths where two parsed documents differ, ignoring top-level `elapsed`. */
export function changedPaths(before, after, path = '', out = []) {
  if (out.length >= 20) return out;
  const isObj = (v) => v !== null && typeof v === 'object';
  if (isObj(before) && isObj(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const k of keys) {
      if (path === '' && k === 'elapsed') continue;
      const sub = Array.isArray(before) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      if (!(k in before) || !(k in after)) out.push(sub);
      else changedPaths(before[k], after[k], sub, out);
    }
  } else if (!Object.is(before, after)) {
    out.push(path || '(document)');
  }
  return out;
}

function parseArgs(argv) {
  const opts = { check: false, out: null, rewrite: false, jobs: 1, timeout: 0, names: [], ref: null };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--rewrite') opts.rewrite = true;
    else if (a === '--out') opts.out = resolve(argv[++i]);
    else if (a === '--jobs') opts.jobs = Number(argv[++i]);
    else if (a === '--timeout') opts.timeout = Number(argv[++i]);
    else if (a === '-h' || a === '--help') opts.help = true;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else if (opts.ref === null && opts.names.length === 0 && existsSync(a) && statSync(a).isDirectory()) opts.ref = a;
    else opts.names.push(a);
  }
  if (!(opts.jobs >= 1) || !(opts.timeout >= 0)) throw new Error('--jobs must be >= 1 and --timeout >= 0');
  opts.ref ??= process.env.NNDF_REFERENCE || null;
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
      const text = readFileSync(new URL(import.meta.url), 'utf8');
      process.stdout.write(`${text.split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n')}\n`);
      return 0;
    }
    opts.ref = checkReferenceDir(opts.ref);
  } catch (e) {
    process.stderr.write(`regenerate-golden: ${e.message}\n`);
    return 2;
  }
  const cases = readCases().filter(({ name }) => opts.names.length === 0 || opts.names.includes(name));
  const unknown = opts.names.filter((n) => !cases.some((c) => c.name === n));
  if (unknown.length) {
    process.stderr.write(`regenerate-golden: no golden case ${unknown.map((n) => `'${n}'`).join(', ')}\n`);
    return 2;
  }
  if (opts.out) mkdirSync(opts.out, { recursive: true });

  const tree = referenceTree(opts.ref);
  process.stdout.write(`reference ${opts.ref} (copy in ${tree.root}); ${cases.length} cases, ${opts.jobs} at a time\n`);
  let failures = 0;
  let changes = 0;
  try {
    await mapLimited(cases, opts.jobs, async ({ name, args }) => {
      let run;
      try {
        run = await tree.run(args, { timeoutMs: opts.timeout * 1000 });
      } catch (e) {
        // The network file could not be converted for the reference.
        run = { status: null, signal: null, stdout: '', stderr: e.message, seconds: 0, timedOut: false };
      }
      const golden = join(goldenDir, `${name}.json`);
      let verdict;
      let details = [];
      if (run.timedOut || run.status !== 0) {
        failures += 1;
        const why = run.timedOut
          ? `timeout after ${opts.timeout} s`
          : pythonException(run.stderr) || run.stderr.trim().split('\n').pop() || `signal ${run.signal}`;
        verdict = `FAILED (exit ${run.status}): ${why}`;
      } else {
        let changed = null;
        if (existsSync(golden)) {
          changed = changedPaths(parsePyJson(readFileSync(golden, 'utf8')), parsePyJson(run.stdout));
        }
        if (changed === null) verdict = 'new';
        else if (changed.length === 0) verdict = 'unchanged except elapsed';
        else {
          verdict = `CHANGED (${changed.length >= 20 ? '20+' : changed.length} places)`;
          details = changed.slice(0, 8);
        }
        if (changed === null || changed.length) changes += 1;
        const target = opts.out ? join(opts.out, `${name}.json`) : golden;
        const write = !opts.check && (opts.out || opts.rewrite || changed === null || changed.length > 0);
        if (write) writeFileSync(target, run.stdout);
        if (write) verdict += `; wrote ${opts.out ? target : `tests/golden/${name}.json`}`;
      }
      process.stdout.write(`${name.padEnd(32)} ${run.seconds.toFixed(1).padStart(8)} s  ${verdict}\n`);
      for (const d of details) process.stdout.write(`    ${d}\n`);
    });
  } finally {
    tree.dispose();
  }
  process.stdout.write(
    `${cases.length} cases: ${cases.length - failures - changes} unchanged except elapsed, ${changes} changed or new, ${failures} failed\n`,
  );
  return failures || (opts.check && changes) ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().then((code) => {
    process.exitCode = code;
  });
}

