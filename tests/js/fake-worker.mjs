// A stand-in for the engine's Web Worker in unit tests of the page's
// clients (engine.js, run-controller.js): it records what it is sent and
// replies only when the test says so. Every worker made is in
// FakeWorker.made; reset it per test.
export class FakeWorker {
  /** @type {FakeWorker[]} */
  static made = [];

  constructor() {
    /** @type {any[]} */
    this.sent = [];
    this.terminated = false;
    /** @type {((event: {data: any}) => void) | null} */
    this.onmessage = null;
    /** @type {((event: any) => void) | null} */
    this.onerror = null;
    FakeWorker.made.push(this);
  }

  postMessage(/** @type {any} */ message) {
    this.sent.push(message);
  }

  terminate() {
    this.terminated = true;
  }

  reply(/** @type {any} */ message) {
    /** @type {(event: {data: any}) => void} */ (this.onmessage)({ data: message });
  }
}
