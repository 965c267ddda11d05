#include "core/layer_search/buf_shr_scheme.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/util/error.h"

namespace nndf {

BufShrScheme::BufShrScheme(const NodeRegion& region, const PartitionScheme& part,
                           const DataLoops& data_loops) {
    PhyDim2 pd = part.dim();
    NNDF_CHECK(pd.h <= region.dim.h && pd.w <= region.dim.w,
               "BufShrScheme: partitioning scheme does not fit in the node region");
    std::array<PhyDim2, le::NUM> lpe_dims{PhyDim2(1, 1), PhyDim2(1, 1), PhyDim2(1, 1)};
    std::array<PhyDim2f, le::NUM> lpe_nbr{};
    const double nan = std::nan("");
    lpe_nbr.fill({nan, nan});

    // The batch loop maps to OFMP and BATP: use whichever exists; if both,
    // both when adjacent in the order, else the lower (closer) one.
    auto pos = [&](int p) {
        return static_cast<int>(std::find(part.order.begin(), part.order.end(), p) -
                                part.order.begin());
    };
    const int idx_ofmp = pos(pe::OFMP), idx_batp = pos(pe::BATP);
    const PhyDim2 dim_ofmp = part.pdims[pe::OFMP], dim_batp = part.pdims[pe::BATP];
    const std::array<PhyDim2f, pe::NUM> nbr = part.part_neighbor_dists(region);
    if (dim_ofmp.size() == 1) {
        lpe_dims[le::BAT] = dim_batp;
        lpe_nbr[le::BAT] = nbr[pe::BATP];
    } else if (dim_batp.size() == 1) {
        lpe_dims[le::BAT] = dim_ofmp;
        lpe_nbr[le::BAT] = nbr[pe::OFMP];
    } else if (std::abs(idx_ofmp - idx_batp) == 1) {
        lpe_dims[le::BAT] = dim_batp * dim_ofmp;
        const PhyDim2f a = nbr[pe::OFMP], b = nbr[pe::BATP];
        lpe_nbr[le::BAT] = {std::min(a.h, b.h), std::min(a.w, b.w)};
    } else if (idx_ofmp > idx_batp) {
        lpe_dims[le::BAT] = dim_ofmp;
        lpe_nbr[le::BAT] = nbr[pe::OFMP];
    } else {
        lpe_dims[le::BAT] = dim_batp;
        lpe_nbr[le::BAT] = nbr[pe::BATP];
    }
    lpe_dims[le::OFM] = part.pdims[pe::OUTP];
    lpe_nbr[le::OFM] = nbr[pe::OUTP];
    lpe_dims[le::IFM] = part.pdims[pe::INPP];
    lpe_nbr[le::IFM] = nbr[pe::INPP];

    // Nodes that differ only in a loop unrelated to the data share that data.
    for (int d = 0; d < de::NUM; ++d) {
        int lpe = -1;
        for (int l = 0; l < le::NUM && lpe < 0; ++l)
            if (!data_loops[d].has(l)) lpe = l;
        if (lpe < 0) {
            dims_[d] = PhyDim2(1, 1);
            nbr_dists_[d] = {kInf, kInf};
        } else {
            dims_[d] = lpe_dims[lpe];
            nbr_dists_[d] = lpe_nbr[lpe];
        }
        auto ok = [](i64 dim, double nd) {
            return !std::isnan(nd) && (!std::isinf(nd) || dim == 1);
        };
        NNDF_CHECK(ok(dims_[d].h, nbr_dists_[d].h) && ok(dims_[d].w, nbr_dists_[d].w),
                   "extraordinary neighbour distance");
    }
}

std::pair<PhyDim2, int> BufShrScheme::subgrp_dim(int dce, i64 subgrp_size) const {
    i64 true_size = subgrp_size;
    const i64 sz = size(dce);
    while (sz % true_size) {
        ++true_size;
        NNDF_CHECK(true_size <= sz, "buffer-sharing subgroup larger than its group");
    }
    const PhyDim2f nd = nbr_dists_[dce];
    const int idx_sm = nd.h <= nd.w ? 0 : 1;  // ties: height
    const int idx_lg = 1 - idx_sm;
    const i64 dim_sm = dims_[dce][idx_sm];
    PhyDim2 tpl(1, 1);
    for (const auto& f : factorize<2>(dim_sm)) {
        if (f[0] > tpl[idx_sm] && true_size % f[0] == 0) tpl[idx_sm] = f[0];
    }
    tpl[idx_lg] = true_size / tpl[idx_sm];
    return {tpl, idx_sm};
}

double BufShrScheme::nhops_with_neighbor_dist(int dce, PhyDim2 coord) const {
    const PhyDim2f nd = nbr_dists_[dce];
    double dh = coord.h ? static_cast<double>(coord.h) * nd.h : 0;
    double dw = coord.w ? static_cast<double>(coord.w) * nd.w : 0;
    NNDF_CHECK(std::isfinite(dh) && std::isfinite(dw), "infinite neighbour distance");
    return std::fabs(dh) + std::fabs(dw);
}

double BufShrScheme::nhops_rotate_all(int dce, i64 subgrp_size, i64 rotation_unit_cnt) const {
    const uint64_t key = (static_cast<uint64_t>(dce) << 60) ^
                         (static_cast<uint64_t>(subgrp_size) << 40) ^
                         static_cast<uint64_t>(rotation_unit_cnt);
    NNDF_CHECK(subgrp_size < (1 << 20) && rotation_unit_cnt < (i64(1) << 40),
               "rotation key overflow");
    auto it = rotate_cache_.find(key);
    if (it != rotate_cache_.end()) return it->second;

    auto [sdim, idx_pr] = subgrp_dim(dce, subgrp_size);
    // Chain the subgroup's nodes snaking along the priority dimension; each
    // step every node sends to its successor and the (M-1)-th loops back.
    const i64 d_pr = sdim[idx_pr], d_npr = sdim[1 - idx_pr];
    const i64 n_pr = (d_pr - 1) * d_npr, n_npr = d_npr - 1;
    PhyDim2 steps = idx_pr == 0 ? PhyDim2(n_pr, n_npr) : PhyDim2(n_npr, n_pr);
    const double nhops_nbr = nhops_with_neighbor_dist(dce, steps);

    const i64 index = subgrp_size - 1;
    i64 coord_npr = index / d_pr, coord_pr = index % d_pr;
    NNDF_CHECK(coord_npr < d_npr, "rotation coordinate out of the subgroup");
    if (coord_npr % 2 == 1) coord_pr = d_pr - 1 - coord_pr;
    PhyDim2 coord = idx_pr == 0 ? PhyDim2(coord_pr, coord_npr) : PhyDim2(coord_npr, coord_pr);
    const double nhops_lpbk = nhops_with_neighbor_dist(dce, coord);

    const double skipped = std::max(
        1., 1. * static_cast<double>(subgrp_size) / static_cast<double>(rotation_unit_cnt));
    NNDF_CHECK(skipped <= static_cast<double>(subgrp_size), "rotation skips too many steps");
    const double nhops = (nhops_nbr + nhops_lpbk) * (static_cast<double>(subgrp_size) - skipped) *
                         (1. / static_cast<double>(subgrp_size)) *
                         static_cast<double>(size(dce) / subgrp_size);
    NNDF_CHECK(std::isfinite(nhops), "non-finite rotation hops");
    rotate_cache_[key] = nhops;
    return nhops;
}

double BufShrScheme::nhops_wide_fetch_once(int dce, i64 subgrp_size, double fetch_width) const {
    if (fetch_width <= 1) return 0;
    NNDF_CHECK(fetch_width <= static_cast<double>(subgrp_size), "fetch width above subgroup size");
    const double per_step =
        nhops_rotate_all(dce, subgrp_size) / static_cast<double>(subgrp_size - 1);
    const double cw = std::ceil(fetch_width - 1e-6);
    // Steps 0 + 1 + ... + (cw - 1), minus the part of the last node not fetched.
    const double total_steps = (cw - 1) * cw / 2 - (cw - 1) * (cw - fetch_width);
    return per_step * total_steps / fetch_width;
}

}  // namespace nndf
