// The network editor as a code editor: CodeMirror 6 with its basic setup
// (line numbers, JSON highlighting, bracket matching, search, undo), the
// engine's error as a marker at its line and column, and completion of the
// format's fields and layer types (network-completion.js). Bundled on its
// own and loaded only when the editor is first shown (network-editor.js,
// the only module that imports this one). @codemirror/lint, view, state and
// commands are codemirror's own dependencies, installed with it.
import { indentWithTab } from '@codemirror/commands';
import { json, jsonLanguage } from '@codemirror/lang-json';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { Annotation, Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { EditorView, basicSetup } from 'codemirror';

import { networkCompletions } from './network-completion.js';

/**
 * @typedef {{getText: () => string, setText: (text: string) => void, focus: () => void, content: HTMLElement,
 *   markError: (error: {where: import('./network-editor.js').Where, message: string} | null) => void,
 *   goTo: (offset: number) => void}} CodeEditor
 */

/** Marks the changes the page makes, which are not the person's typing. */
const fromPage = Annotation.define();

/** The JSON token at `offset` (a string, a word, else one character), the range a marker covers. */
function tokenRange(/** @type {string} */ text, /** @type {number} */ offset) {
  const at = Math.max(0, Math.min(offset, text.length));
  const m = text.slice(at).match(/^("(?:[^"\\\n]|\\.)*"?|[^\s,:[\]{}"]+)/);
  if (m) return { from: at, to: at + m[1].length };
  // At a line's end or on a space: the character before, or the one there.
  if (at > 0 && (at === text.length || text[at] === '\n')) return { from: at - 1, to: at };
  return { from: at, to: Math.min(at + 1, text.length) };
}

/**
 * The completions at the caret, for CodeMirror: it filters the options by
 * the text from `from` to the caret, so the rest of the token (a string's
 * closing quote) is replaced when an option is applied, not before.
 */
function completionSource(/** @type {import('@codemirror/autocomplete').CompletionContext} */ context) {
  const found = networkCompletions(context.state.doc.toString(), context.pos, context.explicit);
  if (!found || found.options.length === 0) return null;
  const rest = found.to - context.pos;
  return {
    from: found.from,
    options: found.options.map((o) => ({
      ...o,
      apply: (/** @type {EditorView} */ view, /** @type {unknown} */ _completion, /** @type {number} */ from, /** @type {number} */ to) => view.dispatch({
        changes: { from, to: to + rest, insert: o.apply },
        selection: { anchor: from + o.apply.length },
        userEvent: 'input.complete',
      }),
    })),
  };
}

const theme = EditorView.theme({
  '&': { border: '1px solid var(--line)', backgroundColor: '#fff', fontSize: '0.8rem' },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '2px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, \'DejaVu Sans Mono\', monospace', minHeight: '12em', maxHeight: '28em' },
  '.cm-gutters': { backgroundColor: 'var(--panel)', color: 'var(--muted)' },
});

/**
 * Creates the editor in `parent` with `text`; `attributes` go on its
 * editable element (its label); `onTyped` gets the text after each edit by
 * the person.
 * @returns {CodeEditor}
 */
export function createCodeEditor(/** @type {{parent: HTMLElement, text: string, attributes: Record<string, string>, onTyped: (text: string) => void}} */ {
  parent, text, attributes, onTyped,
}) {
  const view = new EditorView({
    parent,
    doc: text,
    extensions: [
      // Ctrl+Enter runs the search (the page's key): no blank line inserted here.
      Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => true }])),
      basicSetup,
      // Tab indents; Esc then Tab (or Ctrl+M) moves focus on, so the keyboard is never trapped.
      keymap.of([indentWithTab]),
      json(),
      jsonLanguage.data.of({ autocomplete: completionSource }),
      lintGutter(),
      theme,
      EditorView.contentAttributes.of(attributes),
      EditorView.updateListener.of((update) => {
        if (update.docChanged && update.transactions.some((t) => t.docChanged && !t.annotation(fromPage))) onTyped(update.state.doc.toString());
      }),
    ],
  });
  return {
    content: view.contentDOM,
    getText: () => view.state.doc.toString(),
    setText: (newText) => {
      if (newText === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: newText }, annotations: fromPage.of(true) });
    },
    focus: () => view.focus(),
    markError: (error) => {
      const diagnostics = error ? [{ ...tokenRange(view.state.doc.toString(), error.where.offset), severity: /** @type {const} */ ('error'), message: error.message }] : [];
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    goTo: (offset) => {
      const at = Math.min(offset, view.state.doc.length);
      view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center', x: 'center' }) });
      view.focus();
    },
  };
}
