// The form's fields: the engine's run schema (schema.js) with the page's
// presentation over it. Labels, help, units, defaults, choices and ranges
// are the schema's; this module only says how the page shows a field: in
// which tab, with which widget (four labelled inputs for the memory costs,
// a text `4x4` for a pair, a size note in kB for bytes), and in what order.
// A field added to the schema appears in the form, the links and the run
// documents with no change here (tests/js/config.test.mjs proves it).
import { kindOf } from './field-kinds.js';

/**
 * @typedef {import('./schema.js').SchemaField} SchemaField
 * @typedef {import('./schema.js').RunSchema} RunSchema
 * @typedef {import('./field-kinds.js').Kind} Kind
 * @typedef {'text' | 'checkbox' | 'select' | 'letters' | 'parts'} Widget
 * @typedef {object} FormField
 * @property {string} name       The schema's name: document key, link key, input id suffix.
 * @property {string} tab        The form tab: one of TABS.
 * @property {string} label      With its unit: 'Global buffer per node (bytes)'.
 * @property {string} help       A sentence.
 * @property {Widget} widget
 * @property {Kind} kind         Text to value and back.
 * @property {any} default       The schema's default as a value (null if the field is required).
 * @property {[string, string][]} choices  [value, text] of a select or the letters.
 * @property {string[]} parts    What each input of a `parts` widget is.
 * @property {boolean} sizeText  Show the value as a size (kB, MB) beside the input.
 * @property {SchemaField} schema
 */

/** The form's tabs, in order (index.html has a panel for each). */
export const TABS = ['network', 'hardware', 'cost', 'options'];

/** The tab of each schema group; a group not named here goes to the options. */
const TAB_OF_GROUP = /** @type {Record<string, string>} */ ({
  network: 'network', hardware: 'hardware', cost: 'cost', options: 'options', search: 'options',
});

/** How a size field says it takes units (size-units.js). */
export const SIZE_HELP = 'Bytes, or a size such as 128 kB or 1 MiB (1 kB = 1024 B).';

/** The `network` value that means "the network in the editor". */
export const CUSTOM = 'custom';

/**
 * How the page shows particular fields; any other field gets the widget of
 * its kind and the schema's order.
 * @type {Record<string, {widget?: Widget, sizeText?: boolean}>}
 */
const PRESENTATION = {
  regf: { sizeText: true },
  gbuf: { sizeText: true },
  hier_cost: { widget: 'parts' },
};

/** Fields shown in this order at the end of their tab (the rest keep the schema's order before them). */
const LAST = ['interlayer_partition', 'disable_interlayer_opt', 'layer_pipeline_time_overhead', 'layer_pipeline_max_degree', 'goal', 'top'];

/** @type {Record<string, Widget>} */
const WIDGET_OF_KIND = {
  network: 'select', switch: 'checkbox', choice: 'select', letters: 'letters',
};

const sentence = (/** @type {string} */ text) => {
  const t = text.trim();
  if (t === '') return '';
  return `${t[0].toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
};

/**
 * The form's fields of a schema, tab by tab in the order shown. `networks`
 * are the built-in networks' names (the network field's choices, with the
 * editor's network as CUSTOM).
 * @returns {FormField[]}
 */
export function formFields(/** @type {RunSchema} */ schema, /** @type {string[]} */ networks) {
  const fields = schema.fields.map((f) => {
    const shown = PRESENTATION[f.name] ?? {};
    const kind = kindOf(f, [...networks, CUSTOM]);
    /** @type {[string, string][]} */
    let choices = (f.choices ?? []).map(([value, about]) => [value, f.kind === 'letters' ? about : `${value}: ${about}`]);
    if (f.kind === 'network') choices = [...networks.map((n) => /** @type {[string, string]} */ ([n, n])), [CUSTOM, 'your own (editor below)']];
    return {
      name: f.name,
      tab: TAB_OF_GROUP[f.group] ?? 'options',
      label: f.unit ? `${f.label} (${f.unit})` : f.label,
      help: f.unit === 'bytes' ? `${sentence(f.help)} ${SIZE_HELP}` : sentence(f.help),
      widget: shown.widget ?? WIDGET_OF_KIND[f.kind] ?? 'text',
      kind,
      default: f.default === null ? null : kind.fromJson(f.default),
      choices,
      parts: f.parts ?? [],
      sizeText: shown.sizeText ?? false,
      schema: f,
    };
  });
  const rank = (/** @type {FormField} */ f) => TABS.indexOf(f.tab) * 1000 + (LAST.includes(f.name) ? 100 + LAST.indexOf(f.name) : 0);
  return fields.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
}

// Sizes as people say them (1 kB = 1024 B): size-units.js, the one definition.
export { sizeText } from './size-units.js';
