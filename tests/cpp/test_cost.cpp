// Mirrors the reference's unit_test/test_cost.py. Its TypeError and length
// cases (tuples for scalars, a list or short tuple for mem_hier) cannot be
// written with a fixed-size array.
#include <doctest/doctest.h>

#include <array>

#include "core/model/cost.h"
#include "core/util/error.h"
#include "core/util/math_util.h"

using nndf::Cost;
namespace me = nndf::me;

namespace {

Cost make_cost() {
    Cost c;
    c.mac_op = 1;
    c.mem_hier = {200, 6, 2, 1};
    c.noc_hop = 10;
    c.idl_unit = 0;
    return c;
}

}  // namespace

TEST_SUITE("cost") {
    TEST_CASE("valid args") {
        Cost c = make_cost();
        CHECK_NOTHROW(c.validate());
        CHECK(c.mac_op == 1);
        CHECK(c.mem_hier == std::array<double, me::NUM>{200, 6, 2, 1});
        CHECK(c.noc_hop == 10);
        CHECK(c.idl_unit == 0);
    }

    TEST_CASE("mem_hier_at") {
        Cost c = make_cost();
        CHECK(c.mem_hier_at(me::DRAM) == 200);
        CHECK(c.mem_hier_at(me::GBUF) == 6);
        CHECK(c.mem_hier_at(me::ITCN) == 2);
        CHECK(c.mem_hier_at(me::REGF) == 1);
    }

    TEST_CASE("mem_hier_at out of range") {
        // The reference answers None; a double cannot, so this is a bug to
        // report rather than a read past the array.
        Cost c = make_cost();
        CHECK_THROWS_AS(c.mem_hier_at(me::NUM), nndf::InternalError);
        CHECK_THROWS_AS(c.mem_hier_at(-1), nndf::InternalError);
    }

    TEST_CASE("validate rejects negative or non-finite costs") {
        Cost c = make_cost();
        c.noc_hop = -1;
        CHECK_THROWS_WITH_AS(c.validate(), doctest::Contains("noc_hop"), nndf::InternalError);
        c = make_cost();
        c.mem_hier[me::GBUF] = nndf::kInf;
        CHECK_THROWS_WITH_AS(c.validate(), doctest::Contains("mem_hier[1]"), nndf::InternalError);
    }
}
