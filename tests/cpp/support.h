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

#include "cli/search_args.h"
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
/// as in tests/golden/CASES.tsv) as the CLI reads them. A network file is
/// named relative to the source tree.
inline RunConfig run_config_from_args(const std::string& args) {
    std::vector<std::string> words = split_words(args);
    if (!words.empty() && words[0].find('/') != std::string::npos) {
        words[0] = source_path(words[0]);
    }
    return cli::search_config(words);
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
