#!/usr/bin/env node
// Shrinks a differential-test case that is not equal (a folder written by
// difftest.mjs) to a smaller one with the same verdict: the same class, the
// same known-issue tag, and for a reference crash the same exception type.
//
// It tries, until nothing more helps: one layer alone (fed by an input of
// the size it reads), a prefix of the layers, dropping each optional flag,
// batch 1, a smaller node grid. Each try runs both programs, so a
// reduction takes minutes. The result goes to CASE_DIR/reduced/ in the same
// layout as a difftest case.
//
// usage: node scripts/reference/difftest-reduce.mjs [REFERENCE_DIR] CASE_DIR
//          [--nndf PATH] [--ref-timeout SECONDS]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { classify, knownIssue } from './difftest-verdict.mjs';
import { checkReferenceDir, referenceTree, repoRoot } from './reference-runner.mjs';

const REQUIRED = new Set(['--batch', '--nodes', '--array', '--regf', '--gbuf']);
const pair = (v) => (Array.isArray(v) ? v : [v, v]);
const dim = ([h, w]) => (h === w ? h : [h, w]);

/** The channels and fmap size a layer reads (its own window over its output), or null for an LSTM cell. */
function inputShape(l) {
  const [oh, ow] = pair(l.sofm ?? 1);
  const [sh, sw] = pair(l.strd ?? (l.type === 'pool' ? l.sreg : 1));
  switch (l.type) {
    case 'conv': {
      const [fh, fw] = pair(l.sfil);
      return { nofm: l.nifm, sofm: dim([fh + (oh - 1) * sh, fw + (ow - 1) * sw]) };
    }
    case 'fc':
      return { nofm: l.nifm, sofm: l.sfil ?? 1 };
    case 'eltwise':
      return { nofm: l.nofm * l.nreg, sofm: l.sofm };
    case 'pool':
    case 'local_region': {
      const [rh, rw] = pair(l.sreg);
      return { nofm: l.nofm * (l.ntrd ?? 1), sofm: dim([rh + (oh - 1) * sh, rw + (ow - 1) * sw]) };
    }
    default:
      return null;
  }
}

/** Flags as groups [flag, ...values]. */
function groups(flags) {
  const out = [];
  for (const a of flags) {
    if (/^-[a-z-]/i.test(a)) out.push([a]);
    else out[out.length - 1].push(a);
  }
  return out;
}

/** Smaller candidates of a case {net, flags}, the most promising first. */
function* candidates({ net, flags }) {
  const base = { ...net };
  delete base.ext;
  if (net.layers.length > 1) {
    for (const l of net.layers) {
      const input = inputShape(l);
      if (!input) continue;
      const alone = { ...l };
      delete alone.prevs;
      yield { net: { ...base, input, layers: [alone] }, flags, what: `layer ${l.name} alone` };
    }
    for (let k = net.layers.length - 1; k >= 1; --k) {
      yield { net: { ...net, layers: net.layers.slice(0, k) }, flags, what: `first ${k} layers` };
    }
  }
  const gs = groups(flags);
  for (let i = 0; i < gs.length; ++i) {
    if (REQUIRED.has(gs[i][0])) continue;
    yield { net, flags: gs.filter((_, j) => j !== i).flat(), what: `without ${gs[i].join(' ')}` };
  }
  const batch = gs.find((g) => g[0] === '--batch');
  if (batch[1] !== '1') {
    yield { net, flags: gs.map((g) => (g === batch ? ['--batch', '1'] : g)).flat(), what: 'batch 1' };
  }
  const nodes = gs.find((g) => g[0] === '--nodes');
  for (const k of [1, 2]) {
    if (Number(nodes[k]) > 1) {
      const smaller = [...nodes];
      smaller[k] = String(Number(nodes[k]) - 1);
      yield { net, flags: gs.map((g) => (g === nodes ? smaller : g)).flat(), what: `nodes ${smaller[1]} ${smaller[2]}` };
    }
  }
}

async function main() {
  const argv = process.argv.slice(2);
  let ref = process.env.NNDF_REFERENCE || null;
  let nndf = join(repoRoot, 'build/native/nndf');
  let refTimeout = 120;
  const dirs = [];
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--nndf') nndf = resolve(argv[++i]);
    else if (argv[i] === '--ref-timeout') refTimeout = Number(argv[++i]);
    else dirs.push(argv[i]);
  }
  if (dirs.length === 2) ref = dirs.shift();
  if (dirs.length !== 1 || !existsSync(join(dirs[0], 'verdict.json'))) {
    process.stderr.write('usage: difftest-reduce.mjs [REFERENCE_DIR] CASE_DIR (a folder of difftest.mjs with verdict.json)\n');
    return 2;
  }
  try {
    ref = checkReferenceDir(ref);
  } catch (e) {
    process.stderr.write(`difftest-reduce: ${e.message}\n`);
    return 2;
  }
  const caseDir = resolve(dirs[0]);
  const written = JSON.parse(readFileSync(join(caseDir, 'verdict.json'), 'utf8'));
  const netName = readdirSync(caseDir).find((f) => f.endsWith('.json') && !/^(ref|nndf|verdict)\.json$/.test(f));
  let best = { net: JSON.parse(readFileSync(join(caseDir, netName), 'utf8')), flags: written.flags };
  const out = join(caseDir, 'reduced');
  mkdirSync(out, { recursive: true });
  const tree = referenceTree(ref);
  let tries = 0;
  let last = null;

  // The verdict to keep is today's verdict of the case (the tags may have
  // changed since the case was written).
  let target = null;
  const same = async (c) => {
    tries += 1;
    const file = join(out, `${written.id}_try${tries}.json`);
    writeFileSync(file, `${JSON.stringify({ ...c.net, name: `${written.id}_r` }, null, 1)}\n`);
    const r = await tree.run([file, ...c.flags], { timeoutMs: refTimeout * 1000 });
    const n = spawnSync(nndf, ['search', file, ...c.flags], { encoding: 'utf8', timeout: 60000 });
    const nd = { status: n.status, signal: n.signal, stdout: n.stdout, stderr: n.stderr, timedOut: Boolean(n.error) };
    const v = classify(r, nd);
    v.known = knownIssue(v, c.flags, r, nd);
    target ??= v;
    const ok = v.cls === target.cls && v.known === target.known && (v.cls !== 'reference_crash' || v.kind === target.kind);
    if (ok) last = { file, r, nd, v, module: r.module };
    else rmSync(file, { force: true });
    return ok;
  };

  try {
    await same(best);
    process.stdout.write(`verdict to keep: ${target.cls}${target.kind ? ` (${target.kind})` : ''}${target.known ? `; ${target.known}` : ''}\n`);
    if (target.cls === 'equal' || target.cls === 'both_no_dataflow') {
      process.stdout.write('nothing to reduce: the case is no longer a difference\n');
      return 0;
    }
    last = null;
    for (let progress = true; progress; ) {
      progress = false;
      for (const c of candidates(best)) {
        if (await same(c)) {
          process.stdout.write(`kept: ${c.what} (${c.net.layers.length} layers, ${c.flags.length} flag words)\n`);
          best = c;
          progress = true;
          break;
        }
      }
    }
    if (last) {
      for (const f of readdirSync(out)) if (f !== last.file.split('/').pop()) rmSync(join(out, f), { force: true });
      const netFile = join(out, `${written.id}_r.json`);
      copyFileSync(last.file, netFile);
      rmSync(last.file);
      copyFileSync(join(tree.root, 'nn_dataflow/nns', `${last.module}.py`), join(out, `${written.id}_r.py`));
      writeFileSync(join(out, 'flags.txt'), `${best.flags.join(' ')}\n`);
      writeFileSync(join(out, 'ref.json'), last.r.stdout);
      writeFileSync(join(out, 'ref.stderr'), last.r.stderr);
      writeFileSync(join(out, 'nndf.json'), last.nd.stdout);
      writeFileSync(join(out, 'nndf.stderr'), last.nd.stderr);
      writeFileSync(join(out, 'verdict.json'), `${JSON.stringify({ ...last.v, flags: best.flags }, null, 1)}\n`);
    }
  } finally {
    tree.dispose();
  }
  process.stdout.write(
    `${tries} tries; ${last ? `reduced to ${best.net.layers.length} layers, flags: ${best.flags.join(' ')}` : 'no smaller case keeps the verdict'}\nin ${out}\n`,
  );
  return 0;
}

main().then((code) => {
  process.exitCode = code;
});
