// Mirrors the reference's tests/loop_blocking_test/test_loop_blocking_partition.py:
// loop blocking of partitioned layers on several nodes.
//
// Buffer sharing is checked against the fixture's simulation of rotation and
// wide fetch (loop_blocking_fixture.h). The reference asks get_noc_access()
// of invalid schemes for None; statistics of an invalid scheme do not exist
// here, so those are skipped.
#include "loop_blocking_fixture.h"

using namespace nndf;
using test::LoopBlockingFixture;

TEST_SUITE("loop_blocking_partition") {
    TEST_CASE_FIXTURE(LoopBlockingFixture, "access forwarding over every partition") {
        const double total_ops = static_cast<double>(layer["PAR"].total_ops(batch_size));
        const NodeRegion& region = resource["PAR"].proc_region;
        const auto parts = gen_all_partition();
        REQUIRE(parts.size() > 10);
        size_t nvalid = 0;
        for (const auto& part : parts) {
            CAPTURE(part.order);
            const NestedLoopDesc p_nld = part_nld(part);
            const auto sizes = total_part_size(part);
            const BufShrScheme bs(region, part, p_nld.data_loops);
            // Filters may still be fetched more than once.
            const i64 fil_fetch = part.size_of({pe::BATP, pe::OFMP}) / bs.size(de::FIL);
            for (auto& lbs :
                 gen_loopblocking(p_nld, resource["PAR"], bs, none_cstr, cost, options["ACCFWD"])) {
                if (!lbs.is_valid()) continue;
                ++nvalid;
                CHECK(lbs.ops == doctest::Approx(total_ops));
                // Forwarding divides the DRAM accesses among the sharing nodes.
                CHECK(lbs.accfwd_reduction[de::FIL] ==
                      part.size_of({pe::BATP, pe::OFMP}) / fil_fetch);
                CHECK(lbs.accfwd_reduction[de::OFM] == part.size_of({pe::INPP}));
                CHECK(lbs.accfwd_reduction[de::IFM] == part.size_of({pe::OUTP}));
                // Top fetch and access.
                const auto& f = lbs.fetch[0];
                const auto& a = lbs.access[me::DRAM];
                CHECK(a[de::FIL] == doctest::Approx(static_cast<double>(
                                        f[de::FIL] * sizes[de::FIL] * fil_fetch)));
                CHECK(a[de::OFM] ==
                      doctest::Approx(static_cast<double>(f[de::OFM] * sizes[de::OFM])));
                CHECK(a[de::IFM] >= static_cast<double>(f[de::IFM] * sizes[de::IFM]));
            }
        }
        CHECK(nvalid > 0);
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "bufshr: group sizes equal the forwarding reduction") {
        const double total_ops = static_cast<double>(layer["PAR"].total_ops(batch_size));
        const NodeRegion& region = resource["PAR"].proc_region;
        size_t nvalid = 0;
        for (const auto& part : gen_all_partition()) {
            CAPTURE(part.order);
            const NestedLoopDesc p_nld = part_nld(part);
            const BufShrScheme bs(region, part, p_nld.data_loops);
            const i64 fil_fetch = part.size_of({pe::BATP, pe::OFMP}) / bs.size(de::FIL);
            for (const char* optkey : {"BUFSHR", "BUFSHR-BYP"}) {
                CAPTURE(optkey);
                for (auto& l : gen_loopblocking(p_nld, resource["PAR"], bs, none_cstr, cost,
                                                options[optkey])) {
                    if (!l.is_valid()) continue;
                    ++nvalid;
                    l.finalize_stats();
                    CHECK(l.ops == doctest::Approx(total_ops));
                    // Buffer sharing forwards accesses too.
                    CHECK(l.accfwd_reduction[de::FIL] ==
                          part.size_of({pe::BATP, pe::OFMP}) / fil_fetch);
                    CHECK(l.accfwd_reduction[de::OFM] == part.size_of({pe::INPP}));
                    CHECK(l.accfwd_reduction[de::IFM] == part.size_of({pe::OUTP}));
                    CHECK(l.bufshr_grp_size == l.accfwd_reduction);
                    for (int d = 0; d < de::NUM; ++d)
                        CHECK(l.bufshr_subgrp_size[d] <= l.bufshr_grp_size[d]);
                }
            }
        }
        CHECK(nvalid > 0);
    }

    namespace {

    /// Every valid scheme with buffer sharing in use, of every partition, run
    /// through the simulation; `need_bypass` keeps only those that bypass.
    void check_bufshr_against_sim(LoopBlockingFixture& f, const char* optkey, bool need_bypass) {
        const NodeRegion& region = f.resource["PAR"].proc_region;
        size_t nsim = 0;
        for (const auto& part : f.gen_all_partition()) {
            CAPTURE(part.order);
            CAPTURE(part.pdims);
            const NestedLoopDesc p_nld = f.part_nld(part);
            const BufShrScheme bs(region, part, p_nld.data_loops);
            for (auto& l : gen_loopblocking(p_nld, f.resource["PAR"], bs, f.none_cstr, f.cost,
                                            f.options[optkey])) {
                if (!l.is_valid()) continue;
                if (std::all_of(l.bufshr_subgrp_size.begin(), l.bufshr_subgrp_size.end(),
                                [](i64 s) { return s <= 1; })) {
                    continue;
                }
                if (need_bypass && std::all_of(l.stored_in_gbuf.begin(), l.stored_in_gbuf.end(),
                                               [](bool b) { return b; }))
                    continue;
                CAPTURE(l.bl_ts);
                CAPTURE(l.bl_ords);
                ++nsim;
                test::verify_bufshr_stats(l, bs);
            }
        }
        CHECK(nsim > 0);
    }

    }  // namespace

    TEST_CASE_FIXTURE(LoopBlockingFixture, "bufshr: access matches the simulation") {
        check_bufshr_against_sim(*this, "BUFSHR", false);
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "bufshr with bypass: access matches the simulation") {
        check_bufshr_against_sim(*this, "BUFSHR-BYP", true);
    }

    namespace {

    /// A made-up partition of the PAR layer with its nested loop and sharing
    /// scheme, to build example schemes on (they point to `nld`: keep this alive).
    struct BufShrExample {
        LoopBlockingFixture& f;
        NestedLoopDesc nld;
        BufShrScheme bs;

        BufShrExample(LoopBlockingFixture& fixture, const PartitionScheme& part)
            : f(fixture),
              nld(f.part_nld(part)),
              bs(f.resource["PAR"].proc_region, part, nld.data_loops) {}

        /// Top factors that split each loop into `parts` (rounded up).
        LoopTriple top_splitting(const LoopTriple& parts) const {
            return {idivc(nld.loopcnt[le::IFM], parts[le::IFM]),
                    idivc(nld.loopcnt[le::OFM], parts[le::OFM]),
                    idivc(nld.loopcnt[le::BAT], parts[le::BAT])};
        }

        /// A valid scheme with buffer sharing that uses the NoC.
        LoopBlockingScheme scheme(const BlockingFactors& ts, const LoopOrders& ords) const {
            LoopBlockingScheme l(nld, ts, ords, f.resource["PAR"], bs, f.options["BUFSHR"]);
            REQUIRE(l.is_valid());
            l.finalize_stats();
            CHECK(l.noc_access[0] + l.noc_access[1] + l.noc_access[2] > 0);
            return l;
        }
    };

    /// A partition that shares IFM among 4 nodes.
    PartitionScheme ifm_sharing_part(bool reversed) {
        const std::array<int, pe::NUM> order =
            reversed ? std::array<int, pe::NUM>{3, 2, 1, 0} : std::array<int, pe::NUM>{0, 1, 2, 3};
        return PartitionScheme::make(order,
                                     {PhyDim2(2, 2), PhyDim2(1, 1), PhyDim2(2, 1), PhyDim2(1, 1)});
    }

    }  // namespace

    TEST_CASE_FIXTURE(LoopBlockingFixture, "bufshr: rotation example") {
        // A partition that shares every data category.
        const BufShrExample ex(
            *this, PartitionScheme::make(
                       {0, 1, 2, 3}, {PhyDim2(2, 1), PhyDim2(1, 2), PhyDim2(1, 1), PhyDim2(2, 1)}));
        for (int d = 0; d < de::NUM; ++d) REQUIRE(ex.bs.size(d) > 1);

        // A scheme that shares every data category.
        const BlockingFactors ts{ex.top_splitting({6, 9, 2}), LoopTriple{3, 3, 2},
                                 LoopTriple{2, 3, 1}};
        LoopBlockingScheme l = ex.scheme(ts, default_ords());
        for (int d = 0; d < de::NUM; ++d) REQUIRE(l.bufshr_subgrp_size[d] > 1);
        for (int k = 0; k < le::NUM; ++k) REQUIRE(ts[0][k] > 1);
        test::verify_bufshr_stats(l, ex.bs);
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "bufshr: single rotation skipped example") {
        const BufShrExample ex(*this, ifm_sharing_part(false));
        REQUIRE(ex.bs.size(de::IFM) == 4);

        // A scheme with one rotation round of IFM.
        LoopBlockingScheme l =
            ex.scheme({ex.top_splitting({3, 3, 2}), LoopTriple{1, 1, 2}, LoopTriple{3, 3, 1}},
                      default_ords());
        REQUIRE(l.bufshr_subgrp_size[de::IFM] == 4);
        REQUIRE(l.bufshr_wide_fetch_width[de::IFM] > 1);
        REQUIRE(l.bufshr_rot_round_cnt[de::IFM] == 0);
        test::verify_bufshr_stats(l, ex.bs);
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "bufshr: wide fetch example") {
        const BufShrExample ex(*this, ifm_sharing_part(false));
        REQUIRE(ex.bs.size(de::IFM) == 4);
        const std::pair<LoopTriple, LoopTriple> cases[] = {{{3, 3, 1}, {1, 1, 2}},
                                                           {{1, 3, 2}, {3, 1, 1}}};
        for (const auto& [t1, t2] : cases) {
            CAPTURE(t1);
            // At the GBUF level, inner to outer: BAT, IFM, OFM.
            const LoopOrders ords{std::array<int, 3>{0, 1, 2}, std::array<int, 3>{1, 2, 0}};
            LoopBlockingScheme l = ex.scheme(
                {ex.top_splitting({t1[0] * t2[0], t1[1] * t2[1], t1[2] * t2[2]}), t1, t2}, ords);
            REQUIRE(l.bufshr_subgrp_size[de::IFM] == 4);
            REQUIRE(l.bufshr_wide_fetch_width[de::IFM] > 1);
            REQUIRE(l.bufshr_rot_round_cnt[de::IFM] > 0);
            test::verify_bufshr_stats(l, ex.bs);
        }
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "bufshr: several subgroups example") {
        const BufShrExample ex(*this, ifm_sharing_part(true));
        REQUIRE(ex.bs.size(de::IFM) == 4);

        // Several subgroups per group for IFM; at the GBUF level, inner to
        // outer: BAT, OFM, IFM.
        const LoopOrders ords{std::array<int, 3>{0, 1, 2}, std::array<int, 3>{2, 1, 0}};
        LoopBlockingScheme l = ex.scheme(
            {ex.top_splitting({1, 3, 2}), LoopTriple{1, 3, 2}, LoopTriple{1, 1, 1}}, ords);
        REQUIRE(l.bufshr_grp_size[de::IFM] > l.bufshr_subgrp_size[de::IFM]);
        REQUIRE(l.bufshr_rot_round_cnt[de::IFM] > 0);
        test::verify_bufshr_stats(l, ex.bs);
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "bufshr: get_noc_access") {
        const NodeRegion& region = resource["PAR"].proc_region;
        size_t nvalid = 0;
        for (const auto& part : gen_all_partition()) {
            const NestedLoopDesc p_nld = part_nld(part);
            const BufShrScheme bs(region, part, p_nld.data_loops);
            for (auto& l :
                 gen_loopblocking(p_nld, resource["PAR"], bs, none_cstr, cost, options["BUFSHR"])) {
                // The reference answers None for an invalid scheme; there are no
                // statistics of one here.
                if (!l.is_valid()) continue;
                ++nvalid;
                l.finalize_stats();
                for (int d = 0; d < de::NUM; ++d)
                    CHECK(l.noc_access[d] == doctest::Approx(l.bufshr_rotation_access[d] +
                                                             l.bufshr_wide_fetch_access[d])
                                                 .epsilon(5e-8));
            }
        }
        CHECK(nvalid > 0);
    }

    TEST_CASE_FIXTURE(LoopBlockingFixture, "bufshr: no sharing for local-region layers") {
        const NodeRegion& region = resource["PAR"].proc_region;
        size_t nvalid = 0;
        for (const auto& part : gen_all_partition("POOL")) {
            CAPTURE(part.order);
            CAPTURE(part.pdims);
            const NestedLoopDesc p_nld = part_nld(part, "POOL");
            const BufShrScheme bs(region, part, p_nld.data_loops);
            for (auto& l :
                 gen_loopblocking(p_nld, resource["PAR"], bs, none_cstr, cost, options["BUFSHR"])) {
                if (!l.is_valid()) continue;
                ++nvalid;
                CHECK(l.bufshr_grp_size == std::array<i64, de::NUM>{1, 1, 1});
            }
        }
        CHECK(nvalid > 0);
    }

}  // TEST_SUITE
