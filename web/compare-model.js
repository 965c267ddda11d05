// Two results side by side, without any DOM: A (pinned) against B (the
// result on screen). Deltas are B − A, relative ones of |A|; a relative
// delta against a zero baseline has no number (null), unless both are zero.
// Layers are matched by name, so a layer of only one result (another
// network) is listed as such instead of being paired with a stranger. The
// configurations are compared field by field on their run documents, with
// the labels of the engine's run schema (fields.js).
import { COMPONENTS, networkEnergy } from './energy.js';

/**
 * @typedef {import('./result-model.js').Result} Result
 * @typedef {import('./fields.js').FormField} FormField
 * @typedef {{a: number, b: number, abs: number, rel: number | null}} Delta
 *   `abs` = b − a; `rel` = (b − a) / |a|, null when a is 0 and b is not (no ratio to a zero baseline).
 * @typedef {'energy' | 'cycles' | 'macs' | 'words' | 'energy-per-mac'} Measure
 * @typedef {{key: string, label: string, measure: Measure, partOfTotal: boolean} & Delta} TotalRow
 *   `partOfTotal`: a part of the total energy (indented under it).
 * @typedef {{name: string, side: 'both' | 'a' | 'b', energy: Delta | null, time: Delta | null,
 *   a: number | null, b: number | null}} LayerRow
 *   A layer by name; `side` says in which results it is; energy and time deltas only for 'both'.
 * @typedef {{name: string, label: string, a: string, b: string}} FieldDiff
 */

/** The delta of a against b. @returns {Delta} */
export function delta(/** @type {number} */ a, /** @type {number} */ b) {
  const abs = b - a;
  let rel;
  if (a === 0) rel = b === 0 ? 0 : null;
  else rel = abs / Math.abs(a);
  return {
    a, b, abs, rel,
  };
}

/**
 * The headline numbers of a result that are compared: total energy and its
 * cost parts (energy.js, as the energy tab shows them), time, MACs, DRAM
 * traffic in words and energy per MAC.
 * @returns {{key: string, label: string, measure: Measure, partOfTotal: boolean, value: number}[]}
 */
export function comparedTotals(/** @type {Result} */ result) {
  const parts = networkEnergy(result);
  const { totals } = result;
  return [
    {
      key: 'cost', label: 'Total energy', measure: 'energy', partOfTotal: false, value: totals.cost,
    },
    ...COMPONENTS.map(({ key, label }) => ({
      key: `energy.${key}`, label: `${label} energy`, measure: /** @type {Measure} */ ('energy'), partOfTotal: true, value: parts[key],
    })),
    {
      key: 'time', label: 'Time', measure: 'cycles', partOfTotal: false, value: totals.time,
    },
    {
      key: 'ops', label: 'Operations', measure: 'macs', partOfTotal: false, value: totals.ops,
    },
    {
      key: 'dram', label: 'DRAM traffic', measure: 'words', partOfTotal: false, value: totals.accesses.dram,
    },
    {
      key: 'per_mac', label: 'Energy per MAC', measure: 'energy-per-mac', partOfTotal: false, value: totals.cost / totals.ops,
    },
  ];
}

/** The totals of A and B, row by row, with their deltas. @returns {TotalRow[]} */
export function compareTotals(/** @type {Result} */ a, /** @type {Result} */ b) {
  const bs = comparedTotals(b);
  return comparedTotals(a).map((row, i) => ({
    key: row.key, label: row.label, measure: row.measure, partOfTotal: row.partOfTotal, ...delta(row.value, bs[i].value),
  }));
}

/**
 * The layers of A and B matched by name: A's order, each layer only in B
 * after the A layer it follows in B (so a changed network reads in order).
 * @returns {LayerRow[]}
 */
export function compareLayers(/** @type {Result} */ a, /** @type {Result} */ b) {
  const inA = new Map(a.layers.map((l) => [l.name, l]));
  const inB = new Map(b.layers.map((l) => [l.name, l]));
  /** @type {LayerRow[]} */
  const rows = a.layers.map((la) => {
    const lb = inB.get(la.name);
    return lb ? {
      name: la.name, side: 'both', energy: delta(la.cost, lb.cost), time: delta(la.time, lb.time), a: la.cost, b: lb.cost,
    } : /** @type {LayerRow} */ ({
      name: la.name, side: 'a', energy: null, time: null, a: la.cost, b: null,
    });
  });
  /** B's layers not in A, each placed after the row of the layer it follows in B. */
  let after = -1;
  for (const lb of b.layers) {
    if (inA.has(lb.name)) {
      after = rows.findIndex((r) => r.name === lb.name);
      continue;
    }
    after += 1;
    rows.splice(after, 0, /** @type {LayerRow} */ ({
      name: lb.name, side: 'b', energy: null, time: null, a: null, b: lb.cost,
    }));
  }
  return rows;
}

/** A run document's value of a field as the form writes it ('4x4', 'inf', '200,6,2,1'); a custom network by its name. */
function fieldText(/** @type {FormField | undefined} */ field, /** @type {any} */ value) {
  if (value === undefined) return '(not set)';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return `your own network${typeof value.name === 'string' ? ` '${value.name}'` : ''}`;
  }
  if (!field) return JSON.stringify(value);
  try {
    return field.kind.format(field.kind.fromJson(value));
  } catch {
    return JSON.stringify(value);
  }
}

/**
 * The fields whose values differ between two run documents, in the form's
 * order, with the schema's label (and unit) and each side's text. Keys that
 * are no field (a newer engine's) are compared too, under their own name. A
 * custom network differs when its JSON does.
 * @returns {FieldDiff[]}
 */
export function differingFields(/** @type {FormField[]} */ fields, /** @type {Record<string, any>} */ docA, /** @type {Record<string, any>} */ docB) {
  const known = new Set(fields.map((f) => f.name));
  const others = [...new Set([...Object.keys(docA), ...Object.keys(docB)])].filter((k) => k !== 'format' && !known.has(k));
  /** @type {FieldDiff[]} */
  const out = [];
  for (const name of [...fields.map((f) => f.name), ...others]) {
    const field = fields.find((f) => f.name === name);
    const [va, vb] = [docA[name], docB[name]];
    if (JSON.stringify(va) === JSON.stringify(vb)) continue;
    let [ta, tb] = [fieldText(field, va), fieldText(field, vb)];
    if (ta === tb) [ta, tb] = [`${ta} (one version)`, `${tb} (another)`];
    out.push({
      name, label: field?.label ?? name, a: ta, b: tb,
    });
  }
  return out;
}

/**
 * The form's texts of a run document (to put A's configuration back in the
 * form): each field's value as the form writes it, a field the document
 * leaves out at its schema default, and a custom network as the editor's
 * text. @returns {{texts: Record<string, string>, customNetwork: string | null}}
 */
export function documentTexts(/** @type {FormField[]} */ fields, /** @type {Record<string, any>} */ doc, /** @type {string} */ custom) {
  /** @type {Record<string, string>} */
  const texts = {};
  let customNetwork = null;
  for (const f of fields) {
    const value = doc[f.name];
    if (f.schema.kind === 'network' && value !== null && typeof value === 'object') {
      texts[f.name] = custom;
      customNetwork = JSON.stringify(value, null, 2);
    } else if (value !== undefined) {
      texts[f.name] = f.kind.format(f.kind.fromJson(value));
    } else {
      texts[f.name] = f.default === null ? '' : f.kind.format(f.default);
    }
  }
  return { texts, customNetwork };
}
