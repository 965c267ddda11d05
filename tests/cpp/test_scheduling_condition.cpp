// Mirrors the reference's tests/unit_test/test_scheduling_condition.py.
//
// Not mirrored (Python-only mechanisms): TypeErrors for arguments of the
// wrong type (None, a list for a tuple) and a ValueError for a sched_seq of
// the wrong length; here the fields are typed, fixed-size members.
#include <doctest/doctest.h>

#include <type_traits>

#include "core/layer_search/scheduling.h"
#include "loop_blocking_fixture.h"
#include "support.h"

using namespace nndf;

static_assert(std::tuple_size<decltype(SchedulingCondition::sched_seq)>::value == 3);

TEST_SUITE("scheduling_condition") {
    TEST_CASE("SchedulingCondition: valid arguments") {
        const NodeRegion proc = NodeRegion::make({1, 1}, {0, 0}, NodeRegion::PROC);
        const NodeRegion mem = NodeRegion::make({1, 1}, {0, 0}, NodeRegion::DRAM);
        const Resource resource = test::make_resource(proc, mem, mem, mem, {16, 16}, 65536, 64);
        const SchedulingConstraint none;
        const DataLayout ifmap_layout = test::one_node_layout(NodeRegion::DRAM);
        const SchedulingCondition c{resource, none, ifmap_layout, {2, 0, 0}};
        CHECK(c.resource == resource);
        CHECK(c.constraint == none);
        CHECK(c.ifmap_layout == ifmap_layout);
        CHECK(c.sched_seq == std::array<i64, 3>{2, 0, 0});
    }

}  // TEST_SUITE
