// Results out of the page: the result document as JSON (the CLI's schema
// and spelling) and the layers as CSV. Reading a result file is the result
// model's (result-model.js readResultText).
import { COMPONENTS } from './energy.js';
import { indentPyJson } from './py-json.js';
import { layerRows } from './view-layers.js';

/** Saves text as a file through the browser's download. */
export function download(/** @type {string} */ fileName, /** @type {string} */ text, /** @type {string} */ type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The result document as the CLI prints it (2-space indent, Python's Infinity/NaN, a final newline). */
export const resultJsonText = (/** @type {string} */ resultText) => `${indentPyJson(resultText)}\n`;

const csvCell = (/** @type {unknown} */ value) => {
  const text = String(value);
  // Quote what needs it, and defuse formulas a spreadsheet would run.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?[\d.]+(e[+-]?\d+)?$/i.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One CSV line per layer: time, energy by component, PEs, bandwidth, schedule, place in the pipeline (sched_seq, from 0). */
export function layersCsv(/** @type {import('./result-model.js').Result} */ result) {
  const header = ['layer', 'time_cycles', 'energy', ...COMPONENTS.map((c) => `energy_${c.key}`),
    'active_pes_per_node', 'dram_words_per_cycle', 'partition', 'blocking_dram_gbuf_pe', 'loop_order_dram_gbuf',
    'num_nodes', 'segment', 'spatial_slot', 'temporal_step'];
  const lines = layerRows(result).map((r) => [r.name, r.time, r.energy, ...COMPONENTS.map((c) => r.energyParts[c.key]),
    r.activePes, r.dramBw, r.partition, r.blocking, r.order, r.nodes, r.place.segment, r.place.slot, r.place.step]);
  return `${[header, ...lines].map((line) => line.map(csvCell).join(',')).join('\n')}\n`;
}
