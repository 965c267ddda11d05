// Mirrors the reference's tests/loop_blocking_test/test_loop_blocking_scheme.py.
//
// Not mirrored (Python-only mechanisms): test_data_size_inv_args (IndexError
// for an out-of-range level or category; C++ indexes fixed arrays).
// Equivalents: `hasattr(lbs, 'fetch')` (whether the scheme got as far as
// computing fetches) is "some fetch count is non-zero"; get_access() of an
// invalid scheme (all inf) is get_access_cost() == inf; get_top_level_fetch()
// is fetch[GBUF level].
#include "loop_blocking_fixture.h"

using namespace nndf;
using test::LoopBlockingFixture;

namespace {

bool has_fetch(const LoopBlockingScheme& l) {
    for (const auto& lvl : l.fetch)
        for (i64 f : lvl)
            if (f != 0) return true;
    return false;
}

double sum3(const std::array<double, de::NUM>& a) {
    return ((0 + a[0]) + a[1]) + a[2];
}

void check_model_vs_sim(LoopBlockingScheme& l, const test::Scheme& s) {
    l.finalize_stats();
    const test::SimAccess sim = test::sim_access_conv(l);
    for (int d = 0; d < de::NUM; ++d) {
        CAPTURE(d);
        CHECK(l.access[me::DRAM][d] == sim.dram[d]);
        CHECK(l.access[me::GBUF][d] == sim.gbuf[d]);
    }
    (void)s;
}

}  // namespace

TEST_SUITE("loop_blocking_scheme") {
    TEST_CASE_FIXTURE(LoopBlockingFixture, "is_valid") {
        // REGF size fails early.
        auto l = lbs(make_bl_ts({1, 1, 0}, {0, 1, 1}, {1, 1, 0}));
        CHECK_FALSE(l.is_valid());
        CHECK_FALSE(has_fetch(l));
        // GBUF size fails early.
        l = lbs(make_bl_ts({0, 1, 1}, {1, 0, 1}, {1, 0, 1}), default_ords(), "BASE", "SM");
        CHECK_FALSE(l.is_valid());
        CHECK_FALSE(has_fetch(l));
        // GBUF size fails at the recheck after the bypass decisions.
        l = lbs(make_bl_ts({0, 1, 1}, {1, 0, 1}, {1, 0, 1}), default_ords(), "BASE", "SM", "BYP");
        CHECK_FALSE(l.is_valid());
        CHECK(has_fetch(l));
        // Valid.
        CHECK(lbs(make_bl_ts({0, 1, 1}, {0, 1, 1}, {0, 1, 1})).is_valid());
        const auto& lc = nld["BASE"].loopcnt;
        CHECK(lbs(make_bl_ts({lc[le::IFM], 1, 1}, {lc[le::OFM], 1, 1}, {lc[le::BAT], 1, 1}))
                  .is_valid());
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "data_size") {
        const auto& n = nld["BASE"];
        for (i64 si : {1, 2, 4})
            for (i64 so : {1, 2, 4})
                for (i64 sb : {1, 2, 4}) {
                    CAPTURE(si);
                    CAPTURE(so);
                    CAPTURE(sb);
                    // REGF size.
                    auto l = lbs(make_bl_ts({0, 1, si}, {0, 1, so}, {0, 1, sb}), default_ords(),
                                 "BASE", "LG");
                    REQUIRE(l.is_valid());
                    CHECK(l.data_size(1, de::FIL) == si * so * n.usize_regf[de::FIL]);
                    CHECK(l.data_size(1, de::IFM) == si * sb * n.usize_regf[de::IFM]);
                    CHECK(l.data_size(1, de::OFM) == so * sb * n.usize_regf[de::OFM]);
                    CHECK(l.data_size(1) == si * so * n.usize_regf[de::FIL] +
                                                si * sb * n.usize_regf[de::IFM] +
                                                so * sb * n.usize_regf[de::OFM]);
                    // GBUF size.
                    l = lbs(make_bl_ts({0, si, 1}, {0, so, 1}, {0, sb, 1}), default_ords(), "BASE",
                            "LG");
                    REQUIRE(l.is_valid());
                    CHECK(l.data_size(0, de::FIL) == si * so * n.usize_gbuf[de::FIL]);
                    CHECK(l.data_size(0, de::IFM) == si * sb * n.usize_gbuf[de::IFM]);
                    CHECK(l.data_size(0, de::OFM) == so * sb * n.usize_gbuf[de::OFM]);
                    CHECK(l.data_size(0) == si * so * n.usize_gbuf[de::FIL] +
                                                si * sb * n.usize_gbuf[de::IFM] +
                                                so * sb * n.usize_gbuf[de::OFM]);
                    CHECK((l.stored_in_gbuf[0] && l.stored_in_gbuf[1] && l.stored_in_gbuf[2]));
                }
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "data_size bypass") {
        int valid = 0;
        for (i64 si : {1, 2, 4})
            for (i64 so : {1, 2, 4})
                for (i64 sb : {1, 2, 4}) {
                    auto l = lbs(make_bl_ts({0, si, 1}, {0, so, 1}, {0, sb, 1}), default_ords(),
                                 "BASE", "BASE", "BYP");
                    if (!l.is_valid()) continue;
                    ++valid;
                    for (int d = 0; d < de::NUM; ++d)
                        if (!l.stored_in_gbuf[d]) CHECK(l.data_size(0, d) == 0);
                    CHECK(l.data_size(0) == l.data_size(0, de::FIL) + l.data_size(0, de::IFM) +
                                                l.data_size(0, de::OFM));
                }
        CHECK(valid > 0);
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "access: model equals simulation, every scheme") {
        const auto all = gen_loopblocking_all();
        CHECK(all.size() == 18 * 3 * 6 * 36);
        for (const auto& s : all) {
            auto l = lbs(s.first, s.second, "BASE", "LG");
            REQUIRE(l.is_valid());
            CHECK(l.bl_ts == s.first);
            CHECK(l.bl_ords == s.second);
            check_model_vs_sim(l, s);
            CHECK(l.access[me::REGF][de::FIL] == l.ops);
            CHECK(l.access[me::REGF][de::IFM] == l.ops);
            CHECK(l.access[me::REGF][de::OFM] == l.ops * 2);
        }
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "access with bypass: model equals simulation") {
        int bypassed = 0;
        for (const auto& s : gen_loopblocking_all()) {
            auto l = lbs(s.first, s.second, "BASE", "LG", "BYP");
            REQUIRE(l.is_valid());
            if (l.stored_in_gbuf[0] && l.stored_in_gbuf[1] && l.stored_in_gbuf[2]) continue;
            ++bypassed;
            check_model_vs_sim(l, s);
        }
        CHECK(bypassed > 0);
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture,
                      "access with bypass, large filters: model equals simulation") {
        int bypassed = 0;
        for (const auto& s : gen_loopblocking_all("LGFIL")) {
            auto l = lbs(s.first, s.second, "LGFIL", "BASE", "BYP");
            if (!l.is_valid()) continue;
            if (l.stored_in_gbuf[0] && l.stored_in_gbuf[1] && l.stored_in_gbuf[2]) continue;
            ++bypassed;
            check_model_vs_sim(l, s);
        }
        CHECK(bypassed > 0);
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "access of a pooling layer fetches once") {
        for (const auto& s : gen_loopblocking_all("POOL")) {
            auto l = lbs(s.first, s.second, "POOL", "LG");
            REQUIRE(l.is_valid());
            CHECK(l.bl_ts == s.first);
            CHECK(l.bl_ords == s.second);
            CHECK(l.fetch[0] == std::array<i64, 3>{1, 1, 1});
            CHECK(l.fetch[1] == std::array<i64, 3>{1, 1, 1});
        }
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "access of an invalid scheme is infinite") {
        auto l = lbs(make_bl_ts({0, 1, 1}, {0, 1, 1}, {1, 1, 0}), default_ords(), "BASE", "SM");
        CHECK_FALSE(l.is_valid());
        CHECK(std::isinf(l.get_access_cost(cost)));
        CHECK(std::isinf(l.time));
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture,
                      "top-level fetch times the data size is the DRAM access") {
        const Layer& base = layer["BASE"];
        for (const char* opt : {"BASE", "BYP"}) {
            CAPTURE(opt);
            for (const auto& s : gen_loopblocking_all()) {
                auto l = lbs(s.first, s.second, "BASE", "LG", opt);
                REQUIRE(l.is_valid());
                if (std::string(opt) == "BYP" && l.stored_in_gbuf[0] && l.stored_in_gbuf[1] &&
                    l.stored_in_gbuf[2])
                    continue;
                l.finalize_stats();
                const auto& f = l.fetch[bl::GBUF];
                CHECK(l.access[me::DRAM][de::FIL] ==
                      static_cast<double>(f[de::FIL] * base.total_filter_size()));
                CHECK(l.access[me::DRAM][de::IFM] ==
                      static_cast<double>(f[de::IFM] * base.total_ifmap_size(batch_size)));
                CHECK(l.access[me::DRAM][de::OFM] ==
                      static_cast<double>(f[de::OFM] * base.total_ofmap_size(batch_size)));
            }
        }
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "access cost") {
        int valid = 0;
        for (const auto& s : gen_loopblocking_all()) {
            auto l = lbs(s.first, s.second);
            if (!l.is_valid()) continue;
            ++valid;
            const double c = l.get_access_cost(cost);
            double expect = 0;
            for (int m = 0; m < me::NUM; ++m) expect += sum3(l.access[m]) * cost.mem_hier[m];
            CHECK(c == doctest::Approx(expect).epsilon(1e-12));
        }
        CHECK(valid > 0);
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "access cost of the same scheme with negated costs") {
        auto l = lbs(make_bl_ts({0, 1, 1}, {1, 0, 1}, {1, 1, 0}), default_ords(), "BASE", "LG");
        REQUIRE(l.is_valid());
        Cost neg;
        neg.mac_op = -1;
        neg.mem_hier = {-200, -6, -2, -1};
        neg.noc_hop = -50;
        neg.idl_unit = -50;
        const double c1 = l.get_access_cost(cost);
        const double c2 = l.get_access_cost(neg);
        CHECK(c1 == doctest::Approx(-c2));
    }

    TEST_CASE("ordered_loops") {
        using L = std::vector<std::pair<int, i64>>;
        auto ol = [](LoopTriple t, std::array<int, 3> o, bool reverse = false) {
            const OrderedLoops x = ordered_loops(t, o, reverse);
            L v;
            for (int i = 0; i < x.n; ++i) v.push_back({x.lpe[i], x.t[i]});
            return v;
        };
        CHECK(ol({3, 5, 2}, {2, 0, 1}) == L{{le::IFM, 3}, {le::BAT, 2}, {le::OFM, 5}});
        // Trivial loops at different positions.
        CHECK(ol({3, 5, 1}, {0, 1, 2}) == L{{le::OFM, 5}, {le::IFM, 3}});
        CHECK(ol({3, 5, 1}, {1, 2, 0}) == L{{le::OFM, 5}, {le::IFM, 3}});
        CHECK(ol({3, 5, 1}, {0, 2, 1}) == L{{le::OFM, 5}, {le::IFM, 3}});
        // Different loops are trivial.
        CHECK(ol({1, 5, 2}, {0, 2, 1}) == L{{le::OFM, 5}, {le::BAT, 2}});
        CHECK(ol({3, 1, 2}, {0, 2, 1}) == L{{le::BAT, 2}, {le::IFM, 3}});
        // Multiple trivial loops.
        CHECK(ol({1, 5, 1}, {0, 1, 2}) == L{{le::OFM, 5}});
        CHECK(ol({1, 1, 1}, {0, 1, 2}).empty());

        for (i64 a = 1; a < 8; ++a)
            for (i64 b = 1; b < 8; ++b)
                for (i64 c = 1; c < 8; ++c)
                    for (const auto& o : test::loop_perms()) {
                        const LoopTriple t{a, b, c};
                        const L v = ol(t, o);
                        const int ntriv = (a == 1) + (b == 1) + (c == 1);
                        CHECK(v.size() == static_cast<size_t>(le::NUM - ntriv));
                        for (const auto& [l, f] : v) {
                            CHECK(f > 1);
                            CHECK(f == t[l]);
                        }
                        L rev = ol(t, o, true);
                        std::reverse(rev.begin(), rev.end());
                        CHECK(rev == v);
                    }
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "data regions of PROC type") {
        // Multiple fetches with normal DRAM data regions.
        auto ts = make_bl_ts({0, 1, 1}, {0, 1, 1}, {0, 1, 1});
        LoopOrders ords{};
        ords[0][le::IFM] = 1;
        ords[0][le::OFM] = 2;
        ords[0][le::BAT] = 0;
        ords[1] = {0, 1, 2};
        auto norm = lbs(ts, ords);
        REQUIRE(norm.is_valid());
        CHECK(norm.fetch[0][de::IFM] > 1);
        CHECK(norm.fetch[0][de::OFM] > 1);
        CHECK_FALSE(lbs(ts, ords, "BASE", "SRCNOTDATA").is_valid());
        CHECK_FALSE(lbs(ts, ords, "BASE", "DSTNOTDATA").is_valid());

        // Single top-level fetch.
        ts = make_bl_ts({1, 0, 1}, {1, 0, 1}, {1, 0, 1});
        norm = lbs(ts, default_ords(), "BASE", "LG");
        const double norm_cost = norm.get_access_cost(cost);
        const double dram_gbuf = cost.mem_hier[me::DRAM] - cost.mem_hier[me::GBUF];

        auto l = lbs(ts, default_ords(), "BASE", "SRCNOTDATA");
        REQUIRE(l.is_valid());
        CHECK(l.get_access_cost(cost) < norm_cost);
        CHECK(norm_cost - l.get_access_cost(cost) ==
              doctest::Approx(l.remote_gbuf_access[de::IFM] * dram_gbuf));
        CHECK(l.access[me::DRAM][de::FIL] == doctest::Approx(norm.access[me::DRAM][de::FIL]));
        CHECK(l.access[me::DRAM][de::IFM] == 0);
        CHECK(l.access[me::DRAM][de::OFM] == doctest::Approx(norm.access[me::DRAM][de::OFM]));
        CHECK(l.access[me::GBUF][de::IFM] == doctest::Approx(norm.access[me::GBUF][de::IFM]));
        CHECK(l.remote_gbuf_access[de::IFM] == doctest::Approx(norm.access[me::DRAM][de::IFM]));

        // (The reference keeps the orders of the first part here.)
        l = lbs(ts, ords, "BASE", "DSTNOTDATA");
        REQUIRE(l.is_valid());
        CHECK(l.get_access_cost(cost) < norm_cost);
        CHECK(norm_cost - l.get_access_cost(cost) ==
              doctest::Approx(l.remote_gbuf_access[de::OFM] * dram_gbuf));
        CHECK(l.access[me::DRAM][de::FIL] == doctest::Approx(norm.access[me::DRAM][de::FIL]));
        CHECK(l.access[me::DRAM][de::IFM] == doctest::Approx(norm.access[me::DRAM][de::IFM]));
        CHECK(l.access[me::DRAM][de::OFM] == 0);
        CHECK(l.access[me::GBUF][de::OFM] == doctest::Approx(norm.access[me::GBUF][de::OFM]));
        CHECK(l.remote_gbuf_access[de::OFM] == doctest::Approx(norm.access[me::DRAM][de::OFM]));

        l = lbs(ts, ords, "BASE", "DATALOCAL");
        REQUIRE(l.is_valid());
        CHECK(l.get_access_cost(cost) < norm_cost);
        CHECK(l.access[me::DRAM][de::FIL] == doctest::Approx(norm.access[me::DRAM][de::FIL]));
        CHECK(l.access[me::DRAM][de::IFM] == 0);
        CHECK(l.access[me::DRAM][de::OFM] == 0);
        CHECK(l.access[me::GBUF][de::IFM] == doctest::Approx(norm.access[me::GBUF][de::IFM]));
        CHECK(l.access[me::GBUF][de::OFM] == doctest::Approx(norm.access[me::GBUF][de::OFM]));
        CHECK(l.remote_gbuf_access[de::IFM] == doctest::Approx(norm.access[me::DRAM][de::IFM]));
        CHECK(l.remote_gbuf_access[de::OFM] == doctest::Approx(norm.access[me::DRAM][de::OFM]));
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "filter pinning") {
        const auto ts = make_bl_ts({1, 0, 1}, {1, 0, 1}, {0, 1, 1});
        auto norm = lbs(ts, default_ords());
        REQUIRE(norm.is_valid());
        norm.finalize_stats();
        CHECK(norm.fetch[0][de::FIL] > 0);
        CHECK(norm.access[me::DRAM][de::FIL] > 0);

        auto l = lbs(ts, default_ords(), "BASE", "FILPIN");
        REQUIRE(l.is_valid());
        l.finalize_stats();
        CHECK(l.fetch[0][de::FIL] == 0);
        CHECK(l.access[me::DRAM][de::FIL] == 0);
    }

}  // TEST_SUITE
