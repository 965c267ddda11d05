// MACs and weights of a network file by the definitions of
// /work/notes/format_v12.md (docs/networks.md), written from the definitions
// and not from the engine, so tests can hold the engine, the importer and
// the built-in files to them.

const hw = (s) => (Array.isArray(s) ? s : [s ?? 1, s ?? 1]);

/** MACs of one layer for one sample (0 for layers that have none). */
export function layerMacs(l) {
  const [h, w] = hw(l.sofm);
  const [fh, fw] = hw(l.sfil);
  switch (l.type) {
    case 'conv': return l.nofm * h * w * (l.nifm / (l.groups ?? 1)) * fh * fw;
    case 'fc': return l.nofm * l.nifm * fh * fw;
    case 'matmul': return l.nofm * h * w * (l.nifm / (l.heads ?? 1));
    default: return 0;
  }
}

/** Parameters of one layer: filters, and layer normalization's scale and shift. */
export function layerWeights(l) {
  const [fh, fw] = hw(l.sfil);
  switch (l.type) {
    case 'conv': return l.nofm * (l.nifm / (l.groups ?? 1)) * fh * fw;
    case 'fc': return l.nofm * l.nifm * fh * fw;
    case 'layernorm': return 2 * l.nofm;
    default: return 0;
  }
}

/** Totals of a network document. */
export function countNetwork(net) {
  return {
    macs: net.layers.reduce((n, l) => n + layerMacs(l), 0),
    weights: net.layers.reduce((n, l) => n + layerWeights(l), 0),
  };
}

/** Every layer by name, with the network input and ext sources (as layers of their own nofm and sofm). */
export function layersByName(net) {
  const map = new Map([['__INPUT__', { name: '__INPUT__', ...net.input }]]);
  for (const e of net.ext ?? []) map.set(e.name, e);
  for (const l of net.layers) map.set(l.name, l);
  return map;
}

/**
 * The problems of a network's new-type layers by the rules of format_v12.md
 * (matmul's rhs shapes, heads, softmax's nreg, groups), [] when it has none:
 * an independent check of what the importer and the generator write.
 */
export function formatProblems(net) {
  const byName = layersByName(net);
  const problems = [];
  const seen = new Set(['__INPUT__', ...(net.ext ?? []).map((e) => e.name)]);
  let previous = '__INPUT__';
  for (const l of net.layers) {
    const prevs = l.prevs ?? [previous];
    for (const p of prevs) if (!seen.has(p)) problems.push(`${l.name}: prev ${p} is not listed before it`);
    const channels = prevs.reduce((n, p) => n + (byName.get(p)?.nofm ?? 0), 0);
    const nin = l.type === 'eltwise' ? l.nofm * l.nreg : ['conv', 'fc', 'matmul'].includes(l.type) ? l.nifm : l.nofm;
    if (channels !== nin) problems.push(`${l.name}: prevs give ${channels} channels, it reads ${nin}`);
    if (l.type === 'conv' && (l.nifm % (l.groups ?? 1) || l.nofm % (l.groups ?? 1))) problems.push(`${l.name}: channels not multiples of groups`);
    if (l.type === 'softmax' && l.nofm % l.nreg) problems.push(`${l.name}: nofm not a multiple of nreg`);
    if (l.type === 'matmul') {
      const H = l.heads ?? 1;
      const rhs = byName.get(l.rhs);
      if (!rhs || !seen.has(l.rhs)) problems.push(`${l.name}: rhs ${l.rhs} is not listed before it`);
      else {
        const [rh, rw] = hw(rhs.sofm);
        const positions = rh * rw;
        if (l.nifm % H || l.nofm % H) problems.push(`${l.name}: nifm, nofm not multiples of heads`);
        if (l.transpose_rhs) {
          if (rhs.nofm !== l.nifm || positions !== l.nofm / H) problems.push(`${l.name}: rhs^T ${positions}x${rhs.nofm} vs nifm ${l.nifm} nofm/H ${l.nofm / H}`);
        } else if (positions !== l.nifm / H || rhs.nofm !== l.nofm) problems.push(`${l.name}: rhs ${positions}x${rhs.nofm} vs nifm/H ${l.nifm / H} nofm ${l.nofm}`);
      }
    }
    seen.add(l.name);
    previous = l.name;
  }
  return problems;
}
