#include "core/layer_search/passes_side_by_side.h"

#include <algorithm>

namespace nndf {

i64 side_by_side_passes(const Layer& layer, i64 batch) {
    return layer.is_conv() ? layer.passes(batch) : 1;
}

i64 passes_that_fit(const NestedLoopDesc& nld, PhyDim2 repl, i64 passes) {
    const i64 idle_room = repl.size() / std::max<i64>(1, nld.repl_ifms * nld.repl_ofms);
    for (i64 p = std::min(idle_room, passes); p > 1; --p)
        if (passes % p == 0) return p;
    return 1;
}

namespace {

/// `one` for `p` passes at once: each copy does what one pass's copy does,
/// on its own data, in the same time.
NestedLoopDesc side_by_side(const NestedLoopDesc& one, i64 p) {
    NestedLoopDesc n = one;
    const double k = static_cast<double>(p);
    n.passes_together = p;
    n.unit_ops *= k;
    for (auto& level : n.unit_access)
        for (auto& a : level) a *= k;
    for (auto& sz : n.usize_gbuf) sz *= p;
    return n;
}

bool same_body(const NestedLoopDesc& a, const NestedLoopDesc& b) {
    return a.loopcnt == b.loopcnt && a.usize_gbuf == b.usize_gbuf && a.repl_ifms == b.repl_ifms &&
           a.repl_ofms == b.repl_ofms;
}

}  // namespace

std::vector<NestedLoopDesc> with_passes_side_by_side(std::vector<NestedLoopDesc> nlds, PhyDim2 repl,
                                                     i64 passes) {
    if (passes <= 1) return nlds;
    // The reference's list may hold the same description more than once
    // (replication splits with equal loop counts); one of each is enough.
    const size_t n = nlds.size();
    for (size_t i = 0; i < n; ++i) {
        const i64 p = passes_that_fit(nlds[i], repl, passes);
        if (p == 1) continue;
        NestedLoopDesc packed = side_by_side(nlds[i], p);
        const bool known =
            std::any_of(nlds.begin() + static_cast<std::ptrdiff_t>(n), nlds.end(),
                        [&](const NestedLoopDesc& d) { return same_body(d, packed); });
        if (!known) nlds.push_back(packed);
    }
    return nlds;
}

}  // namespace nndf
