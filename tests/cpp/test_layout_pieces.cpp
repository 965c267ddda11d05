// LayoutPieces answers overlap queries by bands: it must visit exactly the
// pieces a test of every piece would find, with the same overlaps, on
// layouts of every partition kind (batch, channels, rows and columns, and
// stacked channel slices) and on queries that cut across bands.
#include <doctest/doctest.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "core/model/data_layout.h"
#include "core/model/layout_pieces.h"

using nndf::DataLayout;
using nndf::FmapRange;
using nndf::i64;
using nndf::LayoutPieces;
using nndf::NodeRegion;
using nndf::PartitionScheme;
using nndf::PhyDim2;

namespace {

using Hit = std::tuple<FmapRange, PhyDim2, i64>;

bool hit_less(const Hit& a, const Hit& b) {
    const auto& [fa, ca, sa] = a;
    const auto& [fb, cb, sb] = b;
    return std::tie(fa.fp_beg, fa.fp_end, ca, sa) < std::tie(fb.fp_beg, fb.fp_end, cb, sb);
}

/// Every piece of `layout` overlapping `q`, by testing each.
std::vector<Hit> brute_force(const DataLayout& layout, const FmapRange& q) {
    std::vector<Hit> hits;
    for (size_t i = 0; i < layout.frngs.size(); ++i) {
        for (const auto& pidx : layout.parts[i].gen_pidx()) {
            const FmapRange f = layout.parts[i].fmap_range(layout.frngs[i], pidx);
            const i64 size = q.overlap_size(f);
            if (size)
                hits.emplace_back(f, layout.parts[i].coordinate(layout.regions[i], pidx), size);
        }
    }
    std::sort(hits.begin(), hits.end(), hit_less);
    return hits;
}

std::vector<Hit> indexed(const LayoutPieces& pieces, const FmapRange& q) {
    std::vector<Hit> hits;
    pieces.for_each_overlap(q, [&](const LayoutPieces::Piece& p, i64 size) {
        hits.emplace_back(p.frng, p.coord, size);
    });
    std::sort(hits.begin(), hits.end(), hit_less);
    return hits;
}

}  // namespace

TEST_CASE("layout pieces: the indexed overlaps equal a test of every piece") {
    const NodeRegion region = NodeRegion::make({4, 4}, {0, 0}, NodeRegion::PROC);
    const NodeRegion other = NodeRegion::make({2, 2}, {4, 0}, NodeRegion::PROC);
    // (OUTP, OFMP, BATP, INPP) node splits.
    const std::vector<std::array<PhyDim2, 4>> splits = {
        {PhyDim2(1, 1), PhyDim2(4, 4), PhyDim2(1, 1), PhyDim2(1, 1)},
        {PhyDim2(4, 4), PhyDim2(1, 1), PhyDim2(1, 1), PhyDim2(1, 1)},
        {PhyDim2(2, 1), PhyDim2(1, 2), PhyDim2(2, 2), PhyDim2(1, 1)},
        {PhyDim2(1, 2), PhyDim2(2, 1), PhyDim2(1, 1), PhyDim2(2, 2)},
        {PhyDim2(1, 1), PhyDim2(1, 1), PhyDim2(4, 4), PhyDim2(1, 1)},
    };
    const FmapRange whole({0, 0, 0, 0}, {8, 32, 13, 11});
    std::vector<DataLayout> layouts;
    for (const auto& pd : splits) {
        const PartitionScheme part = PartitionScheme::make({0, 1, 2, 3}, pd);
        if (!part.is_applicable_to_fmap_range()) continue;
        layouts.push_back(DataLayout::make({whole}, {region}, {part}));
        // The same stacked with 16 more channels on other nodes.
        const PartitionScheme small = PartitionScheme::make(
            {0, 1, 2, 3}, {PhyDim2(1, 1), PhyDim2(2, 1), PhyDim2(1, 2), PhyDim2(1, 1)});
        layouts.push_back(DataLayout::make({whole, FmapRange({0, 32, 0, 0}, {8, 48, 13, 11})},
                                           {region, other}, {part, small}));
    }
    REQUIRE(layouts.size() >= 6);
    LayoutPieces pieces;
    int queries = 0, nonempty = 0;
    for (const auto& layout : layouts) {
        pieces.index(layout);
        size_t count = 0;
        for (const auto& part : layout.parts) count += static_cast<size_t>(part.size());
        CHECK(pieces.pieces().size() == count);
        for (i64 b = 0; b < 8; b += 3) {
            for (i64 n = 0; n < 48; n += 7) {
                for (i64 h = 0; h < 13; h += 4) {
                    for (i64 w = 0; w < 11; w += 5) {
                        const FmapRange q({b, n, h, w}, {b + 3, n + 9, h + 5, w + 3});
                        const auto expected = brute_force(layout, q);
                        CHECK(indexed(pieces, q) == expected);
                        ++queries;
                        if (!expected.empty()) ++nonempty;
                    }
                }
            }
        }
    }
    CHECK(nonempty > queries / 2);
}
