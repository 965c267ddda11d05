// Mirrors the reference's tests/loop_blocking_test/test_loop_blocking.py:
// the skip rule of the exhaustive search and gen_loopblocking.
//
// Equivalents: the reference's multiprocessing option (nprocesses=8) only
// changes how the search is split, so "MP" checks the same count with
// nprocesses=8 set (our search is single-threaded and reports the option).
#include <set>

#include "loop_blocking_fixture.h"

using namespace nndf;
using test::LoopBlockingFixture;

TEST_SUITE("loop_blocking") {
    TEST_CASE_FIXTURE(LoopBlockingFixture,
                      "a skipped scheme has a kept equivalent, no larger, same cost") {
        for (const auto& s : gen_loopblocking_all()) {
            const bool skip = skip_conv(s.first, s.second);
            const test::Scheme reg = test::regularized_scheme(s.first, s.second);
            if (!skip) {
                CHECK_MESSAGE(reg == s, "a kept scheme must be regular");
                continue;
            }
            CHECK_FALSE(skip_conv(reg.first, reg.second));
            auto l = lbs(s.first, s.second, "BASE", "LG");
            auto r = lbs(reg.first, reg.second, "BASE", "LG");
            CHECK(l.get_access_cost(cost) == doctest::Approx(r.get_access_cost(cost)));
            CHECK(l.access == r.access);
            const auto size = lbs_size(l), reg_size = lbs_size(r);
            for (int b = 0; b < bl::NUM; ++b)
                for (int d = 0; d < de::NUM; ++d) CHECK(size[b][d] >= reg_size[b][d]);
        }
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "skip ratio above 95%") {
        size_t skipped = 0;
        const auto all = gen_loopblocking_all();
        for (const auto& s : all) skipped += skip_conv(s.first, s.second);
        CHECK(1. * static_cast<double>(skipped) / static_cast<double>(all.size()) > 0.95);
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "gen_loopblocking covers every kept scheme") {
        size_t expect = 0;
        for (const auto& s : gen_loopblocking_all()) expect += !skip_conv(s.first, s.second);
        CHECK(gen_lb("BASE", "LG").size() == expect);
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture,
                      "gen_loopblocking on small buffers: every kept valid scheme, no invalid") {
        // The search drops factors that overflow a buffer before trying their
        // orders; what remains must be exactly the kept schemes that are valid.
        size_t expect = 0, invalid = 0;
        for (const auto& s : gen_loopblocking_all()) {
            if (skip_conv(s.first, s.second)) continue;
            const bool ok = lbs(s.first, s.second, "BASE", "SM").is_valid();
            expect += ok;
            invalid += !ok;
        }
        REQUIRE(invalid > 0);
        REQUIRE(expect > 0);
        options["ALL"] = options["BASE"];
        options["ALL"].ntops = 1LL << 30;
        const auto v = gen_lb("BASE", "SM", "ALL");
        CHECK(v.size() == expect);
        for (const auto& l : v) CHECK(l.is_valid());
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "gen_loopblocking with several processes") {
        CHECK(gen_lb("BASE", "LG", "MP").size() == gen_lb("BASE", "LG").size());
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "gen_loopblocking gives no equivalent schemes") {
        std::set<std::vector<i64>> seen;
        for (const auto& l : gen_lb("BASE", "LG", "BASE", nullptr, true)) {
            std::vector<i64> key;
            for (const auto& lvl : lbs_size(l))
                for (i64 s : lvl) key.push_back(s);
            for (const auto& m : l.access)
                for (double a : m) key.push_back(static_cast<i64>(a));
            CHECK_MESSAGE(seen.insert(key).second, "found equivalent schemes");
        }
        CHECK(seen.size() > 1);
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "gen_loopblocking keeps the n best, in order") {
        auto tops = gen_lb("BASE", "LG", "NTOPS");
        CHECK(tops.size() == 10);
        double prev = -kInf;
        size_t k = 0;
        for (auto& l : gen_lb("BASE", "LG", "BASE", nullptr, true)) {
            const double c = l.get_access_cost(cost);
            CHECK(prev <= c);
            prev = c;
            if (k < tops.size()) CHECK(c == doctest::Approx(tops[k++].get_access_cost(cost)));
        }
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "gen_loopblocking with the bypass solver") {
        const auto v = gen_lb("BASE", "BASE", "BYPSOL");
        CHECK(!v.empty());
        CHECK(v.size() <= 8);
        for (const auto& l : v) CHECK(l.is_valid());
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "gen_loopblocking with a constraint") {
        const auto v = gen_lb("BASE", "LG", "BASE", &cstr);
        CHECK(!v.empty());
        for (const auto& l : v) CHECK(cstr.is_valid_top_bl(l.bl_ts[0], l.bl_ords[0]));
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture,
                      "gen_loopblocking with the bypass solver and a constraint") {
        const size_t n1 = gen_lb("BASE", "BASE", "BYPSOL").size();
        const auto v = gen_lb("BASE", "BASE", "BYPSOL", &cstr);
        for (const auto& l : v) CHECK(cstr.is_valid_top_bl(l.bl_ts[0], l.bl_ords[0]));
        CHECK(v.size() <= n1);
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture,
                      "gen_loopblocking keeps a huge ntops without reserving it") {
        // The reference's tests keep "all" schemes with ntops = 2**30; the top
        // list must not reserve room for all of them up front.
        options["HUGE"] = options["BASE"];
        options["HUGE"].ntops = 1LL << 40;
        CHECK(gen_lb("BASE", "LG", "HUGE").size() == gen_lb("BASE", "LG").size());
    }

}  // TEST_SUITE
