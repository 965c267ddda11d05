// The loop nest one node runs for a scheduled layer, from DRAM down to one
// PE, as the engine's model has it (docs/explain.md): the blocking factors of
// the result at the DRAM, GBUF and REGF levels, then the row-stationary
// mapping's spatial loops on the PE array (replication, width folds side by
// side, the folded logical PE set) and its temporal filter-row fold, then the
// 1D convolution inside a PE. Every loop names its dimension; the trip counts
// of a dimension multiply to (at least) the node's share of it.
#pragma once

#include <string>
#include <vector>

#include "core/formats/result_reader.h"
#include "core/model/partition_scheme.h"

namespace nndf {

/// Dimensions of a node's loop nest. FOLD is the ofmap-row width fold the
/// engine runs as extra iterations of its batch loop (it covers OROW with
/// the PE columns).
namespace ld {
enum : int { BATCH = 0, FOLD, IFM, OFM, OROW, OCOL, FROW, FCOL, RCHAN, GROUP, HEAD, NUM };
}
/// The dimension's key in JSON ("batch", "fold", ...).
const char* loop_dim_key(int dim);
/// The dimension's name for a person; `conv` picks filter or region words.
const char* loop_dim_name(int dim, bool conv);

/// Levels of the nest, outer first.
namespace ll {
enum : int { DRAM = 0, GBUF, REGF, ARRAY, PE, NUM };
}
const char* loop_level_name(int level);

struct Loop {
    int level = ll::DRAM;
    int dim = ld::BATCH;
    i64 count = 1;
    bool spatial = false;
    /// The count is a ceiling: its last iteration (or copy) is only partly used.
    bool partial = false;
    std::string note;  ///< Where replication or folding enters; empty otherwise.
};

/// A dimension of the node's share and what the loops make of it.
struct LoopDimCover {
    int dim = ld::BATCH;
    i64 share = 1;    ///< The node's share (node_part); FOLD's is its fold count.
    i64 product = 1;  ///< Trip counts of the dimension's loops multiplied (FOLD folded into OROW).
};

struct LoopNest {
    std::vector<Loop> loops;  ///< Outer first; loops of one iteration are left out.
    std::vector<LoopDimCover> dims;
    /// How the mapping's replication is split (which nested loop description
    /// the blocking factors were made for): copies on other input channels and
    /// on other output channels.
    i64 repl_ifms = 1;
    i64 repl_ofms = 1;
    /// Passes of a grouped conv run at once in the copies left idle (one
    /// spatial group loop on the array; passes_side_by_side.h).
    i64 passes_together = 1;
    std::array<i64, 3> loopcnt{};  ///< The description's loop counts (ifm, ofm, batch x fold).
    double ops = 0;                ///< The engine's ops of one node (occupancies included).
    i64 ops_share = 0;             ///< MACs of the node's share (node_part) at full occupancy.
    i64 ops_covered = 1;           ///< All trip counts multiplied: MAC slots the nest runs.
};

/// The loop nest of one node of `layer` (its partitioned part `part`) on a
/// `dim_array` PE array; `side_by_side_passes` is how many passes a round may
/// hold (a grouped conv's groups; 1 otherwise). InputError if the result's
/// blocking factors fit no nested loop description of the mapping.
LoopNest explain_loop_nest(const PartitionedLayer& part, const ScheduledLayer& layer,
                           PhyDim2 dim_array, i64 side_by_side_passes = 1);

/// Puts a multi-pass layer's pass loops (Layer::passes) outermost, above its
/// DRAM level: "group" for a grouped conv (its rounds, when passes run side
/// by side), "head" and then "batch" (one sample a pass) for a matmul, inside
/// its `sample_groups` (SchedulingResult::sample_groups); `nest` is one
/// round's (its unit layer's).
void add_pass_loops(LoopNest& nest, const Layer& whole, i64 batch, i64 sample_groups = 1);

}  // namespace nndf
