#include "core/model/option.h"

#include <algorithm>
#include <cctype>

#include "core/util/error.h"

namespace nndf {

const char* opt_goal_name(OptGoal g) {
    switch (g) {
        case OptGoal::E:
            return "e";
        case OptGoal::D:
            return "d";
        case OptGoal::ED:
            return "ed";
    }
    return "?";
}

OptGoal parse_opt_goal(const std::string& s, const std::string& field) {
    std::string l = s;
    std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return std::tolower(c); });
    if (l == "e") return OptGoal::E;
    if (l == "d") return OptGoal::D;
    if (l == "ed") return OptGoal::ED;
    throw InputError(field,
                     "must be one of e, d, ed (energy, delay, energy-delay), got '" + s + "'");
}

void Option::validate() const {
    if (sw_solve_loopblocking && hw_gbuf_sharing) {
        throw InputError("hw_gbuf_sharing",
                         "the loop-blocking solver cannot be combined with buffer sharing");
    }
    if (hw_access_forwarding && hw_gbuf_sharing) {
        throw InputError("hw_gbuf_sharing",
                         "buffer sharing implies access forwarding, so do not enable both");
    }
    if (sw_solve_loopblocking && hw_gbuf_save_writeback) {
        throw InputError("hw_gbuf_save_writeback",
                         "the loop-blocking solver cannot be combined with save writeback");
    }
    if (partition_ifmaps && !partition_hybrid) {
        throw InputError("partition_ifmaps",
                         "input-channel partitioning needs hybrid partitioning");
    }
    if (std::isnan(layer_pipeline_time_ovhd) || layer_pipeline_time_ovhd < 0) {
        throw InputError("layer_pipeline_time_ovhd", "must be a non-negative number");
    }
    if (std::isnan(layer_pipeline_max_degree) || layer_pipeline_max_degree < 0) {
        throw InputError("layer_pipeline_max_degree", "must be a non-negative number");
    }
    if (ntops < 1) throw InputError("ntops", "must be a positive integer");
}

}  // namespace nndf
