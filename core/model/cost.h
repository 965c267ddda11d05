// Cost of one operation and one access at each level (cost.py).
#pragma once

#include <array>

#include "core/model/enums.h"
#include "core/util/error.h"

namespace nndf {

struct Cost {
    double mac_op = 1;                       ///< One MAC.
    std::array<double, me::NUM> mem_hier{};  ///< One access to DRAM, GBUF, ITCN, REGF.
    double noc_hop = 0;                      ///< One word over one NoC hop.
    double idl_unit = 0;                     ///< Static cost of all nodes per cycle.

    double mem_hier_at(int mhe) const {
        NNDF_CHECK(0 <= mhe && mhe < me::NUM, "mem_hier_at: no memory level " << mhe);
        return mem_hier[mhe];
    }
    /// Checks that every cost is finite and non-negative; the engine builds a
    /// Cost from a run whose fields are already checked, so a broken rule is a
    /// bug (InternalError naming the field).
    void validate() const;
};

}  // namespace nndf
