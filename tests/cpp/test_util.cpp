// Mirrors the reference's unit_test/test_util.py for the helpers we ported
// (core/math_util.h). HashableDict, prod and assert_float_eq_int have no C++
// counterpart; float arguments and variadic gcd/lcm are Python-only.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <set>

#include "core/util/error.h"
#include "core/util/math_util.h"

using nndf::i64;

namespace {

template <size_t N>
i64 product(const std::array<i64, N>& fs) {
    i64 p = 1;
    for (i64 f : fs) p *= f;
    return p;
}

}  // namespace

TEST_SUITE("util") {
    TEST_CASE("idivc int") {
        CHECK(nndf::idivc(8, 3) == 3);
        CHECK(nndf::idivc(8, 2) == 4);
        CHECK(nndf::idivc(8, 1) == 8);
    }

    TEST_CASE("idivc negative") {
        CHECK(nndf::idivc(34, 4) == 9);
        CHECK(nndf::idivc(-34, 4) == -8);
        CHECK(nndf::idivc(34, -4) == -8);
        CHECK(nndf::idivc(-34, -4) == 9);
    }

    TEST_CASE("idivc zero") {
        CHECK(nndf::idivc(0, 3) == 0);
    }

    TEST_CASE("idivc inf") {
        CHECK(nndf::idivc_inf(3, nndf::kInf) == 0);
        CHECK(nndf::idivc_inf(8, 3.0) == 3);
    }

    TEST_CASE("floordiv and pymod follow Python") {
        CHECK(nndf::floordiv(-7, 2) == -4);
        CHECK(nndf::floordiv(7, -2) == -4);
        CHECK(nndf::pymod(-7, 3) == 2);
        CHECK(nndf::pymod(7, -3) == -2);
    }

    TEST_CASE("approx_dividable int") {
        CHECK(nndf::approx_dividable(24, 2, 0, 0));
        CHECK(nndf::approx_dividable(24, 3, 0, 0));
        CHECK(nndf::approx_dividable(24, 4, 0, 0));

        CHECK(nndf::approx_dividable(11, 2));
        CHECK_FALSE(nndf::approx_dividable(8, 5));
        CHECK(nndf::approx_dividable(19, 5));

        CHECK(nndf::approx_dividable(7, 2, 0.2, 0));
        CHECK(nndf::approx_dividable(7, 2, 0, 1));
        CHECK(nndf::approx_dividable(19, 7, 0.2, 0));
        CHECK(nndf::approx_dividable(19, 7, 0, 2));
        CHECK_FALSE(nndf::approx_dividable(22, 7, 0.2, 0));
        CHECK_FALSE(nndf::approx_dividable(23, 7, 0, 1));

        double ovhd = (21 - 19) / std::max(21., 19.);
        CHECK_FALSE(nndf::approx_dividable(19, 7, ovhd - 0.01, 0));
        CHECK(nndf::approx_dividable(19, 7, ovhd + 0.01, 0));
    }

    TEST_CASE("factorize prod") {
        for (const auto& fs : nndf::factorize<3>(24)) CHECK(product(fs) == 24);
        for (const auto& fs : nndf::factorize<3>(1024)) CHECK(product(fs) == 1024);
    }

    TEST_CASE("factorize limits") {
        auto all = nndf::factorize<3>(1024, {10, 20});
        CHECK(!all.empty());
        for (const auto& fs : all) {
            CHECK(fs[0] <= 10);
            CHECK(fs[1] <= 20);
            CHECK(product(fs) == 1024);
        }
    }

    TEST_CASE("factorize len") {
        // Four distinct prime factors.
        const i64 val = 2 * 3 * 5 * 7;
        CHECK(nndf::factorize<2>(val).size() == 16);
        CHECK(nndf::factorize<3>(val).size() == 81);

        for (i64 v : {24LL, 1024LL, 16LL * 243 * 25}) {
            auto fs = nndf::factorize<2>(v);
            std::set<std::array<i64, 2>> uniq(fs.begin(), fs.end());
            CHECK(uniq.size() == fs.size());
        }
    }

    TEST_CASE("factorize factors") {
        std::set<i64> factors2, factors3;
        for (const auto& fs : nndf::factorize<2>(24)) factors2.insert(fs.begin(), fs.end());
        CHECK(factors2 == std::set<i64>{1, 2, 3, 4, 6, 8, 12, 24});
        for (const auto& fs : nndf::factorize<3>(24)) factors3.insert(fs.begin(), fs.end());
        CHECK(factors2 == factors3);
    }

    TEST_CASE("factorize perm") {
        auto all = nndf::factorize<3>(512);
        std::set<std::array<i64, 3>> ordered(all.begin(), all.end());
        std::set<std::set<i64>> unordered;
        for (const auto& fs : all) unordered.insert(std::set<i64>(fs.begin(), fs.end()));
        size_t cnt = 0;
        for (const auto& fs : unordered) {
            // Permutations of a, b, c; of a, a, b; of a, a, a.
            cnt += fs.size() == 3 ? 6 : fs.size() == 2 ? 3 : 1;
        }
        CHECK(ordered.size() == cnt);
    }

    TEST_CASE("factorize order") {
        // The search visits blockings in this order, so it must match the
        // reference's generator exactly (values printed by util.factorize).
        using A2 = std::array<i64, 2>;
        using A3 = std::array<i64, 3>;
        CHECK(nndf::factorize<2>(12) ==
              std::vector<A2>{{1, 12}, {2, 6}, {3, 4}, {4, 3}, {6, 2}, {12, 1}});
        CHECK(nndf::factorize<3>(12) == std::vector<A3>{{1, 1, 12},
                                                        {1, 2, 6},
                                                        {1, 3, 4},
                                                        {1, 4, 3},
                                                        {1, 6, 2},
                                                        {1, 12, 1},
                                                        {2, 1, 6},
                                                        {2, 2, 3},
                                                        {2, 3, 2},
                                                        {2, 6, 1},
                                                        {3, 1, 4},
                                                        {3, 2, 2},
                                                        {3, 4, 1},
                                                        {4, 1, 3},
                                                        {4, 3, 1},
                                                        {6, 1, 2},
                                                        {6, 2, 1},
                                                        {12, 1, 1}});
        CHECK(nndf::factorize<3>(36, {4, 3}) == std::vector<A3>{{1, 1, 36},
                                                                {1, 2, 18},
                                                                {1, 3, 12},
                                                                {2, 1, 18},
                                                                {2, 2, 9},
                                                                {2, 3, 6},
                                                                {3, 1, 12},
                                                                {3, 2, 6},
                                                                {3, 3, 4},
                                                                {4, 1, 9},
                                                                {4, 3, 3}});
        CHECK(nndf::factorize<3>(1) == std::vector<A3>{{1, 1, 1}});
        auto four = nndf::factorize<4>(64);
        CHECK(std::is_sorted(four.begin(), four.end()));
    }

    TEST_CASE("closest_factor int") {
        auto f = nndf::closest_factor(24, 5);
        CHECK(f.below == 4);
        CHECK(f.above == 6);
        f = nndf::closest_factor(24, 10);
        CHECK(f.below == 8);
        CHECK(f.above == 12);
        f = nndf::closest_factor(25, 3);
        CHECK(f.below == 1);
        CHECK(f.above == 5);
        f = nndf::closest_factor(25, 20);
        CHECK(f.below == 5);
        CHECK(f.above == 25);
    }

    TEST_CASE("closest_factor exact") {
        auto f = nndf::closest_factor(24, 6);
        CHECK(f.below == 6);
        CHECK(f.above == 6);
        f = nndf::closest_factor(24, 2);
        CHECK(f.below == 2);
        CHECK(f.above == 2);
        f = nndf::closest_factor(3, 1);
        CHECK(f.below == 1);
        CHECK(f.above == 1);
    }

    TEST_CASE("closest_factor float factor") {
        auto f = nndf::closest_factor(24, 5.3);
        CHECK(f.below == 4);
        CHECK(f.above == 6);
        f = nndf::closest_factor(24, 10.2);
        CHECK(f.below == 8);
        CHECK(f.above == 12);
    }

    TEST_CASE("closest_factor zero") {
        // The reference returns one-element tuples: (3,) and (1,).
        auto f = nndf::closest_factor(0, 3);
        CHECK(f.below == 3);
        CHECK_FALSE(f.above.has_value());
        f = nndf::closest_factor(24, 0);
        CHECK_FALSE(f.below.has_value());
        CHECK(f.above == 1);
    }

    TEST_CASE("closest_factor negative") {
        CHECK_THROWS_WITH_AS(nndf::closest_factor(24, -5), doctest::Contains("negative"),
                             nndf::InternalError);
        CHECK_THROWS_AS(nndf::closest_factor(-24, -5), nndf::InternalError);
        CHECK_THROWS_AS(nndf::closest_factor(-24, 5), nndf::InternalError);
    }

    TEST_CASE("closest_factor missing") {
        auto f = nndf::closest_factor(4, 5);
        CHECK(f.below == 4);
        CHECK_FALSE(f.above.has_value());
        f = nndf::closest_factor(4, 0.2);
        CHECK_FALSE(f.below.has_value());
        CHECK(f.above == 1);
    }

    TEST_CASE("closest_factor random") {
        for (i64 val = 1; val <= 10; ++val) {
            for (i64 fac = 1; fac <= 10; ++fac) {
                CAPTURE(val);
                CAPTURE(fac);
                auto f = nndf::closest_factor(val, static_cast<double>(fac));
                REQUIRE(f.below.has_value());
                CHECK(val % *f.below == 0);
                CHECK(*f.below <= fac);
                if (f.above) {
                    CHECK(val % *f.above == 0);
                    CHECK(*f.above >= fac);
                } else {
                    CHECK(fac > val);
                }
            }
        }
    }

    TEST_CASE("get_ith_range") {
        struct Case {
            i64 beg, end, num;
        };
        for (const Case& c :
             {Case{0, 16, 4}, Case{0, 44, 5}, Case{5, 39, 7}, Case{10, 41, 8}, Case{10, 43, 8}}) {
            CAPTURE(c.beg);
            CAPTURE(c.end);
            CAPTURE(c.num);
            i64 last_end = c.beg;
            i64 min_size = c.end, max_size = 0;
            for (i64 idx = 0; idx < c.num; ++idx) {
                auto r = nndf::get_ith_range(c.beg, c.end, idx, c.num);
                CHECK(r.first == last_end);
                last_end = r.second;
                min_size = std::min(min_size, r.second - r.first);
                max_size = std::max(max_size, r.second - r.first);
            }
            CHECK(last_end == c.end);
            CHECK(max_size - min_size <= 1);
        }
    }

    TEST_CASE("gcd") {
        CHECK(nndf::gcd(3, 4) == 1);
        CHECK(nndf::gcd(8, 4) == 4);
        CHECK(nndf::gcd(3, 9) == 3);
        CHECK(nndf::gcd(15, 12) == 3);
        CHECK(nndf::gcd(300, 410) == 10);
        // The reference's variadic form is a left fold.
        CHECK(nndf::gcd(nndf::gcd(4, 8), 10) == 2);
        i64 g = 6;
        for (i64 v = 9; v < 21; v += 3) g = nndf::gcd(g, v);
        CHECK(g == 3);
    }

    TEST_CASE("gcd non-positive") {
        CHECK_THROWS_WITH_AS(nndf::gcd(-1, 2), doctest::Contains("positive"), nndf::InternalError);
        CHECK_THROWS_AS(nndf::gcd(1, -2), nndf::InternalError);
        CHECK_THROWS_AS(nndf::gcd(3, 0), nndf::InternalError);
        CHECK_THROWS_AS(nndf::gcd(0, 3), nndf::InternalError);
    }

    TEST_CASE("lcm") {
        CHECK(nndf::lcm(3, 4) == 12);
        CHECK(nndf::lcm(8, 4) == 8);
        CHECK(nndf::lcm(3, 9) == 9);
        CHECK(nndf::lcm(15, 12) == 60);
        CHECK(nndf::lcm(300, 410) == 12300);
        CHECK(nndf::lcm(nndf::lcm(4, 8), 10) == 40);
        i64 l = 6;
        for (i64 v = 9; v < 21; v += 3) l = nndf::lcm(l, v);
        CHECK(l == 180);
    }

    TEST_CASE("lcm non-positive") {
        CHECK_THROWS_WITH_AS(nndf::lcm(-1, 2), doctest::Contains("positive"), nndf::InternalError);
        CHECK_THROWS_AS(nndf::lcm(1, -2), nndf::InternalError);
        CHECK_THROWS_AS(nndf::lcm(3, 0), nndf::InternalError);
        CHECK_THROWS_AS(nndf::lcm(0, 3), nndf::InternalError);
    }

    TEST_CASE("isclose default tolerance") {
        CHECK(nndf::isclose(14, 14));
        CHECK(nndf::isclose(-19, -19));
        CHECK_FALSE(nndf::isclose(14, -14));
        CHECK_FALSE(nndf::isclose(2, 3));
        CHECK_FALSE(nndf::isclose(2, 2.01));
    }

    TEST_CASE("isclose rel_tol") {
        CHECK(nndf::isclose(14., 14.001, 1e-3));
        CHECK(nndf::isclose(0.001, 0.001001, 1e-3));
        CHECK_FALSE(nndf::isclose(-14., 14.001, 1e-3));
        CHECK_FALSE(nndf::isclose(0.001, 0.0011, 1e-3));
    }

    TEST_CASE("isclose abs_tol") {
        CHECK(nndf::isclose(14., 16, 1e-9, 3));
        CHECK(nndf::isclose(14., 14.001, 1e-9, 2e-3));
        CHECK(nndf::isclose(0.001, 0.001001, 1e-9, 2e-6));
        CHECK(nndf::isclose(0.001, 0.0011, 1e-9, 2e-4));
        CHECK_FALSE(nndf::isclose(-14., 14.001, 1e-9, 1));
    }

    TEST_CASE("isclose both tolerances") {
        CHECK(nndf::isclose(14., 14.001, 1e-3, 2e-6));
        CHECK(nndf::isclose(14., 14.001, 1e-6, 2e-3));
        CHECK(nndf::isclose(14., 14.001, 1e-3, 2e-3));
        CHECK_FALSE(nndf::isclose(14., 14.001, 1e-6, 2e-6));
    }
}
