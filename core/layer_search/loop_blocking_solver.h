// The analytical loop blocking solver for conv loops (loop_blocking_solver.py):
// one data category resides in the GBUF, the others bypass it.
#pragma once

#include <vector>

#include "core/layer_search/loop_blocking_scheme.h"
#include "core/util/search_context.h"

namespace nndf {

struct SolvedBlocking {
    BlockingFactors bl_ts;
    LoopOrders bl_ords;
};

/// One solution per data category allowed to reside alone in the GBUF (its
/// peers bypassable). A category with no feasible solution gives none, and a
/// note to `ctx` (the reference stops there with an UnboundLocalError or an
/// AssertionError; docs/reference-differences.md).
std::vector<SolvedBlocking> solve_loopblocking_gbuf_reside(const NestedLoopDesc& nld,
                                                           const Resource& resource,
                                                           const Option& options,
                                                           const SearchContext* ctx = nullptr);

}  // namespace nndf
