// Mirrors the reference's unit_test/test_option.py. Python argument handling
// (too many positional arguments, unknown or repeated keywords, a list for
// the bypass tuple, None for numbers) and option_list() have no C++
// counterpart: the struct has exactly its fields.
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
        CHECK_NOTHROW(o.validate());
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
        CHECK_NOTHROW(o.validate());
    }

    TEST_CASE("defaults") {
        Option o;
        CHECK_NOTHROW(o.validate());
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

    TEST_CASE("solver with buffer sharing") {
        Option o;
        o.sw_solve_loopblocking = true;
        o.hw_gbuf_sharing = true;
        CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("hw_gbuf_sharing"), nndf::InputError);
    }

    TEST_CASE("access forwarding with buffer sharing") {
        Option o;
        o.hw_access_forwarding = true;
        o.hw_gbuf_sharing = true;
        CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("access forwarding"),
                             nndf::InputError);
    }

    TEST_CASE("solver with save writeback") {
        Option o;
        o.sw_solve_loopblocking = true;
        o.hw_gbuf_save_writeback = true;
        CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("hw_gbuf_save_writeback"),
                             nndf::InputError);
    }

    TEST_CASE("ifmaps partitioning without hybrid") {
        Option o;
        o.partition_hybrid = false;
        o.partition_ifmaps = true;
        CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("partition_ifmaps"), nndf::InputError);
        o.partition_hybrid = true;
        CHECK_NOTHROW(o.validate());
    }

    TEST_CASE("negative layer_pipeline_time_ovhd") {
        Option o;
        o.layer_pipeline_time_ovhd = -1;
        CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("layer_pipeline_time_ovhd"),
                             nndf::InputError);
    }

    TEST_CASE("negative layer_pipeline_max_degree") {
        Option o;
        o.layer_pipeline_max_degree = -1;
        CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("layer_pipeline_max_degree"),
                             nndf::InputError);
    }

    TEST_CASE("opt_goal") {
        CHECK(nndf::parse_opt_goal("e", "goal") == OptGoal::E);
        CHECK(nndf::parse_opt_goal("d", "goal") == OptGoal::D);
        CHECK(nndf::parse_opt_goal("ed", "goal") == OptGoal::ED);
        // The reference's command line also takes upper case and lowers it.
        CHECK(nndf::parse_opt_goal("ED", "goal") == OptGoal::ED);
        CHECK_THROWS_WITH_AS(nndf::parse_opt_goal("o", "--goal"), doctest::Contains("--goal"),
                             nndf::InputError);
        CHECK_THROWS_AS(nndf::parse_opt_goal("", "goal"), nndf::InputError);
        CHECK_THROWS_AS(nndf::parse_opt_goal("de", "goal"), nndf::InputError);
        for (OptGoal g : {OptGoal::E, OptGoal::D, OptGoal::ED})
            CHECK(nndf::parse_opt_goal(nndf::opt_goal_name(g), "goal") == g);
    }
}
