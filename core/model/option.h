// Search options (option.py). The rules on their combinations are the run's
// (core/api/run_rules.h): an Option is built only from a checked run.
#pragma once

#include <array>
#include <string>

#include "core/model/enums.h"
#include "core/util/math_util.h"

namespace nndf {

enum class OptGoal { E, D, ED };

/// "e", "d" or "ed".
const char* opt_goal_name(OptGoal g);

struct Option {
    std::array<bool, de::NUM> sw_gbuf_bypass{};  ///< May bypass the GBUF, per data category.
    bool sw_solve_loopblocking = false;       ///< Analytical solver instead of exhaustive search.
    bool hw_access_forwarding = false;        ///< Nodes fetch disjoint parts and forward them.
    bool hw_gbuf_sharing = false;             ///< Nodes share their global buffers.
    bool hw_gbuf_save_writeback = false;      ///< Keep intermediate fmaps on chip when they fit.
    bool partition_hybrid = false;            ///< Hybrid fmap/output partitioning.
    bool partition_batch = false;             ///< Batch partitioning.
    bool partition_ifmaps = false;            ///< Input-channel partitioning.
    bool partition_interlayer = false;        ///< Spatial inter-layer pipelining.
    double layer_pipeline_time_ovhd = kInf;   ///< Max time overhead of a pipeline segment.
    double layer_pipeline_max_degree = kInf;  ///< Max vertices in a pipeline segment.
    bool layer_pipeline_opt = true;           ///< Optimized (not basic) inter-layer pipelining.
    OptGoal opt_goal = OptGoal::E;            ///< What the search minimizes.
    i64 ntops = 1;                            ///< Schedules kept per step.
    i64 nprocesses = 1;                       ///< Reported only: the search is single-threaded.
    bool verbose = false;                     ///< Report progress.
    /// Not a run field: a grouped conv may run several passes at once in PE-set
    /// copies replication leaves idle (passes_side_by_side.h). Off, its cost
    /// is exactly the reference's for the same groups written as branches,
    /// which the tests check.
    bool passes_side_by_side = true;
};

}  // namespace nndf
