// The worker's side of the protocol (protocol.js), apart from the worker
// global so that Node tests can drive it with the real wasm module: each
// request becomes one engine call, and its answer one or more replies.
import {
  CALLS, REQUEST_TYPES, errorReply, messageProblem, progressReply, resultReply,
} from './protocol.js';
import { parsePyJson, resultTextOf } from './py-json.js';

/** An engine failure as data: the message, and the path of the field at fault. */
class EngineAnswerError extends Error {
  constructor({ message, path }) {
    super(message);
    this.path = path ?? '';
  }
}

/** The payload of an engine envelope ({ok, ...} text), or throws its error. */
function unwrap(text) {
  const envelope = parsePyJson(text);
  if (!envelope.ok) throw new EngineAnswerError(envelope.error);
  return envelope;
}

/**
 * A handler for request messages. `engine` is a promise of the wasm module
 * (wasm/bindings.cpp); `post(reply)` sends a reply. Search progress is sent
 * at most every `progressInterval` ms, and whenever a new layer starts.
 */
export function createRequestHandler(engine, post, { progressInterval = 50, now = () => performance.now() } = {}) {
  const calls = {
    version: (m) => m.version(),
    builtinNetworks: (m) => JSON.parse(m.builtinNetworks()),
    networkLayers: (m, text, batch, wordBits) => unwrap(m.networkLayers(String(text), Number(batch), Number(wordBits))).layers,
  };

  function search(module, id, run) {
    let lastLayer = -1;
    let lastTime = -Infinity;
    const onProgress = (layerIndex, layerCount, layerName, fraction) => {
      const t = now();
      if (layerIndex === lastLayer && t - lastTime < progressInterval) return;
      lastLayer = layerIndex;
      lastTime = t;
      post(progressReply(id, { layerIndex, layerCount, layerName, fraction }));
    };
    const answer = module.search(String(run), onProgress);
    const { result } = unwrap(answer);
    return { result, text: result === null ? 'null' : resultTextOf(answer) };
  }

  let crashed = null;  // Why the module is unusable, once it has trapped or aborted.

  /** Runs one engine call; anything but the engine's own error answer means it crashed. */
  function guard(id, call) {
    try {
      return post(resultReply(id, call()));
    } catch (err) {
      if (err instanceof EngineAnswerError) return post(errorReply(id, err.message, err.path));
      crashed = `the engine crashed: ${err?.message ?? err}`;
      return post(errorReply(id, crashed, '', true));
    }
  }

  return async function handle(message) {
    const problem = messageProblem(message, REQUEST_TYPES);
    const id = Number.isInteger(message?.id) ? message.id : -1;
    if (problem) return post(errorReply(id, `bad request: ${problem}`));
    if (message.type === 'call' && !CALLS.includes(message.fn)) {
      return post(errorReply(id, `unknown engine function '${message.fn}'`));
    }
    let module;
    try {
      module = await engine;
    } catch (err) {
      return post(errorReply(id, `the engine could not start: ${err?.message ?? err}`, '', true));
    }
    if (crashed) return post(errorReply(id, crashed, '', true));
    if (message.type === 'search') return guard(id, () => search(module, id, message.run));
    return guard(id, () => calls[message.fn](module, ...(message.args ?? [])));
  };
}
