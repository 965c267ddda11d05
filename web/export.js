// Results out of the page and back in: the result document as JSON (the
// CLI's schema and spelling), the layers as CSV, and reading a result file.
import { COMPONENTS } from './energy.js';
import { indentPyJson, parsePyJson } from './py-json.js';
import { layerRows } from './view-layers.js';

/** Saves text as a file through the browser's download. */
export function download(fileName, text, type) {
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
export const resultJsonText = (resultText) => `${indentPyJson(resultText)}\n`;

const csvCell = (value) => {
  const text = String(value);
  // Quote what needs it, and defuse formulas a spreadsheet would run.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?[\d.]+(e[+-]?\d+)?$/i.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One CSV line per layer: time, energy by component, PEs, bandwidth, schedule, place in the pipeline (sched_seq, from 0). */
export function layersCsv(result) {
  const header = ['layer', 'time_cycles', 'energy', ...COMPONENTS.map((c) => `energy_${c.key}`),
    'active_pes_per_node', 'dram_words_per_cycle', 'partition', 'blocking_dram_gbuf_pe', 'loop_order_dram_gbuf',
    'num_nodes', 'segment', 'spatial_slot', 'temporal_step'];
  const lines = layerRows(result).map((r) => [r.name, r.time, r.energy, ...COMPONENTS.map((c) => r.energyParts[c.key]),
    r.activePes, r.dramBw, r.partition, r.blocking, r.order, r.nodes, ...r.schedSeq]);
  return `${[header, ...lines].map((line) => line.map(csvCell).join(',')).join('\n')}\n`;
}

/**
 * Reads a result document (from this page or `nndf search`). Returns the
 * parsed document; throws an Error saying what is wrong.
 */
export function readResultText(text) {
  let doc;
  try {
    doc = parsePyJson(text);
  } catch (err) {
    throw new Error(`not a JSON document (${err.message})`);
  }
  if (doc === null) throw new Error('the file holds null: that search found no valid dataflow');
  const problems = [];
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not a result document (expected an object)');
  if (typeof doc.total_cost !== 'number') problems.push('total_cost');
  if (typeof doc.schedules !== 'object' || doc.schedules === null) problems.push('schedules');
  if (typeof doc.cost !== 'object' || !Array.isArray(doc.cost?.mem_hier)) problems.push('cost.mem_hier');
  if (!Array.isArray(doc.total_accesses)) problems.push('total_accesses');
  for (const key of ['dim_array', 'proc_region', 'dram_region']) {
    if (!Array.isArray(doc.resource?.[key])) problems.push(`resource.${key}`);
  }
  for (const [name, entry] of Object.entries(doc.schedules ?? {})) {
    const [scheme, , seq] = Array.isArray(entry) ? entry : [];
    if (!scheme || !Array.isArray(scheme.access) || !Array.isArray(scheme.tvals) || !Array.isArray(scheme.part)
      || !Array.isArray(scheme.total_nhops) || !Number.isInteger(scheme.num_nodes) || !Array.isArray(seq) || seq.length !== 3) {
      problems.push(`schedules.${name}`);
      break;
    }
  }
  if (problems.length > 0) throw new Error(`not a result document of nndf (missing or bad: ${problems.join(', ')})`);
  return doc;
}
