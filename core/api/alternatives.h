// "Why this schedule": for one layer of a result, the layer search run again
// under the conditions the whole search gave it, keeping its N best
// schedules, and what each changes against the best (docs/alternatives.md).
// The conditions are read from the result document itself (its resource,
// cost, options, segments and data layouts), so a result file and its
// network are enough.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/formats/py_json.h"
#include "core/layer_search/scheduling.h"
#include "core/model/network.h"
#include "core/util/search_context.h"

namespace nndf {

/// A choice that tells two schedules of a layer apart: blocking factors,
/// loop orders, partition, bypass, buffer sharing (in alternatives.cpp).
struct ScheduleField {
    std::string field;  ///< A stable key, named as in the result (`ti[0]`, `part.order`).
    std::string label;  ///< What it is, for a person.
    OJson value;
};

struct FieldDifference {
    std::string field;
    std::string label;
    OJson winner;
    OJson alternative;
};

struct Alternative {
    SchedulingResultPtr schedule;
    std::vector<ScheduleField> fields;
    std::vector<FieldDifference> differences;  ///< Against the first alternative.
    bool is_result = false;                    ///< The result's own schedule of the layer.
};

struct LayerAlternatives {
    std::string layer;
    double result_cost = 0;  ///< The layer's cost as the result records it.
    double result_time = 0;
    std::vector<Alternative> alternatives;  ///< Best first, as the layer search ranks them.
    int result_rank = -1;                   ///< Where the result's schedule is, or -1.
    /// The first alternative is the result's own schedule, at its cost.
    bool reproduced() const { return result_rank == 0; }
    Resource resource;                ///< The layer's share of the resource.
    SchedulingConstraint constraint;  ///< The one searched under (pipelining).
    int constraints_matching = 0;     ///< Of its segment's, those the result satisfies.
    int constraints_searched = 0;     ///< Searched until one reproduced the result.
    std::vector<std::string> notes;   ///< Where the conditions may differ from the search's.
};

/// The fields of a schedule, in a fixed order.
std::vector<ScheduleField> schedule_fields(const SchedulingResult& r);

/// The fields whose values differ, in the order of `winner`.
std::vector<FieldDifference> field_differences(const std::vector<ScheduleField>& winner,
                                               const std::vector<ScheduleField>& alternative);

/// The `n` (at least 2) best schedules of `layer` of `result` (a result of
/// `net`), searched on `threads` threads; SearchCancelled when `ctx` asks to
/// stop. InputError if the result has no such layer or does not fit the net.
LayerAlternatives layer_alternatives(const Network& net, const OJson& result,
                                     const std::string& layer, i64 n, const SearchContext& ctx = {},
                                     int threads = 1);

/// The alternatives as JSON (docs/alternatives.md), for the page and the CLI.
OJson alternatives_json(const LayerAlternatives& a);

}  // namespace nndf
