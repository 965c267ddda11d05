// A rectangular region of nodes on the chip, optionally folded in zig-zag
// along its width (node_region.py). Processing regions hold PE arrays, DRAM
// regions hold memory channels.
#pragma once

#include <vector>

#include "core/model/phy_dim2.h"

namespace nndf {

struct NodeRegion {
    enum Type : int { PROC = 0, DRAM = 1 };

    PhyDim2 dim;         ///< Region size in nodes.
    PhyDim2 origin;      ///< Absolute coordinate of the first node.
    PhyDim2 dist{1, 1};  ///< Distance between neighbouring nodes.
    Type type = PROC;    ///< What the nodes are.
    i64 wtot = 0;        ///< Nodes between two turns of the folding.
    i64 wbeg = 0;        ///< Nodes before the first turn; the sign is the direction.

    /// Validated construction; wtot defaults to dim.w and wbeg to wtot.
    static NodeRegion make(PhyDim2 dim, PhyDim2 origin, Type type, PhyDim2 dist = {1, 1});
    static NodeRegion make_folded(PhyDim2 dim, PhyDim2 origin, PhyDim2 dist, Type type, i64 wtot,
                                  i64 wbeg);

    /// Absolute coordinate of a relative one, following the folding.
    PhyDim2 rel2abs(PhyDim2 rel) const;
    bool contains_node(PhyDim2 coord) const;
    /// Absolute coordinates of every node, h-major over relative coordinates.
    std::vector<PhyDim2> iter_node() const;
    /// Subregions of the requested node counts, stripe-wise in zig-zag; empty
    /// if the requests do not fit.
    std::vector<NodeRegion> allocate(const std::vector<i64>& requests) const;

    friend bool operator==(const NodeRegion& a, const NodeRegion& b) {
        return a.dim == b.dim && a.origin == b.origin && a.dist == b.dist && a.type == b.type &&
               a.wtot == b.wtot && a.wbeg == b.wbeg;
    }
    friend bool operator!=(const NodeRegion& a, const NodeRegion& b) { return !(a == b); }
};

}  // namespace nndf
