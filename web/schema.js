// The engine's run schema (core/api/run_schema.h, `runSchema` of the wasm
// module): every field of a run with its name (the run document's key and
// the link's key), kind, group, label, help, unit, default, range and
// choices. The page builds its form, defaults, links and run documents from
// it; it never judges a value by the range (the engine's `validate` does).

/**
 * @typedef {'network' | 'integer' | 'number' | 'pair' | 'numbers' | 'choice' | 'letters' | 'switch'} FieldKind
 * @typedef {object} SchemaField
 * @property {string} name       The document key, the link key; `--` + dashed name is the CLI flag.
 * @property {FieldKind} kind
 * @property {'run' | 'invocation'} scope  Invocation fields are the CLI's alone.
 * @property {string} group      network, hardware, cost, options or search.
 * @property {string} label
 * @property {string} help
 * @property {string} unit       e.g. 'bytes'; '' if none.
 * @property {boolean} required
 * @property {any} default       In document form (`"inf"` for unlimited); null when required.
 * @property {number} [min]
 * @property {number} [max]
 * @property {boolean} [inf]     A number that may be "inf" (unlimited).
 * @property {[string, string][]} [choices]  Choice and letters: [value, description].
 * @property {string[]} [parts]  Pair and numbers: what each element is.
 * @typedef {{format: string, documentFormat: string, fields: SchemaField[]}} RunSchema
 */

/** The schema format this page reads. */
export const SCHEMA_FORMAT = 'nndf-run-schema/1';

const KINDS = ['network', 'integer', 'number', 'pair', 'numbers', 'choice', 'letters', 'switch'];

/**
 * Checks the engine's schema (the `schema` of its runSchema answer) and
 * keeps the run fields: those of run documents, links and the form.
 * Throws an Error if it is not a schema this page can read.
 * @returns {RunSchema}
 */
export function readSchema(/** @type {any} */ schema) {
  if (schema?.format !== SCHEMA_FORMAT) {
    throw new Error(`the engine's run schema is of format ${JSON.stringify(schema?.format)}, not ${SCHEMA_FORMAT}`);
  }
  for (const f of schema.fields) {
    if (typeof f.name !== 'string' || !KINDS.includes(f.kind)) {
      throw new Error(`the engine's run schema has a field this page cannot show: ${JSON.stringify(f.name)} of kind ${JSON.stringify(f.kind)}`);
    }
  }
  return {
    format: schema.format,
    documentFormat: schema.document_format,
    fields: schema.fields.filter((/** @type {SchemaField} */ f) => f.scope === 'run'),
  };
}
