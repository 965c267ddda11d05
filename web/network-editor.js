// The network editor's one door: every module that reads or writes the
// editor's text (the page, saved networks, imports) goes through these
// functions, whatever shows the text. That is the plain textarea of
// index.html until the code editor (code-editor.js: CodeMirror, about 400 kB)
// has loaded, which happens the first time the editor is shown, so the
// page's first result never waits for it; if it cannot load (offline on a
// first visit), the textarea stays and works.

/**
 * @typedef {{line: number, column: number, offset: number}} Where
 * @typedef {import('./code-editor.js').CodeEditor} CodeEditor
 */

const LABEL_ID = 'network-editor-label';
const DESCRIBED_BY = 'network-editor-help network-editor-error';

const plain = () => /** @type {HTMLTextAreaElement} */ (document.getElementById('network-editor'));

/** @type {CodeEditor | null} */
let code = null;
/** @type {Promise<CodeEditor | null> | null} */
let loading = null;
/** @type {((text: string) => void)[]} */
const typedListeners = [];
/** @type {((text: string, what: string) => void) | null} */
let pageSetter = null;
/** The error on show, kept for the code editor when it arrives. @type {{where: Where, message: string} | null} */
let shownError = null;

const typed = (/** @type {string} */ text) => {
  for (const listener of typedListeners) listener(text);
};

/** The network text in the editor. */
export function getNetworkText() {
  return code ? code.getText() : plain().value;
}

/**
 * Puts `text` in the editor as the network to run: the page then checks,
 * saves and links it, and offers to undo the replacement of the text
 * before (`what` names the new text in that offer: "model.onnx"). Use this
 * from outside the page's own module.
 */
export function setNetworkText(/** @type {string} */ text, what = 'the text') {
  if (pageSetter) pageSetter(text, what);
  else fillNetworkText(text);
}

/** Replaces the text shown, nothing else (the page's own loading of a configuration). */
export function fillNetworkText(/** @type {string} */ text) {
  if (code) code.setText(text);
  else plain().value = text;
}

/** Calls `listener` with the text after each edit of the person's (not after fillNetworkText). */
export function onNetworkTyped(/** @type {(text: string) => void} */ listener) {
  typedListeners.push(listener);
}

/** The page's handling of setNetworkText (one: main.js). */
export function handleSetNetworkText(/** @type {(text: string, what: string) => void} */ handler) {
  pageSetter = handler;
}

/** Wires the textarea (the editor until the code editor loads). */
export function setUpNetworkEditor() {
  plain().addEventListener('input', () => {
    if (!code) typed(plain().value);
  });
}

/**
 * Marks the error at `where` (a marker at the line and column, the message
 * on it) and the editor as invalid; null clears the marker, and the invalid
 * state unless `invalid` (an error with no place in the text).
 */
export function markNetworkError(/** @type {Where | null} */ where, message = '', invalid = where !== null) {
  shownError = where ? { where, message } : null;
  const mark = (/** @type {Element} */ e) => (invalid ? e.setAttribute('aria-invalid', 'true') : e.removeAttribute('aria-invalid'));
  mark(plain());
  if (code) {
    mark(code.content);
    code.markError(shownError);
  }
}

/** Puts the caret at `offset` and scrolls it into view (horizontally too). */
export function goToNetworkOffset(/** @type {number} */ offset) {
  if (code) {
    code.goTo(offset);
    return;
  }
  const editor = plain();
  editor.focus();
  editor.setSelectionRange(offset, offset);
}

/**
 * Starts fetching the code editor when the person moves to `element` (the
 * network's field: about to choose their own network), so that it is
 * there, or nearly, when the editor shows.
 */
export function prefetchCodeEditorOn(/** @type {Element} */ element) {
  const prefetch = () => {
    element.removeEventListener('focusin', prefetch);
    element.removeEventListener('pointerenter', prefetch);
    import('./code-editor.js').catch(() => {}); // loadCodeEditor tries again, and keeps the textarea if it fails.
  };
  element.addEventListener('focusin', prefetch);
  element.addEventListener('pointerenter', prefetch);
}

/**
 * Loads the code editor in place of the textarea (once; later calls wait
 * for the same load). Resolves to false when it could not load.
 */
export async function loadCodeEditor() {
  loading ??= import('./code-editor.js').then(({ createCodeEditor }) => {
    const textarea = plain();
    const typing = document.activeElement === textarea;
    const parent = document.createElement('div');
    parent.id = 'network-code-editor';
    parent.className = 'code-editor';
    textarea.after(parent);
    code = createCodeEditor({
      parent,
      text: textarea.value,
      // tabindex: focusable already (contenteditable), but axe counts a scroll box's focusable content by it.
      attributes: { 'aria-labelledby': LABEL_ID, 'aria-describedby': DESCRIBED_BY, tabindex: '0' },
      onTyped: typed,
    });
    textarea.hidden = true;
    // Someone typing in the textarea goes on typing in the editor, at the same place.
    if (typing) code.goTo(textarea.selectionStart);
    // A click on the label focuses the editor in use (its `for` names the textarea, now hidden).
    document.getElementById(LABEL_ID)?.addEventListener('click', () => code?.focus());
    markNetworkError(shownError?.where ?? null, shownError?.message, plain().getAttribute('aria-invalid') === 'true');
    return code;
  }).catch(() => /** @type {CodeEditor | null} */ (null)); // Not tried again before a reload: the textarea works meanwhile.
  return (await loading) !== null;
}
