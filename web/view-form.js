// The configuration form, built from the field table (fields.js): one
// labelled input per field with its help text and a place for its errors.
// The form reports each edit as the field's text form; it never changes a
// value by itself.
import { h } from './dom.js';

const inputId = (key) => `field-${key}`;

/** The input(s) of one field, and how to read and set its text form. */
function control(field, onEdit) {
  const id = inputId(field.key);
  const described = `${id}-help ${id}-error`;
  const { type } = field;
  if (type.kind === 'bool') {
    const input = h('input', { type: 'checkbox', id, 'aria-describedby': described, on: { change: () => onEdit() } });
    return { input, read: () => type.format(input.checked), write: (text) => { input.checked = type.parse(text); } };
  }
  if (type.kind === 'choice') {
    const input = h('select', { id, 'aria-describedby': described, on: { change: () => onEdit() } },
      type.choices.map(([value, label]) => h('option', { value }, label)));
    return { input, read: () => input.value, write: (text) => { input.value = text; } };
  }
  if (type.kind === 'letters') {
    const boxes = type.letters.map(([letter, label]) => h('label', { class: 'inline' },
      h('input', { type: 'checkbox', value: letter, on: { change: () => onEdit() } }), ` ${label}`));
    const inputs = boxes.map((b) => b.querySelector('input'));
    const input = h('fieldset', { id, class: 'letters', 'aria-describedby': described },
      h('legend', {}, field.label), boxes);
    return {
      input,
      read: () => inputs.filter((i) => i.checked).map((i) => i.value).join(''),
      write: (text) => inputs.forEach((i) => { i.checked = text.includes(i.value); }),
    };
  }
  const input = h('input', {
    type: 'text',
    id,
    inputmode: type.kind === 'int' ? 'numeric' : 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': described,
    on: { input: () => onEdit() },
  });
  return { input, read: () => input.value, write: (text) => { input.value = text; } };
}

/**
 * Builds the fields of one group into `container`. `onEdit(key, text)` is
 * called on every edit. Returns {write(draft), showErrors(errors)}, where
 * `errors` maps keys to lists of messages.
 */
export function buildFieldGroup(container, fields, onEdit) {
  const controls = new Map();
  for (const field of fields) {
    const id = inputId(field.key);
    const c = control(field, () => onEdit(field.key, c.read()));
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const help = h('p', { class: 'help', id: `${id}-help` }, field.help);
    const isBox = field.type.kind === 'bool';
    const isSet = field.type.kind === 'letters';
    const label = isSet ? null : h('label', { for: id }, field.label);
    const row = h('div', { class: `field field-${field.type.kind}`, dataset: { field: field.key } },
      isBox ? [c.input, ' ', label] : [label, c.input], help, error);
    container.append(row);
    controls.set(field.key, { ...c, row, error });
  }
  return {
    write(draft) {
      for (const [key, c] of controls) {
        if (!(key in draft)) continue;
        try {
          c.write(draft[key]);
        } catch {
          // A damaged saved draft: the control keeps its state and the field its error.
        }
      }
    },
    showErrors(errors) {
      for (const [key, c] of controls) {
        const messages = errors[key] ?? [];
        c.error.hidden = messages.length === 0;
        c.error.textContent = messages.join(' ');
        c.row.classList.toggle('invalid', messages.length > 0);
        const target = c.input.matches('fieldset') ? c.input.querySelector('input') : c.input;
        if (messages.length > 0) target.setAttribute('aria-invalid', 'true');
        else target.removeAttribute('aria-invalid');
      }
    },
    focus(key) {
      const c = controls.get(key);
      (c?.input.matches('fieldset') ? c.input.querySelector('input') : c?.input)?.focus();
    },
    has: (key) => controls.has(key),
  };
}
