// Row stationary, step by step (Eyeriss, Chen et al. ISCA'16 and JSSC'17):
// the step sequence of one 2D convolution on one copy of the logical PE set
// the engine maps, for the animation in the layer detail. PE (i, j) keeps
// filter row i, receives ifmap row i + j·stride (the ifmap rows run along the
// diagonals), slides its filter row along that ifmap row (a 1D convolution)
// and the partial sums of a column add up, PE row by PE row upwards, into
// ofmap row j. The mapping's sizes are the engine's (explain); this module
// only cuts a small slice of them and orders the work into steps. Rows and
// columns count from 0 here; the view shows them from 1.

/**
 * @typedef {import('./result-model.js').Mapping} Mapping
 * @typedef {import('./result-model.js').Coord} Coord
 * @typedef {object} Window  The filter (or pooling window) and its stride, from the layer's shape.
 * @property {number} rows
 * @property {number} cols
 * @property {number} strideRows
 * @property {number} strideCols
 * @typedef {object} RsSlice  The part of one 2D convolution the animation shows.
 * @property {'filter' | 'region'} rowsAre  What a PE row keeps: a filter row, or a pooling-window row.
 * @property {number} rows        PE rows: filter rows 0 … rows-1.
 * @property {number} cols        PE columns: ofmap rows 0 … cols-1.
 * @property {number} width       Ofmap columns 0 … width-1.
 * @property {Window} window
 * @property {{rows: number, cols: number, width: number}} whole  The logical PE set of the node's part and its ofmap width.
 * @property {{rows: number, cols: number}} folded  The folded logical PE set (what one copy holds at once).
 * @typedef {{ofmapRow: number, ofmapCol: number, macs: number}} Psum  A partial sum and the MACs it carries.
 * @typedef {object} PeState  What one PE holds after a step.
 * @property {number | null} filterRow
 * @property {number | null} ifmapRow
 * @property {{beg: number, end: number} | null} window  The ifmap columns its filter row covers in this step.
 * @property {Psum | null} psum
 * @typedef {object} Mac  One multiply-accumulate: filter (row, col) × ifmap (row, col) into ofmap (row, col).
 * @property {Coord} pe
 * @property {number} filterRow
 * @property {number} filterCol
 * @property {number} ifmapRow
 * @property {number} ifmapCol
 * @property {number} ofmapRow
 * @property {number} ofmapCol
 * @typedef {'start' | 'filters' | 'ifmaps' | 'mac' | 'hop' | 'write'} StepKind
 * @typedef {object} RsStep
 * @property {StepKind} kind
 * @property {number | null} ofmapCol  The ofmap column being computed (mac, hop, write).
 * @property {number | null} hop       Which hop up the columns, from 1 (hop).
 * @property {PeState[][]} pes         By PE row, then column.
 * @property {Mac[]} macs              The MACs of this step.
 * @property {{from: Coord, to: Coord, psum: Psum}[]} moves  Partial sums moving up one PE (hop).
 * @property {Psum[]} written          The ofmap values finished so far, in order.
 */

/** The largest slice shown: a set of PEs a person can follow, and a short ofmap width. */
export const SLICE_LIMITS = { rows: 5, cols: 6, width: 4 };

/**
 * The slice of one copy of the engine's folded logical PE set: its first
 * rows and columns up to `limits`, and the first ofmap columns of the node's
 * part (`ofmapWidth`).
 * @returns {RsSlice}
 */
export function chooseSlice(/** @type {Mapping} */ mapping, /** @type {number} */ ofmapWidth, /** @type {Window} */ window, limits = SLICE_LIMITS) {
  return {
    rowsAre: mapping.rowsAre,
    rows: Math.min(mapping.folded.rows, limits.rows),
    cols: Math.min(mapping.folded.cols, limits.cols),
    width: Math.min(ofmapWidth, limits.width),
    window,
    whole: { rows: mapping.logical.rows, cols: mapping.logical.cols, width: ofmapWidth },
    folded: { rows: mapping.folded.rows, cols: mapping.folded.cols },
  };
}

/** True when the slice is all of its 2D convolution. */
export const isWhole = (/** @type {RsSlice} */ slice) => slice.rows === slice.whole.rows && slice.cols === slice.whole.cols
  && slice.width === slice.whole.width;

/** The ifmap row PE (i, j) works on: the diagonals i + j·stride. */
export const ifmapRowOf = (/** @type {RsSlice} */ slice, /** @type {number} */ i, /** @type {number} */ j) => i + j * slice.window.strideRows;

/** The MACs of one ofmap value of the slice: a filter row of `window.cols` weights per PE row. */
export const macsPerOutput = (/** @type {RsSlice} */ slice) => slice.rows * slice.window.cols;

const grid = (/** @type {RsSlice} */ slice, /** @type {(i: number, j: number) => PeState} */ fn) => Array.from({ length: slice.rows },
  (_, i) => Array.from({ length: slice.cols }, (__, j) => fn(i, j)));

/**
 * The steps, in order: the empty array; the filter rows load (and stay);
 * the ifmap rows arrive along the diagonals; then per ofmap column, every
 * PE's 1D convolution (one MAC per filter column), the partial sums moving
 * up their column one PE at a time, each PE adding its own, and the top PE
 * writing the column's ofmap value. Real hardware overlaps these; one thing
 * at a time is easier to follow.
 * @returns {RsStep[]}
 */
export function rsSteps(/** @type {RsSlice} */ slice) {
  const { rows, window } = slice;
  /** @type {RsStep[]} */
  const steps = [];
  /** @type {Psum[]} */
  const written = [];
  let holds = grid(slice, () => ({
    filterRow: null, ifmapRow: null, window: null, psum: null,
  }));
  const push = (/** @type {Omit<RsStep, 'pes' | 'written'>} */ step) => steps.push({ ...step, pes: holds, written: [...written] });
  /** @type {Pick<RsStep, 'ofmapCol' | 'hop' | 'macs' | 'moves'>} */
  const none = {
    ofmapCol: null, hop: null, macs: [], moves: [],
  };

  push({ kind: 'start', ...none });
  holds = grid(slice, (i) => ({
    filterRow: i, ifmapRow: null, window: null, psum: null,
  }));
  push({ kind: 'filters', ...none });
  holds = grid(slice, (i, j) => ({
    filterRow: i, ifmapRow: ifmapRowOf(slice, i, j), window: null, psum: null,
  }));
  push({ kind: 'ifmaps', ...none });

  for (let x = 0; x < slice.width; x += 1) {
    const beg = x * window.strideCols;
    /** @type {Mac[]} */
    const macs = [];
    holds = grid(slice, (i, j) => {
      const ifmapRow = ifmapRowOf(slice, i, j);
      for (let s = 0; s < window.cols; s += 1) {
        macs.push({
          pe: { row: i, col: j }, filterRow: i, filterCol: s, ifmapRow, ifmapCol: beg + s, ofmapRow: j, ofmapCol: x,
        });
      }
      return {
        filterRow: i, ifmapRow, window: { beg, end: beg + window.cols }, psum: { ofmapRow: j, ofmapCol: x, macs: window.cols },
      };
    });
    push({
      kind: 'mac', ofmapCol: x, hop: null, macs, moves: [],
    });

    // Hop h moves the partial sums of PE row rows-h up into row rows-h-1.
    for (let hop = 1; hop < rows; hop += 1) {
      const from = rows - hop;
      const before = holds;
      const moves = before[from].map((pe, j) => ({
        from: { row: from, col: j }, to: { row: from - 1, col: j }, psum: /** @type {Psum} */ (pe.psum),
      }));
      holds = grid(slice, (i, j) => {
        const pe = before[i][j];
        if (i === from) return { ...pe, window: null, psum: null };
        if (i === from - 1) {
          const own = /** @type {Psum} */ (pe.psum);
          return { ...pe, psum: { ...own, macs: own.macs + /** @type {Psum} */ (before[from][j].psum).macs } };
        }
        return pe;
      });
      push({
        kind: 'hop', ofmapCol: x, hop, macs: [], moves,
      });
    }

    for (const pe of holds[0]) written.push(/** @type {Psum} */ (pe.psum));
    holds = grid(slice, (i, j) => ({ ...holds[i][j], window: null, psum: null }));
    push({
      kind: 'write', ofmapCol: x, hop: null, macs: [], moves: [],
    });
  }
  return steps;
}

/**
 * The window a PE row works with, from the layer's shape (networkLayers):
 * a filter row for convolutions, a pooling-window row for the others.
 * @returns {Window}
 */
export function windowOf(/** @type {'filter' | 'region'} */ rowsAre, /** @type {import('./view-network.js').LayerShape} */ shape) {
  const filters = rowsAre === 'filter';
  return {
    rows: filters ? shape.hfil : shape.hreg,
    cols: filters ? shape.wfil : shape.wreg,
    strideRows: shape.htrd,
    strideCols: shape.wtrd,
  };
}
