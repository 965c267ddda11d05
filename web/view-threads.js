// The small note beside the run controls on the threads searches run on:
// the plan (threads.js) when the page opens, corrected if a search says
// otherwise (its result's nprocesses), which happens only when the threaded
// engine failed to load and the worker fell back to one thread.
import { byId } from './dom.js';

/** Shows a thread plan (threads.js). */
export function showThreadPlan(/** @type {import('./threads.js').ThreadPlan} */ plan) {
  const note = byId('threads');
  note.textContent = plan.note;
  note.dataset.threads = String(plan.threads);
}

/** Corrects the note after a search that ran on `threads` threads. */
export function showThreadsUsed(/** @type {unknown} */ threads) {
  const note = byId('threads');
  if (!Number.isInteger(threads) || String(threads) === note.dataset.threads) return;
  note.dataset.threads = String(threads);
  note.textContent = threads === 1 ? 'One thread: the threaded engine did not load (see the console).' : `${threads} threads`;
}
