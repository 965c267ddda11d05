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

/// A layer's statistics as its scheme records them (docs/result-format.md):
/// ops, times and accesses are the layer's, summed over its nodes; sizes are
/// one node's (GBUF) or one PE's (REGF).
struct LayerStats {
    double ops = 0;
    double time = 0;
    i64 proc_time = 0;
    i64 bus_time = 0;
    i64 dram_time = 0;
    std::array<std::array<double, 3>, 4> access{};   ///< [DRAM, GBUF, ITCN, REGF][data].
    std::array<double, 3> remote_gbuf_access{};      ///< Reads and writes of another region's GBUF.
    std::array<std::array<i64, 3>, 2> size{};        ///< Words held [GBUF, REGF][data].
    std::array<std::array<i64, 3>, 2> unit_size{};   ///< Words of one loop body [GBUF, REGF][data].
    std::array<std::array<i64, 3>, 2> fetch{};       ///< Fetches [GBUF, REGF][data].
    std::array<i64, 3> bufshr_subgrp_size{1, 1, 1};  ///< Nodes a shared GBUF datum is spread over.
};

/// One layer of the `schedules` map.
struct ScheduledLayer {
    std::string name;
    PartitionScheme part;
    i64 num_nodes = 1;
    std::array<i64, 3> sched_seq{};              ///< (segment, spatial slot, temporal position).
    std::array<std::array<i64, 3>, 3> tvals{};   ///< Blocking factors [level][loop].
    std::array<std::array<i64, 3>, 2> orders{};  ///< Loop orders [level][loop].
    /// A matmul's groups of samples its passes run by (SchedulingResult::sample_groups).
    i64 sample_groups = 1;
    LayerStats stats;
};

/// The parts of a result the explanations need.
struct ResultSummary {
    std::string net;
    i64 batch = 0;
    NodeRegion proc_region;
    NodeRegion dram_region;
    PhyDim2 dim_array;
    i64 size_gbuf = 0;                   ///< Global buffer per node, in words.
    i64 size_regf = 0;                   ///< Register file per PE, in words.
    std::vector<ScheduledLayer> layers;  ///< In scheduling order.

    /// The layer of a name; InputError if the result has none.
    const ScheduledLayer& layer(const std::string& name) const;
};

NodeRegion read_node_region(const OJson& j, const std::string& path);
PartitionScheme read_partition_scheme(const OJson& j, const std::string& path);
ResultSummary read_result_summary(const OJson& result);

}  // namespace nndf
