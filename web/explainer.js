// What the layer detail shows of a layer, asked of the engine (the tools
// worker) and kept per result: the network's layer shapes (networkLayers)
// and the engine's explanation of the layer (explain), plus where the other
// slots of its pipeline segment run (the explanation of one layer of each).
import { EngineError } from './engine.js';
import { layerOf, readExplanation, segmentOf } from './result-model.js';

/**
 * @typedef {import('./result-model.js').Result} Result
 * @typedef {import('./result-model.js').Explanation} Explanation
 * @typedef {import('./result-model.js').Coord} Coord
 * @typedef {import('./view-network.js').LayerShape} LayerShape
 * @typedef {import('./view-partition.js').LayerDetail} LayerDetail
 * @typedef {object} Shown  A result on view and what it is of.
 * @property {Result} result
 * @property {string} resultText         The result document's text, as the engine or the file has it.
 * @property {string | null} networkText  The network's JSON text; null when unknown.
 * @property {number | null} wordBits  Null when unknown (a result file): the layers are listed for 16 bits then.
 * @typedef {(fn: string, args: any[]) => Promise<any>} Call  A quick engine call (EngineClient.call).
 */

export class Explainer {
  /** @type {Call} */
  #call;
  /** @type {WeakMap<Shown, {shapes: Promise<Map<string, LayerShape>>, explanations: Map<string, Promise<Explanation>>}>} */
  #cache = new WeakMap();

  constructor(/** @type {Call} */ call) {
    this.#call = call;
  }

  #entry(/** @type {Shown} */ shown) {
    let entry = this.#cache.get(shown);
    if (!entry) {
      entry = { shapes: this.#shapes(shown), explanations: new Map() };
      this.#cache.set(shown, entry);
    }
    return entry;
  }

  /** The network's layers by name (asked once per result); empty when unknown. */
  layerShapes(/** @type {Shown} */ shown) {
    return this.#entry(shown).shapes;
  }

  /** The network's layers by name; empty when the network is unknown or the engine cannot list it. */
  async #shapes(/** @type {Shown} */ shown) {
    if (shown.networkText === null) return new Map();
    try {
      /** @type {LayerShape[]} */
      const layers = await this.#call('networkLayers', [shown.networkText, shown.result.batch, shown.wordBits ?? 16]);
      return new Map(layers.map((l) => [l.name, l]));
    } catch (err) {
      if (err instanceof EngineError) return new Map();
      throw err;
    }
  }

  /** The engine's explanation of a layer (asked once per result and layer). */
  #explain(/** @type {Shown} */ shown, /** @type {string} */ name) {
    const { explanations } = this.#entry(shown);
    let answer = explanations.get(name);
    if (!answer) {
      answer = this.#call('explain', [shown.networkText, shown.resultText, name, shown.wordBits ?? 16]).then(readExplanation);
      answer.catch(() => explanations.delete(name));
      explanations.set(name, answer);
    }
    return answer;
  }

  /**
   * The detail of layer `name` of a shown result. Without the network, or
   * when the engine cannot explain the layer, `explanation` is null and
   * `unexplained` says why.
   * @returns {Promise<LayerDetail>}
   */
  async detail(/** @type {Shown} */ shown, /** @type {string} */ name) {
    const { result } = shown;
    const layer = layerOf(result, name);
    const shapes = await this.#entry(shown).shapes;
    /** @type {Map<number, Coord[]>} */
    const slotNodes = new Map();
    if (shown.networkText === null) {
      return {
        result, layer, shapes, explanation: null, slotNodes,
        unexplained: 'The layer\'s network is unknown (the result file does not include it), so the engine cannot say which node holds what, nor how the PE array is used.',
      };
    }
    try {
      const explanation = await this.#explain(shown, name);
      const slots = segmentOf(result, layer).slots;
      await Promise.all(slots.map(async (slot, k) => {
        if (k === layer.place.slot) return;
        slotNodes.set(k, (await this.#explain(shown, slot.layers[0])).regionNodes);
      }));
      return {
        result, layer, shapes, explanation, slotNodes, unexplained: null,
      };
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      return {
        result, layer, shapes, explanation: null, slotNodes, unexplained: `The engine cannot explain this layer: ${err.path ? `${err.path}: ` : ''}${err.message}`,
      };
    }
  }
}
