// A running search's progress in words (docs/progress.md): where it is, the
// share of the work done, the time spent and left, and the best cost so far.
import { formatEnergy } from './format.js';

/** A duration for people: '0.4 s', '12 s', '3 min 05 s'. */
export function formatSeconds(/** @type {number} */ s) {
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 90) return `${Math.round(s)} s`;
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

/**
 * One line for the status bar. `joules`: the costs are energies in joules
 * (format.js costsInJoules), so the best cost is shown in J.
 */
export function progressText(/** @type {import('./protocol.js').Progress} */ p, /** @type {boolean} */ joules) {
  const parts = [
    `Layer ${p.layerIndex} of ${p.layerCount}: ${p.layerName}`,
    `${Math.floor(p.work * 100)}% of the work`,
    p.remaining >= 0
      ? `${formatSeconds(p.elapsed)}, about ${formatSeconds(p.remaining)} left`
      : formatSeconds(p.elapsed),
  ];
  if (p.bestCost >= 0) parts.push(`best so far ${formatEnergy(p.bestCost, joules)}`);
  return parts.join(' · ');
}
