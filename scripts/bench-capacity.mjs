// What the machine itself gives a benchmark of threads at this moment: the
// same busy loop on N threads at once against on one. On this VM the
// answer changes with the host: on 2026-12-03 two loops ran 1.9x as fast as
// one at times and 1.0x at others (the two virtual cores then shared one
// physical core; nothing in the guest shows it: no steal time, no quota).
// A speed-up measured then says nothing about the program, so the
// benchmarks that time threads print this beside their figures.
import { Worker } from 'node:worker_threads';

// A loop of independent integer operations, no memory traffic, no
// allocation: it keeps a core's arithmetic units busy, so two of them on
// one physical core (hyper-threads) get about the work of one. (A loop of
// divisions waits on each result and leaves the units free for the other
// thread: it gave 1.9x while this gave 1.0x and the searches 1.2x.)
// The loop is a function that V8 has optimized before the timing starts:
// timed from cold, the lone loop ran 2.6 times as slow as usual in about
// one quick look in four (each look starts fresh workers), which read as
// a machine giving 5x on 2 cores, and passed any gate.
const LOOP = `
const { parentPort, workerData } = require('node:worker_threads');
const { iterations, go } = workerData;
const flag = new Int32Array(go);
function spin(n) {
  let a = 1, b = 2, c = 3, d = 4;
  for (let i = 0; i < n; i += 1) {
    a = (a + i) | 0; b = (b ^ (i << 1)) | 0; c = (c + (i >>> 1)) | 0; d = (d ^ (i + 7)) | 0;
  }
  return a ^ b ^ c ^ d;
}
let x = 0;
for (let k = 0; k < 20; k += 1) x ^= spin(100_000);
parentPort.postMessage('ready');
Atomics.wait(flag, 0, 0);
const t0 = process.hrtime.bigint();
x ^= spin(iterations);
parentPort.postMessage({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, x });
`;

/**
 * Runs the loop on `threads` workers, started together once all are ready
 * (a worker takes some milliseconds to start); resolves to the slowest
 * one's seconds.
 */
async function loopSeconds(/** @type {number} */ threads, /** @type {number} */ iterations) {
  const go = new SharedArrayBuffer(4);
  const workers = Array.from({ length: threads }, () => new Worker(LOOP, { eval: true, workerData: { iterations, go } }));
  try {
    const results = workers.map((w) => new Promise((resolve, reject) => {
      w.on('message', (m) => { if (m !== 'ready') resolve(m.seconds); });
      w.once('error', reject);
    }));
    await Promise.all(workers.map((w) => new Promise((resolve) => { w.once('message', resolve); })));
    const flag = new Int32Array(go);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    return Math.max(.../** @type {number[]} */ (await Promise.all(results)));
  } finally {
    for (const w of workers) w.terminate();
  }
}

/**
 * How many times the work of one busy loop `threads` loops do in the same
 * time (ideal: `threads`): each timed `tries` times, taking turns (a
 * loop of 150 million steps takes about 0.3 s here); the fastest of each,
 * so that a try the host interrupted does not count.
 * @returns {Promise<number>}
 */
export async function parallelCapacity(threads = 2, tries = 3, iterations = 150_000_000) {
  let one = Infinity;
  let many = Infinity;
  for (let i = 0; i < tries; i += 1) {
    one = Math.min(one, await loopSeconds(1, iterations));
    many = Math.min(many, await loopSeconds(threads, iterations));
  }
  return (threads * one) / many;
}

/** The line the benchmarks print: what `threads` busy loops gave at this moment. */
export async function capacityLine(threads = 2) {
  const x = await parallelCapacity(threads);
  return `machine now: ${threads} busy loops run ${x.toFixed(2)}x as fast as one (the most any speed-up below can be)`;
}

/** A quick look (about 0.2 s) for a benchmark to take between its runs. */
export const quickCapacity = (threads = 2) => parallelCapacity(threads, 1, 50_000_000);

/** Whether `threads` busy loops run at least `gate` times as fast as one now (a quick look); always true for a gate of 0. */
export const machineGives = async (/** @type {number} */ gate, /** @type {number} */ threads) => gate === 0 || (await quickCapacity(threads)) >= gate;

/**
 * A benchmark's runs, kept only while the machine gives its cores: calls
 * `run()` until `runs` of its results are kept or 4 x `runs` calls are
 * made. With `gate` > 0, a call's result is kept only if `threads` busy
 * loops ran at least `gate` times as fast as one just before and just
 * after it (a quick look each); with 0, every result is kept.
 * @template T
 * @param {{runs: number, gate: number, threads: number}} how
 * @param {() => Promise<T> | T} run
 * @returns {Promise<{kept: T[], calls: number}>}
 */
export async function gatedRuns({ runs, gate, threads }, run) {
  const gives = () => machineGives(gate, threads);
  /** @type {T[]} */
  const kept = [];
  let calls = 0;
  while (kept.length < runs && calls < 4 * runs) {
    calls += 1;
    const before = await gives();
    const result = await run();
    if (before && (await gives())) kept.push(result);
  }
  return { kept, calls };
}

/** The `--gate X` option of a benchmark: a number from 0 (0: nothing gated), else an exit with `script`'s message. */
export function gateOption(/** @type {string | null} */ text, /** @type {string} */ script) {
  const gate = Number(text ?? '0');
  if (!(gate >= 0)) {
    console.error(`${script}: --gate must be a number from 0`);
    process.exit(1);
  }
  return gate;
}
