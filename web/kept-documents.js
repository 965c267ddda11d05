// Result documents kept within a budget of bytes, the oldest let go first: a
// sweep keeps its points' result documents so that a click opens one at
// once, and a document is 30 kB for AlexNet but 240 kB for BERT-base and
// more for ResNet-152. A count of documents would let a sweep of large
// networks hold a hundred megabytes; a budget of bytes holds the same
// memory whatever the network. A point let go is searched again when opened.
//
// A document is kept as the UTF-8 bytes its worker sent (transferred, not
// copied: sweep-pool.js) and becomes text only when it is opened: a sweep of
// thousands of points decodes none of the documents nobody opens.

const decoder = new TextDecoder();

export class KeptDocuments {
  /** @type {Map<number, ArrayBuffer>} In the order kept, the oldest first. */
  #documents = new Map();
  #bytes = 0;
  budget;

  /** Keeps at most `budget` bytes (and always the latest document, however long). */
  constructor(/** @type {number} */ budget) {
    if (!(budget >= 0)) throw new Error(`a budget of bytes is a number from 0, not ${budget}`);
    this.budget = budget;
  }

  /** Keeps `bytes` (a document as UTF-8) for `key` as the newest, letting the oldest go while over the budget. */
  set(/** @type {number} */ key, /** @type {ArrayBuffer} */ bytes) {
    this.#drop(key);
    this.#documents.set(key, bytes);
    this.#bytes += bytes.byteLength;
    for (const old of this.#documents.keys()) {
      if (this.#bytes <= this.budget || old === key) break;
      this.#drop(old);
    }
  }

  /** The document kept for `key`, as text, or null. */
  text(/** @type {number} */ key) {
    const bytes = this.#documents.get(key);
    return bytes === undefined ? null : decoder.decode(bytes);
  }

  /** The bytes kept. */
  get bytes() {
    return this.#bytes;
  }

  clear() {
    this.#documents.clear();
    this.#bytes = 0;
  }

  #drop(/** @type {number} */ key) {
    const bytes = this.#documents.get(key);
    if (bytes === undefined) return;
    this.#documents.delete(key);
    this.#bytes -= bytes.byteLength;
  }
}
