// How one layer is split over a grid of nodes (partition_scheme.py): a size
// per parallelism and their nesting order on the grid.
#pragma once

#include <array>
#include <vector>

#include "core/model/enums.h"
#include "core/model/fmap_range.h"
#include "core/model/layer.h"
#include "core/model/node_region.h"

namespace nndf {

/// One partition index: the position along each parallelism (pe::NUM entries).
using PartIndex = std::array<PhyDim2, pe::NUM>;

/// The parallelisms that split fmap ranges, outermost first: BATP, OUTP, OFMP.
constexpr std::array<int, 3> kParaEnumAppl2Frng = {pe::BATP, pe::OUTP, pe::OFMP};

struct PartitionedLayer {
    Layer layer;           ///< The layer one node computes.
    i64 batch = 0;         ///< The batch one node computes.
    double occupancy = 1;  ///< Useful share of the nodes' ops (float as in the reference).
};

struct PartitionScheme {
    std::array<int, pe::NUM> order{0, 1, 2, 3};  ///< Parallelisms, top (first) to bottom.
    std::array<PhyDim2, pe::NUM> pdims{PhyDim2(1, 1), PhyDim2(1, 1), PhyDim2(1, 1), PhyDim2(1, 1)};

    /// Validates that `order` is a permutation.
    static PartitionScheme make(const std::array<int, pe::NUM>& order,
                                const std::array<PhyDim2, pe::NUM>& pdims);

    /// Product of the given parallelisms' dimensions (all when empty).
    PhyDim2 dim() const;
    PhyDim2 dim_of(std::initializer_list<int> paes) const;
    i64 size() const { return dim().size(); }
    i64 size_of(std::initializer_list<int> paes) const { return dim_of(paes).size(); }

    /// Every partition index, in the reference's order.
    std::vector<PartIndex> gen_pidx() const;
    /// Calls `f(pidx)` for every partition index, in the same order, without
    /// a vector of them (the hop counts walk them in their inner loops).
    template <typename F>
    void for_each_pidx(F&& f) const {
        static_assert(pe::NUM == 4, "one pair of loops per parallelism");
        // Outer product over parallelisms in enum order, each h-major.
        PartIndex i;
        for (i[0].h = 0; i[0].h < pdims[0].h; ++i[0].h)
            for (i[0].w = 0; i[0].w < pdims[0].w; ++i[0].w)
                for (i[1].h = 0; i[1].h < pdims[1].h; ++i[1].h)
                    for (i[1].w = 0; i[1].w < pdims[1].w; ++i[1].w)
                        for (i[2].h = 0; i[2].h < pdims[2].h; ++i[2].h)
                            for (i[2].w = 0; i[2].w < pdims[2].w; ++i[2].w)
                                for (i[3].h = 0; i[3].h < pdims[3].h; ++i[3].h)
                                    for (i[3].w = 0; i[3].w < pdims[3].w; ++i[3].w)
                                        f(static_cast<const PartIndex&>(i));
    }
    /// Absolute node coordinate of a partition index in a region.
    PhyDim2 coordinate(const NodeRegion& region, const PartIndex& pidx) const;
    /// The part of `frng` that partition index `pidx` holds.
    FmapRange fmap_range(const FmapRange& frng, const PartIndex& pidx) const;
    bool is_applicable_to_fmap_range() const;
    PartitionedLayer part_layer(const Layer& layer, i64 batch) const;
    /// Mean hop distance between neighbours along one parallelism (inf if none).
    PhyDim2f part_neighbor_dist(const NodeRegion& region, int pae) const;
    /// The same along every parallelism, by index, from one walk over the nodes.
    std::array<PhyDim2f, pe::NUM> part_neighbor_dists(const NodeRegion& region) const;
    /// The same scheme fitted to another region.
    PartitionScheme projection(const NodeRegion& region, bool appl2frng = false) const;

    friend bool operator==(const PartitionScheme& a, const PartitionScheme& b) {
        return a.order == b.order && a.pdims == b.pdims;
    }
    friend bool operator!=(const PartitionScheme& a, const PartitionScheme& b) { return !(a == b); }
};

}  // namespace nndf
