// The one error of the ONNX importer: a message a person can act on, naming
// the operator and the node when there is one. The CLI prints it on one line;
// the page shows it beside the editor.

/** An ONNX file the importer cannot turn into a network, and why. */
export class OnnxImportError extends Error {
  constructor(/** @type {string} */ message) {
    super(message);
    this.name = 'OnnxImportError';
  }
}
