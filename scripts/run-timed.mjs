// Runs a command to its end and collects what it printed, with a time limit:
// the one way the benchmark and reference scripts start a program they time.
import { spawn } from 'node:child_process';

/**
 * @typedef {{status: number | null, signal: NodeJS.Signals | null, stdout: string,
 *   stderr: string, seconds: number, timedOut: boolean}} TimedRun
 */

/**
 * Runs `command args` (`spawnOptions` as for child_process.spawn). Past
 * `timeoutMs` (0: no limit) it calls `stop(child)` once, SIGKILL by default,
 * and the run reports timedOut. Resolves when the program has ended.
 * @returns {Promise<TimedRun>}
 */
export function runTimed(
  /** @type {string} */ command,
  /** @type {string[]} */ args,
  {
    timeoutMs = 0,
    stop = (/** @type {import('node:child_process').ChildProcess} */ child) => { child.kill('SIGKILL'); },
    ...spawnOptions
  } = /** @type {{timeoutMs?: number, stop?: (child: import('node:child_process').ChildProcess) => void} & import('node:child_process').SpawnOptions} */ ({}),
) {
  return new Promise((done) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(command, args, spawnOptions);
    /** @type {Buffer[]} */
    const out = [];
    /** @type {Buffer[]} */
    const err = [];
    child.stdout?.on('data', (d) => out.push(d));
    child.stderr?.on('data', (d) => err.push(d));
    let timedOut = false;
    const timer = timeoutMs > 0
      ? setTimeout(() => {
        timedOut = true;
        stop(child);
      }, timeoutMs)
      : null;
    child.on('close', (status, signal) => {
      if (timer) clearTimeout(timer);
      done({
        status,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        seconds: Number(process.hrtime.bigint() - t0) / 1e9,
        timedOut,
      });
    });
  });
}
