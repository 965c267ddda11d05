// The nested loop one node runs after mapping (nested_loop_desc.py): loop
// counts, per-iteration buffer sizes, accesses, ops and time.
#pragma once

#include <array>

#include "core/model/data_dim_loops.h"
#include "core/model/enums.h"
#include "core/util/math_util.h"

namespace nndf {

struct NestedLoopDesc {
    std::array<i64, le::NUM> loopcnt{};     ///< Trip count per loop.
    std::array<i64, de::NUM> usize_gbuf{};  ///< GBUF words per loop body.
    std::array<i64, de::NUM> usize_regf{};  ///< REGF words per PE per loop body.
    std::array<std::array<double, de::NUM>, me::NUM> unit_access{};  ///< [mem][data] per body.
    double unit_ops = 0;                                             ///< Ops per body.
    i64 unit_time = 0;                                               ///< Cycles per body.
    DataLoops data_loops{};  ///< Dimension loops of each data category.
    /// The replication split this description was made for: copies of the
    /// folded PE set on other input channels and on other output channels.
    i64 repl_ifms = 1;
    i64 repl_ofms = 1;
    /// Passes of a grouped conv this body runs at once, each in copies of the
    /// PE set that replication left idle (passes_side_by_side.h): the unit
    /// sizes, accesses and ops are that many passes', the time one pass's.
    i64 passes_together = 1;

    /// Ops of all loops.
    double total_ops() const {
        return unit_ops * static_cast<double>(loopcnt[0] * loopcnt[1] * loopcnt[2]);
    }
    /// Accesses at `mhe` touching all data of `dce` once.
    double total_access_at_of(int mhe, int dce) const {
        return unit_access[mhe][dce] *
               static_cast<double>(data_loops[dce].take_prod(loopcnt.data()));
    }
};

}  // namespace nndf
