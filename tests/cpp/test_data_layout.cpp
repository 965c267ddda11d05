// Mirrors the reference's unit_test/test_data_layout.py. Type errors (None or
// wrong element types for the tuples, concat of non-layouts) and the unknown
// keyword of nhops_to are Python-only.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "core/model/data_layout.h"
#include "core/util/error.h"

using nndf::DataLayout;
using nndf::FmapRange;
using nndf::i64;
using nndf::NodeRegion;
using nndf::PartitionScheme;
using nndf::PhyDim2;

namespace {

struct Fixture {
    FmapRange frng1{{0, 0, 0, 0}, {4, 4, 16, 16}};
    NodeRegion region1 = NodeRegion::make({2, 2}, {1, 1}, NodeRegion::DRAM);
    PartitionScheme part1 = PartitionScheme::make(
        {0, 1, 2, 3}, {PhyDim2(1, 1), PhyDim2(2, 1), PhyDim2(1, 2), PhyDim2(1, 1)});

    FmapRange frng2{{0, 0, 0, 0}, {4, 3, 16, 16}};
    NodeRegion region2 = NodeRegion::make({2, 1}, {0, 0}, NodeRegion::DRAM);
    PartitionScheme part2 = PartitionScheme::make(
        {0, 1, 2, 3}, {PhyDim2(2, 1), PhyDim2(1, 1), PhyDim2(1, 1), PhyDim2(1, 1)});

    DataLayout dl1 = DataLayout::make({frng1}, {region1}, {part1});
    DataLayout dl2 = DataLayout::make({frng2}, {region2}, {part2});

    /// dl1 followed by channels 4 to 8 in region2.
    DataLayout two() const {
        return DataLayout::make({frng1, FmapRange({0, 4, 0, 0}, {4, 8, 16, 16})},
                                {region1, region2}, {part1, part2});
    }
};

}  // namespace

TEST_SUITE("data_layout") {
    TEST_CASE_FIXTURE(Fixture, "invalid frngs") {
        // No frngs.
        CHECK_THROWS_WITH_AS(DataLayout::make({}, {region1}, {part1}),
                             doctest::Contains("DataLayout: no frngs"), nndf::InternalError);
        // Not beginning at 0.
        CHECK_THROWS_WITH_AS(DataLayout::make({FmapRange({0, 4, 0, 0}, {4, 8, 16, 16}), frng1},
                                              {region1, region2}, {part1, part2}),
                             doctest::Contains("begin at 0"), nndf::InternalError);
        // b, h, w mismatch.
        for (const auto& fr :
             {FmapRange({0, 4, 0, 0}, {3, 8, 16, 16}), FmapRange({0, 4, 0, 0}, {4, 8, 12, 16}),
              FmapRange({0, 4, 0, 0}, {4, 8, 16, 12})}) {
            CHECK_THROWS_WITH_AS(DataLayout::make({frng1, fr}, {region1, region2}, {part1, part2}),
                                 doctest::Contains("mismatch"), nndf::InternalError);
        }
        // n discontinuous.
        CHECK_THROWS_WITH_AS(DataLayout::make({frng1, FmapRange({0, 5, 0, 0}, {4, 8, 16, 16})},
                                              {region1, region2}, {part1, part2}),
                             doctest::Contains("discontinuous"), nndf::InternalError);
    }

    TEST_CASE_FIXTURE(Fixture, "invalid parts") {
        // Not applicable to fmap ranges (INPP).
        auto inpp = PartitionScheme::make(
            {0, 1, 2, 3}, {PhyDim2(1, 1), PhyDim2(1, 2), PhyDim2(1, 1), PhyDim2(2, 1)});
        CHECK_THROWS_WITH_AS(DataLayout::make({frng1}, {region1}, {inpp}),
                             doctest::Contains("partitioning scheme"), nndf::InternalError);
        // Does not fit in its region.
        CHECK_THROWS_WITH_AS(DataLayout::make({frng1, FmapRange({0, 4, 0, 0}, {4, 8, 16, 16})},
                                              {region2, region1}, {part1, part2}),
                             doctest::Contains("does not fit"), nndf::InternalError);
    }

    TEST_CASE_FIXTURE(Fixture, "invalid args length") {
        CHECK_THROWS_WITH_AS(DataLayout::make({frng1}, {region1, region2}, {part1}),
                             doctest::Contains("same length"), nndf::InternalError);
    }

    TEST_CASE_FIXTURE(Fixture, "complete_fmap_range") {
        CHECK(two().complete_fmap_range().identical(FmapRange({0, 0, 0, 0}, {4, 8, 16, 16})));
    }

    TEST_CASE_FIXTURE(Fixture, "fmap_range_map") {
        DataLayout dl = two();
        auto frmap = dl.fmap_range_map();
        CHECK(frmap.complete_fmap_range().identical(dl.complete_fmap_range()));

        std::vector<std::pair<FmapRange, PhyDim2>> expect{
            {FmapRange({0, 0, 0, 0}, {2, 4, 8, 16}), PhyDim2(1, 1)},
            {FmapRange({2, 0, 0, 0}, {4, 4, 8, 16}), PhyDim2(1, 2)},
            {FmapRange({0, 0, 8, 0}, {2, 4, 16, 16}), PhyDim2(2, 1)},
            {FmapRange({2, 0, 8, 0}, {4, 4, 16, 16}), PhyDim2(2, 2)},
            {FmapRange({0, 4, 0, 0}, {4, 6, 16, 16}), PhyDim2(0, 0)},
            {FmapRange({0, 6, 0, 0}, {4, 8, 16, 16}), PhyDim2(1, 0)}};
        REQUIRE(frmap.items().size() == expect.size());
        for (const auto& e : expect) {
            CAPTURE(e.second.h);
            CAPTURE(e.second.w);
            auto it = std::find_if(frmap.items().begin(), frmap.items().end(),
                                   [&](const auto& kv) { return kv.first.identical(e.first); });
            REQUIRE(it != frmap.items().end());
            CHECK(it->second == e.second);
        }
    }

    TEST_CASE_FIXTURE(Fixture, "nhops_to") {
        FmapRange fr({0, 0, 0, 0}, {4, 4, 16, 16});
        i64 nhops = 2 * 4 * 8 * 16 * (5 + 6 + 6 + 7);
        CHECK(dl1.nhops_to(fr, {PhyDim2(-1, -2)}) == nhops);

        DataLayout dl = two();
        CHECK(dl.nhops_to(fr, {PhyDim2(-1, -2)}) == nhops);

        fr = FmapRange({0, 0, 0, 0}, {16, 16, 16, 16});
        nhops += 2 * 4 * 16 * 16 * (3 + 4);
        CHECK(dl.nhops_to(fr, {PhyDim2(-1, -2)}) == nhops);
    }

    TEST_CASE_FIXTURE(Fixture, "nhops_to multiple destinations") {
        const std::vector<PhyDim2> dests{PhyDim2(-1, -2), PhyDim2(-2, -3), PhyDim2(2, 2)};
        FmapRange fr({0, 0, 0, 0}, {4, 4, 16, 16});
        i64 nhops = 2 * 4 * 8 * 16 * (5 + 6 + 6 + 7) + 2 * 4 * 8 * 16 * (7 + 8 + 8 + 9) +
                    2 * 4 * 8 * 16 * (2 + 1 + 1 + 0);
        CHECK(dl1.nhops_to(fr, dests) == nhops);

        DataLayout dl = two();
        CHECK(dl.nhops_to(fr, dests) == nhops);

        fr = FmapRange({0, 0, 0, 0}, {16, 16, 16, 16});
        nhops += 2 * 4 * 16 * 16 * ((3 + 4) + (5 + 6) + (4 + 3));
        CHECK(dl.nhops_to(fr, dests) == nhops);
    }

    TEST_CASE_FIXTURE(Fixture, "nhops_to multiple destinations with forwarding") {
        std::vector<PhyDim2> dests{PhyDim2(-1, -2), PhyDim2(-2, -3), PhyDim2(2, 2)};
        FmapRange fr({0, 0, 0, 0}, {4, 4, 16, 16});
        // First to (2, 2), then (2, 2) to (-1, -2), (-1, -2) to (-2, -3).
        i64 nhops =
            2 * 4 * 8 * 16 * (2 + 1 + 1 + 0) + 2 * 4 * 8 * 16 * (4 * 7) + 2 * 4 * 8 * 16 * (4 * 2);
        CHECK(dl1.nhops_to(fr, dests, true) == nhops);

        DataLayout dl = two();
        CHECK(dl.nhops_to(fr, dests, true) == nhops);

        nhops += 2 * 4 * 16 * 16 * ((3 + 4) + 2 * 7 + 2 * 2);
        fr = FmapRange({0, 0, 0, 0}, {16, 16, 16, 16});
        CHECK(dl.nhops_to(fr, dests, true) == nhops);

        // (2, 2) to (3, 10) and (8, 4).
        nhops += 4 * 8 * 16 * 16 * (9 + 8);
        dests.push_back(PhyDim2(3, 10));
        dests.push_back(PhyDim2(8, 4));
        CHECK(dl.nhops_to(fr, dests, true) == nhops);
    }

    TEST_CASE("forwarding tree") {
        // The reference's greedy nearest-pair loop; with one source it is Prim.
        CHECK(nndf::forwarding_tree_hops(
                  {2, 2}, {PhyDim2(-1, -2), PhyDim2(-2, -3), PhyDim2(2, 2)}) == 7 + 2);
        CHECK(nndf::forwarding_tree_hops({0, 0}, {}) == 0);
        std::vector<i64> steps;
        CHECK(nndf::forwarding_tree_hops_from({PhyDim2(0, 0), PhyDim2(10, 10)},
                                              {PhyDim2(0, 3), PhyDim2(10, 9), PhyDim2(0, 4)},
                                              &steps) == 1 + 3 + 1);
        CHECK(steps == std::vector<i64>{1, 3, 1});
    }

    TEST_CASE_FIXTURE(Fixture, "is_in") {
        NodeRegion nr1 = region1;
        CHECK(dl1.is_in({nr1}));

        // Extend dim.
        NodeRegion nr2 = NodeRegion::make({5, 5}, nr1.origin, nr1.type);
        CHECK(dl1.is_in({nr2}));

        // Move origin.
        NodeRegion nr3 = NodeRegion::make(nr2.dim, {0, 0}, nr2.type);
        CHECK(dl1.is_in({nr3}));

        // Change type, not in.
        NodeRegion nr4 = NodeRegion::make(nr3.dim, nr3.origin, NodeRegion::PROC);
        CHECK_FALSE(dl1.is_in({nr4}));

        // Move origin to not containing.
        NodeRegion nr5 = NodeRegion::make(nr1.dim, {0, 0}, nr1.type);
        CHECK_FALSE(dl1.is_in({nr5}));

        // Multi-cover.
        NodeRegion nr6_1 = NodeRegion::make({2, 1}, {1, 1}, nr1.type);
        NodeRegion nr6_2 = NodeRegion::make({2, 1}, {1, 2}, nr1.type);
        CHECK(dl1.is_in({nr6_1, nr6_2}));
        CHECK_FALSE(dl1.is_in({nr6_1}));

        // Multiple fmap ranges.
        DataLayout dl = two();
        CHECK_FALSE(dl.is_in({region1}));
        CHECK(dl.is_in({region1, region2}));
        CHECK(dl.is_in({NodeRegion::make({50, 50}, {0, 0}, region1.type)}));
    }

    TEST_CASE_FIXTURE(Fixture, "is_in folded") {
        // (1, 1/2), (2/3, 0/1/2), (4, 1/2)
        auto nr1 = NodeRegion::make_folded({1, 10}, {1, 1}, {1, 1}, region1.type, 3, 2);
        // (1, 1/2), (2, 2)
        auto nr2 = NodeRegion::make_folded({1, 3}, {1, 1}, {1, 1}, region1.type, 3, 2);
        CHECK(dl1.is_in({nr1}));
        CHECK_FALSE(dl1.is_in({nr2}));

        // (1-2, 2), (3-4/5-6/7-8, 0/1/2)
        auto region = NodeRegion::make_folded({2, 10}, {1, 2}, {1, 1}, region1.type, 3, 1);
        auto part = PartitionScheme::make(
            {0, 1, 2, 3}, {PhyDim2(1, 5), PhyDim2(2, 1), PhyDim2(1, 2), PhyDim2(1, 1)});
        DataLayout dl = DataLayout::make(dl1.frngs, {region}, {part});
        // (1-2, 1/2), (3-4/5-6, -1/0/1/2), (7-8, 0/1/2)
        auto nr3 = NodeRegion::make_folded({2, 13}, {1, 1}, {1, 1}, region1.type, 4, 2);
        CHECK(dl.is_in({nr3}));
        CHECK_FALSE(dl.is_in({nr2}));
    }

    TEST_CASE_FIXTURE(Fixture, "concat") {
        FmapRange fr({0, 0, 0, 0}, {30, 30, 30, 30});
        const PhyDim2 o(0, 0);

        DataLayout dl = DataLayout::concat({&dl1, &dl2});
        CHECK(dl.complete_fmap_range().identical(FmapRange({0, 0, 0, 0}, {4, 7, 16, 16})));
        CHECK(dl.complete_fmap_range().size() ==
              dl1.complete_fmap_range().size() + dl2.complete_fmap_range().size());
        CHECK(dl.nhops_to(fr, {o}) == dl1.nhops_to(fr, {o}) + dl2.nhops_to(fr, {o}));

        DataLayout dl_ = DataLayout::concat({&dl2, &dl1});
        CHECK(dl.complete_fmap_range().identical(dl_.complete_fmap_range()));
        CHECK(dl.nhops_to(fr, {o}) == dl_.nhops_to(fr, {o}));
        CHECK(dl != dl_);
        CHECK(dl == DataLayout::concat({&dl1, &dl2}));
    }

    TEST_CASE_FIXTURE(Fixture, "concat unmatch") {
        for (const auto& fr :
             {FmapRange({0, 0, 0, 0}, {4, 4, 10, 16}), FmapRange({0, 0, 0, 0}, {4, 4, 16, 32}),
              FmapRange({0, 0, 0, 0}, {3, 4, 16, 16})}) {
            DataLayout dl = DataLayout::make({fr}, {region1}, {part1});
            CHECK_THROWS_WITH_AS(DataLayout::concat({&dl1, &dl}), doctest::Contains("match"),
                                 nndf::InternalError);
        }
    }
}
