// Global-buffer sharing across the nodes of one partition (buf_shr_scheme.py):
// which nodes share each data category, and the NoC hops of rotating data
// among them or fetching wider than one node's buffer.
#pragma once

#include <array>
#include <cstdint>
#include <unordered_map>

#include "core/model/data_dim_loops.h"
#include "core/model/partition_scheme.h"

namespace nndf {

class BufShrScheme {
  public:
    BufShrScheme(const NodeRegion& region, const PartitionScheme& part,
                 const DataLoops& data_loops);

    /// Nodes sharing the same data of `dce`.
    PhyDim2 dim(int dce) const { return dims_[dce]; }
    i64 size(int dce) const { return dims_[dce].size(); }
    /// Mean hop distance between sharing neighbours (infinite where dim is 1).
    PhyDim2f nbr_dist(int dce) const { return nbr_dists_[dce]; }

    /// Hops of one full rotation round, relative to the unique data size.
    double nhops_rotate_all(int dce, i64 subgrp_size, i64 rotation_unit_cnt) const;
    double nhops_rotate_all(int dce, i64 subgrp_size) const {
        return nhops_rotate_all(dce, subgrp_size, subgrp_size);
    }
    /// Hops of one wide fetch of `fetch_width` node buffers.
    double nhops_wide_fetch_once(int dce, i64 subgrp_size, double fetch_width) const;

    /// Subgroup dimensions and the index (0 = h) of the rotation dimension.
    std::pair<PhyDim2, int> subgrp_dim(int dce, i64 subgrp_size) const;

    /// Entries in the memo of nhops_rotate_all.
    size_t nhops_cache_size() const { return rotate_cache_.size(); }

  private:
    double nhops_with_neighbor_dist(int dce, PhyDim2 coord) const;

    std::array<PhyDim2, de::NUM> dims_;
    std::array<PhyDim2f, de::NUM> nbr_dists_;
    // Memo of nhops_rotate_all, keyed by (dce, subgroup size, unit count).
    mutable std::unordered_map<uint64_t, double> rotate_cache_;
};

}  // namespace nndf
