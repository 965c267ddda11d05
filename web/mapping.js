// How the row-stationary dataflow (Eyeriss, JSSC'17 section IV.A) places one
// layer part on a node's PE array: the same arithmetic as the engine's
// MapStrategyEyeriss (core/map_strategy.cpp), redone here for the picture.
// A "logical PE set" computes one 2D convolution: one PE per (filter row,
// ofmap row). Sets larger than the array are folded; smaller ones are
// replicated to work on several channels at once.

const ceilDiv = (a, b) => Math.ceil(a / b);

/** Partition dimensions in `part[1]`, in the reference's order. */
export const PARTITIONS = [
  { key: 'OUTP', label: 'output channels' },
  { key: 'OFMP', label: 'fmap area' },
  { key: 'BATP', label: 'batch' },
  { key: 'INPP', label: 'input channels' },
];

/** True for layers with filters (conv and fc); the rest are local-region layers (pool, eltwise, ...). */
export const hasFilters = (layer) => layer.type === 'ConvLayer' || layer.type === 'FCLayer';

/**
 * The part of `layer` (a networkLayers entry) one node computes under a
 * scheme's partition `part` ([order, [[h, w] per OUTP, OFMP, BATP, INPP]]),
 * as PartitionScheme.part_layer rounds it: {nifm, nofm, hofm, wofm, batch}.
 */
export function layerPart(layer, batch, part) {
  const size = ([h, w]) => h * w;
  const [outp, ofmp, batp, inpp] = part[1];
  return {
    nifm: ceilDiv(layer.nifm, size(inpp)),
    nofm: ceilDiv(layer.nofm, size(outp)),
    hofm: ceilDiv(layer.hofm, ofmp[0]),
    wofm: ceilDiv(layer.wofm, ofmp[1]),
    batch: ceilDiv(batch, size(batp)),
  };
}

/**
 * The row-stationary mapping of a layer part (from layerPart) of `layer` on
 * an array of `array` = [rows, columns] PEs. Returns the logical PE set, the
 * folding and replication factors, the physical PE set of one pass, the
 * utilization, and `blocks`: where each folded piece sits on the array.
 */
export function rowStationary(layer, partLayer, array) {
  const [ah, aw] = array;
  const rows = hasFilters(layer) ? layer.hfil : layer.hreg;
  const lpeset = [rows, partLayer.hofm];
  let [foldH, foldW, replH, replW] = [1, 1, 1, 1];
  if (lpeset[0] > ah) foldH = ceilDiv(lpeset[0], ah);
  else replH = Math.floor(ah / lpeset[0]);
  if (lpeset[1] > aw) foldW = ceilDiv(lpeset[1], aw);
  else replW = Math.floor(aw / lpeset[1]);
  // Width folds first use the rows that height replication would take, so
  // several folds run side by side in one pass (stacked in height).
  const stacked = Math.min(replH, foldW);
  foldW = ceilDiv(foldW, stacked);
  replH = Math.floor(replH / stacked);
  const flpeset = [ceilDiv(lpeset[0], foldH), ceilDiv(lpeset[1], foldW)];
  const stripWidth = ceilDiv(flpeset[1] * replW, stacked);
  const ppeset = [flpeset[0] * replH * stacked, stripWidth];
  const blocks = [];
  for (let r = 0; r < replH; r += 1) {
    for (let c = 0; c < replW; c += 1) {
      for (let s = 0; s < stacked; s += 1) {
        const width = stacked === 1 ? flpeset[1] : Math.min(stripWidth, flpeset[1] - s * stripWidth);
        if (width <= 0) continue;
        blocks.push({
          replica: r * replW + c,
          strip: s,
          row: (r * stacked + s) * flpeset[0],
          col: stacked === 1 ? c * flpeset[1] : 0,
          height: flpeset[0],
          width,
        });
      }
    }
  }
  const activePes = blocks.reduce((n, b) => n + b.height * b.width, 0);
  return {
    lpeset,
    fold: [foldH, foldW],
    repl: [replH, replW],
    stacked,
    flpeset,
    ppeset,
    blocks,
    activePes,
    utilization: (lpeset[0] * lpeset[1] * replH * replW) / (ah * aw * foldH * foldW),
  };
}
