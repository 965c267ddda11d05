// Runs the reference nn_dataflow v2.1 (nn_dataflow_search.py) from a checkout,
// with the project's shim (scripts/reference/shim/) and PYTHONHASHSEED=0.
//
// The checkout is never modified: the runner works on a private copy of its
// nn_dataflow/ package in a temporary folder, where networks given as JSON
// files (nns/README.md) are converted into modules of nn_dataflow/nns/
// (scripts/reference/net_to_py.py) so that the reference can name them.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { runTimed } from '../run-timed.mjs';

export const referenceScriptsDir = fileURLToPath(new URL('.', import.meta.url));
export const repoRoot = resolve(referenceScriptsDir, '../..');
export const shimDir = join(referenceScriptsDir, 'shim');
const converter = join(referenceScriptsDir, 'net_to_py.py');
const SEARCH_SCRIPT = 'nn_dataflow/tools/nn_dataflow_search.py';

/** Debian's python3 (which sees python3-sympy), unless NNDF_PYTHON says otherwise. */
export const python =
  process.env.NNDF_PYTHON || (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

export const REFERENCE_HELP = `The reference is stanford-mast/nn_dataflow at commit 198a527 (v2.1):
  git clone https://github.com/stanford-mast/nn_dataflow && git -C nn_dataflow checkout 198a527
and it needs Debian's python3 with sympy: apt-get install -y python3-sympy.
Pass the checkout's folder (the one holding nn_dataflow/) as an argument or in NNDF_REFERENCE.`;

/** Checks that dir is an unpacked reference checkout; returns its absolute path or throws. */
export function checkReferenceDir(dir) {
  if (!dir) throw new Error(`no reference checkout given.\n${REFERENCE_HELP}`);
  const abs = resolve(dir);
  if (!existsSync(join(abs, SEARCH_SCRIPT))) {
    throw new Error(`${abs} is not a reference checkout (no ${SEARCH_SCRIPT}).\n${REFERENCE_HELP}`);
  }
  return abs;
}

/** True for a network argument that names a JSON file rather than a built-in network. */
export const isNetworkFile = (net) => net.endsWith('.json') || net.includes('/');

/** A private copy of the reference's package: {root, addNetwork(path), run(args), dispose()}. */
export function referenceTree(refDir, { keep = false } = {}) {
  const source = checkReferenceDir(refDir);
  const root = mkdtempSync(join(tmpdir(), 'nndf-reference-'));
  cpSync(join(source, 'nn_dataflow'), join(root, 'nn_dataflow'), {
    recursive: true,
    filter: (p) => basename(p) !== '__pycache__',
  });
  const builtins = new Set(
    readdirSync(join(root, 'nn_dataflow/nns'))
      .filter((f) => f.endsWith('.py') && !f.startsWith('__'))
      .map((f) => f.slice(0, -3)),
  );
  const added = new Map();

  /**
   * Converts a network file into a module of the copy; returns the module's
   * name (the file's base name as a Python identifier; `<name>_json` when
   * that is a built-in network's name or already taken by another file).
   */
  function addNetwork(path) {
    const abs = resolve(repoRoot, path);
    if (added.has(abs)) return added.get(abs);
    let name = basename(abs).replace(/\.json$/, '').replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(name)) name = `net_${name}`;
    const taken = new Set([...builtins, ...added.values()]);
    if (taken.has(name)) name = `${name}_json`;
    for (let i = 2; taken.has(name); ++i) name = name.replace(/(_\d+)?$/, `_${i}`);
    const conv = spawnSync(python, [converter, abs, '-o', join(root, 'nn_dataflow/nns', `${name}.py`)], {
      encoding: 'utf8',
    });
    if (conv.status !== 0) throw new Error((conv.stderr || conv.error?.message || 'net_to_py failed').trim());
    added.set(abs, name);
    return name;
  }

  /**
   * Runs nn_dataflow_search.py with args (as on nndf's command line; a
   * network file is converted first). Resolves to {status, signal, stdout,
   * stderr, seconds, timedOut}. `-p 1` is added unless args set the number of
   * processes: the golden data records one process, and it keeps ties in
   * the order of one process.
   */
  function run(args, { timeoutMs = 0, env = {} } = {}) {
    const [net, ...rest] = args;
    const module = isNetworkFile(net) ? addNetwork(net) : net;
    const procs = rest.some((a) => a === '-p' || a === '--processes' || a.startsWith('--processes='));
    const argv = [join(root, SEARCH_SCRIPT), module, ...rest, ...(procs ? [] : ['-p', '1'])];
    return runTimed(python, argv, {
      cwd: root,
      detached: true, // its own process group, so a timeout ends every child
      env: {
        ...process.env,
        PYTHONHASHSEED: '0',
        PYTHONPATH: `${root}:${shimDir}`,
        ...env,
      },
      timeoutMs,
      stop: (child) => {
        try {
          process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
        } catch {
          // already gone
        }
      },
    }).then((r) => ({ ...r, module }));
  }

  function dispose() {
    if (!keep) rmSync(root, { recursive: true, force: true });
  }

  return { root, addNetwork, run, dispose };
}

/** The last line of a Python traceback ("ValueError: ..."), or ''. */
export function pythonException(stderr) {
  const lines = stderr.trim().split('\n');
  const at = lines.findLastIndex((l) => l.startsWith('Traceback (most recent call last)'));
  if (at < 0) return '';
  for (let i = lines.length - 1; i > at; --i) {
    if (/^[A-Za-z_][\w.]*(: |$)/.test(lines[i])) return lines[i];
  }
  return lines[lines.length - 1];
}

/** Runs fn(item) on every item with at most `jobs` running at once; resolves to the results in order. */
export async function mapLimited(items, jobs, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}
