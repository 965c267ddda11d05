// The reference's output document of nn_dataflow_search.py, key for key.
#pragma once

#include <string_view>
#include <vector>

#include "core/formats/py_json.h"
#include "core/network_search/nn_dataflow.h"

namespace nndf {

OJson node_region_json(const NodeRegion& r);
OJson partition_scheme_json(const PartitionScheme& p);
OJson data_layout_json(const DataLayout& dl);
/// One layer's scheme dict, in the reference's key order and number types
/// (which depend on the layer's family and on whether the idle cost was
/// given: docs/result-format.md).
OJson scheme_json(const SchedulingResult& r, const Layer& layer, bool unit_idle_cost_given);

/// What the document says of the run itself, besides the search's outcome.
struct ResultRun {
    std::string net;  ///< The network's name as given.
    i64 batch = 0;
    Cost cost;
    /// Which costs were given: the reference prints a default cost as an int.
    bool op_cost_given = false, hier_cost_given = false, hop_cost_given = false,
         unit_idle_cost_given = false;
};

/// The whole result: version, net, batch, resource, cost, options,
/// cache_stats, elapsed, totals and breakdown, per-layer stats, layouts and
/// schedules (in scheduling order).
OJson result_json(const ResultRun& run, const Resource& resource, const Option& options,
                  const NNDataflowScheme& top, std::pair<i64, i64> cache_stats, double elapsed);
/// The same document as the reference prints it (json.dump, indent 2):
/// py_json_dump(result_json(...)), written directly.
std::string result_text(const ResultRun& run, const Resource& resource, const Option& options,
                        const NNDataflowScheme& top, std::pair<i64, i64> cache_stats,
                        double elapsed);
/// result_text, and in the same pass `kept`: an object of the document's
/// top-level members whose keys `keep` names, as parsing the text would
/// give them.
std::string result_text(const ResultRun& run, const Resource& resource, const Option& options,
                        const NNDataflowScheme& top, std::pair<i64, i64> cache_stats,
                        double elapsed, const std::vector<std::string_view>& keep, OJson& kept);

}  // namespace nndf
