// Mirrors the reference's unit_test/test_option.py for the fields and their
// defaults. Its checks of combinations are the run's rules here
// (core/api/run_rules.h), tested in test_run_schema.cpp with the same cases.
// Python argument handling (too many positional arguments, unknown or
// repeated keywords, a list for the bypass tuple, None for numbers) and
// option_list() have no C++ counterpart: the struct has exactly its fields.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <string>

#include "core/model/option.h"
#include "core/util/error.h"

using nndf::OptGoal;
using nndf::Option;

TEST_SUITE("option") {
    TEST_CASE("valid fields") {
        Option o;
        o.partition_hybrid = true;
        o.opt_goal = OptGoal::ED;
        o.ntops = 10;
        o.nprocesses = 16;
        CHECK(o.sw_gbuf_bypass == std::array<bool, 3>{false, false, false});
        CHECK_FALSE(o.sw_solve_loopblocking);
        CHECK_FALSE(o.hw_access_forwarding);
        CHECK_FALSE(o.hw_gbuf_sharing);
        CHECK(o.partition_hybrid);
        CHECK_FALSE(o.partition_batch);
        CHECK_FALSE(o.partition_ifmaps);
        CHECK_FALSE(o.partition_interlayer);
        CHECK(std::string(nndf::opt_goal_name(o.opt_goal)) == "ed");
        CHECK(o.ntops == 10);
        CHECK(o.nprocesses == 16);
        CHECK_FALSE(o.verbose);

        o.sw_gbuf_bypass = {false, true, false};
        o.sw_solve_loopblocking = true;
    }

    TEST_CASE("defaults") {
        Option o;
        CHECK(o.sw_gbuf_bypass == std::array<bool, 3>{false, false, false});
        CHECK_FALSE(o.sw_solve_loopblocking);
        CHECK_FALSE(o.hw_access_forwarding);
        CHECK_FALSE(o.hw_gbuf_sharing);
        CHECK_FALSE(o.hw_gbuf_save_writeback);
        CHECK_FALSE(o.partition_hybrid);
        CHECK_FALSE(o.partition_batch);
        CHECK_FALSE(o.partition_ifmaps);
        CHECK_FALSE(o.partition_interlayer);
        CHECK(std::isinf(o.layer_pipeline_time_ovhd));
        CHECK(std::isinf(o.layer_pipeline_max_degree));
        CHECK(o.layer_pipeline_opt);
        CHECK(o.opt_goal == OptGoal::E);
        CHECK(o.ntops == 1);
        CHECK(o.nprocesses == 1);
        CHECK_FALSE(o.verbose);
    }

    TEST_CASE("opt_goal names") {
        CHECK(std::string(nndf::opt_goal_name(OptGoal::E)) == "e");
        CHECK(std::string(nndf::opt_goal_name(OptGoal::D)) == "d");
        CHECK(std::string(nndf::opt_goal_name(OptGoal::ED)) == "ed");
    }
}
