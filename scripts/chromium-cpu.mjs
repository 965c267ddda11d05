// CPU time of Chromium's threads, read from Linux's /proc: what the browser's
// own threads (V8's compiles, the page's thread, the compositor) take from
// the cores a page's workers want. For the benchmarks; Linux only.
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (ms) used so far by every thread of every Chromium process, by
 * `kind:name`: the process's kind (`browser`, `renderer`, `gpu-process`,
 * `utility`) and the thread's name with any trailing number made `#`
 * (threads of one pool add up). In a renderer, `chromium` is the page's
 * thread, `DedicatedWorker` the Web Workers' (`DedicatedWorker thread`:
 * /proc keeps 15 characters of a name), and `ThreadPoolForeg...` V8's
 * background work: optimizing compiles and
 * garbage collection. `only`: count just processes whose command line
 * contains it (a profile's folder, to leave other browsers out).
 * @returns {Map<string, number>}
 */
export function chromiumThreadCpu(/** @type {string} */ only = '') {
  /** @type {Map<string, number>} */
  const ms = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!/chromium/.test(command) || !command.includes(only)) continue;
      const kind = /--type=([a-z-]+)/.exec(command)?.[1] ?? 'browser';
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '#');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const key = `${kind}:${name}`;
        ms.set(key, (ms.get(key) ?? 0) + ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND);
      }
    } catch {
      // A process or thread that ended meanwhile.
    }
  }
  return ms;
}

/** What each `kind:name` used between two readings of chromiumThreadCpu (ms; a thread that ended meanwhile is not counted). */
export function cpuBetween(/** @type {Map<string, number>} */ before, /** @type {Map<string, number>} */ after) {
  /** @type {Map<string, number>} */
  const used = new Map();
  for (const [key, ms] of after) {
    const d = ms - (before.get(key) ?? 0);
    if (d > 0) used.set(key, d);
  }
  return used;
}
