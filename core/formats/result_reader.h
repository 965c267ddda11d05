// Reading the reference's result document (result_json.h) back into the
// engine's values: a result made now, or a file made by the CLI or the
// reference, can then be explained by the engine's own functions. A
// malformed document is the reader's input error: it names the JSON path.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/formats/py_json.h"
#include "core/model/partition_scheme.h"

namespace nndf {

/// One layer of the `schedules` map.
struct ScheduledLayer {
    std::string name;
    PartitionScheme part;
    i64 num_nodes = 1;
    std::array<i64, 3> sched_seq{};              ///< (segment, spatial slot, temporal position).
    std::array<std::array<i64, 3>, 3> tvals{};   ///< Blocking factors [level][loop].
    std::array<std::array<i64, 3>, 2> orders{};  ///< Loop orders [level][loop].
};

/// The parts of a result the explanations need.
struct ResultSummary {
    std::string net;
    i64 batch = 0;
    NodeRegion proc_region;
    NodeRegion dram_region;
    PhyDim2 dim_array;
    std::vector<ScheduledLayer> layers;  ///< In scheduling order.

    /// The layer of a name; InputError if the result has none.
    const ScheduledLayer& layer(const std::string& name) const;
};

NodeRegion read_node_region(const OJson& j, const std::string& path);
PartitionScheme read_partition_scheme(const OJson& j, const std::string& path);
ResultSummary read_result_summary(const OJson& result);

}  // namespace nndf
