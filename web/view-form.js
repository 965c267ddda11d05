// The configuration form, built from the form's fields (fields.js, from the
// engine's run schema): one labelled control per field with its help text
// and a place for its problems. The form reports each edit as the field's
// text form; it never changes a value by itself.
import { h } from './dom.js';
import { hasUnit, sizeText, sizeValue } from './size-units.js';

/**
 * @typedef {import('./fields.js').FormField} FormField
 * @typedef {{input: HTMLElement, focusable: HTMLElement, read: () => string, write: (text: string) => void}} Control
 */

const inputId = (/** @type {string} */ name) => `field-${name}`;

const textInput = (/** @type {Record<string, any>} */ attrs) => /** @type {HTMLInputElement} */ (h('input', {
  type: 'text', autocomplete: 'off', spellcheck: 'false', ...attrs,
}));

/** The control(s) of one field, and how to read and set its text form. @returns {Control} */
function control(/** @type {FormField} */ field, /** @type {() => void} */ onEdit) {
  const id = inputId(field.name);
  const described = `${id}-help ${id}-error`;
  if (field.widget === 'checkbox') {
    const input = /** @type {HTMLInputElement} */ (h('input', {
      type: 'checkbox', id, 'aria-describedby': described, on: { change: onEdit },
    }));
    return {
      input, focusable: input, read: () => (input.checked ? '1' : '0'), write: (text) => { input.checked = field.kind.parse(text); },
    };
  }
  if (field.widget === 'select') {
    const input = /** @type {HTMLSelectElement} */ (h('select', { id, 'aria-describedby': described, on: { change: onEdit } },
      field.choices.map(([value, label]) => h('option', { value }, label))));
    return {
      input, focusable: input, read: () => input.value, write: (text) => { input.value = text; },
    };
  }
  if (field.widget === 'letters') {
    const boxes = field.choices.map(([letter, label]) => h('label', { class: 'inline' },
      h('input', { type: 'checkbox', value: letter, on: { change: onEdit } }), ` ${label}`));
    const inputs = boxes.map((b) => /** @type {HTMLInputElement} */ (b.querySelector('input')));
    const input = h('fieldset', { id, class: 'letters', 'aria-describedby': described },
      h('legend', {}, field.label), boxes);
    return {
      input,
      focusable: inputs[0] ?? input,
      read: () => inputs.filter((i) => i.checked).map((i) => i.value).join(''),
      write: (text) => inputs.forEach((i) => { i.checked = text.includes(i.value); }),
    };
  }
  if (field.widget === 'parts') {
    // One labelled input per part; the field's text is theirs joined by commas.
    const inputs = field.parts.map((part, k) => textInput({
      id: k === 0 ? id : `${id}-${k}`, inputmode: 'decimal', 'aria-describedby': described, on: { input: onEdit },
    }));
    const input = h('fieldset', { id: `${id}-parts`, class: 'parts', 'aria-describedby': described },
      h('legend', {}, field.label),
      field.parts.map((part, k) => h('label', { class: 'part' }, h('span', {}, part), inputs[k])));
    return {
      input,
      focusable: inputs[0],
      read: () => inputs.map((i) => i.value.trim()).join(','),
      write: (text) => {
        const items = text.split(',');
        inputs.forEach((i, k) => { i.value = items.length === inputs.length ? items[k] : (k === 0 ? text : ''); });
      },
    };
  }
  const input = textInput({
    id, inputmode: field.schema.kind === 'integer' && field.schema.unit !== 'bytes' ? 'numeric' : 'text', 'aria-describedby': described, on: { input: onEdit },
  });
  return {
    input, focusable: input, read: () => input.value, write: (text) => { input.value = text; },
  };
}

/**
 * @typedef {object} FieldGroup
 * @property {(draft: Record<string, string>) => void} write  Sets the controls to a draft's texts.
 * @property {(errors: Record<string, string[]>) => void} showErrors  Shows each field's messages beside it.
 * @property {(name: string) => void} focus
 * @property {(name: string) => boolean} has
 */

/**
 * Builds the fields of one tab into `container`. `onEdit(name, text)` is
 * called on every edit.
 * @returns {FieldGroup}
 */
export function buildFieldGroup(/** @type {HTMLElement} */ container, /** @type {FormField[]} */ fields, /** @type {(name: string, text: string) => void} */ onEdit) {
  /** @type {Map<string, Control & {row: HTMLElement, error: HTMLElement, note: HTMLElement | null}>} */
  const controls = new Map();
  for (const field of fields) {
    const id = inputId(field.name);
    const note = field.sizeText ? h('span', { class: 'size-note', 'aria-live': 'polite' }) : null;
    const showSize = (/** @type {string} */ text) => {
      if (!note) return;
      // The other way from what was typed: bytes for `128 kB`, the size for `131072`.
      const bytes = sizeValue(text);
      note.textContent = Number.isNaN(bytes) ? '' : ` = ${hasUnit(text) ? `${bytes} B` : sizeText(bytes)}`;
    };
    const c = control(field, () => {
      const text = c.read();
      showSize(text);
      onEdit(field.name, text);
    });
    const write = c.write;
    c.write = (text) => { write(text); showSize(text); };
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const help = h('p', { class: 'help', id: `${id}-help` }, field.help);
    const grouped = field.widget === 'letters' || field.widget === 'parts';
    const label = grouped ? null : h('label', { for: id }, field.label);
    const row = h('div', { class: `field field-${field.widget}`, dataset: { field: field.name } },
      field.widget === 'checkbox' ? [c.input, ' ', label] : [label, c.input, note], help, error);
    container.append(row);
    controls.set(field.name, {
      ...c, row, error, note,
    });
  }
  return {
    write(draft) {
      for (const [name, c] of controls) {
        if (!(name in draft)) continue;
        try {
          c.write(draft[name]);
        } catch {
          // A damaged saved draft: the control keeps its state and the field its error.
        }
      }
    },
    showErrors(errors) {
      for (const [name, c] of controls) {
        const messages = errors[name] ?? [];
        c.error.hidden = messages.length === 0;
        c.error.textContent = messages.join(' ');
        c.row.classList.toggle('invalid', messages.length > 0);
        if (messages.length > 0) c.focusable.setAttribute('aria-invalid', 'true');
        else c.focusable.removeAttribute('aria-invalid');
      }
    },
    focus(name) {
      controls.get(name)?.focusable.focus();
    },
    has: (name) => controls.has(name),
  };
}
