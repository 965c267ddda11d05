// One search run as data: the network, batch, hardware, costs and options,
// in the units of the reference's command line (bytes, bits, bytes/cycle).
// The CLI's flags and `--config FILE.json` (the web app's document) both
// become a RunConfig; validation lives here, once.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "core/formats/py_json.h"
#include "core/model/cost.h"
#include "core/model/network.h"
#include "core/model/option.h"
#include "core/model/resource.h"

namespace nndf {

struct RunConfig {
    std::string net;                   ///< Built-in name or the custom network's name.
    std::optional<OJson> network_doc;  ///< A custom network (nns/README.md format).
    i64 batch = 0;
    i64 word = 16;                ///< Bits per word.
    PhyDim2 nodes;                ///< Node grid.
    PhyDim2 array;                ///< PE array per node.
    i64 regf = 0;                 ///< Register file per PE, bytes.
    i64 gbuf = 0;                 ///< Global buffer per node, bytes.
    i64 bus_width = 0;            ///< Array bus width, bits; 0 = unlimited.
    double dram_bw = kInf;        ///< DRAM bandwidth, bytes per cycle.
    std::string mem_type = "2D";  ///< "2D": memory at the corners; "3D": above every node.
    double op_cost = 1;
    std::array<double, 4> hier_cost{200, 6, 2, 1};  ///< DRAM, GBUF, ITCN, REGF.
    double hop_cost = 10;
    double unit_idle_cost = 0;
    /// Which cost fields were given (the reference prints defaults as ints).
    bool op_cost_given = false, hier_cost_given = false, hop_cost_given = false,
         unit_idle_cost_given = false;
    std::string disable_bypass;  ///< Any of "i", "o", "f".
    bool solve_loopblocking = false;
    bool enable_access_forwarding = false;
    bool enable_gbuf_sharing = false;
    bool enable_save_writeback = false;
    bool disable_interlayer_opt = false;
    bool hybrid_partition = false;
    bool batch_partition = false;
    bool ifmaps_partition = false;
    bool interlayer_partition = false;
    double layer_pipeline_time_overhead = kInf;
    double layer_pipeline_max_degree = kInf;
    std::string goal = "e";
    i64 top = 1;
    i64 processes = 1;
    bool verbose = false;

    /// Throws InputError naming the field (`field_prefix` + name) and the rule.
    void validate(const std::string& field_prefix = "--") const;
    /// The network: built-in by name or the custom document.
    Network load_network() const;
    Resource resource() const;
    Cost cost() const;
    Option options() const;
};

/// Reads the run document (schema in docs/run-config.md). Errors carry the
/// JSON path of the bad field.
RunConfig run_config_from_json(const OJson& doc);

}  // namespace nndf
