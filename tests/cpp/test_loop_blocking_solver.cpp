// Mirrors the reference's tests/loop_blocking_test/test_loop_blocking_solver.py.
//
// Equivalent: the reference's solver raises ValueError for a pooling layer;
// ours refuses non-conv loops with an InternalError (a caller bug: the
// search only calls the solver for conv loops).
#include <map>
#include <optional>
#include <set>

#include "core/util/error.h"
#include "loop_blocking_fixture.h"

using namespace nndf;

namespace {

struct SolverFixture : test::LoopBlockingFixture {
    std::array<std::string, de::NUM> optkeys_bypsol;

    SolverFixture() {
        for (int reside = 0; reside < de::NUM; ++reside) {
            optkeys_bypsol[reside] = "BYPSOL_" + std::to_string(reside);
            Option o = options["BYPSOL"];
            o.sw_gbuf_bypass = {true, true, true};
            o.sw_gbuf_bypass[reside] = false;
            options[optkeys_bypsol[reside]] = o;
        }
    }

    std::vector<SolvedBlocking> solve(const std::string& wl, const std::string& rsrc,
                                      const std::string& opt) {
        return solve_loopblocking_gbuf_reside(nld.at(wl), resource.at(rsrc), options.at(opt));
    }

    /// [DRAM, GBUF] access sums, truncated, compared as lists.
    static std::vector<i64> access_key(LoopBlockingScheme& l) {
        l.finalize_stats();
        auto s = [&](int m) {
            return static_cast<i64>(((0 + l.access[m][0]) + l.access[m][1]) + l.access[m][2]);
        };
        return {s(me::DRAM), s(me::GBUF)};
    }

    /// The solutions are among the best bypass schemes with the same single
    /// resident category, and include the overall best.
    void check_reside_sol_opt(const std::string& rsrc, const std::string& wl) {
        // Key: the resident category, or -1 for none.
        std::map<int, std::vector<i64>> min_sch, sol_sch;
        for (const auto& s : gen_loopblocking_all(wl)) {
            auto l = lbs(s.first, s.second, wl, rsrc, "BYP");
            if (!l.is_valid()) continue;
            std::vector<int> reside;
            for (int d = 0; d < de::NUM; ++d)
                if (l.stored_in_gbuf[d]) reside.push_back(d);
            if (reside.size() > 1) continue;
            const int k = reside.empty() ? -1 : reside[0];
            const auto c = access_key(l);
            auto it = min_sch.find(k);
            if (it == min_sch.end() || c < it->second) min_sch[k] = c;
        }
        for (int reside = 0; reside < de::NUM; ++reside) {
            for (const auto& sol : solve(wl, rsrc, optkeys_bypsol[reside])) {
                auto l = lbs(sol.bl_ts, sol.bl_ords, wl, rsrc, "BYP");
                REQUIRE(l.is_valid());
                for (int d = 0; d < de::NUM; ++d)
                    if (d != reside) CHECK_FALSE(l.stored_in_gbuf[d]);
                const int k = l.stored_in_gbuf[reside] ? reside : -1;
                const auto c = access_key(l);
                auto it = sol_sch.find(k);
                if (it == sol_sch.end() || c < it->second) sol_sch[k] = c;
            }
        }
        REQUIRE(!sol_sch.empty());
        for (const auto& [k, v] : sol_sch) {
            CAPTURE(k);
            REQUIRE(min_sch.count(k));
            CHECK(min_sch[k] == v);
        }
        auto min_of = [](const std::map<int, std::vector<i64>>& m) {
            std::vector<i64> best = m.begin()->second;
            for (const auto& [_, v] : m) best = std::min(best, v);
            return best;
        };
        CHECK(min_of(sol_sch) == min_of(min_sch));
    }
};

}  // namespace

TEST_SUITE("loop_blocking_solver") {
    TEST_CASE_FIXTURE(SolverFixture, "each solution keeps exactly its category in the GBUF") {
        for (int reside = 0; reside < de::NUM; ++reside) {
            const auto sols = solve("BASE", "BASE", optkeys_bypsol[reside]);
            for (const auto& s : sols) {
                auto l = lbs(s.bl_ts, s.bl_ords, "BASE", "BASE", optkeys_bypsol[reside]);
                CHECK(l.stored_in_gbuf[reside]);
                for (int d = 0; d < de::NUM; ++d)
                    if (d != reside) CHECK_FALSE(l.stored_in_gbuf[d]);
            }
        }
    }

    TEST_CASE_FIXTURE(SolverFixture, "the solutions are optimal") {
        check_reside_sol_opt("BASE", "BASE");
    }

    TEST_CASE_FIXTURE(SolverFixture, "the solutions are optimal with other resources") {
        for (const char* r : {"LG", "SM"}) {
            CAPTURE(r);
            check_reside_sol_opt(r, "BASE");
        }
    }

    TEST_CASE_FIXTURE(SolverFixture, "the solver refuses pooling loops") {
        CHECK_THROWS_AS(solve("POOL", "BASE", optkeys_bypsol[de::IFM]), InternalError);
    }

    TEST_CASE_FIXTURE(SolverFixture, "the solutions are optimal with zero-size data") {
        for (const char* wl : {"ZERO_FIL", "ZERO_IFM"}) {
            CAPTURE(wl);
            check_reside_sol_opt("BASE", wl);
        }
    }

    TEST_CASE_FIXTURE(SolverFixture, "solutions per resident category partition all solutions") {
        auto as_set = [](const std::vector<SolvedBlocking>& v) {
            std::set<std::pair<BlockingFactors, LoopOrders>> s;
            for (const auto& x : v) s.insert({x.bl_ts, x.bl_ords});
            return s;
        };
        const auto all = as_set(solve("BASE", "BASE", "BYPSOL"));
        std::set<std::pair<BlockingFactors, LoopOrders>> uni;
        size_t total = 0;
        for (int reside = 0; reside < de::NUM; ++reside) {
            const auto s = as_set(solve("BASE", "BASE", optkeys_bypsol[reside]));
            total += s.size();
            uni.insert(s.begin(), s.end());
        }
        CHECK(all == uni);
        CHECK(uni.size() == total);
    }

}  // TEST_SUITE
