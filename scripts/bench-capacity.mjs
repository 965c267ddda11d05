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
const LOOP = `
const { parentPort, workerData } = require('node:worker_threads');
const { iterations, go } = workerData;
const flag = new Int32Array(go);
parentPort.postMessage('ready');
Atomics.wait(flag, 0, 0);
let a = 1, b = 2, c = 3, d = 4;
const t0 = process.hrtime.bigint();
for (let i = 0; i < iterations; i += 1) {
  a = (a + i) | 0; b = (b ^ (i << 1)) | 0; c = (c + (i >>> 1)) | 0; d = (d ^ (i + 7)) | 0;
}
parentPort.postMessage({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, x: a ^ b ^ c ^ d });
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
