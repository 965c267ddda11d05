// One search run as typed values, in the units of the reference's command
// line (bytes, bits, bytes/cycle). Every member is a field of the run schema
// (run_schema.h): its name, default, range and help live there, not here.
// Get one from run_config_defaults(), read_run_document() or the CLI's flags;
// check it with run_config_problems() (run_rules.h).
#pragma once

#include <array>
#include <optional>
#include <set>
#include <string>

#include "core/formats/py_json.h"
#include "core/model/cost.h"
#include "core/model/network.h"
#include "core/model/option.h"
#include "core/model/resource.h"

namespace nndf {

/// The network of a run: a built-in by name, or a network document.
struct NetworkChoice {
    std::string name;          ///< Built-in name, or the document's own name.
    std::optional<OJson> doc;  ///< The network document (nns/README.md), if not built in.
    std::string file;          ///< Where the document came from (a file path), if anywhere.
};

struct RunConfig {
    NetworkChoice network;
    i64 batch = 0;
    i64 word = 0;                       ///< Bits per word.
    PhyDim2 nodes;                      ///< Node grid.
    PhyDim2 array;                      ///< PE array per node.
    i64 regf = 0;                       ///< Register file per PE, bytes.
    i64 gbuf = 0;                       ///< Global buffer per node, bytes.
    i64 bus_width = 0;                  ///< Array bus width, bits; 0 = unlimited.
    double dram_bw = 0;                 ///< DRAM bandwidth, bytes per cycle.
    std::string mem_type;               ///< "2D" or "3D".
    double op_cost = 0;                 ///< One MAC.
    std::array<double, 4> hier_cost{};  ///< One access to DRAM, GBUF, ITCN, REGF.
    double hop_cost = 0;                ///< One word over one NoC hop.
    double unit_idle_cost = 0;          ///< All nodes, per cycle.
    std::string disable_bypass;         ///< Letters of i, o, f, in that order.
    bool solve_loopblocking = false;
    bool enable_access_forwarding = false;
    bool enable_gbuf_sharing = false;
    bool enable_save_writeback = false;
    bool disable_interlayer_opt = false;
    bool hybrid_partition = false;
    bool batch_partition = false;
    bool ifmaps_partition = false;
    bool interlayer_partition = false;
    double layer_pipeline_time_overhead = 0;
    double layer_pipeline_max_degree = 0;
    std::string goal;  ///< "e", "d" or "ed".
    i64 top = 0;
    // How to run, not what to compute (the schema's invocation fields).
    std::optional<i64> processes;  ///< Threads; none: every core of the machine.
    bool verbose = false;

    /// Names of the fields set explicitly rather than by default: the
    /// reference prints a default cost as an int, a given one as a float.
    std::set<std::string> given;
    bool was_given(const std::string& field) const { return given.count(field) > 0; }

    /// The network: built-in by name or the document. Errors name `network`.
    Network load_network() const;
    Resource resource() const;
    Cost cost() const;
    Option options() const;
    /// The threads the search runs on: `processes`, at most the machine's
    /// cores (more would only wait for each other), or all of them.
    i64 threads() const;
};

/// Every field at its default; required fields (the network, batch, nodes,
/// array, regf, gbuf) are left unset and reported by run_config_problems().
RunConfig run_config_defaults();

}  // namespace nndf
