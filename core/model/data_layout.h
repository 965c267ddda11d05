// Where a batched fmap lives (data_layout.py): a list of channel slices, each
// in a node region split by a partition scheme.
#pragma once

#include <vector>

#include "core/model/layout_pieces.h"
#include "core/model/partition_scheme.h"

namespace nndf {

struct DataLayout {
    std::vector<FmapRange> frngs;        ///< Channel slices, contiguous from 0.
    std::vector<NodeRegion> regions;     ///< The region of each slice.
    std::vector<PartitionScheme> parts;  ///< How each slice is split in its region.

    /// Validated construction; inconsistent slices are a bug (InternalError).
    static DataLayout make(std::vector<FmapRange> frngs, std::vector<NodeRegion> regions,
                           std::vector<PartitionScheme> parts);

    /// The whole fmap range the layout covers.
    FmapRange complete_fmap_range() const {
        return FmapRange(frngs.front().fp_beg, frngs.back().fp_end);
    }
    /// Node coordinate of every partitioned piece.
    FmapRangeMap<PhyDim2> fmap_range_map() const;
    /// Total hops to bring `frng` to each destination; with forwarding, data
    /// reach the nearest destination first and then travel a spanning tree.
    i64 nhops_to(const FmapRange& frng, const std::vector<PhyDim2>& dests,
                 bool forwarding = false) const;
    /// The same from this layout's indexed pieces (the search calls this
    /// many times per layout).
    i64 nhops_to(const LayoutPieces& pieces, const FmapRange& frng,
                 const std::vector<PhyDim2>& dests, bool forwarding = false) const;
    /// The same to one destination (forwarding adds nothing there), without
    /// a vector of one.
    i64 nhops_to(const LayoutPieces& pieces, const FmapRange& frng, PhyDim2 dest) const;
    /// Whether every node of the layout is in one of `regions` of the same type.
    bool is_in(const std::vector<NodeRegion>& regions) const;
    /// The layouts stacked along the channel dimension.
    static DataLayout concat(const std::vector<const DataLayout*>& layouts);

    friend bool operator==(const DataLayout& a, const DataLayout& b);
    friend bool operator!=(const DataLayout& a, const DataLayout& b) { return !(a == b); }
};

/// Weight of a minimum spanning tree over `nodes` rooted at `root` (Prim),
/// in hop distance. The reference's greedy forwarding tree is such a tree.
i64 forwarding_tree_hops(PhyDim2 root, const std::vector<PhyDim2>& others);
/// Same, growing from several sources at once (filters duplicated in memory).
i64 forwarding_tree_hops_from(const std::vector<PhyDim2>& sources,
                              const std::vector<PhyDim2>& dests,
                              std::vector<i64>* per_step = nullptr);

}  // namespace nndf
