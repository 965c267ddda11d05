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
let a = 1, b = 2, c = 3, d = 4;
const t0 = process.hrtime.bigint();
for (let i = 0; i < workerData; i += 1) {
  a = (a + i) | 0; b = (b ^ (i << 1)) | 0; c = (c + (i >>> 1)) | 0; d = (d ^ (i + 7)) | 0;
}
parentPort.postMessage({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, x: a ^ b ^ c ^ d });
`;

/** Runs the loop on `threads` workers at once; resolves to the slowest one's seconds. */
async function loopSeconds(/** @type {number} */ threads, /** @type {number} */ iterations) {
  const times = await Promise.all(Array.from({ length: threads }, () => new Promise((resolve, reject) => {
    const worker = new Worker(LOOP, { eval: true, workerData: iterations });
    worker.once('message', (m) => {
      resolve(m.seconds);
      worker.terminate();
    });
    worker.once('error', reject);
  })));
  return Math.max(.../** @type {number[]} */ (times));
}

/**
 * How many times the work of one busy loop `threads` loops do in the same
 * time (ideal: `threads`): each timed `tries` times, taking turns, about
 * 0.3 s a loop; the fastest of each, so that a try the host interrupted
 * does not count.
 * @returns {Promise<number>}
 */
export async function parallelCapacity(threads = 2, tries = 3) {
  const iterations = 150_000_000;
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
