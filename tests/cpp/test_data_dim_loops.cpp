// Mirrors the reference's unit_test/test_data_dim_loops.py. Our type has
// take_prod/drop_prod instead of take/drop; a distinct prime per loop makes a
// product tell exactly which loops were taken.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "core/model/data_dim_loops.h"

using nndf::DataDimLoops;
namespace le = nndf::le;

namespace {

/// Every non-empty combination of loops, each in ascending order.
std::vector<std::vector<int>> loop_combs() {
    std::vector<std::vector<int>> out;
    for (int num = 1; num <= le::NUM; ++num) {
        for (unsigned mask = 0; mask < (1u << le::NUM); ++mask) {
            std::vector<int> comb;
            for (int l = 0; l < le::NUM; ++l)
                if (mask & (1u << l)) comb.push_back(l);
            if (static_cast<int>(comb.size()) == num) out.push_back(comb);
        }
    }
    return out;
}

DataDimLoops make(const std::vector<int>& c) {
    switch (c.size()) {
        case 1:
            return DataDimLoops{c[0]};
        case 2:
            return DataDimLoops{c[0], c[1]};
        default:
            return DataDimLoops{c[0], c[1], c[2]};
    }
}

const long long kPrimes[le::NUM] = {2, 3, 5};

}  // namespace

TEST_SUITE("data_dim_loops") {
    TEST_CASE("valid args") {
        CHECK(DataDimLoops{le::IFM, le::OFM}.loops() == std::vector<int>{le::IFM, le::OFM});
        CHECK(DataDimLoops{le::BAT, le::IFM, le::OFM}.loops() ==
              std::vector<int>{le::IFM, le::OFM, le::BAT});
    }

    TEST_CASE("valid repeated args") {
        CHECK(DataDimLoops{le::IFM, le::OFM, le::IFM, le::IFM}.loops() ==
              std::vector<int>{le::IFM, le::OFM});
        CHECK(DataDimLoops{le::BAT, le::BAT, le::BAT, le::BAT, le::BAT, le::BAT, le::BAT, le::BAT,
                           le::BAT, le::BAT}
                  .loops() == std::vector<int>{le::BAT});
    }

    TEST_CASE("invalid args") {
        CHECK_THROWS_WITH_AS(DataDimLoops{le::NUM + 1}, doctest::Contains("DataDimLoops"),
                             nndf::InternalError);
        CHECK_THROWS_AS((DataDimLoops{le::IFM, le::NUM}), nndf::InternalError);
        CHECK_THROWS_AS(DataDimLoops{-1}, nndf::InternalError);
    }

    TEST_CASE("loops") {
        CHECK(loop_combs().size() == 7);
        for (const auto& c : loop_combs()) CHECK(make(c).loops() == c);
        CHECK(DataDimLoops().loops().empty());
    }

    TEST_CASE("take") {
        for (const auto& c : loop_combs()) {
            long long expect = 1;
            for (int l : c) expect *= kPrimes[l];
            CHECK(make(c).take_prod(kPrimes) == expect);
        }
        CHECK(DataDimLoops().take_prod(kPrimes) == 1);
    }

    TEST_CASE("drop") {
        for (const auto& c : loop_combs()) {
            long long expect = 1;
            for (int l = 0; l < le::NUM; ++l) {
                if (std::find(c.begin(), c.end(), l) == c.end()) expect *= kPrimes[l];
            }
            CHECK(make(c).drop_prod(kPrimes) == expect);
        }
    }

    TEST_CASE("take and drop") {
        // Disjoint and together complete: the two products multiply to all.
        for (const auto& c : loop_combs()) {
            auto d = make(c);
            CHECK(d.take_prod(kPrimes) * d.drop_prod(kPrimes) == 2 * 3 * 5);
            for (int l = 0; l < le::NUM; ++l) {
                bool in = std::find(c.begin(), c.end(), l) != c.end();
                CHECK(d.has(l) == in);
            }
        }
    }

    TEST_CASE("equality") {
        CHECK(DataDimLoops{le::OFM, le::BAT} == DataDimLoops{le::BAT, le::OFM});
        CHECK(DataDimLoops{le::OFM} != DataDimLoops{le::OFM, le::BAT});
        CHECK(DataDimLoops() == DataDimLoops{});
    }
}
