#include "core/api/run_config.h"

#include "core/api/run_field_value.h"
#include "core/api/run_schema.h"
#include "core/formats/builtin_networks.h"
#include "core/formats/network_json.h"
#include "core/util/error.h"
#include "core/util/worker_pool.h"

namespace nndf {

RunConfig run_config_defaults() {
    RunConfig c;
    for (const auto& f : run_fields()) {
        if (!f.required()) read_field_value(f, f.default_value, f.name, c);
    }
    return c;
}

Network RunConfig::load_network() const {
    if (!network.doc) return load_builtin_network(network.name);
    try {
        return network_from_json(*network.doc);
    } catch (const InputError& e) {
        throw e.nested("network");
    }
}

Resource RunConfig::resource() const {
    const i64 word_bytes = (word + 7) / 8;
    Resource r;
    r.proc_region = NodeRegion::make(nodes, {0, 0}, NodeRegion::PROC);
    NodeRegion data;
    if (mem_type == "2D") {
        // Memory channels on the four corners of the node grid.
        data = NodeRegion::make({2, 2}, {0, 0}, NodeRegion::DRAM, nodes - PhyDim2(1, 1));
    } else {
        data = NodeRegion::make(nodes, {0, 0}, NodeRegion::DRAM);
    }
    r.dram_region = data;
    r.src_data_region = data;
    r.dst_data_region = data;
    r.dim_array = array;
    r.size_gbuf = gbuf / word_bytes;
    r.size_regf = regf / word_bytes;
    const i64 bus = bus_width / word;
    r.array_bus_width = bus ? static_cast<double>(bus) : kInf;
    r.dram_bandwidth = dram_bw / static_cast<double>(word_bytes);
    r.no_time_mux = false;
    return r;
}

Cost RunConfig::cost() const {
    Cost c;
    c.mac_op = op_cost;
    c.mem_hier = hier_cost;
    c.noc_hop = hop_cost;
    c.idl_unit = unit_idle_cost;
    return c;
}

Option RunConfig::options() const {
    Option o;
    // The run names the data that may NOT bypass; the engine, which may.
    o.sw_gbuf_bypass = {disable_bypass.find('f') == std::string::npos,
                        disable_bypass.find('i') == std::string::npos,
                        disable_bypass.find('o') == std::string::npos};
    o.sw_solve_loopblocking = solve_loopblocking;
    o.hw_access_forwarding = enable_access_forwarding;
    o.hw_gbuf_sharing = enable_gbuf_sharing;
    o.hw_gbuf_save_writeback = enable_save_writeback;
    o.partition_hybrid = hybrid_partition;
    o.partition_batch = batch_partition;
    o.partition_ifmaps = ifmaps_partition;
    o.partition_interlayer = interlayer_partition;
    o.layer_pipeline_time_ovhd = layer_pipeline_time_overhead;
    o.layer_pipeline_max_degree = layer_pipeline_max_degree;
    o.layer_pipeline_opt = !disable_interlayer_opt;
    o.opt_goal = goal == "e" ? OptGoal::E : goal == "d" ? OptGoal::D : OptGoal::ED;
    NNDF_CHECK(goal == opt_goal_name(o.opt_goal), "unchecked goal '" << goal << "'");
    o.ntops = top;
    o.nprocesses = threads();
    o.verbose = verbose;
    return o;
}

i64 RunConfig::threads() const {
    const i64 machine = WorkerPool::machine_threads();
    return processes ? std::min(*processes, machine) : machine;
}

}  // namespace nndf
