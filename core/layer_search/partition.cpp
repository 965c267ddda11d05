#include "core/layer_search/partition.h"

#include <algorithm>

#include "core/util/error.h"

namespace nndf {

std::vector<PartitionScheme> gen_partition(const Layer& layer, i64 batch, PhyDim2 dim_nodes,
                                           const Option& options, bool guaranteed) {
    std::vector<PartitionScheme> out;
    const auto fh = factorize<4>(dim_nodes.h), fw = factorize<4>(dim_nodes.w);
    for (const auto& ph : fh) {
        for (const auto& pw : fw) {
            std::array<PhyDim2, pe::NUM> pd;
            for (int p = 0; p < pe::NUM; ++p) pd[p] = {ph[p], pw[p]};

            if (!options.partition_batch && pd[pe::BATP].size() > 1) continue;
            if (batch % pd[pe::BATP].size() != 0) continue;

            // Fill one dimension before the other, except for fmap tiling.
            bool half = false;
            for (int p = 0; p < pe::NUM; ++p) {
                if (p != pe::OFMP && 1 < pd[p].h && pd[p].h < dim_nodes.h && 1 < pd[p].w &&
                    pd[p].w < dim_nodes.w) {
                    half = true;
                }
            }
            if (half) continue;

            if (options.partition_hybrid) {
                if (!approx_dividable(layer.nofm, pd[pe::OUTP].size())) continue;
                if (!approx_dividable(layer.hofm, pd[pe::OFMP].h) ||
                    !approx_dividable(layer.wofm, pd[pe::OFMP].w)) {
                    continue;
                }
                if (!options.partition_ifmaps && pd[pe::INPP].size() > 1) continue;
                if (layer.is_conv()) {
                    if (!approx_dividable(layer.nifm(), pd[pe::INPP].size())) continue;
                } else if (layer.is_local_region()) {
                    if (pd[pe::INPP].size() > 1) continue;
                }
            } else {
                if (pd[pe::INPP].size() != 1) continue;
                if (layer.hofm == 1 && layer.wofm == 1) {
                    if (pd[pe::OFMP].size() != 1) continue;  // FC: no fmap tiling
                } else {
                    if (pd[pe::OUTP].size() != 1) continue;  // conv: no output split
                }
            }

            // Transposed 1-D schemes are equivalent; keep the (h <= w) one.
            if (pd[pe::OFMP].size() == 1) {
                bool one_d = true;
                for (int p = 0; p < pe::NUM; ++p) one_d = one_d && (pd[p].h == 1 || pd[p].w == 1);
                if (one_d) {
                    std::array<i64, pe::NUM> hs, ws;
                    for (int p = 0; p < pe::NUM; ++p) {
                        hs[p] = pd[p].h;
                        ws[p] = pd[p].w;
                    }
                    if (hs > ws) continue;
                }
            }

            std::array<int, pe::NUM> perm{0, 1, 2, 3};
            do {
                bool skip = false;
                for (int i = 0; i + 1 < pe::NUM && !skip; ++i) {
                    const int a = perm[i], b = perm[i + 1];
                    const PhyDim2 da = pd[a], db = pd[b];
                    if (da.size() == 1 && db.size() == 1 && a > b)
                        skip = true;
                    else if (da.size() > 1 && db.size() == 1)
                        skip = true;
                    else if (a != pe::BATP && db.h == 1 && db.w > 1 && da.h > 1 && da.w == 1)
                        skip = true;
                }
                if (skip) continue;
                int no_part = 0;
                bool batp_split = pd[pe::BATP].size() > 1;
                for (int p = 0; p < pe::NUM; ++p)
                    if (pd[p].size() == 1) ++no_part;
                // Batch partitioning goes on top of the others.
                if (batp_split && perm[no_part] != pe::BATP) continue;
                PartitionScheme ps = PartitionScheme::make(perm, pd);
                NNDF_CHECK(ps.dim() == dim_nodes, "partition does not cover the nodes");
                out.push_back(ps);
            } while (std::next_permutation(perm.begin(), perm.end()));
        }
    }
    if (guaranteed && out.empty()) {
        std::array<PhyDim2, pe::NUM> pd{PhyDim2(1, 1), PhyDim2(1, 1), PhyDim2(1, 1), PhyDim2(1, 1)};
        if (layer.hofm == 1 && layer.wofm == 1) {
            pd[pe::OUTP] = dim_nodes;
        } else {
            pd[pe::OFMP] = dim_nodes;
        }
        out.push_back(PartitionScheme::make({0, 1, 2, 3}, pd));
    }
    return out;
}

ProcDataRange proc_data_range(const Layer& layer, i64 batch, const PartitionScheme& part,
                              const PartIndex& pidx) {
    const FmapRange full({0, 0, 0, 0}, {batch, layer.nofm, layer.hofm, layer.wofm});
    const FmapRange ofrng = part.fmap_range(full, pidx);
    const IntRange b = ofrng.beg_end(0), n = ofrng.beg_end(1), h = ofrng.beg_end(2),
                   w = ofrng.beg_end(3);
    i64 n_beg, n_end, h_beg, h_end, w_beg, w_end;
    if (layer.is_conv()) {
        const i64 idx_ifm = pidx[pe::INPP].h * part.pdims[pe::INPP].w + pidx[pe::INPP].w;
        auto rn = get_ith_range(0, layer.nifm(), idx_ifm, part.pdims[pe::INPP].size());
        n_beg = rn.first;
        n_end = rn.second;
        h_beg = h.beg * layer.htrd;
        h_end = std::max(h_beg, (h.end - 1) * layer.htrd + layer.hfil);
        w_beg = w.beg * layer.wtrd;
        w_end = std::max(w_beg, (w.end - 1) * layer.wtrd + layer.wfil);
    } else {
        n_beg = std::max<i64>(0, n.beg - layer.nreg / 2);
        n_end = std::min(layer.nifm(), n.end + layer.nreg - layer.nreg / 2);
        h_beg = h.beg * layer.htrd;
        h_end = std::max(h_beg, (h.end - 1) * layer.htrd + layer.hreg);
        w_beg = w.beg * layer.wtrd;
        w_end = std::max(w_beg, (w.end - 1) * layer.wtrd + layer.wreg);
    }
    NNDF_CHECK(n_end <= layer.nifm() && h_end <= layer.hifm() && w_end <= layer.wifm(),
               "ifmap range outside the layer");
    ProcDataRange r;
    r.ifrng = FmapRange({b.beg, n_beg, h_beg, w_beg}, {b.end, n_end, h_end, w_end});
    r.ofrng = ofrng;
    if (layer.is_conv()) {
        r.fil_i = r.ifrng.beg_end(1);
        r.fil_o = ofrng.beg_end(1);
    }
    return r;
}

namespace {

/// Insertion-ordered map from a key to the nodes that need it. Reset and
/// refilled per call, its vectors keep their capacity: a search counts hops
/// hundreds of thousands of times, and allocating afresh each time was most
/// of the cost (and serialized threads on the allocator).
template <typename K>
struct NodeGroups {
    std::vector<std::pair<K, std::vector<PhyDim2>>> slots;  // the first `count` in use
    size_t count = 0;

    void reset() { count = 0; }
    template <typename Eq>
    void add(const K& k, PhyDim2 c, Eq eq) {
        for (size_t i = 0; i < count; ++i) {
            if (eq(slots[i].first, k)) {
                slots[i].second.push_back(c);
                return;
            }
        }
        if (count == slots.size()) slots.emplace_back();
        slots[count].first = k;
        slots[count].second.assign(1, c);
        ++count;
    }
    auto begin() const { return slots.begin(); }
    auto end() const { return slots.begin() + static_cast<std::ptrdiff_t>(count); }
};

/// The filter, ifmap and ofmap pieces of a partitioned layer, each with the
/// nodes that process it, in partition-index order.
struct DataGroups {
    NodeGroups<std::pair<IntRange, IntRange>> fil;
    NodeGroups<FmapRange> ifm, ofm;

    /// Every piece of each category goes to the same number of nodes.
    bool even() const {
        auto uniform = [](const auto& groups) {
            for (const auto& it : groups)
                if (it.second.size() != groups.begin()->second.size()) return false;
            return true;
        };
        return uniform(fil) && uniform(ifm) && uniform(ofm);
    }
};

/// Groups the data of `part` by piece, in this thread's reused buffers (valid
/// until the thread's next call).
template <typename CoordOf>
const DataGroups& group_data(const Layer& layer, i64 batch, const PartitionScheme& part,
                             CoordOf coord_of) {
    thread_local DataGroups g;
    g.fil.reset();
    g.ifm.reset();
    g.ofm.reset();
    auto same_rng = [](const FmapRange& a, const FmapRange& b) { return a.identical(b); };
    auto same_fil = [](const std::pair<IntRange, IntRange>& a,
                       const std::pair<IntRange, IntRange>& b) { return a == b; };
    part.for_each_pidx([&](const PartIndex& pidx) {
        const PhyDim2 coord = coord_of(pidx);
        const ProcDataRange r = proc_data_range(layer, batch, part, pidx);
        if (r.ifrng.size() > 0 && r.ofrng.size() > 0) {
            g.ifm.add(r.ifrng, coord, same_rng);
            g.ofm.add(r.ofrng, coord, same_rng);
            if (!r.fil_i.empty() && !r.fil_o.empty())
                g.fil.add({r.fil_i, r.fil_o}, coord, same_fil);
        }
    });
    return g;
}

i64 nhops_to_fil(const Layer& layer, const std::vector<PhyDim2>& filter_nodes,
                 const NodeGroups<std::pair<IntRange, IntRange>>& fil, bool fwd) {
    i64 nhops = 0;
    for (const auto& [rng, coords] : fil) {
        const i64 fil_size = rng.first.size() * rng.second.size() * layer.filter_size();
        if (fwd) {
            nhops += fil_size * forwarding_tree_hops_from(filter_nodes, coords);
        } else {
            i64 s = 0;
            for (const auto& c : coords) {
                i64 m = -1;
                for (const auto& f : filter_nodes) {
                    i64 d = c.hop_dist(f);
                    if (m < 0 || d < m) m = d;
                }
                s += m;
            }
            nhops += fil_size * s;
        }
    }
    return nhops;
}

}  // namespace

bool replicates_data_evenly(const Layer& layer, i64 batch, const PartitionScheme& part) {
    // Only how many nodes share each piece matters here, not where they are.
    return group_data(layer, batch, part, [](const PartIndex&) { return PhyDim2(0, 0); }).even();
}

std::array<i64, de::NUM> unit_nhops_to_proc_region(
    const Layer& layer, i64 batch, const NodeRegion& region, const PartitionScheme& part,
    const std::vector<PhyDim2>& filter_nodes, const DataLayout& ifmap_layout,
    const DataLayout& ofmap_layout, const Option& options) {
    const DataGroups& groups = group_data(
        layer, batch, part, [&](const PartIndex& pidx) { return part.coordinate(region, pidx); });
    // The caller drops the other schemes (replicates_data_evenly).
    NNDF_CHECK(groups.even(), "uneven data replication");
    const auto& fil = groups.fil;
    const auto& ifm = groups.ifm;
    const auto& ofm = groups.ofm;

    // With forwarding, the nearest node fetches and forwards to the rest.
    const bool fwd = options.hw_access_forwarding || options.hw_gbuf_sharing;
    std::array<i64, de::NUM> nhops{0, 0, 0};
    nhops[de::FIL] = nhops_to_fil(layer, filter_nodes, fil, fwd);
    // Indexed once per call, in this thread's reused buffers.
    thread_local LayoutPieces ifm_pieces, ofm_pieces;
    ifm_pieces.index(ifmap_layout);
    for (const auto& [rng, coords] : ifm) {
        nhops[de::IFM] += ifmap_layout.nhops_to(ifm_pieces, rng, coords, fwd);
    }

    const bool local = ofmap_layout.parts.size() == 1 && ofmap_layout.parts[0] == part &&
                       ofmap_layout.regions.size() == 1 && ofmap_layout.regions[0] == region;
    if (!local) {
        ofm_pieces.index(ofmap_layout);
        for (const auto& [rng, coords] : ofm) {
            if (fwd) {
                i64 read = -1;
                for (const auto& c : coords) {
                    i64 h = ofmap_layout.nhops_to(ofm_pieces, rng, c);
                    if (read < 0 || h < read) read = h;
                }
                const i64 accum = ofmap_layout.nhops_to(ofm_pieces, rng, coords, true);
                nhops[de::OFM] += idivc(read + accum, 2);
            } else {
                // The middle node reads from memory; the others send to it.
                const size_t mid = coords.size() / 2;
                for (size_t i = 0; i < coords.size(); ++i) {
                    if (i == mid) {
                        nhops[de::OFM] += ofmap_layout.nhops_to(ofm_pieces, rng, coords[i]);
                    } else {
                        nhops[de::OFM] += idivc(rng.size() * coords[i].hop_dist(coords[mid]), 2);
                    }
                }
            }
        }
    }
    return nhops;
}

namespace {

/// A pass of a multi-pass layer: where its slice starts in the whole layer.
struct PassOffset {
    i64 b = 0;     ///< Sample (matmul).
    i64 head = 0;  ///< Group or head.
};

FmapRange shifted(const FmapRange& r, i64 db, i64 dn) {
    FmapPosition b = r.fp_beg, e = r.fp_end;
    b.b += db;
    e.b += db;
    b.n += dn;
    e.n += dn;
    return FmapRange(b, e);
}

/// The rhs fmap boxes that hold positions [beg, end) (row-major over
/// [h, w]): a partial first row, the full rows, a partial last row.
std::vector<std::pair<IntRange, IntRange>> position_boxes(i64 beg, i64 end, i64 w) {
    std::vector<std::pair<IntRange, IntRange>> out;
    while (beg < end) {
        const i64 row = beg / w, col = beg % w;
        if (col != 0 || end - beg < w) {
            const i64 stop = std::min(end, (row + 1) * w);
            out.push_back({IntRange(row, row + 1), IntRange(col, col + stop - beg)});
            beg = stop;
        } else {
            const i64 rows = (end - beg) / w;
            out.push_back({IntRange(row, row + rows), IntRange(0, w)});
            beg += rows * w;
        }
    }
    return out;
}

}  // namespace

std::array<i64, de::NUM> unit_nhops_of_passes(
    const Layer& layer, i64 batch, const NodeRegion& region, const PartitionScheme& part,
    const std::vector<PhyDim2>& filter_nodes, const DataLayout& ifmap_layout,
    const DataLayout* rhs_layout, const DataLayout& unit_ofmap_layout, const Option& options) {
    if (!layer.is_multi_pass()) {
        return unit_nhops_to_proc_region(layer, batch, region, part, filter_nodes, ifmap_layout,
                                         unit_ofmap_layout, options);
    }
    const Layer unit = layer.unit_layer();
    const i64 ub = layer.unit_batch(batch);
    const i64 np = layer.passes(batch);
    const bool fwd = options.hw_access_forwarding || options.hw_gbuf_sharing;
    // Filter and ofmap hops of one pass (its ifmap hops are counted below):
    // every pass moves the same amounts the same distances.
    std::array<i64, de::NUM> one = unit_nhops_to_proc_region(
        unit, ub, region, part, filter_nodes, ifmap_layout, unit_ofmap_layout, options);
    std::array<i64, de::NUM> nhops{np * one[de::FIL], 0, np * one[de::OFM]};

    std::vector<PassOffset> passes;
    passes.reserve(static_cast<size_t>(np));
    const i64 nslices = layer.is_matmul() ? layer.heads : layer.groups;
    for (i64 b = 0; b < batch / ub; ++b)
        for (i64 g = 0; g < nslices; ++g) passes.push_back({b, g});

    const DataGroups& groups = group_data(
        unit, ub, part, [&](const PartIndex& pidx) { return part.coordinate(region, pidx); });
    NNDF_CHECK(groups.even(), "uneven data replication");
    const i64 ci = unit.nifm(), co = unit.nofm;
    thread_local LayoutPieces pieces;
    pieces.index(ifmap_layout);
    for (const auto& [rng, coords] : groups.ifm) {
        // A grouped conv's passes differ in channels only; a matmul's also
        // in the sample.
        const bool whole = rng.beg_end(1) == IntRange(0, ci) &&
                           (!layer.is_matmul() || rng.beg_end(0) == IntRange(0, ub));
        if (whole && !fwd) {
            FmapRange all = rng;
            all.fp_end.n = layer.nifm();
            if (layer.is_matmul()) all.fp_end.b = batch;
            nhops[de::IFM] += ifmap_layout.nhops_to(pieces, all, coords, false);
        } else {
            for (const auto& p : passes)
                nhops[de::IFM] +=
                    ifmap_layout.nhops_to(pieces, shifted(rng, p.b, p.head * ci), coords, fwd);
        }
    }
    if (layer.is_matmul()) {
        NNDF_CHECK(rhs_layout, "a matmul without its right operand's layout");
        // Filter element (i, o) of head h, sample b is rhs position p and
        // channel c: (i, h*co + o) without transpose, (o, h*ci + i) with it.
        const FmapRange rfull = rhs_layout->complete_fmap_range();
        const i64 rw = rfull.size_dim(3);
        nhops[de::FIL] = 0;
        pieces.index(*rhs_layout);
        for (const auto& [fr, coords] : groups.fil) {
            const IntRange pos = layer.transpose_rhs ? fr.second : fr.first;
            const IntRange chn = layer.transpose_rhs ? fr.first : fr.second;
            const i64 cstride = layer.transpose_rhs ? ci : co;
            for (const auto& [hr, wr] : position_boxes(pos.beg, pos.end, rw)) {
                const FmapRange box({0, chn.beg, hr.beg, wr.beg}, {1, chn.end, hr.end, wr.end});
                if (!fwd && chn == IntRange(0, cstride)) {
                    FmapRange all = box;
                    all.fp_end.b = batch;
                    all.fp_end.n = cstride * layer.heads;
                    nhops[de::FIL] += rhs_layout->nhops_to(pieces, all, coords, false);
                    continue;
                }
                for (const auto& p : passes) {
                    nhops[de::FIL] += rhs_layout->nhops_to(
                        pieces, shifted(box, p.b, p.head * cstride), coords, fwd);
                }
            }
        }
    }
    return nhops;
}

}  // namespace nndf
