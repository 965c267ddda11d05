// Loop blocking and reordering search for one nested loop (loop_blocking.py).
#pragma once

#include <vector>

#include "core/layer_search/loop_blocking_scheme.h"
#include "core/layer_search/scheduling_constraint.h"
#include "core/util/search_context.h"
#include "core/util/worker_pool.h"

namespace nndf {

/// The reference's skip rule for conv loops: true if the scheme has a
/// canonical equivalent or is provably suboptimal.
bool skip_conv(const BlockingFactors& bl_ts, const LoopOrders& bl_ords);

/// The best `options.ntops` schemes of the exhaustive search (ties keep the
/// reference's enumeration order) among the valid ones, or every scheme of
/// the analytical solver that satisfies the constraint (invalid ones may be
/// among those; the caller keeps the valid ones). Statistics of valid
/// schemes are computed.
/// With a pool, the exhaustive search splits its (ti, to) chunks over the
/// threads and merges their tops in chunk order: the same answer.
std::vector<LoopBlockingScheme> gen_loopblocking(
    const NestedLoopDesc& nld, const Resource& resource, const BufShrScheme& bufshr,
    const SchedulingConstraint& constraint, const Cost& cost, const Option& options,
    FractionSpan progress = {}, WorkerPool* pool = nullptr);

}  // namespace nndf
