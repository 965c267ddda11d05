// Random run configurations for the differential test, as command-line flags
// shared by the reference's nn_dataflow_search.py and `nndf search`.
//
// The reference's Option rules are kept (they would only make both sides
// refuse the run): the loop-blocking solver excludes buffer sharing and save
// writeback; buffer sharing excludes access forwarding (it implies it);
// input-channel partitioning needs hybrid partitioning.

const COST_PROFILES = [
  // Relative costs (the Eyeriss ISCA'16 table), with or without NoC and static costs.
  (rng) => ({
    op: '1',
    hier: ['200', '6', '2', '1'],
    hop: rng.pick(['0', '1', '10']),
    idle: rng.pick(['0', '0', '1', '5']),
  }),
  // Energies in joules (the TETRIS / Tangram figures).
  () => ({ op: '2e-12', hier: ['80e-12', '14e-12', '4e-12', '0.6e-12'], hop: '40e-12', idle: '200e-12' }),
  // Random relative costs.
  (rng) => ({
    op: String(rng.pick([0.5, 1, 2])),
    hier: [rng.pick([100, 200, 400]), rng.pick([3, 6, 12]), rng.pick([1, 2, 4]), rng.pick([0.5, 1])].map(String),
    hop: String(rng.pick([0, 2, 5, 40])),
    idle: String(rng.pick([0, 0.5, 3])),
  }),
];

// Costs with zeros, so that many schemes tie and the order in which each
// program meets them decides (never all zero: the reference divides by the
// total cost).
function tieCosts(rng) {
  for (;;) {
    const c = {
      op: rng.pick(['0', '1']),
      hier: ['200', '6', '2', '1'].map((x) => (rng.chance(0.5) ? '0' : x)),
      hop: rng.pick(['0', '0', '1']),
      idle: rng.pick(['0', '0', '1']),
    };
    if ([c.op, ...c.hier, c.hop, c.idle].some((x) => x !== '0')) return c;
  }
}

/**
 * Profiles lean the draw towards a feature: `mixed` (default) draws every
 * switch; `pipeline` always pipelines layers on at least 2x2 nodes; `sharing`
 * always shares buffers (so no solver) on at least 2x2 nodes; `ties` is
 * `mixed` with costs that are partly zero.
 */
export const PROFILES = ['mixed', 'pipeline', 'sharing', 'ties'];

/** Flags for one random run (everything but the network). */
export function randomRunConfig(rng, profile = 'mixed') {
  if (!PROFILES.includes(profile)) throw new Error(`unknown profile '${profile}' (expected ${PROFILES.join(', ')})`);
  const f = [];
  const flag = (name, ...values) => f.push(name, ...values.map(String));
  flag('--batch', rng.pick([1, 1, 2, 3, 4, 8, 16]));
  if (rng.chance(0.15)) flag('--word', rng.pick([8, 32]));
  const least = profile === 'mixed' || profile === 'ties' ? 1 : 2;
  flag('--nodes', rng.int(least, 4), rng.int(least, 4));
  flag('--array', rng.pick([4, 8, 12, 14, 16]), rng.pick([4, 8, 12, 14, 16]));
  flag('--regf', rng.pick([64, 128, 256, 512, 1024]));
  flag('--gbuf', rng.chance(0.15) ? rng.int(4096, 262144) : rng.pick([8192, 16384, 32768, 65536, 131072]));
  const cost = profile === 'ties' ? tieCosts(rng) : rng.pick(COST_PROFILES)(rng);
  flag('--op-cost', cost.op);
  flag('--hier-cost', ...cost.hier);
  flag('--hop-cost', cost.hop);
  flag('--unit-idle-cost', cost.idle);
  if (rng.chance(0.5)) flag('--mem-type', rng.pick(['2D', '3D']));
  if (rng.chance(0.25)) {
    const off = rng.subset(['i', 'o', 'f'], 0.5);
    if (off.length) flag('--disable-bypass', ...off);
  }

  const solver = profile !== 'sharing' && rng.chance(0.5);
  if (solver) flag('--solve-loopblocking');
  const hybrid = rng.chance(0.6);
  if (hybrid) flag('--hybrid-partition');
  if (rng.chance(0.4)) flag('--batch-partition');
  if (hybrid && rng.chance(0.3)) flag('--ifmaps-partition');
  const drawn = profile === 'mixed' || profile === 'ties';
  const interlayer = profile === 'pipeline' || (drawn && rng.chance(0.35));
  if (interlayer) flag('--interlayer-partition');

  const sharing = !solver && (profile === 'sharing' || (drawn && rng.chance(0.25)));
  if (sharing) flag('--enable-gbuf-sharing');
  else if (rng.chance(0.3)) flag('--enable-access-forwarding');
  if (!solver && rng.chance(0.25)) flag('--enable-save-writeback');
  if (interlayer) {
    if (rng.chance(0.25)) flag('--disable-interlayer-opt');
    // 0 is left rare: the reference crashes on it (a known issue).
    if (rng.chance(0.2)) flag('--layer-pipeline-time-overhead', rng.pick([0.1, 0.2, 0.5, 1, 2, 0]));
    if (rng.chance(0.2)) flag('--layer-pipeline-max-degree', rng.pick([1, 2, 3, 4]));
  }

  const goal = rng.weighted({ e: 6, d: 2, ed: 2 });
  if (goal !== 'e') flag('-g', goal);
  if (rng.chance(0.2)) flag('-t', rng.int(2, 4));
  if (rng.chance(0.25)) flag('--dram-bw', rng.pick([1, 2, 4, 8, 16, 64]));
  if (rng.chance(0.2)) flag('--bus-width', rng.pick([16, 32, 64, 128]));
  return f;
}
