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
    /// Throws InputError for a negative or non-finite cost.
    void validate() const;
};

}  // namespace nndf
