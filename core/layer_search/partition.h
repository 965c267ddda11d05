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

/// Whether each filter, ifmap and ofmap piece of the partitioned layer goes
/// to the same number of nodes, as the hop model below requires. Not always:
/// splitting the output channels of a local-region layer (nreg > 1) clips the
/// channel windows at both ends of the channel range, so two nodes can read
/// the same ifmap range while the others read one each (fzn1_1133: LRN of 3
/// channels, nreg 3, on 1x3 nodes: ifmap channels [0,3), [0,3), [1,3)). The
/// reference stops there with an AssertionError; the search skips such a
/// scheme like any infeasible candidate (docs/reference-differences.md).
bool replicates_data_evenly(const Layer& layer, i64 batch, const PartitionScheme& part);

/// Hops to bring each data category once to the nodes of `region` (FIL, IFM,
/// OFM). Filters come from the nearest of `filter_nodes`; with forwarding
/// (access forwarding or buffer sharing) data travel a spanning tree.
/// Requires replicates_data_evenly().
std::array<i64, de::NUM> unit_nhops_to_proc_region(
    const Layer& layer, i64 batch, const NodeRegion& region, const PartitionScheme& part,
    const std::vector<PhyDim2>& filter_nodes, const DataLayout& ifmap_layout,
    const DataLayout& ofmap_layout, const Option& options);

/// The same for a layer that runs as passes of its unit layer (grouped conv,
/// matmul; docs/extensions.md), summed over the passes: each pass's ifmap is
/// its channel slice (and, for a matmul, its sample) of `ifmap_layout`; a
/// matmul's "filters" are its right operand, read from `rhs_layout` instead
/// of the memory nodes; every pass writes `unit_ofmap_layout`'s pattern. The
/// partition is the unit layer's. Hops add over data, so one call over all
/// passes' ranges is exact when nothing takes a minimum (no forwarding) and
/// the node's range covers its pass's whole channel (and batch) slice.
std::array<i64, de::NUM> unit_nhops_of_passes(
    const Layer& layer, i64 batch, const NodeRegion& region, const PartitionScheme& part,
    const std::vector<PhyDim2>& filter_nodes, const DataLayout& ifmap_layout,
    const DataLayout* rhs_layout, const DataLayout& unit_ofmap_layout, const Option& options);

}  // namespace nndf
