#!/usr/bin/env node
// Randomized differential test of `nndf search` against the reference
// (nn_dataflow v2.1 from a checkout, run with the project's shim; see
// scripts/reference/reference-runner.mjs).
//
// Case I of seed S is a random small network (random-network.mjs) and a
// random run configuration (random-run-config.mjs), both drawn from (S, I)
// alone, so any case can be re-run by itself. Both programs run it; the
// results are compared as the golden tests compare them (strict:
// scripts/golden-diff.mjs) and the case is classified:
//   equal             the same result
//   both_no_dataflow  both say "No valid dataflow found."
//   differ            different results, or only one found a dataflow
//   reference_crash   the reference died (its exception is recorded)
//   nndf_error        nndf failed (exit status and message)
//   timeout           either one ran out of time
// Every case that is not `equal` or `both_no_dataflow` keeps its files in
// OUT/seedS/caseI/: the network (JSON, and the module the reference ran),
// flags.txt (both command lines), ref.json/ref.stderr, nndf.json/nndf.stderr
// and verdict.json. OUT/seedS/summary.{txt,json} list all cases.
//
// usage: node scripts/reference/difftest.mjs [REFERENCE_DIR] [--seed S] [--count N]
//          [--start I] [--case I]... [--jobs J] [--out DIR] [--ref-timeout SECONDS]
//          [--nndf-timeout SECONDS] [--nndf PATH] [--keep-all] [--profile P]
//   REFERENCE_DIR   the checkout (holding nn_dataflow/); default $NNDF_REFERENCE
//   --seed S        default 1          --count N   cases (default 20)
//   --start I       first case index (default 0); --case I runs just that one
//   --jobs J        cases at once (default 2)
//   --out DIR       default build/difftest
//   --ref-timeout   default 120 s; --nndf-timeout default 60 s
//   --keep-all      keep the files of equal cases too
//   --profile P     mixed (default), pipeline or sharing (random-run-config.mjs);
//                   files then go to OUT/seedS-P/
// Exit status: 0 every case equal, both without a dataflow or refused by both
// (tagged `agreed`), 1 otherwise, 2 usage.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { runTimed } from '../run-timed.mjs';
import { CLASSES, classify, knownIssue } from './difftest-verdict.mjs';
import { randomSource } from './random.mjs';
import { randomNetwork } from './random-network.mjs';
import { PROFILES, randomRunConfig } from './random-run-config.mjs';
import { checkReferenceDir, mapLimited, python, referenceTree, repoRoot, shimDir } from './reference-runner.mjs';


function parseArgs(argv) {
  const o = {
    ref: null, seed: '1', count: 20, start: 0, cases: [], jobs: 2, out: join(repoRoot, 'build/difftest'),
    refTimeout: 120, nndfTimeout: 60, profile: 'mixed', nndf: join(repoRoot, 'build/native/nndf'), keepAll: false,
  };
  const num = (v, what) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer, got '${v}'`);
    return n;
  };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--seed') o.seed = val();
    else if (a === '--count') o.count = num(val(), a);
    else if (a === '--start') o.start = num(val(), a);
    else if (a === '--case') o.cases.push(num(val(), a));
    else if (a === '--jobs') o.jobs = Math.max(1, num(val(), a));
    else if (a === '--out') o.out = resolve(val());
    else if (a === '--ref-timeout') o.refTimeout = num(val(), a);
    else if (a === '--nndf-timeout') o.nndfTimeout = num(val(), a);
    else if (a === '--nndf') o.nndf = resolve(val());
    else if (a === '--keep-all') o.keepAll = true;
    else if (a === '--profile') o.profile = val();
    else if (a === '-h' || a === '--help') o.help = true;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else if (o.ref === null && existsSync(a) && statSync(a).isDirectory()) o.ref = a;
    else throw new Error(`unexpected argument '${a}'`);
  }
  o.ref ??= process.env.NNDF_REFERENCE || null;
  return o;
}

/** Runs nndf; resolves like the reference runner: {status, stdout, stderr, seconds, timedOut}. */
const runNndf = (/** @type {string} */ nndf, /** @type {string[]} */ args, /** @type {number} */ timeoutMs) =>
  runTimed(nndf, ['search', ...args], { timeoutMs });

async function runCase(o, tree, index) {
  const id = `d${o.seed.replace(/\W/g, '_')}_${index}`;
  const net = randomNetwork(randomSource(`net:${o.seed}:${index}`), id);
  const flags = randomRunConfig(randomSource(`cfg:${o.seed}:${index}`), o.profile);
  const dir = join(runDir(o), `case${index}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const netFile = join(dir, `${id}.json`);
  writeFileSync(netFile, `${JSON.stringify(net, null, 1)}\n`);

  let ref;
  try {
    ref = await tree.run([netFile, ...flags], { timeoutMs: o.refTimeout * 1000 });
  } catch (e) {
    ref = { status: 1, stdout: '', stderr: `Traceback (most recent call last)\nConversionError: ${e.message}\n`, seconds: 0 };
  }
  const nd = await runNndf(o.nndf, [netFile, ...flags], o.nndfTimeout * 1000);
  const verdict = { index, id, ...classify(ref, nd), refSeconds: ref.seconds, nndfSeconds: nd.seconds };
  verdict.known = knownIssue(verdict, flags, ref, nd);

  const quiet = verdict.cls === 'equal' || verdict.cls === 'both_no_dataflow';
  if (quiet && !o.keepAll) {
    rmSync(dir, { recursive: true, force: true });
  } else {
    if (ref.module) copyFileSync(join(tree.root, 'nn_dataflow/nns', `${ref.module}.py`), join(dir, `${ref.module}.py`));
    const q = (a) => (/^[\w./=-]+$/.test(a) ? a : `'${a}'`);
    writeFileSync(
      join(dir, 'flags.txt'),
      [
        flags.join(' '),
        '',
        `# nndf: build/native/nndf search ${id}.json ${flags.join(' ')}`,
        `# reference: copy ${ref.module ?? id}.py into a copy of the reference's nn_dataflow/nns/, then from its root:`,
        `#   PYTHONHASHSEED=0 PYTHONPATH=".:${shimDir}" ${python} nn_dataflow/tools/nn_dataflow_search.py ${ref.module ?? id} ${flags.map(q).join(' ')} -p 1`,
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'ref.json'), ref.stdout);
    writeFileSync(join(dir, 'ref.stderr'), ref.stderr);
    writeFileSync(join(dir, 'nndf.json'), nd.stdout);
    writeFileSync(join(dir, 'nndf.stderr'), nd.stderr);
    writeFileSync(join(dir, 'verdict.json'), `${JSON.stringify({ ...verdict, flags }, null, 1)}\n`);
  }
  const note = [verdict.kind, verdict.known].filter(Boolean).join('; ');
  process.stdout.write(
    `case ${String(index).padStart(4)}  ${verdict.cls.padEnd(16)} ref ${ref.seconds.toFixed(1).padStart(6)} s  nndf ${nd.seconds.toFixed(2).padStart(6)} s  ${note}\n`,
  );
  return verdict;
}

/** The run's folder: seedS, or seedS-PROFILE for another profile than mixed. */
const runDir = (o) => join(o.out, `seed${o.seed}${o.profile === 'mixed' ? '' : `-${o.profile}`}`);

function summaryText(o, verdicts) {
  const lines = [`difftest seed ${o.seed}, profile ${o.profile}: ${verdicts.length} cases (reference ${o.ref})`, ''];
  for (const cls of CLASSES) lines.push(`${cls.padEnd(18)} ${verdicts.filter((v) => v.cls === cls).length}`);
  const tags = new Map();
  for (const v of verdicts) {
    if (v.cls === 'equal' || v.cls === 'both_no_dataflow') continue;
    const tag = `${v.cls}: ${v.known || v.kind || '?'}`;
    tags.set(tag, (tags.get(tag) ?? 0) + 1);
  }
  if (tags.size) lines.push('', 'by kind:', ...[...tags].sort().map(([t, n]) => `  ${String(n).padStart(4)}  ${t}`));
  for (const cls of CLASSES.slice(2)) {
    const vs = verdicts.filter((v) => v.cls === cls);
    if (!vs.length) continue;
    lines.push('', `${cls}:`);
    for (const v of vs) {
      lines.push(`  case ${v.index}: ${[v.kind, v.known].filter(Boolean).join('; ')}`);
      if (v.detail) lines.push(`      ${v.detail.slice(0, 400)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
    if (o.help) {
      const text = readFileSync(new URL(import.meta.url), 'utf8');
      process.stdout.write(`${text.split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n')}\n`);
      return 0;
    }
    o.ref = checkReferenceDir(o.ref);
    if (!existsSync(o.nndf)) throw new Error(`${o.nndf} is missing (npm run build:native, or --nndf PATH)`);
  } catch (e) {
    process.stderr.write(`difftest: ${e.message}\n`);
    return 2;
  }
  const indices = o.cases.length ? o.cases : Array.from({ length: o.count }, (_, i) => o.start + i);
  const tree = referenceTree(o.ref);
  if (!PROFILES.includes(o.profile)) {
    process.stderr.write(`difftest: unknown profile '${o.profile}' (expected ${PROFILES.join(', ')})\n`);
    return 2;
  }
  process.stdout.write(`difftest seed ${o.seed}, profile ${o.profile}: ${indices.length} cases, ${o.jobs} at a time, files in ${runDir(o)}\n`);
  let verdicts;
  try {
    verdicts = await mapLimited(indices, o.jobs, (i) => runCase(o, tree, i));
  } finally {
    tree.dispose();
  }
  const base = runDir(o);
  mkdirSync(base, { recursive: true });
  const text = summaryText(o, verdicts);
  // A partial run (--case, --start) writes its own summary, next to the full one.
  const tag = o.cases.length || o.start ? `-${indices[0]}-${indices[indices.length - 1]}` : '';
  writeFileSync(join(base, `summary${tag}.txt`), text);
  writeFileSync(join(base, `summary${tag}.json`), `${JSON.stringify({ seed: o.seed, reference: o.ref, verdicts }, null, 1)}\n`);
  process.stdout.write(`\n${text}`);
  const fine = (v) => v.cls === 'equal' || v.cls === 'both_no_dataflow' || v.known.startsWith('agreed');
  return verdicts.every(fine) ? 0 : 1;
}

main().then((code) => {
  process.exitCode = code;
});
