// The reference's int/float typing of a layer's `access` matrix
// (core/formats/access_typing.h, docs/result-format.md), as printed text.
#include <doctest/doctest.h>

#include "core/formats/access_typing.h"
#include "core/util/error.h"

using namespace nndf;

namespace {

AccessMatrix zeros() {
    return AccessMatrix{};
}

std::string text(const AccessMatrix& a, bool local_region, std::array<bool, 2> is_dram) {
    return py_json_dump(access_json(a, access_int_entries(local_region, is_dram)), -1);
}

}  // namespace

TEST_SUITE("access_typing") {
    TEST_CASE("a conv layer reading and writing DRAM: all floats") {
        CHECK(text(zeros(), false, {true, true}) ==
              "[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]");
    }

    TEST_CASE("a local-region layer: GBUF and ITCN filters are the int 0, REGF and DRAM not") {
        AccessMatrix a = zeros();
        a[me::GBUF] = {0, 3421440, 1679616};
        CHECK(text(a, true, {true, true}) ==
              "[[0.0, 0.0, 0.0], [0, 3421440.0, 1679616.0], [0, 0.0, 0.0], [0.0, 0.0, 0.0]]");
    }

    TEST_CASE("data outside DRAM: that DRAM access is the int 0") {
        CHECK(text(zeros(), false, {false, true}) ==
              "[[0.0, 0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]");
        CHECK(text(zeros(), false, {true, false}) ==
              "[[0.0, 0.0, 0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]");
        CHECK(text(zeros(), true, {false, false}) ==
              "[[0.0, 0, 0], [0, 0.0, 0.0], [0, 0.0, 0.0], [0.0, 0.0, 0.0]]");
    }

    TEST_CASE("an int entry that is not 0 is a broken invariant") {
        AccessMatrix a = zeros();
        a[me::DRAM][de::IFM] = 5;
        CHECK_THROWS_AS(text(a, false, {false, true}), InternalError);
        CHECK_NOTHROW(text(a, false, {true, true}));
    }
}
