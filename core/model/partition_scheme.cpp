#include "core/model/partition_scheme.h"

#include <algorithm>

#include "core/util/error.h"

namespace nndf {

PartitionScheme PartitionScheme::make(const std::array<int, pe::NUM>& order,
                                      const std::array<PhyDim2, pe::NUM>& pdims) {
    std::array<int, pe::NUM> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    for (int i = 0; i < pe::NUM; ++i) {
        NNDF_CHECK(sorted[i] == i, "PartitionScheme: order must be a permutation of 0 to 3");
    }
    PartitionScheme p;
    p.order = order;
    p.pdims = pdims;
    return p;
}

PhyDim2 PartitionScheme::dim() const {
    PhyDim2 d(1, 1);
    for (int p = 0; p < pe::NUM; ++p) d = d * pdims[p];
    return d;
}

PhyDim2 PartitionScheme::dim_of(std::initializer_list<int> paes) const {
    PhyDim2 d(1, 1);
    for (int p : paes) {
        NNDF_CHECK(0 <= p && p < pe::NUM, "PartitionScheme: no parallelism " << p);
        d = d * pdims[p];
    }
    return d;
}

std::vector<PartIndex> PartitionScheme::gen_pidx() const {
    std::vector<PartIndex> out;
    out.reserve(static_cast<size_t>(size()));
    for_each_pidx([&](const PartIndex& pidx) { out.push_back(pidx); });
    return out;
}

PhyDim2 PartitionScheme::coordinate(const NodeRegion& region, const PartIndex& pidx) const {
    PhyDim2 c(0, 0);
    for (int p : order) c = c * pdims[p] + pidx[p];
    return region.rel2abs(c);
}

FmapRange PartitionScheme::fmap_range(const FmapRange& frng, const PartIndex& pidx) const {
    const auto& b = frng.fp_beg;
    const auto& e = frng.fp_end;
    i64 idx_bat = pidx[pe::BATP].h * pdims[pe::BATP].w + pidx[pe::BATP].w;
    auto rb = get_ith_range(b.b, e.b, idx_bat, pdims[pe::BATP].size());
    i64 idx_ofm = pidx[pe::OUTP].h * pdims[pe::OUTP].w + pidx[pe::OUTP].w;
    auto rn = get_ith_range(b.n, e.n, idx_ofm, pdims[pe::OUTP].size());
    auto rh = get_ith_range(b.h, e.h, pidx[pe::OFMP].h, pdims[pe::OFMP].h);
    auto rw = get_ith_range(b.w, e.w, pidx[pe::OFMP].w, pdims[pe::OFMP].w);
    return FmapRange({rb.first, rn.first, rh.first, rw.first},
                     {rb.second, rn.second, rh.second, rw.second});
}

bool PartitionScheme::is_applicable_to_fmap_range() const {
    return size() == size_of({pe::BATP, pe::OUTP, pe::OFMP});
}

PartitionedLayer PartitionScheme::part_layer(const Layer& layer, i64 batch) const {
    i64 p_nifm = idivc(layer.nifm(), pdims[pe::INPP].size());
    i64 p_nofm = idivc(layer.nofm, pdims[pe::OUTP].size());
    i64 p_hofm = idivc(layer.hofm, pdims[pe::OFMP].h);
    i64 p_wofm = idivc(layer.wofm, pdims[pe::OFMP].w);
    PartitionedLayer out;
    // The reference always rebuilds a plain Conv or LocalRegion layer here,
    // which drops an Eltwise layer's channel stride (ntrd back to 1).
    if (layer.is_conv()) {
        out.layer = Layer::conv(p_nifm, p_nofm, {p_hofm, p_wofm}, {layer.hfil, layer.wfil},
                                {layer.htrd, layer.wtrd});
    } else if (layer.is_local_region()) {
        NNDF_CHECK(pdims[pe::INPP].size() <= 1,
                   "PartitionScheme: input partitioning is invalid for LocalRegionLayer");
        out.layer = Layer::local_region(p_nofm, {p_hofm, p_wofm}, layer.nreg,
                                        {layer.hreg, layer.wreg}, 1, {layer.htrd, layer.wtrd});
    } else {
        NNDF_FAIL("PartitionScheme: unrecognized layer type");
    }
    out.batch = idivc(batch, pdims[pe::BATP].size());
    out.occupancy = 1. * static_cast<double>(layer.total_ops(batch)) /
                    static_cast<double>(out.layer.total_ops(out.batch) * size());
    NNDF_CHECK(out.occupancy <= 1 + 1e-6, "partition occupancy above 1");
    return out;
}

std::array<PhyDim2f, pe::NUM> PartitionScheme::part_neighbor_dists(const NodeRegion& region) const {
    // Each node's coordinate once, by its position in for_each_pidx's
    // order; a neighbour one step back along a parallelism is a fixed step
    // back in that order. (Folded regions make coordinates no linear
    // function of the index, so the distances are summed, not derived.) The
    // buffer sharing of every per-node search asks for these: they were a
    // tenth of a large grid's search when each took three coordinates per
    // node, per parallelism.
    thread_local std::vector<PhyDim2> coords;
    coords.clear();
    for_each_pidx([&](const PartIndex& pidx) { coords.push_back(coordinate(region, pidx)); });
    std::array<PhyDim2f, pe::NUM> out;
    size_t after = 1;  // the positions one step of pae.w spans
    for (int pae = pe::NUM - 1; pae >= 0; --pae) {
        const size_t ph = static_cast<size_t>(pdims[pae].h), pw = static_cast<size_t>(pdims[pae].w);
        const size_t h_step = after * pw;
        i64 hsum = 0, hcnt = 0, wsum = 0, wcnt = 0;
        for (size_t k = 0; k < coords.size(); ++k) {
            if ((k / h_step) % ph > 0) {  // pidx[pae].h > 0
                hsum += coords[k].hop_dist(coords[k - h_step]);
                ++hcnt;
            }
            if ((k / after) % pw > 0) {  // pidx[pae].w > 0
                wsum += coords[k].hop_dist(coords[k - after]);
                ++wcnt;
            }
        }
        out[pae].h = hcnt ? 1. * static_cast<double>(hsum) / static_cast<double>(hcnt) : kInf;
        out[pae].w = wcnt ? 1. * static_cast<double>(wsum) / static_cast<double>(wcnt) : kInf;
        after *= ph * pw;
    }
    return out;
}

PhyDim2f PartitionScheme::part_neighbor_dist(const NodeRegion& region, int pae) const {
    if (pae < 0 || pae >= pe::NUM) return {std::nan(""), std::nan("")};
    return part_neighbor_dists(region)[pae];
}

PartitionScheme PartitionScheme::projection(const NodeRegion& region, bool appl2frng) const {
    NNDF_CHECK(region.dim.size() != 0, "PartitionScheme: cannot project onto an empty node region");
    std::array<PhyDim2, pe::NUM> pd = pdims;
    if (appl2frng) {
        for (int p = 0; p < pe::NUM; ++p) {
            if (std::find(kParaEnumAppl2Frng.begin(), kParaEnumAppl2Frng.end(), p) ==
                kParaEnumAppl2Frng.end()) {
                pd[p] = PhyDim2(1, 1);
            }
        }
    }
    PhyDim2 part_dim(1, 1);
    for (int p = 0; p < pe::NUM; ++p) part_dim = part_dim * pd[p];
    for (int di = 0; di < 2; ++di) {
        i64 pdd = part_dim[di];
        i64 rd = region.dim[di];
        if (rd > pdd) {
            pd[kParaEnumAppl2Frng[0]][di] *= rd / pdd;
        } else {
            for (int k = pe::NUM - 1; k >= 0; --k) {
                int p = order[k];
                if (rd >= pd[p][di]) {
                    rd /= pd[p][di];
                } else {
                    pd[p][di] = rd;
                    rd = 1;
                }
            }
        }
    }
    PartitionScheme out = make(order, pd);
    NNDF_CHECK(out.dim().h <= region.dim.h && out.dim().w <= region.dim.w,
               "projection does not fit the region");
    NNDF_CHECK(!appl2frng || out.is_applicable_to_fmap_range(), "projection not applicable");
    return out;
}

}  // namespace nndf
