// Mirrors the reference's unit_test/test_fmap_range.py (FmapRange and
// FmapRangeMap). repr/str, hashing and range() generators are Python-only;
// the range() cases are kept by iterating the box by hand.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <set>
#include <vector>

#include "core/model/fmap_range.h"

using nndf::FmapPosition;
using nndf::FmapRange;
using nndf::FmapRangeMap;
using nndf::i64;
using nndf::IntRange;

namespace {

/// Calls f on every position of the box, b-major.
void for_each_pos(const FmapRange& fr, const std::function<void(const FmapPosition&)>& f) {
    FmapPosition p;
    for (p.b = fr.fp_beg.b; p.b < fr.fp_end.b; ++p.b)
        for (p.n = fr.fp_beg.n; p.n < fr.fp_end.n; ++p.n)
            for (p.h = fr.fp_beg.h; p.h < fr.fp_end.h; ++p.h)
                for (p.w = fr.fp_beg.w; p.w < fr.fp_end.w; ++p.w) f(p);
}

FmapRangeMap<int> make_map() {
    FmapRangeMap<int> frm;
    frm.add(FmapRange({0, 0, 0, 0}, {2, 4, 8, 16}), 0);
    frm.add(FmapRange({0, 0, 8, 0}, {2, 4, 16, 16}), 1);
    frm.add(FmapRange({0, 4, 0, 0}, {2, 8, 8, 16}), 2);
    frm.add(FmapRange({0, 4, 8, 0}, {2, 8, 16, 16}), 3);
    frm.add(FmapRange({2, 0, 0, 0}, {4, 4, 8, 16}), 4);
    frm.add(FmapRange({2, 0, 8, 0}, {4, 4, 16, 16}), 5);
    frm.add(FmapRange({2, 4, 0, 0}, {4, 8, 8, 16}), 6);
    frm.add(FmapRange({2, 4, 8, 0}, {4, 8, 16, 16}), 7);
    return frm;
}

i64 counter_sum(const std::vector<std::pair<int, i64>>& counts) {
    i64 s = 0;
    for (const auto& c : counts) s += c.second;
    return s;
}

}  // namespace

TEST_SUITE("fmap_range") {
    TEST_CASE("valid args") {
        FmapRange fr({0, 0, 0, 0}, {3, 5, 7, 11});
        CHECK(fr.fp_beg == FmapPosition{0, 0, 0, 0});
        CHECK(fr.fp_end == FmapPosition{3, 5, 7, 11});
    }

    TEST_CASE("invalid beg end") {
        CHECK_THROWS_WITH_AS(FmapRange({0, 0, 0, 0}, {3, -5, 7, 11}),
                             doctest::Contains("FmapRange: begin value > end value"),
                             nndf::InternalError);
    }

    TEST_CASE("valid zero range") {
        CHECK(FmapRange({0, 1, 2, 3}, {2, 4, 2, 5}).size() == 0);
    }

    TEST_CASE("beg_end") {
        FmapRange fr({-11, -4, 3, 0}, {3, 5, 7, 11});
        CHECK(fr.beg_end(1) == IntRange(-4, 5));
        CHECK(fr.beg_end(2) == IntRange(3, 7));
        CHECK(fr.beg_end(0) == IntRange(-11, 3));
        CHECK(fr.beg_end(3) == IntRange(0, 11));
    }

    TEST_CASE("range") {
        FmapRange fr({-11, -4, 3, 0}, {3, 5, 7, 11});
        i64 num = 0;
        std::set<FmapPosition> seen;
        i64 inside = 0;
        for_each_pos(fr, [&](const FmapPosition& p) {
            ++num;
            seen.insert(p);
            inside += fr.contains(p) ? 1 : 0;
        });
        CHECK(inside == num);
        CHECK(num == fr.size());
        CHECK(static_cast<i64>(seen.size()) == fr.size());
    }

    TEST_CASE("size") {
        FmapRange fr({-11, -4, 3, 0}, {3, 5, 7, 11});
        CHECK(fr.size_of({1, 3}) == (5 + 4) * 11);
        CHECK(fr.size_of({2}) == 7 - 3);
        CHECK(fr.size_dim(2) == 7 - 3);
        CHECK(fr.size() == 14 * 9 * 4 * 11);
    }

    TEST_CASE("overlap") {
        FmapRange fr1({-11, -4, 3, 0}, {3, 5, 7, 11});
        FmapRange fr2({0, 3, 3, -5}, {3, 10, 4, 3});
        FmapRange ofr = fr1.overlap(fr2);
        CHECK(ofr.identical(FmapRange({0, 3, 3, 0}, {3, 5, 4, 3})));
        CHECK(fr2.overlap(fr1).identical(ofr));

        FmapRange fr3({0, 7, 3, -5}, {3, 10, 4, 3});
        CHECK(fr1.overlap(fr3).identical(FmapRange({0, 0, 0, 0}, {0, 0, 0, 0})));
        // Touching ranges share no point: the same all-zero range.
        FmapRange touching({3, 0, 3, 0}, {5, 2, 4, 3});
        CHECK(fr1.overlap(touching).identical(FmapRange({0, 0, 0, 0}, {0, 0, 0, 0})));
        CHECK(fr1.overlap_size(touching) == 0);

        FmapRange fr4({-12, -12, -12, -12}, {12, 12, 12, 12});
        CHECK(fr1.overlap(fr4) == fr1);
    }

    TEST_CASE("overlap_size") {
        FmapRange fr1({-11, -4, 3, 0}, {3, 5, 7, 11});
        FmapRange fr2({0, 3, 3, -5}, {3, 10, 4, 3});
        CHECK(fr1.overlap_size(fr2) == 3 * 2 * 1 * 3);
        CHECK(fr2.overlap_size(fr1) == 3 * 2 * 1 * 3);

        FmapRange fr3({0, 7, 3, -5}, {3, 10, 4, 3});
        CHECK(fr1.overlap_size(fr3) == 0);

        FmapRange fr4({-12, -12, -12, -12}, {12, 12, 12, 12});
        CHECK(fr1.overlap_size(fr4) == fr1.size());
    }

    TEST_CASE("contains") {
        FmapRange fr({-11, -4, 3, 0}, {3, 5, 7, 11});
        i64 inside = 0;
        for_each_pos(fr, [&](const FmapPosition& p) { inside += fr.contains(p) ? 1 : 0; });
        CHECK(inside == fr.size());

        i64 num = 0;
        for_each_pos(FmapRange({-12, -12, -12, -12}, {12, 12, 12, 12}),
                     [&](const FmapPosition& p) { num += fr.contains(p) ? 1 : 0; });
        CHECK(num == fr.size());
    }

    TEST_CASE("compare") {
        std::vector<FmapRange> lst;
        for_each_pos(FmapRange({0, 0, 0, 0}, {5, 5, 5, 5}), [&](const FmapPosition& p) {
            lst.emplace_back(p, FmapPosition{p.b + 1, p.n + 1, p.h + 1, p.w + 1});
        });
        // Reverse first so that sorting has work to do.
        std::reverse(lst.begin(), lst.end());
        std::sort(lst.begin(), lst.end());
        for (size_t i = 0; i + 1 < lst.size(); ++i) {
            CHECK(lst[i] < lst[i + 1]);
            CHECK(lst[i + 1].compare(lst[i]) > 0);
            CHECK(lst[i].compare(lst[i]) == 0);
            CHECK_FALSE(lst[i] < lst[i]);
        }
        CHECK(lst.front().identical(FmapRange({0, 0, 0, 0}, {1, 1, 1, 1})));
        CHECK(lst.back().identical(FmapRange({4, 4, 4, 4}, {5, 5, 5, 5})));
    }

    TEST_CASE("compare overlap") {
        FmapRange fr1({-11, -4, 3, 0}, {3, 5, 7, 11});
        FmapRange fr2({-11, -4, 3, 0}, {1, 1, 5, 5});
        FmapRange fr3({0, 0, 3, 1}, {1, 1, 5, 5});
        FmapRange fr4({0, 0, 3, 1}, {3, 5, 7, 11});
        CHECK_THROWS_WITH_AS(fr1 < fr2, doctest::Contains("overlap"), nndf::InternalError);
        CHECK_THROWS_AS(fr2 < fr1, nndf::InternalError);
        CHECK_THROWS_AS(fr1.compare(fr3), nndf::InternalError);
        CHECK_THROWS_AS(fr1 < fr4, nndf::InternalError);
    }

    TEST_CASE("compare empty") {
        FmapRange fr1({-11, -4, 3, 0}, {3, 5, 7, 11});
        FmapRange fr2({100, 1, 1, 1}, {101, 2, 2, 2});
        FmapRange fr3({1, 1, 1, 1}, {1, 2, 2, 2});
        FmapRange fr4({0, 0, 0, 0}, {0, 0, 0, 0});
        CHECK(fr1 < fr2);
        CHECK(fr1.compare(fr3) > 0);
        CHECK(fr3 == fr4);
        CHECK(fr4 < fr1);
        CHECK(fr1 < fr2);
    }

    TEST_CASE("eq") {
        CHECK(FmapRange({1, 2, 3, 4}, {5, 7, 11, 13}) == FmapRange({1, 2, 3, 4}, {5, 7, 11, 13}));
        // Two empty ranges are equal wherever they are.
        CHECK(FmapRange({1, 1, 1, 1}, {1, 2, 2, 2}) == FmapRange({0, 0, 0, 0}, {0, 0, 0, 0}));
    }

    TEST_CASE("ne") {
        FmapRange fr1({1, 2, 3, 4}, {5, 7, 11, 13});
        FmapRange fr2({1, 2, 3, 4}, {5, 7, 11, 17});
        FmapRange fr3({1, 2, 3, 17}, {5, 7, 11, 20});
        // fr1 and fr2 overlap: == answers false instead of throwing.
        CHECK(fr1 != fr2);
        CHECK(fr1 != fr3);
    }
}

TEST_SUITE("fmap_range_map") {
    TEST_CASE("add") {
        auto frm = make_map();
        frm.add(FmapRange({4, 8, 16, 16}, {5, 9, 17, 17}), 10);
        CHECK(frm.get({4, 8, 16, 16}) == 10);
        frm.add(FmapRange({10, 10, 20, 20}, {15, 19, 27, 27}), 11);
        CHECK(frm.get({14, 15, 22, 24}) == 11);
    }

    TEST_CASE("add zero range") {
        auto frm = make_map();
        size_t num_items = frm.items().size();
        frm.add(FmapRange({5, 9, 17, 17}, {5, 9, 17, 17}), 10);
        CHECK(frm.items().size() == num_items);
    }

    TEST_CASE("add overlapping range") {
        auto frm = make_map();
        CHECK_THROWS_WITH_AS(frm.add(FmapRange({3, 7, 15, 15}, {5, 9, 17, 17}), 10),
                             doctest::Contains("FmapRangeMap: added FmapRange overlaps"),
                             nndf::InternalError);
        CHECK(frm.items().size() == 8);
    }

    TEST_CASE("items stay sorted") {
        FmapRangeMap<int> frm;
        frm.add(FmapRange({2, 0, 0, 0}, {4, 1, 1, 1}), 1);
        frm.add(FmapRange({0, 0, 0, 0}, {2, 1, 1, 1}), 0);
        frm.add(FmapRange({4, 0, 0, 0}, {5, 1, 1, 1}), 2);
        REQUIRE(frm.items().size() == 3);
        for (int i = 0; i < 3; ++i) CHECK(frm.items()[i].second == i);
    }

    TEST_CASE("get") {
        auto frm = make_map();
        CHECK(frm.get({3, 5, 7, 9}) == 6);
        CHECK(frm.get({0, 0, 0, 0}) == 0);
        CHECK(frm.get({2, 1, 1, 12}) == 4);
        CHECK(frm.get({3, 7, 15, 15}) == 7);
    }

    TEST_CASE("get not in") {
        auto frm = make_map();
        CHECK_THROWS_WITH_AS(frm.get({4, 8, 16, 16}), doctest::Contains("FmapRangeMap: key"),
                             nndf::InternalError);
    }

    TEST_CASE("complete_fmap_range") {
        auto frm = make_map();
        CHECK(frm.is_complete());
        CHECK(frm.complete_fmap_range().size() == 4 * 8 * 16 * 16);

        FmapRange fr({0, 0, 0, 0}, {3, 5, 7, 9});
        FmapRangeMap<double> frm2;
        frm2.add(fr, 3.4);
        CHECK(frm2.is_complete());
        CHECK(frm2.complete_fmap_range().identical(fr));
    }

    TEST_CASE("complete_fmap_range incomplete") {
        auto frm = make_map();
        frm.add(FmapRange({4, 8, 16, 16}, {5, 9, 17, 17}), 10);
        CHECK_FALSE(frm.is_complete());
        CHECK_THROWS_WITH_AS(frm.complete_fmap_range(), doctest::Contains("complete"),
                             nndf::InternalError);

        FmapRangeMap<double> frm2;
        frm2.add(FmapRange({1, 0, 0, 0}, {3, 5, 7, 9}), 3.4);
        CHECK_FALSE(frm2.is_complete());
        CHECK_THROWS_AS(frm2.complete_fmap_range(), nndf::InternalError);

        CHECK_FALSE(FmapRangeMap<int>().is_complete());
    }

    TEST_CASE("items") {
        auto frm = make_map();
        i64 size = 0;
        for (const auto& kv : frm.items()) {
            size += kv.first.size();
            CHECK(frm.get(kv.first.fp_beg) == kv.second);
        }
        CHECK(size == 4 * 8 * 16 * 16);
    }

    TEST_CASE("copy") {
        auto frm0 = make_map();
        FmapRangeMap<int> frm = frm0;
        REQUIRE(frm.items().size() == frm0.items().size());
        for (size_t i = 0; i < frm.items().size(); ++i) {
            CHECK(frm.items()[i].first.identical(frm0.items()[i].first));
            CHECK(frm.items()[i].second == frm0.items()[i].second);
        }

        FmapRange fr1({10, 10, 10, 10}, {11, 11, 11, 11});
        frm.add(fr1, 10);
        CHECK(frm.get(fr1.fp_beg) == 10);
        CHECK_THROWS_AS(frm0.get(fr1.fp_beg), nndf::InternalError);

        FmapRange fr2({20, 20, 20, 20}, {21, 21, 21, 21});
        frm0.add(fr2, 20);
        CHECK(frm0.get(fr2.fp_beg) == 20);
        CHECK_THROWS_AS(frm.get(fr2.fp_beg), nndf::InternalError);
    }

    TEST_CASE("rget_counter") {
        auto frm = make_map();
        FmapRange fr({1, 3, 9, 11}, {3, 5, 13, 15});
        CHECK(counter_sum(frm.rget_counter(fr)) == fr.size());

        CHECK(counter_sum(frm.rget_counter(FmapRange({0, 0, 0, 0}, {0, 0, 0, 0}))) == 0);

        fr = FmapRange({1, 3, 9, 11}, {3, 5, 13, 17});
        i64 sum = counter_sum(frm.rget_counter(fr));
        CHECK(sum < fr.size());
        CHECK(sum == frm.complete_fmap_range().overlap(fr).size());
    }

    TEST_CASE("rget_counter same values") {
        auto frm = make_map();
        frm.add(FmapRange({0, 0, 0, 16}, {4, 8, 16, 32}), 2);
        FmapRange fr({1, 3, 9, 11}, {3, 5, 13, 17});
        auto counts = frm.rget_counter(fr);
        CHECK(counter_sum(counts) == fr.size());
        // One entry per distinct value, as a Counter.
        CHECK(counts.size() == 8);
    }

    TEST_CASE("rget_single") {
        auto frm = make_map();
        for (const auto& kv : frm.items()) CHECK(frm.rget_single(kv.first) == kv.second);
        CHECK(frm.rget_single(FmapRange({0, 0, 0, 0}, {1, 1, 1, 1})) == 0);
        CHECK(frm.rget_single(FmapRange({3, 1, 10, 3}, {4, 3, 13, 7})) == 5);
    }

    TEST_CASE("rget_single multi") {
        auto frm = make_map();
        CHECK_THROWS_WITH_AS(frm.rget_single(FmapRange({3, 1, 10, 3}, {4, 6, 13, 7})),
                             doctest::Contains("single"), nndf::InternalError);
    }
}
