// Helpers shared by the C++ test suites (header only: every tests/cpp/*.cpp
// is one translation unit of the single doctest binary).
#pragma once

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/api/run_config.h"
#include "core/formats/py_json.h"
#include "core/model/data_layout.h"

namespace nndf::test {

/// A file of the source tree, e.g. "tests/golden/CASES.tsv".
inline std::string source_path(const std::string& relative) {
    return std::string(NNDF_SOURCE_DIR) + "/" + relative;
}

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::vector<std::string> split_words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

/// The arguments of nn_dataflow_search.py (`NET --batch 16 --nodes 1 1 ...`,
/// as in tests/golden/CASES.tsv) as a RunConfig. Only the flags the cases
/// use and their plain spellings; anything else throws. NET is a built-in
/// network or, as for `nndf search`, a network file (a path with a '/' or
/// ending in .json), here relative to the source tree.
inline RunConfig run_config_from_args(const std::string& args) {
    const std::vector<std::string> w = split_words(args);
    if (w.empty()) throw std::invalid_argument("no network in '" + args + "'");
    RunConfig c;
    c.net = w[0];
    const bool is_file = c.net.find('/') != std::string::npos ||
                         (c.net.size() > 5 && c.net.compare(c.net.size() - 5, 5, ".json") == 0);
    if (is_file) c.network_doc = parse_json_text(read_text(source_path(c.net)), c.net);
    size_t i = 1;
    auto next = [&](const std::string& flag) -> const std::string& {
        if (i >= w.size()) throw std::invalid_argument(flag + " needs a value");
        return w[i++];
    };
    auto int_of = [&](const std::string& flag) { return std::stoll(next(flag)); };
    auto num_of = [&](const std::string& flag) { return std::stod(next(flag)); };
    while (i < w.size()) {
        const std::string f = w[i++];
        if (f == "--batch")
            c.batch = int_of(f);
        else if (f == "--word")
            c.word = int_of(f);
        else if (f == "--nodes") {
            c.nodes.h = int_of(f);
            c.nodes.w = int_of(f);
        } else if (f == "--array") {
            c.array.h = int_of(f);
            c.array.w = int_of(f);
        } else if (f == "--regf")
            c.regf = int_of(f);
        else if (f == "--gbuf")
            c.gbuf = int_of(f);
        else if (f == "--bus-width")
            c.bus_width = int_of(f);
        else if (f == "--dram-bw")
            c.dram_bw = num_of(f);
        else if (f == "--mem-type")
            c.mem_type = next(f);
        else if (f == "--op-cost") {
            c.op_cost = num_of(f);
            c.op_cost_given = true;
        } else if (f == "--hop-cost") {
            c.hop_cost = num_of(f);
            c.hop_cost_given = true;
        } else if (f == "--unit-idle-cost") {
            c.unit_idle_cost = num_of(f);
            c.unit_idle_cost_given = true;
        } else if (f == "--hier-cost") {
            for (auto& h : c.hier_cost) h = num_of(f);
            c.hier_cost_given = true;
        } else if (f == "--disable-bypass") {
            while (i < w.size() && w[i].rfind("-", 0) != 0) c.disable_bypass += w[i++];
        } else if (f == "--solve-loopblocking")
            c.solve_loopblocking = true;
        else if (f == "--enable-access-forwarding")
            c.enable_access_forwarding = true;
        else if (f == "--enable-gbuf-sharing")
            c.enable_gbuf_sharing = true;
        else if (f == "--enable-save-writeback")
            c.enable_save_writeback = true;
        else if (f == "--disable-interlayer-opt")
            c.disable_interlayer_opt = true;
        else if (f == "--hybrid-partition")
            c.hybrid_partition = true;
        else if (f == "--batch-partition")
            c.batch_partition = true;
        else if (f == "--ifmaps-partition")
            c.ifmaps_partition = true;
        else if (f == "--interlayer-partition")
            c.interlayer_partition = true;
        else if (f == "--layer-pipeline-time-overhead")
            c.layer_pipeline_time_overhead = num_of(f);
        else if (f == "--layer-pipeline-max-degree")
            c.layer_pipeline_max_degree = num_of(f);
        else if (f == "-g" || f == "--goal")
            c.goal = next(f);
        else if (f == "-t" || f == "--top")
            c.top = int_of(f);
        else if (f == "-p" || f == "--processes")
            c.processes = int_of(f);
        else
            throw std::invalid_argument("unsupported flag " + f + " in '" + args + "'");
    }
    c.validate("--");
    return c;
}

}  // namespace nndf::test

namespace nndf::test {

/// Python's unittest assertAlmostEqual (7 places): round(|a - b|, 7) == 0.
inline bool almost_equal(double a, double b) {
    if (a == b) return true;
    return std::fabs(a - b) < 5e-8;
}

}  // namespace nndf::test

namespace nndf::test {

/// A cost model.
inline Cost make_cost(double mac_op, std::array<double, me::NUM> mem_hier, double noc_hop,
                      double idl_unit) {
    return Cost{mac_op, mem_hier, noc_hop, idl_unit};
}

/// A 2 x 4 x 16 x 16 fmap on one node at the origin.
inline DataLayout one_node_layout(NodeRegion::Type type) {
    return DataLayout::make({FmapRange({0, 0, 0, 0}, {2, 4, 16, 16})},
                            {NodeRegion::make({1, 1}, {0, 0}, type)}, {PartitionScheme()});
}

}  // namespace nndf::test
