// Mirrors the reference's tests/unit_test/test_scheduling_result.py.
//
// Not mirrored (Python-only mechanisms): TypeErrors for a scheme that is not
// an OrderedDict, a missing ofmap layout or a list sched_seq, and a
// ValueError for a sched_seq of the wrong length; here the fields are typed,
// fixed-size members. The reference's scheme dict is SchedulingResult's
// fields (access and remote GBUF accesses live in its LoopBlockingScheme;
// total_proc_time is proc_time).
#include <doctest/doctest.h>

#include <type_traits>

#include "core/layer_search/scheduling.h"
#include "support.h"

using namespace nndf;

static_assert(std::tuple_size<decltype(SchedulingResult::sched_seq)>::value == 3);

namespace {

SchedulingResult make_result() {
    SchedulingResult r;
    r.cost = 9.876 + 1.234;
    r.time = 123.4;
    r.ops = 1234;
    r.num_nodes = 4;
    r.cost_op = 1.234;
    r.cost_access = 9.876;
    r.cost_noc = 0;
    r.cost_static = 0;
    r.proc_time = 59;
    r.bus_time = 40;
    r.dram_time = 120;
    r.lbs.access = {{{2, 3, 4}, {30, 40, 50}, {400, 500, 600}, {5000, 6000, 7000}}};
    r.lbs.remote_gbuf_access = {0, 0, 0};
    r.total_nhops = {123, 456, 789};
    r.lbs.fetch = {{{1, 2, 1}, {3, 4, 5}}};
    r.ofmap_layout = test::one_node_layout(NodeRegion::DRAM);
    r.sched_seq = {2, 0, 0};
    return r;
}

}  // namespace

TEST_SUITE("scheduling_result") {
    TEST_CASE("SchedulingResult: valid arguments") {
        const SchedulingResult r = make_result();
        CHECK(r.ops == 1234);
        CHECK(r.total_nhops == std::array<double, 3>{123, 456, 789});
        CHECK(r.ofmap_layout == test::one_node_layout(NodeRegion::DRAM));
        CHECK(r.sched_seq == std::array<i64, 3>{2, 0, 0});
    }

    TEST_CASE("SchedulingResult: total_cost") {
        CHECK(make_result().total_cost() == doctest::Approx(1.234 + 9.876));
    }

    TEST_CASE("SchedulingResult: total_time") {
        const SchedulingResult r = make_result();
        CHECK(r.total_time() == doctest::Approx(123.4));
        CHECK(r.total_time() >= static_cast<double>(r.total_node_time()));
        CHECK(r.total_time() >= static_cast<double>(r.total_dram_time()));
    }

    TEST_CASE("SchedulingResult: total_node_time") {
        SchedulingResult r = make_result();
        CHECK(r.total_node_time() == std::max(59, 40));
        r.bus_time = 100;
        CHECK(r.total_node_time() == std::max(59, 100));
    }

    TEST_CASE("SchedulingResult: total_dram_time") {
        CHECK(make_result().total_dram_time() == 120);
    }

    TEST_CASE("SchedulingResult: total_proc_time") {
        SchedulingResult r = make_result();
        CHECK(r.proc_time == 59);
        r.bus_time = 100;
        CHECK(r.proc_time == 59);
    }

    TEST_CASE("SchedulingResult: total_ops") {
        CHECK(make_result().ops == 1234);
    }

    TEST_CASE("SchedulingResult: total_accesses") {
        CHECK(make_result().total_accesses() == std::array<double, 4>{9, 120, 1500, 18000});
    }

    TEST_CASE("SchedulingResult: total_accesses with remote GBUF accesses") {
        SchedulingResult r = make_result();
        r.lbs.remote_gbuf_access = {10, 20, 30};
        CHECK(r.total_accesses() == std::array<double, 4>{9, 120 + 60, 1500, 18000});
    }

    TEST_CASE("SchedulingResult: total_noc_hops") {
        CHECK(make_result().total_noc_hops() == 1368);
    }

    TEST_CASE("SchedulingResult: num_nodes") {
        CHECK(make_result().num_nodes == 4);
    }

}  // TEST_SUITE
