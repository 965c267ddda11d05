// Mirrors the reference's unit_test/test_node_region.py. Type checks of the
// fields (tuples for PhyDim2, floats for wtot/wbeg) and keyword-argument
// forms are Python-only.
#include <doctest/doctest.h>

#include <set>
#include <vector>

#include "core/model/node_region.h"
#include "core/util/error.h"

using nndf::NodeRegion;
using nndf::PhyDim2;

namespace {

std::set<PhyDim2> node_set(const NodeRegion& nr) {
    auto v = nr.iter_node();
    return {v.begin(), v.end()};
}

std::set<PhyDim2> rel2abs_all(const NodeRegion& nr) {
    std::set<PhyDim2> s;
    for (nndf::i64 h = 0; h < nr.dim.h; ++h)
        for (nndf::i64 w = 0; w < nr.dim.w; ++w) s.insert(nr.rel2abs({h, w}));
    return s;
}

NodeRegion proc(PhyDim2 dim, PhyDim2 origin) {
    return NodeRegion::make(dim, origin, NodeRegion::PROC);
}

}  // namespace

TEST_SUITE("node_region") {
    TEST_CASE("valid args") {
        auto nr = NodeRegion::make_folded({4, 4}, {1, 3}, {1, 1}, NodeRegion::PROC, 2, -1);
        CHECK(nr.dim == PhyDim2(4, 4));
        CHECK(nr.origin == PhyDim2(1, 3));
        CHECK(nr.type == NodeRegion::PROC);
        CHECK(nr.wtot == 2);
        CHECK(nr.wbeg == -1);
    }

    TEST_CASE("default dist, wtot and wbeg") {
        auto nr = proc({4, 8}, {1, 3});
        CHECK(nr.dist == PhyDim2(1, 1));
        CHECK(nr.wtot == 8);
        CHECK(nr.wbeg == 8);

        nr = NodeRegion::make_folded({4, 8}, {1, 3}, {1, 1}, NodeRegion::PROC, 6, 6);
        CHECK(nr.wtot == 6);
        CHECK(nr.wbeg == 6);

        nr = NodeRegion::make_folded({4, 8}, {1, 3}, {1, 1}, NodeRegion::PROC, 8, -5);
        CHECK(nr.wtot == 8);
        CHECK(nr.wbeg == -5);

        nr = NodeRegion::make({4, 8}, {1, 3}, NodeRegion::DRAM, {2, 3});
        CHECK(nr.type == NodeRegion::DRAM);
        CHECK(nr.dist == PhyDim2(2, 3));
    }

    TEST_CASE("equality") {
        auto nr0 = NodeRegion::make_folded({4, 8}, {1, 3}, {1, 1}, NodeRegion::PROC, 6, 5);
        CHECK(nr0 == NodeRegion::make_folded({4, 8}, {1, 3}, {1, 1}, NodeRegion::PROC, 6, 5));
        CHECK(nr0 != NodeRegion::make_folded({4, 8}, {1, 3}, {1, 1}, NodeRegion::PROC, 6, 4));
        CHECK(nr0 != NodeRegion::make_folded({4, 8}, {1, 3}, {1, 1}, NodeRegion::DRAM, 6, 5));
    }

    TEST_CASE("larger wtot") {
        auto nr = NodeRegion::make_folded({4, 8}, {1, 3}, {1, 1}, NodeRegion::PROC, 20, 20);
        CHECK(nr.wtot == 20);
    }

    TEST_CASE("invalid type") {
        CHECK_THROWS_WITH_AS(NodeRegion::make({4, 4}, {1, 3}, static_cast<NodeRegion::Type>(2)),
                             doctest::Contains("NodeRegion: invalid type"), nndf::InternalError);
    }

    TEST_CASE("invalid wbeg") {
        CHECK_THROWS_WITH_AS(
            NodeRegion::make_folded({4, 4}, {1, 3}, {1, 1}, NodeRegion::PROC, 4, 5),
            doctest::Contains("wbeg"), nndf::InternalError);
        CHECK_THROWS_AS(NodeRegion::make_folded({4, 4}, {1, 3}, {1, 1}, NodeRegion::PROC, 4, -5),
                        nndf::InternalError);
        CHECK_THROWS_AS(NodeRegion::make_folded({4, 4}, {1, 3}, {1, 1}, NodeRegion::PROC, 4, 0),
                        nndf::InternalError);
        // An empty region need not fold.
        CHECK_NOTHROW(NodeRegion::make_folded({0, 0}, {1, 3}, {1, 1}, NodeRegion::PROC, 4, 0));
    }

    TEST_CASE("contains_node") {
        auto nr = proc({4, 4}, {1, 3});
        for (nndf::i64 h = 1; h < 5; ++h)
            for (nndf::i64 w = 3; w < 7; ++w) CHECK(nr.contains_node({h, w}));

        nndf::i64 num = 0;
        for (nndf::i64 h = -2; h < 10; ++h)
            for (nndf::i64 w = -2; w < 10; ++w) num += nr.contains_node({h, w}) ? 1 : 0;
        CHECK(num == nr.dim.size());
    }

    TEST_CASE("iter_node") {
        auto nr = proc({4, 4}, {1, 3});
        CHECK(static_cast<nndf::i64>(node_set(nr).size()) == nr.dim.size());
        for (const auto& c : nr.iter_node()) CHECK(nr.contains_node(c));
    }

    TEST_CASE("rel2abs") {
        auto nr = proc({4, 4}, {1, 3});
        CHECK(nr.rel2abs({0, 3}) == PhyDim2(1, 6));
        CHECK(nr.rel2abs({2, 1}) == PhyDim2(3, 4));
        CHECK(rel2abs_all(nr) == node_set(nr));
    }

    TEST_CASE("rel2abs dist") {
        auto nr = NodeRegion::make({4, 4}, {1, 3}, NodeRegion::PROC, {5, 3});
        CHECK(nr.rel2abs({0, 3}) == PhyDim2(1, 12));
        CHECK(nr.rel2abs({2, 1}) == PhyDim2(11, 6));
        CHECK(rel2abs_all(nr) == node_set(nr));
    }

    TEST_CASE("rel2abs not in") {
        auto nr = proc({4, 4}, {1, 3});
        CHECK_THROWS_WITH_AS(nr.rel2abs({-1, 0}), doctest::Contains("not in"), nndf::InternalError);
        CHECK_THROWS_AS(nr.rel2abs({0, 4}), nndf::InternalError);
    }

    TEST_CASE("rel2abs folded") {
        // 67
        // 543
        // 012
        auto nr = NodeRegion::make_folded({4, 8}, {1, 3}, {1, 1}, NodeRegion::PROC, 3, 3);
        CHECK(nr.rel2abs({1, 2}) == PhyDim2(1 + 1, 5));
        CHECK(nr.rel2abs({2, 3}) == PhyDim2(5 + 2, 5));
        CHECK(nr.rel2abs({0, 5}) == PhyDim2(5 + 0, 3));
        CHECK(nr.rel2abs({3, 7}) == PhyDim2(9 + 3, 4));
        CHECK(rel2abs_all(nr) == node_set(nr));

        //   7
        // 456
        // 321
        //   0
        nr = NodeRegion::make_folded({4, 8}, {1, 3}, {1, 1}, NodeRegion::PROC, 3, 1);
        CHECK(nr.rel2abs({2, 0}) == PhyDim2(1 + 2, 3));
        CHECK(nr.rel2abs({1, 2}) == PhyDim2(5 + 1, 2));
        CHECK(nr.rel2abs({2, 3}) == PhyDim2(5 + 2, 1));
        CHECK(nr.rel2abs({0, 5}) == PhyDim2(9 + 0, 2));
        CHECK(nr.rel2abs({3, 7}) == PhyDim2(13 + 3, 3));
        CHECK(rel2abs_all(nr) == node_set(nr));

        //   76
        // 2345
        // 10
        nr = NodeRegion::make_folded({4, 8}, {1, 3}, {1, 1}, NodeRegion::PROC, 4, -2);
        CHECK(nr.rel2abs({1, 1}) == PhyDim2(1 + 1, 2));
        CHECK(nr.rel2abs({2, 3}) == PhyDim2(5 + 2, 3));
        CHECK(nr.rel2abs({0, 5}) == PhyDim2(5 + 0, 5));
        CHECK(nr.rel2abs({3, 7}) == PhyDim2(9 + 3, 4));
        CHECK(rel2abs_all(nr) == node_set(nr));
    }

    TEST_CASE("allocate") {
        auto nr = proc({4, 4}, {1, 3});
        std::vector<NodeRegion> subregions;

        auto common_check = [&](size_t length) {
            REQUIRE(subregions.size() == length);
            std::set<PhyDim2> aggr;
            for (const auto& sr : subregions) {
                CHECK(sr.dist == nr.dist);
                CHECK(sr.type == NodeRegion::PROC);
                CHECK(sr.wtot == 4);
                for (const auto& c : sr.iter_node()) {
                    CHECK(nr.contains_node(c));
                    CHECK(aggr.insert(c).second);
                }
            }
            CHECK(aggr == node_set(nr));
        };

        CHECK(nr.allocate({4, 4, 4, 4, 4}).empty());

        // 5544
        // 3344
        // 2221
        // 0011
        subregions = nr.allocate({2, 3, 3, 2, 4, 2});
        common_check(6);
        CHECK(subregions[0].dim == PhyDim2(1, 2));
        CHECK(subregions[0].origin == PhyDim2(1, 3));
        CHECK(subregions[0].wbeg == 2);
        CHECK(subregions[1].dim == PhyDim2(1, 3));
        CHECK(subregions[1].origin == PhyDim2(1, 5));
        CHECK(subregions[1].wbeg == 2);
        CHECK(subregions[2].dim == PhyDim2(1, 3));
        CHECK(subregions[2].origin == PhyDim2(2, 5));
        CHECK(subregions[2].wbeg == -3);
        CHECK(subregions[3].dim == PhyDim2(1, 2));
        CHECK(subregions[3].origin == PhyDim2(3, 3));
        CHECK(subregions[3].wbeg == 2);
        CHECK(subregions[4].dim == PhyDim2(1, 4));
        CHECK(subregions[4].origin == PhyDim2(3, 5));
        CHECK(subregions[4].wbeg == 2);
        CHECK(subregions[5].dim == PhyDim2(1, 2));
        CHECK(subregions[5].origin == PhyDim2(4, 4));
        CHECK(subregions[5].wbeg == -2);

        // 1111
        // 1111
        // 1110
        // 0000
        subregions = nr.allocate({5, 11});
        common_check(2);
        CHECK(subregions[0].dim == PhyDim2(1, 5));
        CHECK(subregions[0].origin == PhyDim2(1, 3));
        CHECK(subregions[0].wbeg == 4);
        CHECK(subregions[1].dim == PhyDim2(1, 11));
        CHECK(subregions[1].origin == PhyDim2(2, 5));
        CHECK(subregions[1].wbeg == -3);

        // 4432
        // 4432
        // 0112
        // 0112
        subregions = nr.allocate({2, 4, 4, 2, 4});
        common_check(5);
        CHECK(subregions[0].dim == PhyDim2(2, 1));
        CHECK(subregions[0].origin == PhyDim2(1, 3));
        CHECK(subregions[0].wbeg == 1);
        CHECK(subregions[1].dim == PhyDim2(2, 2));
        CHECK(subregions[1].origin == PhyDim2(1, 4));
        CHECK(subregions[1].wbeg == 2);
        CHECK(subregions[2].dim == PhyDim2(2, 2));
        CHECK(subregions[2].origin == PhyDim2(1, 6));
        CHECK(subregions[2].wbeg == 1);
        CHECK(subregions[3].dim == PhyDim2(2, 1));
        CHECK(subregions[3].origin == PhyDim2(3, 5));
        CHECK(subregions[3].wbeg == -1);
        CHECK(subregions[4].dim == PhyDim2(2, 2));
        CHECK(subregions[4].origin == PhyDim2(3, 4));
        CHECK(subregions[4].wbeg == -2);

        // 1110
        // 1110
        // 0000
        // 0000
        nr.dist = PhyDim2(2, 1);
        subregions = nr.allocate({10, 6});
        common_check(2);
        CHECK(subregions[0].dim == PhyDim2(2, 5));
        CHECK(subregions[0].origin == PhyDim2(1, 3));
        CHECK(subregions[0].wbeg == 4);
        CHECK(subregions[1].dim == PhyDim2(2, 3));
        CHECK(subregions[1].origin == PhyDim2(5, 5));
        CHECK(subregions[1].wbeg == -3);
    }
}
