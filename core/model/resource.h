// The hardware a layer is scheduled on (resource.py): where it computes, where
// its data live, and the sizes and bandwidths that bound a schedule.
#pragma once

#include "core/model/node_region.h"

namespace nndf {

struct Resource {
    NodeRegion proc_region;         ///< Processing nodes (type PROC).
    NodeRegion dram_region;         ///< Memory nodes (type DRAM).
    NodeRegion src_data_region;     ///< Where the input fmaps are.
    NodeRegion dst_data_region;     ///< Where the output fmaps go.
    PhyDim2 dim_array;              ///< PE array of one node.
    i64 size_gbuf = 0;              ///< Global buffer per node, in words.
    i64 size_regf = 0;              ///< Register file per PE, in words.
    double array_bus_width = kInf;  ///< Words per cycle on the array bus; integer or infinite.
    double dram_bandwidth = kInf;   ///< Words per cycle from DRAM.
    bool no_time_mux = false;       ///< Every layer keeps its nodes (whole-network pipeline).

    /// Checks the rules of the fields; the engine builds a Resource from a run
    /// whose fields are already checked, so a broken rule is a bug
    /// (InternalError naming the field).
    void validate() const;

    friend bool operator==(const Resource& a, const Resource& b) {
        return a.proc_region == b.proc_region && a.dram_region == b.dram_region &&
               a.src_data_region == b.src_data_region && a.dst_data_region == b.dst_data_region &&
               a.dim_array == b.dim_array && a.size_gbuf == b.size_gbuf &&
               a.size_regf == b.size_regf && a.array_bus_width == b.array_bus_width &&
               a.dram_bandwidth == b.dram_bandwidth && a.no_time_mux == b.no_time_mux;
    }
};

}  // namespace nndf
