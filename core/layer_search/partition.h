// Partitioning one layer over a node region (partition.py): the candidate
// schemes, each node's data ranges, and the NoC hops to bring data to them.
#pragma once

#include <array>
#include <vector>

#include "core/model/data_layout.h"
#include "core/model/option.h"

namespace nndf {

/// Every partition scheme of `layer` on `dim_nodes` allowed by the options,
/// in the reference's order; with `guaranteed`, a naive fallback if none.
std::vector<PartitionScheme> gen_partition(const Layer& layer, i64 batch, PhyDim2 dim_nodes,
                                           const Option& options, bool guaranteed = false);

/// The data one node works on: filter channel ranges (ifm, ofm), ifmap range
/// and ofmap range.
struct ProcDataRange {
    IntRange fil_i, fil_o;
    FmapRange ifrng, ofrng;
};
ProcDataRange proc_data_range(const Layer& layer, i64 batch, const PartitionScheme& part,
                              const PartIndex& pidx);

/// Hops to bring each data category once to the nodes of `region` (FIL, IFM,
/// OFM). Filters come from the nearest of `filter_nodes`; with forwarding
/// (access forwarding or buffer sharing) data travel a spanning tree.
std::array<i64, de::NUM> unit_nhops_to_proc_region(
    const Layer& layer, i64 batch, const NodeRegion& region, const PartitionScheme& part,
    const std::vector<PhyDim2>& filter_nodes, const DataLayout& ifmap_layout,
    const DataLayout& ofmap_layout, const Option& options);

}  // namespace nndf
