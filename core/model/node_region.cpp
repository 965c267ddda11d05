#include "core/model/node_region.h"

#include <algorithm>
#include <cstdlib>

#include "core/util/error.h"

namespace nndf {

NodeRegion NodeRegion::make(PhyDim2 dim, PhyDim2 origin, Type type, PhyDim2 dist) {
    return make_folded(dim, origin, dist, type, dim.w, dim.w);
}

NodeRegion NodeRegion::make_folded(PhyDim2 dim, PhyDim2 origin, PhyDim2 dist, Type type, i64 wtot,
                                   i64 wbeg) {
    NNDF_CHECK(type == PROC || type == DRAM, "NodeRegion: invalid type");
    NNDF_CHECK((0 < std::llabs(wbeg) && std::llabs(wbeg) <= wtot) || dim.size() == 0,
               "NodeRegion: |wbeg| must be in (0, wtot]");
    NodeRegion r;
    r.dim = dim;
    r.origin = origin;
    r.dist = dist;
    r.type = type;
    r.wtot = wtot;
    r.wbeg = wbeg;
    return r;
}

PhyDim2 NodeRegion::rel2abs(PhyDim2 rel) const {
    NNDF_CHECK(0 <= rel.h && rel.h < dim.h && 0 <= rel.w && rel.w < dim.w,
               "NodeRegion: relative coordinate is not in the region");
    i64 x = rel.w + wtot - std::llabs(wbeg);
    i64 h = floordiv(x, wtot);
    i64 w = pymod(x, wtot);
    int direction = (wbeg < 0 ? -1 : 1) * (pymod(h, 2) ? -1 : 1);
    if (direction < 0) w = wtot - 1 - w;
    i64 shift = wbeg > 0 ? wtot - wbeg : -wbeg - 1;
    return origin + PhyDim2(h * dim.h + rel.h, w - shift) * dist;
}

std::vector<PhyDim2> NodeRegion::iter_node() const {
    std::vector<PhyDim2> out;
    out.reserve(static_cast<size_t>(std::max<i64>(0, dim.size())));
    for (i64 h = 0; h < dim.h; ++h)
        for (i64 w = 0; w < dim.w; ++w) out.push_back(rel2abs({h, w}));
    return out;
}

bool NodeRegion::contains_node(PhyDim2 coord) const {
    if (wtot == dim.w && wbeg == dim.w) {
        // Unfolded: a plain grid from the origin with steps of dist.
        for (int a = 0; a < 2; ++a) {
            const i64 off = coord[a] - origin[a];
            if (dist[a] == 0) {
                if (off != 0 || dim[a] <= 0) return false;
            } else if (off % dist[a] != 0 || off / dist[a] < 0 || off / dist[a] >= dim[a]) {
                return false;
            }
        }
        return true;
    }
    for (i64 h = 0; h < dim.h; ++h)
        for (i64 w = 0; w < dim.w; ++w)
            if (rel2abs({h, w}) == coord) return true;
    return false;
}

std::vector<NodeRegion> NodeRegion::allocate(const std::vector<i64>& requests) const {
    i64 total = 0;
    for (i64 r : requests) total += r;
    if (total > dim.size()) return {};

    i64 hstrp = dim.h;
    for (i64 r : requests) hstrp = gcd(hstrp, r);

    std::vector<NodeRegion> subregions;
    i64 ofs_h = 0, ofs_w = 0;
    bool move_right = true;
    for (i64 req : requests) {
        NNDF_CHECK(req % hstrp == 0, "allocation request not a multiple of the stripe");
        i64 width = req / hstrp;
        PhyDim2 sub_origin;
        i64 wb;
        if (move_right) {
            sub_origin = {ofs_h, ofs_w};
            wb = std::min(dim.w - ofs_w, width);
        } else {
            sub_origin = {ofs_h, dim.w - ofs_w - 1};
            wb = -std::min(dim.w - ofs_w, width);
        }
        subregions.push_back(
            make_folded({hstrp, width}, origin + sub_origin * dist, dist, type, dim.w, wb));
        ofs_w += width;
        while (ofs_w >= dim.w) {
            ofs_w -= dim.w;
            ofs_h += hstrp;
            move_right = !move_right;
        }
    }
    return subregions;
}

}  // namespace nndf
