// Where a layer runs on the node grid and which data each node holds: the
// arithmetic of the engine's NodeRegion (rel2abs, allocate), PartitionScheme
// (gen_pidx, coordinate, fmap_range) and proc_data_range (core/node_region.*,
// core/partition_scheme.*, core/partition.*), redone here because a result
// document keeps only each layer's partition, node count and segment
// position. tests/js/partition.test.mjs checks it against values of the C++
// (tests/data/web_partition_cases.json) and against the golden results.
import { hasFilters } from './mapping.js';

/** Parallelism indexes in `part[1]` and in a partition index. */
export const OUTP = 0;
export const OFMP = 1;
export const BATP = 2;
export const INPP = 3;

/** A region of the result document, [dim, origin, dist, type, wtot, wbeg], as an object. */
export function nodeRegion([dim, origin, dist, type, wtot, wbeg]) {
  return {
    dim, origin, dist, type, wtot, wbeg,
  };
}

/** The region in the result document's spelling. */
export const regionJson = (r) => [r.dim, r.origin, r.dist, r.type, r.wtot, r.wbeg];

/**
 * The absolute [h, w] of a node at relative [h, w] of a region. A folded
 * region runs wtot nodes wide, turns, and comes back (zig-zag); wbeg is the
 * width before its first turn, negative when it starts leftwards.
 */
export function rel2abs(region, [relH, relW]) {
  const {
    dim, origin, dist, wtot, wbeg,
  } = region;
  const x = relW + wtot - Math.abs(wbeg);
  const turn = Math.floor(x / wtot);
  let w = x % wtot;
  const direction = (wbeg < 0 ? -1 : 1) * (turn % 2 ? -1 : 1);
  if (direction < 0) w = wtot - 1 - w;
  const shift = wbeg > 0 ? wtot - wbeg : -wbeg - 1;
  return [origin[0] + (turn * dim[0] + relH) * dist[0], origin[1] + (w - shift) * dist[1]];
}

/** Every node of a region, h-major over relative coordinates. */
export function regionNodes(region) {
  const nodes = [];
  for (let h = 0; h < region.dim[0]; h += 1) {
    for (let w = 0; w < region.dim[1]; w += 1) nodes.push(rel2abs(region, [h, w]));
  }
  return nodes;
}

const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));

/**
 * Splits a region into subregions of the requested node counts, as
 * NodeRegion::allocate: stripes of the greatest common height, filled in
 * zig-zag, a request wider than what is left of a stripe folding into the
 * next. Returns [] if the requests do not fit.
 */
export function allocate(region, requests) {
  const [height, width] = region.dim;
  if (requests.reduce((a, b) => a + b, 0) > height * width) return [];
  const stripe = requests.reduce(gcd, height);
  const out = [];
  let [ofsH, ofsW, right] = [0, 0, true];
  for (const request of requests) {
    const w = request / stripe;
    const origin = right ? [ofsH, ofsW] : [ofsH, width - ofsW - 1];
    const wbeg = (right ? 1 : -1) * Math.min(width - ofsW, w);
    out.push({
      dim: [stripe, w],
      origin: [region.origin[0] + origin[0] * region.dist[0], region.origin[1] + origin[1] * region.dist[1]],
      dist: region.dist,
      type: region.type,
      wtot: width,
      wbeg,
    });
    ofsW += w;
    while (ofsW >= width) {
      ofsW -= width;
      ofsH += stripe;
      right = !right;
    }
  }
  return out;
}

/** Every partition index ([h, w] per parallelism), in PartitionScheme::gen_pidx's order. */
export function partitionIndexes(part) {
  let out = [[]];
  for (const [dh, dw] of part[1]) {
    const next = [];
    for (const prefix of out) {
      for (let h = 0; h < dh; h += 1) {
        for (let w = 0; w < dw; w += 1) next.push([...prefix, [h, w]]);
      }
    }
    out = next;
  }
  return out;
}

/**
 * The node of a partition index: the parallelisms nest in `part[0]` order,
 * the first outermost, each multiplying the grid position of the ones before.
 */
export function coordinate(part, region, pidx) {
  let [h, w] = [0, 0];
  for (const p of part[0]) {
    h = h * part[1][p][0] + pidx[p][0];
    w = w * part[1][p][1] + pidx[p][1];
  }
  return rel2abs(region, [h, w]);
}

/** The number of parts along parallelism `p`, and this index's flat position among them. */
export const partCount = (part, p) => part[1][p][0] * part[1][p][1];
export const partPosition = (part, pidx, p) => pidx[p][0] * part[1][p][1] + pidx[p][1];

/** The idx-th of num nearly equal pieces of [beg, end) (util.get_ith_range). */
export function ithRange([beg, end], idx, num) {
  const length = end - beg;
  return [beg + Math.floor((idx * length) / num), beg + Math.floor(((idx + 1) * length) / num)];
}

/**
 * The data the node of partition index `pidx` works on (proc_data_range):
 * ofmap and ifmap ranges {b, n, h, w}, each [begin, end), and the filter's
 * input and output channel ranges (null for layers without filters).
 * `layer` is a networkLayers entry.
 */
export function procDataRange(layer, batch, part, pidx) {
  const ofm = {
    b: ithRange([0, batch], partPosition(part, pidx, BATP), partCount(part, BATP)),
    n: ithRange([0, layer.nofm], partPosition(part, pidx, OUTP), partCount(part, OUTP)),
    h: ithRange([0, layer.hofm], pidx[OFMP][0], part[1][OFMP][0]),
    w: ithRange([0, layer.wofm], pidx[OFMP][1], part[1][OFMP][1]),
  };
  const filters = hasFilters(layer);
  // An ifmap tile is the ofmap tile's window: xy_i = xy_o * stride + (0 .. size - 1).
  const window = ([beg, end], stride, size) => [beg * stride, Math.max(beg * stride, (end - 1) * stride + size)];
  let n;
  if (filters) {
    n = ithRange([0, layer.nifm], partPosition(part, pidx, INPP), partCount(part, INPP));
  } else {
    const half = Math.floor(layer.nreg / 2);
    n = [Math.max(0, ofm.n[0] - half), Math.min(layer.nifm, ofm.n[1] + layer.nreg - half)];
  }
  const ifm = {
    b: ofm.b,
    n,
    h: window(ofm.h, layer.htrd, filters ? layer.hfil : layer.hreg),
    w: window(ofm.w, layer.wtrd, filters ? layer.wfil : layer.wreg),
  };
  return { ofm, ifm, fil: filters ? { i: ifm.n, o: ofm.n } : null };
}

const rangeSize = (r) => Math.max(0, r[1] - r[0]);
const fmapSize = (f) => rangeSize(f.b) * rangeSize(f.n) * rangeSize(f.h) * rangeSize(f.w);

/**
 * The segments of a result: for each, its time, DRAM time and its layers by
 * spatial slot (sp) and temporal position (tm) of sched_seq, with the node
 * count of each slot (each layer's num_nodes).
 */
export function segments(result) {
  const out = [];
  for (const [name, [scheme, , [seg, sp, tm]]] of Object.entries(result.schedules)) {
    out[seg] ??= {
      index: seg, time: result.segment_time?.[seg] ?? NaN, dramTime: result.segment_dram_time?.[seg] ?? NaN, slots: [],
    };
    const slots = out[seg].slots;
    slots[sp] ??= { nodes: scheme.num_nodes, layers: [] };
    slots[sp].layers[tm] = name;
  }
  return out.filter(Boolean);
}

/**
 * The processing region of a layer: the result's whole processing region,
 * split among the spatial slots of the layer's segment as the pipeline
 * allocates it (PipelineSegment::alloc_proc hands NodeRegion::allocate the
 * slots' node counts, in slot order).
 */
export function layerRegion(result, name) {
  const [, , [seg, sp]] = result.schedules[name];
  const proc = nodeRegion(result.resource.proc_region);
  const { slots } = segments(result).find((s) => s.index === seg);
  const regions = allocate(proc, slots.map((s) => s.nodes));
  return regions[sp] ?? proc;
}

/**
 * Every node of a layer's partition: its coordinate, partition index, flat
 * part positions per parallelism, and (when the layer's shape is known) its
 * data ranges; `idle` when it has nothing to compute.
 */
export function layerNodes(result, name, layer) {
  const [scheme] = result.schedules[name];
  const region = layerRegion(result, name);
  return partitionIndexes(scheme.part).map((pidx) => {
    const ranges = layer ? procDataRange(layer, result.batch, scheme.part, pidx) : null;
    return {
      coord: coordinate(scheme.part, region, pidx),
      pidx,
      position: [OUTP, OFMP, BATP, INPP].map((p) => partPosition(scheme.part, pidx, p)),
      ranges,
      idle: ranges !== null && (fmapSize(ranges.ofm) === 0 || fmapSize(ranges.ifm) === 0),
    };
  });
}

/** The memory channels of a result (resource.dram_region), as node coordinates. */
export const memoryChannels = (result) => regionNodes(nodeRegion(result.resource.dram_region));
