// Mirrors the reference's unit_test/test_resource.py. Its TypeError cases
// (a PhyDim2 or tuple where a region or scalar belongs, None for a bool) do
// not compile in C++; a fractional array_bus_width still can, and is kept.
#include <doctest/doctest.h>

#include "core/model/resource.h"
#include "core/util/error.h"

using nndf::NodeRegion;
using nndf::PhyDim2;
using nndf::Resource;

namespace {

Resource make_resource() {
    Resource r;
    r.proc_region = NodeRegion::make({2, 2}, {0, 0}, NodeRegion::PROC);
    r.dram_region = NodeRegion::make({2, 2}, {0, 0}, NodeRegion::DRAM);
    r.src_data_region = NodeRegion::make({2, 1}, {0, 0}, NodeRegion::DRAM);
    r.dst_data_region = NodeRegion::make({2, 1}, {0, 1}, NodeRegion::DRAM);
    r.dim_array = {16, 16};
    r.size_gbuf = 131072;
    r.size_regf = 512;
    r.array_bus_width = 8;
    r.dram_bandwidth = 128;
    r.no_time_mux = false;
    return r;
}

}  // namespace

TEST_SUITE("resource") {
    TEST_CASE("valid args") {
        Resource r = make_resource();
        CHECK_NOTHROW(r.validate());
        CHECK(r.proc_region.dim == PhyDim2(2, 2));
        CHECK(r.dram_region.dim == PhyDim2(2, 2));
        CHECK(r.dim_array == PhyDim2(16, 16));
        CHECK(r.size_gbuf == 131072);
        CHECK(r.size_regf == 512);
        CHECK(r.array_bus_width == 8);
        CHECK(r.dram_bandwidth == 128);
        CHECK_FALSE(r.no_time_mux);
        CHECK(r == make_resource());
    }

    TEST_CASE("defaults are unlimited bandwidths") {
        Resource r;
        CHECK(r.array_bus_width == nndf::kInf);
        CHECK(r.dram_bandwidth == nndf::kInf);
    }

    TEST_CASE("proc_region of type DRAM") {
        Resource r = make_resource();
        r.proc_region = NodeRegion::make({2, 2}, {0, 0}, NodeRegion::DRAM);
        CHECK_THROWS_WITH_AS(r.validate(), doctest::Contains("proc_region: must have type PROC"),
                             nndf::InternalError);
    }

    TEST_CASE("dram_region of type PROC") {
        Resource r = make_resource();
        r.dram_region = NodeRegion::make({2, 2}, {0, 0}, NodeRegion::PROC);
        CHECK_THROWS_WITH_AS(r.validate(), doctest::Contains("dram_region: must have type DRAM"),
                             nndf::InternalError);
    }

    TEST_CASE("invalid array_bus_width") {
        Resource r = make_resource();
        r.array_bus_width = 1.2;
        CHECK_THROWS_WITH_AS(r.validate(), doctest::Contains("array_bus_width"),
                             nndf::InternalError);
        r.array_bus_width = -2;
        CHECK_THROWS_WITH_AS(r.validate(), doctest::Contains("array_bus_width"),
                             nndf::InternalError);
        r.array_bus_width = 0;
        CHECK_THROWS_WITH_AS(r.validate(), doctest::Contains("array_bus_width"),
                             nndf::InternalError);
        r.array_bus_width = nndf::kInf;
        CHECK_NOTHROW(r.validate());
    }

    TEST_CASE("invalid dram_bandwidth") {
        Resource r = make_resource();
        r.dram_bandwidth = -3;
        CHECK_THROWS_WITH_AS(r.validate(), doctest::Contains("dram_bandwidth"),
                             nndf::InternalError);
        r.dram_bandwidth = 0;
        CHECK_THROWS_WITH_AS(r.validate(), doctest::Contains("dram_bandwidth"),
                             nndf::InternalError);
        // Any positive number, not only integers.
        r.dram_bandwidth = 12.5;
        CHECK_NOTHROW(r.validate());
    }
}
