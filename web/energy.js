// The energy breakdown of a result by component, as the reference's tests
// compute it (test_eyeriss_isca16): MAC ops, accesses of each memory level
// times that level's cost, NoC hops, and static (idle) energy.
import { total } from './result-model.js';

/**
 * @typedef {import('./result-model.js').Result} Result
 * @typedef {import('./result-model.js').LayerSchedule} LayerSchedule
 * @typedef {'alu' | 'dram' | 'gbuf' | 'array' | 'rf' | 'noc' | 'static'} ComponentKey
 * @typedef {Record<ComponentKey, number>} Breakdown
 */

/** The components in chart order, with the names the reference's papers use. */
/** @type {readonly {key: ComponentKey, label: string, help: string}[]} */
export const COMPONENTS = [
  { key: 'alu', label: 'ALU', help: 'MAC operations × op cost' },
  { key: 'dram', label: 'DRAM', help: 'DRAM accesses × DRAM cost' },
  { key: 'gbuf', label: 'Buffer', help: 'global buffer accesses (local and remote) × GBUF cost' },
  { key: 'array', label: 'Array', help: 'PE array interconnect (ITCN) accesses × ITCN cost' },
  { key: 'rf', label: 'RF', help: 'register file accesses × REGF cost' },
  { key: 'noc', label: 'NoC', help: 'words × hops on the network-on-chip × hop cost' },
  { key: 'static', label: 'Static', help: 'idle (leakage) cost of all nodes per cycle' },
];

/**
 * One layer's components from its schedule and the result's unit costs.
 * They add up to the layer's cost.
 * @returns {Breakdown}
 */
export function layerEnergy(/** @type {LayerSchedule} */ layer, /** @type {Result['costs']} */ costs) {
  const { levels } = costs;
  return {
    alu: layer.energy.op,
    dram: total(layer.access.dram) * levels.dram,
    gbuf: (total(layer.access.gbuf) + total(layer.remoteGbufAccess)) * levels.gbuf,
    array: total(layer.access.itcn) * levels.itcn,
    rf: total(layer.access.regf) * levels.regf,
    noc: layer.energy.noc,
    static: layer.energy.static,
  };
}

/**
 * The whole network's components from the result's totals. They add up to
 * the total cost, also with inter-layer pipelining, where static energy is
 * counted per pipeline segment rather than per layer.
 * @returns {Breakdown}
 */
export function networkEnergy(/** @type {Result} */ result) {
  const { levels } = result.costs;
  const { accesses } = result.totals;
  return {
    alu: result.totals.opCost,
    dram: accesses.dram * levels.dram,
    gbuf: accesses.gbuf * levels.gbuf,
    array: accesses.itcn * levels.itcn,
    rf: accesses.regf * levels.regf,
    noc: result.totals.nocCost,
    static: result.totals.staticCost,
  };
}

/** The sum of a breakdown's components. */
export const energyTotal = (/** @type {Breakdown} */ parts) => COMPONENTS.reduce((t, { key }) => t + parts[key], 0);

/**
 * Every layer of a result with its breakdown, in schedule order.
 * @returns {{layer: LayerSchedule, energy: Breakdown}[]}
 */
export const layerBreakdowns = (/** @type {Result} */ result) => result.layers.map((layer) => ({ layer, energy: layerEnergy(layer, result.costs) }));
