// Random small networks in the project's JSON format (nns/README.md) for the
// differential test: 2 to 8 entries of conv, fc, pool, eltwise and
// local_region layers (now and then an LSTM cell), as a chain with branches
// and joins, sometimes reading an extra external input. Sizes are small so
// that the reference searches each in seconds.
//
// Every layer reads tensors of one fmap size and fits them exactly or with
// the padding the reference allows (Layer.is_valid_padding_sifm): input size
// between min(ofm * stride, full window) and max of the two.

const CHANNELS = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128];
const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 27, 32];

const dim = (h, w) => (h === w ? h : [h, w]);

/** Whether an input size fits a window of `fil` with stride `strd` and output `ofm`. */
function fitsPadding(insize, ofm, fil, strd) {
  const full = fil + (ofm - 1) * strd;
  return Math.min(ofm * strd, full) <= insize && insize <= Math.max(ofm * strd, full);
}

/** A random output size for a window over `insize`, or null if none fits. */
function outputSize(rng, insize, fil, strd) {
  const fits = [];
  for (let o = 1; o <= insize; ++o) if (fitsPadding(insize, o, fil, strd)) fits.push(o);
  return fits.length ? rng.pick(fits) : null;
}

/** A window (filter or region) with stride and output size over h x w: {fh, fw, s, oh, ow}. */
function window(rng, h, w, fils, strds) {
  for (let tries = 0; tries < 8; ++tries) {
    const fh = rng.pick(fils);
    const fw = rng.chance(0.8) ? fh : rng.pick(fils);
    const s = rng.pick(strds);
    const oh = outputSize(rng, h, fh, s);
    const ow = outputSize(rng, w, fw, s);
    if (oh && ow) return { fh, fw, s, oh, ow };
  }
  return { fh: 1, fw: 1, s: 1, oh: h, ow: w };
}

const divisorsOf = (n, among) => among.filter((d) => n % d === 0);

const LAYER_MAKERS = {
  conv(rng, name, c, h, w) {
    const { fh, fw, s, oh, ow } = window(rng, h, w, [1, 1, 2, 3, 3, 5], [1, 1, 1, 2, 3]);
    const nofm = rng.pick(CHANNELS);
    const layer = { name, type: 'conv', nifm: c, nofm, sofm: dim(oh, ow), sfil: dim(fh, fw) };
    if (s !== 1) layer.strd = s;
    return { layer, out: { nofm, h: oh, w: ow } };
  },
  fc(rng, name, c, h, w) {
    // An FC layer's window is its whole input; a larger one pads.
    const pad = rng.chance(0.2) ? rng.int(1, 2) : 0;
    const nofm = rng.pick(CHANNELS);
    const layer = { name, type: 'fc', nifm: c, nofm };
    if (h + pad > 1 || w + pad > 1) layer.sfil = dim(h + pad, w + pad);
    return { layer, out: { nofm, h: 1, w: 1 } };
  },
  pool(rng, name, c, h, w) {
    const { fh, fw, s, oh, ow } = window(rng, h, w, [2, 2, 3], [1, 2, 2, 3]);
    const layer = { name, type: 'pool', nofm: c, sofm: dim(oh, ow), sreg: dim(fh, fw) };
    if (!(fh === fw && s === fh)) layer.strd = s;
    return { layer, out: { nofm: c, h: oh, w: ow } };
  },
  eltwise(rng, name, c, h, w, nsrcs) {
    const nreg = nsrcs > 1 && c % nsrcs === 0 ? nsrcs : rng.pick([1, ...divisorsOf(c, [2, 3])]);
    const layer = { name, type: 'eltwise', nofm: c / nreg, sofm: dim(h, w), nreg };
    return { layer, out: { nofm: c / nreg, h, w } };
  },
  local_region(rng, name, c, h, w) {
    if (rng.chance(0.6)) {
      // Across channels (normalization-like), sometimes with a channel stride.
      const ntrd = rng.chance(0.2) ? rng.pick([1, ...divisorsOf(c, [2, 3])]) : 1;
      const layer = { name, type: 'local_region', nofm: c / ntrd, sofm: dim(h, w), nreg: rng.pick([2, 3, 5]), sreg: 1 };
      if (ntrd !== 1) layer.ntrd = ntrd;
      return { layer, out: { nofm: c / ntrd, h, w } };
    }
    // Over a 2D window.
    const { fh, fw, s, oh, ow } = window(rng, h, w, [2, 3], [1, 1, 2]);
    const layer = { name, type: 'local_region', nofm: c, sofm: dim(oh, ow), nreg: 1, sreg: dim(fh, fw) };
    if (s !== 1) layer.strd = s;
    return { layer, out: { nofm: c, h: oh, w: ow } };
  },
};

/** Picks the tensors a layer of `type` reads: the last layer, an earlier one, or several of one size. */
function chooseSources(rng, state, type) {
  const mode = rng.weighted(
    type === 'eltwise' ? { chain: 3, branch: 1, join: 6 } : { chain: 7, branch: 2, join: 1.5 },
  );
  if (state.pendingExt !== null && state.layers.length === state.pendingExt) {
    // The layer chosen to read the external input: it joins the last output.
    const { h, w } = state.last;
    const ext = { name: 'ext0', nofm: rng.pick(CHANNELS.slice(0, 8)), h, w };
    state.ext.push({ name: ext.name, nofm: ext.nofm, sofm: dim(h, w) });
    state.tensors.push(ext);
    return [state.last, ext];
  }
  if (mode === 'chain' || state.tensors.length < 2) return [state.last];
  if (mode === 'branch') return [rng.pick(state.tensors)];
  const first = rng.pick(state.tensors);
  const others = state.tensors.filter((t) => t !== first && t.h === first.h && t.w === first.w);
  if (!others.length) return [first];
  const picked = [first, rng.pick(others)];
  const third = others.filter((t) => !picked.includes(t));
  if (third.length && rng.chance(0.2)) picked.push(rng.pick(third));
  return picked;
}

/** Adds an LSTM cell reading a 1x1 tensor; false if there is none small enough. */
function addLstmCell(rng, state, name) {
  const xs = state.tensors.filter((t) => t.h === 1 && t.w === 1 && t.nofm <= 64 && t.name !== '__INPUT__');
  if (!xs.length) return false;
  const x = rng.pick(xs);
  state.layers.push({ name, type: 'lstm_cell', size: x.nofm, xin: x.name });
  for (const part of ['cout', 'hout']) state.tensors.push({ name: `${name}_${part}`, nofm: x.nofm, h: 1, w: 1 });
  state.last = state.tensors[state.tensors.length - 1];
  return true;
}

/** A random network document named `name`. */
export function randomNetwork(rng, name) {
  const h = rng.pick(SIZES);
  const w = rng.chance(0.75) ? h : rng.pick(SIZES);
  const input = { name: '__INPUT__', nofm: rng.pick([1, 2, 3, 4, 8, 16, 32]), h, w };
  const count = rng.int(2, 8);
  const state = {
    layers: [],
    ext: [],
    tensors: [input],
    last: input,
    // Index of the layer that also reads an external input, if any.
    pendingExt: rng.chance(0.15) ? rng.int(0, count - 1) : null,
  };
  const types = { conv: 4, fc: 1.5, pool: 1.5, eltwise: 1.5, local_region: 1.5, lstm_cell: 0.3 };
  while (state.layers.length < count) {
    const type = rng.weighted(types);
    const lname = `${type === 'local_region' ? 'lr' : type}${state.layers.length + 1}`;
    if (type === 'lstm_cell') {
      if (state.pendingExt !== state.layers.length) addLstmCell(rng, state, lname);
      continue;
    }
    const srcs = chooseSources(rng, state, type);
    const c = srcs.reduce((s, t) => s + t.nofm, 0);
    const { layer, out } = LAYER_MAKERS[type](rng, lname, c, srcs[0].h, srcs[0].w, srcs.length);
    // Without `prevs` a layer reads the layer added last (or the input).
    if (!(srcs.length === 1 && srcs[0] === state.last)) layer.prevs = srcs.map((t) => t.name);
    state.layers.push(layer);
    state.last = { name: lname, ...out };
    state.tensors.push(state.last);
  }
  const doc = { format: 'nndf-network/1', name, input: { nofm: input.nofm, sofm: dim(h, w) } };
  if (state.ext.length) doc.ext = state.ext;
  doc.layers = state.layers;
  return doc;
}
