// Mirrors the reference's tests/loop_blocking_test/test_loop_blocking_partition.py:
// loop blocking of partitioned layers on several nodes.
//
// Only test_accfwd runs: every other test there needs global-buffer sharing
// (LoopBlockingScheme with hw_gbuf_sharing), which the engine does not
// implement yet; they are listed below as skipped TODOs.
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
        for (auto& lbs : gen_loopblocking(p_nld, resource["PAR"], bs, none_cstr, cost, options["ACCFWD"])) {
            if (!lbs.is_valid()) continue;
            ++nvalid;
            CHECK(lbs.ops == doctest::Approx(total_ops));
            // Forwarding divides the DRAM accesses among the sharing nodes.
            CHECK(lbs.accfwd_reduction[de::FIL] == part.size_of({pe::BATP, pe::OFMP}) / fil_fetch);
            CHECK(lbs.accfwd_reduction[de::OFM] == part.size_of({pe::INPP}));
            CHECK(lbs.accfwd_reduction[de::IFM] == part.size_of({pe::OUTP}));
            // Top fetch and access.
            const auto& f = lbs.fetch[0];
            const auto& a = lbs.access[me::DRAM];
            CHECK(a[de::FIL] == doctest::Approx(static_cast<double>(f[de::FIL] * sizes[de::FIL] * fil_fetch)));
            CHECK(a[de::OFM] == doctest::Approx(static_cast<double>(f[de::OFM] * sizes[de::OFM])));
            CHECK(a[de::IFM] >= static_cast<double>(f[de::IFM] * sizes[de::IFM]));
        }
    }
    CHECK(nvalid > 0);
}

// TODO(buffer sharing): the rest of the reference's file checks schemes with
// hw_gbuf_sharing (group and subgroup sizes, rotation and wide-fetch NoC
// accesses against a simulation with sharing), which LoopBlockingScheme
// rejects as "not yet supported".
#define NNDF_BUFSHR_TODO(name)                                                                  \
    TEST_CASE(name * doctest::skip() *                                                          \
              doctest::description("TODO: needs global-buffer sharing (not yet supported)")) {} \
    static_assert(true, "")
NNDF_BUFSHR_TODO("bufshr: group sizes equal the forwarding reduction");
NNDF_BUFSHR_TODO("bufshr: access matches the simulation");
NNDF_BUFSHR_TODO("bufshr with bypass: access matches the simulation");
NNDF_BUFSHR_TODO("bufshr: rotation example");
NNDF_BUFSHR_TODO("bufshr: single rotation skipped example");
NNDF_BUFSHR_TODO("bufshr: wide fetch example");
NNDF_BUFSHR_TODO("bufshr: several subgroups example");
NNDF_BUFSHR_TODO("bufshr: get_noc_access");
NNDF_BUFSHR_TODO("bufshr: no sharing for local-region layers");

}  // TEST_SUITE
