// The energy breakdown of a result document by component, as the reference's
// tests compute it (test_eyeriss_isca16): MAC ops, accesses of each memory
// level times that level's cost, NoC hops, and static (idle) energy.

/** The components in chart order, with the names the reference's papers use. */
export const COMPONENTS = [
  { key: 'alu', label: 'ALU', help: 'MAC operations × op cost' },
  { key: 'dram', label: 'DRAM', help: 'DRAM accesses × DRAM cost' },
  { key: 'gbuf', label: 'Buffer', help: 'global buffer accesses (local and remote) × GBUF cost' },
  { key: 'array', label: 'Array', help: 'PE array interconnect (ITCN) accesses × ITCN cost' },
  { key: 'rf', label: 'RF', help: 'register file accesses × REGF cost' },
  { key: 'noc', label: 'NoC', help: 'words × hops on the network-on-chip × hop cost' },
  { key: 'static', label: 'Static', help: 'idle (leakage) cost of all nodes per cycle' },
];

// Memory levels in `access` and `mem_hier`.
const DRAM = 0;
const GBUF = 1;
const ITCN = 2;
const REGF = 3;

const sum = (values) => values.reduce((a, b) => a + b, 0);

/**
 * One layer's components from its scheme (the first element of
 * `schedules[name]`) and the result's `cost`: {alu, dram, gbuf, array, rf,
 * noc, static}. They add up to the scheme's `cost`.
 */
export function layerEnergy(scheme, cost) {
  const hier = cost.mem_hier;
  const atLevel = (level) => sum(scheme.access[level]) * hier[level];
  return {
    alu: scheme.cost_op,
    dram: atLevel(DRAM),
    gbuf: atLevel(GBUF) + sum(scheme.remote_gbuf_access ?? []) * hier[GBUF],
    array: atLevel(ITCN),
    rf: atLevel(REGF),
    noc: scheme.cost_noc,
    static: scheme.cost_static,
  };
}

/**
 * The whole network's components from the result's totals. They add up to
 * `total_cost`, also with inter-layer pipelining, where static energy is
 * counted per pipeline segment rather than per layer.
 */
export function networkEnergy(result) {
  const hier = result.cost.mem_hier;
  const acc = result.total_accesses;
  return {
    alu: result.total_op_cost,
    dram: acc[DRAM] * hier[DRAM],
    gbuf: acc[GBUF] * hier[GBUF],
    array: acc[ITCN] * hier[ITCN],
    rf: acc[REGF] * hier[REGF],
    noc: result.total_noc_cost,
    static: result.total_static_cost,
  };
}

/** The sum of a breakdown's components. */
export const energyTotal = (parts) => sum(COMPONENTS.map(({ key }) => parts[key]));

/** [{name, scheme, energy}] for every layer of a result, in schedule order. */
export function layerBreakdowns(result) {
  return Object.entries(result.schedules).map(([name, [scheme]]) => ({
    name,
    scheme,
    energy: layerEnergy(scheme, result.cost),
  }));
}
