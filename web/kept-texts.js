// Texts kept within a budget of characters, the oldest let go first: a
// sweep keeps its points' result documents so that a click opens one at
// once, and a document is 30 kB for AlexNet but 240 kB for BERT-base and
// more for ResNet-152. A count of documents would let a sweep of large
// networks hold a hundred megabytes; a budget of characters holds the same
// memory whatever the network. A point let go is searched again when opened.

export class KeptTexts {
  /** @type {Map<number, string>} In the order kept, the oldest first. */
  #texts = new Map();
  #chars = 0;
  budget;

  /** Keeps at most `budget` characters (and always the latest text, however long). */
  constructor(/** @type {number} */ budget) {
    if (!(budget >= 0)) throw new Error(`a budget of characters is a number from 0, not ${budget}`);
    this.budget = budget;
  }

  /** Keeps `text` for `key` as the newest, letting the oldest go while over the budget. */
  set(/** @type {number} */ key, /** @type {string} */ text) {
    this.#drop(key);
    this.#texts.set(key, text);
    this.#chars += text.length;
    for (const old of this.#texts.keys()) {
      if (this.#chars <= this.budget || old === key) break;
      this.#drop(old);
    }
  }

  /** The text kept for `key`, or null. */
  get(/** @type {number} */ key) {
    return this.#texts.get(key) ?? null;
  }

  /** The characters kept. */
  get chars() {
    return this.#chars;
  }

  clear() {
    this.#texts.clear();
    this.#chars = 0;
  }

  #drop(/** @type {number} */ key) {
    const text = this.#texts.get(key);
    if (text === undefined) return;
    this.#texts.delete(key);
    this.#chars -= text.length;
  }
}
