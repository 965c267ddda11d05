#include "core/model/data_layout.h"

#include <algorithm>

#include "core/util/error.h"

namespace nndf {

DataLayout DataLayout::make(std::vector<FmapRange> frngs, std::vector<NodeRegion> regions,
                            std::vector<PartitionScheme> parts) {
    NNDF_CHECK(!frngs.empty(), "DataLayout: no frngs");
    NNDF_CHECK(frngs[0].fp_beg == (FmapPosition{0, 0, 0, 0}), "DataLayout: frngs must begin at 0");
    i64 n_end = frngs[0].fp_end.n;
    for (size_t i = 1; i < frngs.size(); ++i) {
        for (int d : {0, 2, 3}) {
            NNDF_CHECK(frngs[i].beg_end(d) == frngs[0].beg_end(d),
                       "DataLayout: frng dim b, h, w mismatch");
        }
        NNDF_CHECK(frngs[i].fp_beg.n == n_end, "DataLayout: frng dim n is discontinuous");
        n_end = frngs[i].fp_end.n;
    }
    for (size_t i = 0; i < parts.size() && i < regions.size(); ++i) {
        NNDF_CHECK(parts[i].is_applicable_to_fmap_range(),
                   "DataLayout: invalid partitioning scheme for fmap range");
        PhyDim2 pd = parts[i].dim();
        NNDF_CHECK(pd.h <= regions[i].dim.h && pd.w <= regions[i].dim.w,
                   "DataLayout: partitioning scheme does not fit in node region");
    }
    NNDF_CHECK(frngs.size() == regions.size() && regions.size() == parts.size(),
               "DataLayout: frngs, regions, parts must have the same length");
    DataLayout dl;
    dl.frngs = std::move(frngs);
    dl.regions = std::move(regions);
    dl.parts = std::move(parts);
    return dl;
}

FmapRangeMap<PhyDim2> DataLayout::fmap_range_map() const {
    FmapRangeMap<PhyDim2> m;
    for (size_t i = 0; i < frngs.size(); ++i) {
        for (const auto& pidx : parts[i].gen_pidx()) {
            m.add(parts[i].fmap_range(frngs[i], pidx), parts[i].coordinate(regions[i], pidx));
        }
    }
    return m;
}

namespace {

/// Prim's algorithm with all sources as the initial tree. The reference's
/// greedy pair choice builds a minimum spanning tree too, and every MST has
/// the same weight, so its set-iteration order cannot change the sum. The
/// search counts hundreds of thousands of trees: they grow in this thread's
/// reused buffers, never in fresh ones (an allocation per tree was a third
/// of the search's, and the threaded wasm build's allocator has one lock).
i64 tree_hops(const PhyDim2* sources, size_t nsources, const std::vector<PhyDim2>& dests,
              std::vector<i64>* per_step) {
    const PhyDim2* const sources_end = sources + nsources;
    thread_local std::vector<PhyDim2> todo;
    thread_local std::vector<i64> best;
    todo.clear();
    for (const auto& d : dests) {
        if (std::find(todo.begin(), todo.end(), d) == todo.end() &&
            std::find(sources, sources_end, d) == sources_end) {
            todo.push_back(d);
        }
    }
    best.resize(todo.size());
    for (size_t j = 0; j < todo.size(); ++j) {
        i64 b = -1;
        for (const PhyDim2* s = sources; s != sources_end; ++s) {
            i64 d = s->hop_dist(todo[j]);
            if (b < 0 || d < b) b = d;
        }
        best[j] = b;
    }
    i64 total = 0;
    while (!todo.empty()) {
        size_t k = 0;
        for (size_t j = 1; j < todo.size(); ++j)
            if (best[j] < best[k]) k = j;
        total += best[k];
        if (per_step) per_step->push_back(best[k]);
        PhyDim2 added = todo[k];
        todo.erase(todo.begin() + static_cast<long>(k));
        best.erase(best.begin() + static_cast<long>(k));
        for (size_t j = 0; j < todo.size(); ++j)
            best[j] = std::min(best[j], added.hop_dist(todo[j]));
    }
    return total;
}

}  // namespace

i64 forwarding_tree_hops_from(const std::vector<PhyDim2>& sources,
                              const std::vector<PhyDim2>& dests, std::vector<i64>* per_step) {
    return tree_hops(sources.data(), sources.size(), dests, per_step);
}

i64 forwarding_tree_hops(PhyDim2 root, const std::vector<PhyDim2>& others) {
    return tree_hops(&root, 1, others, nullptr);
}

i64 DataLayout::nhops_to(const FmapRange& frng, const std::vector<PhyDim2>& dests,
                         bool forwarding) const {
    LayoutPieces pieces;
    pieces.index(*this);
    return nhops_to(pieces, frng, dests, forwarding);
}

i64 DataLayout::nhops_to(const LayoutPieces& pieces, const FmapRange& frng,
                         const std::vector<PhyDim2>& dests, bool forwarding) const {
    // Per destination; reused, as the search calls this in its inner loops.
    thread_local std::vector<i64> nhops;
    nhops.assign(dests.size(), 0);
    pieces.for_each_overlap(frng, [&](const LayoutPieces::Piece& pc, i64 size) {
        for (size_t d = 0; d < dests.size(); ++d) nhops[d] += size * dests[d].hop_dist(pc.coord);
    });
    if (!forwarding) {
        i64 s = 0;
        for (i64 n : nhops) s += n;
        return s;
    }
    // Data reach the destination with the fewest hops first (ties: the
    // smaller coordinate, as Python's min over (hops, coord) tuples).
    size_t first = 0;
    for (size_t d = 1; d < dests.size(); ++d) {
        if (nhops[d] < nhops[first] || (nhops[d] == nhops[first] && dests[d] < dests[first])) {
            first = d;
        }
    }
    i64 total_size = complete_fmap_range().overlap_size(frng);
    return nhops[first] + total_size * forwarding_tree_hops(dests[first], dests);
}

i64 DataLayout::nhops_to(const LayoutPieces& pieces, const FmapRange& frng, PhyDim2 dest) const {
    i64 nhops = 0;
    pieces.for_each_overlap(frng, [&](const LayoutPieces::Piece& pc, i64 size) {
        nhops += size * dest.hop_dist(pc.coord);
    });
    return nhops;
}

bool DataLayout::is_in(const std::vector<NodeRegion>& rs) const {
    for (const auto& region : regions) {
        for (const auto& coord : region.iter_node()) {
            bool found = false;
            for (const auto& r : rs) {
                if (region.type == r.type && r.contains_node(coord)) {
                    found = true;
                    break;
                }
            }
            if (!found) return false;
        }
    }
    return true;
}

DataLayout DataLayout::concat(const std::vector<const DataLayout*>& layouts) {
    std::vector<FmapRange> frngs;
    std::vector<NodeRegion> regions;
    std::vector<PartitionScheme> parts;
    i64 n_offset = 0;
    for (const DataLayout* dl : layouts) {
        // A layout's slices already start where the one before ends (a
        // grouped layer's ofmaps are one slice per group): shift the
        // layout as a whole.
        for (const auto& f : dl->frngs) {
            FmapPosition b = f.fp_beg, e = f.fp_end;
            b.n += n_offset;
            e.n += n_offset;
            frngs.emplace_back(b, e);
        }
        n_offset += dl->complete_fmap_range().size_dim(1);
        regions.insert(regions.end(), dl->regions.begin(), dl->regions.end());
        parts.insert(parts.end(), dl->parts.begin(), dl->parts.end());
    }
    return make(std::move(frngs), std::move(regions), std::move(parts));
}

bool operator==(const DataLayout& a, const DataLayout& b) {
    if (a.frngs.size() != b.frngs.size()) return false;
    for (size_t i = 0; i < a.frngs.size(); ++i)
        if (!a.frngs[i].identical(b.frngs[i])) return false;
    return a.regions == b.regions && a.parts == b.parts;
}

}  // namespace nndf
