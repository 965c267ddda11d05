// Mirrors the reference's tests/unit_test/test_nested_loop_desc.py.
//
// The reference checks each field's Python type (tuple, not list) and length
// at run time; here the fields are std::arrays, so the lengths are fixed by
// the type and checked at compile time below. Its accessors usize_gbuf_of,
// usize_regf_of and unit_access_at_of are plain field reads here, and
// total_access_at_of(mhe) without a category is the sum over categories.
#include <doctest/doctest.h>

#include <type_traits>

#include "core/layer_search/nested_loop_desc.h"
#include "core/model/layer.h"

using namespace nndf;

static_assert(std::tuple_size<decltype(NestedLoopDesc::loopcnt)>::value == le::NUM);
static_assert(std::tuple_size<decltype(NestedLoopDesc::usize_gbuf)>::value == de::NUM);
static_assert(std::tuple_size<decltype(NestedLoopDesc::usize_regf)>::value == de::NUM);
static_assert(std::tuple_size<decltype(NestedLoopDesc::unit_access)>::value == me::NUM);
static_assert(std::tuple_size<decltype(NestedLoopDesc::unit_access)::value_type>::value == de::NUM);
static_assert(std::tuple_size<decltype(NestedLoopDesc::data_loops)>::value == de::NUM);

namespace {

NestedLoopDesc make_nld() {
    NestedLoopDesc nld;
    nld.loopcnt = {3, 8, 4};
    nld.usize_gbuf = {20, 30, 9};
    nld.usize_regf = {3, 3, 1};
    nld.unit_access = {{{19, 29, 9}, {18, 28, 8}, {35, 45, 15}, {1, 1, 2}}};
    nld.data_loops = {DataDimLoops{le::IFM, le::OFM}, DataDimLoops{le::IFM, le::BAT},
                      DataDimLoops{le::OFM, le::BAT}};
    nld.unit_ops = 7;
    nld.unit_time = 7;
    return nld;
}

double total_access_at(const NestedLoopDesc& nld, int mhe) {
    double s = 0;
    for (int d = 0; d < de::NUM; ++d) s += nld.total_access_at_of(mhe, d);
    return s;
}

}  // namespace

TEST_SUITE("nested_loop_desc") {
    TEST_CASE("valid arguments and accessors") {
        const NestedLoopDesc nld = make_nld();
        CHECK(nld.loopcnt == std::array<i64, 3>{3, 8, 4});
        CHECK(nld.usize_gbuf == std::array<i64, 3>{20, 30, 9});
        CHECK(nld.usize_regf == std::array<i64, 3>{3, 3, 1});
        CHECK(nld.unit_access[me::DRAM] == std::array<double, 3>{19, 29, 9});
        CHECK(nld.unit_access[me::REGF] == std::array<double, 3>{1, 1, 2});
        CHECK(nld.data_loops[de::FIL] == DataDimLoops{le::IFM, le::OFM});
        CHECK(nld.data_loops[de::IFM] == DataDimLoops{le::IFM, le::BAT});
        CHECK(nld.data_loops[de::OFM] == DataDimLoops{le::OFM, le::BAT});
        CHECK(nld.data_loops == conv_data_loops());
        CHECK(nld.unit_ops == 7);
        CHECK(nld.unit_time == 7);
        // usize_gbuf_of, usize_regf_of, unit_access_at_of.
        CHECK(nld.usize_gbuf[de::FIL] == 20);
        CHECK(nld.usize_gbuf[de::IFM] == 30);
        CHECK(nld.usize_gbuf[de::OFM] == 9);
        CHECK(nld.usize_regf[de::FIL] == 3);
        CHECK(nld.usize_regf[de::IFM] == 3);
        CHECK(nld.usize_regf[de::OFM] == 1);
        auto at = [&](int m) {
            return nld.unit_access[m][0] + nld.unit_access[m][1] + nld.unit_access[m][2];
        };
        CHECK(at(me::DRAM) == 19 + 29 + 9);
        CHECK(at(me::ITCN) == 35 + 45 + 15);
        CHECK(nld.unit_access[me::GBUF][de::OFM] == 8);
        CHECK(nld.unit_access[me::REGF][de::FIL] == 1);
    }

    TEST_CASE("invalid data loops") {
        // A DataDimLoops of something other than loops is refused.
        CHECK_THROWS(DataDimLoops{le::IFM, 7});
        CHECK_THROWS(DataDimLoops{-1});
    }

    TEST_CASE("total_ops") {
        CHECK(make_nld().total_ops() == 7 * 3 * 8 * 4);
    }

    TEST_CASE("total_access_at_of") {
        const NestedLoopDesc nld = make_nld();
        CHECK(nld.total_access_at_of(me::DRAM, de::FIL) == 19 * 3 * 8);
        CHECK(nld.total_access_at_of(me::DRAM, de::IFM) == 29 * 3 * 4);
        CHECK(nld.total_access_at_of(me::DRAM, de::OFM) == 9 * 8 * 4);
        CHECK(nld.total_access_at_of(me::GBUF, de::FIL) == 18 * 3 * 8);
        CHECK(nld.total_access_at_of(me::GBUF, de::IFM) == 28 * 3 * 4);
        CHECK(nld.total_access_at_of(me::GBUF, de::OFM) == 8 * 8 * 4);
        CHECK(nld.total_access_at_of(me::ITCN, de::FIL) == 35 * 3 * 8);
        CHECK(nld.total_access_at_of(me::ITCN, de::IFM) == 45 * 3 * 4);
        CHECK(nld.total_access_at_of(me::ITCN, de::OFM) == 15 * 8 * 4);
        CHECK(nld.total_access_at_of(me::REGF, de::FIL) == 1 * 3 * 8);
        CHECK(nld.total_access_at_of(me::REGF, de::IFM) == 1 * 3 * 4);
        CHECK(nld.total_access_at_of(me::REGF, de::OFM) == 2 * 8 * 4);
    }

    TEST_CASE("total_access_at_of summed over categories") {
        const NestedLoopDesc nld = make_nld();
        CHECK(total_access_at(nld, me::DRAM) == 19 * 3 * 8 + 29 * 3 * 4 + 9 * 8 * 4);
        CHECK(total_access_at(nld, me::GBUF) == 18 * 3 * 8 + 28 * 3 * 4 + 8 * 8 * 4);
        CHECK(total_access_at(nld, me::ITCN) == 35 * 3 * 8 + 45 * 3 * 4 + 15 * 8 * 4);
        CHECK(total_access_at(nld, me::REGF) == 1 * 3 * 8 + 1 * 3 * 4 + 2 * 8 * 4);
    }

}  // TEST_SUITE
