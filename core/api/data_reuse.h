// Data reuse of a scheduled layer, from the result's own statistics
// (docs/explain.md): accesses per memory level and data category, MACs per
// access, buffer occupancy against capacity, the DRAM traffic, and the time
// split into its compute-bound and memory-bound parts.
#pragma once

#include <array>

#include "core/formats/result_reader.h"

namespace nndf {

struct DataReuse {
    double ops = 0;  ///< MACs of the layer, all its nodes.
    i64 num_nodes = 1;
    /// Accesses [DRAM, GBUF, ITCN, REGF][filters, ifmaps, ofmaps], all nodes.
    std::array<std::array<double, 3>, 4> access{};
    /// Reads and writes of another region's GBUF in place of DRAM (on-chip
    /// pipelining), per data category.
    std::array<double, 3> remote_gbuf_access{};
    /// MACs per access (ops / access); 0 where there is no access.
    std::array<std::array<double, 3>, 4> reuse{};
    /// Words held [GBUF, REGF][data]: one node's GBUF, one PE's REGF.
    std::array<std::array<i64, 3>, 2> occupancy{};
    std::array<i64, 2> capacity{};      ///< Words of one GBUF and of one REGF.
    std::array<i64, 3> gbuf_sharing{};  ///< Nodes a GBUF datum is spread over.
    double dram_words = 0;
    i64 word_bits = 16;
    double dram_bytes = 0;
    // Cycles: the layer's time is the largest of the three; what it takes
    // beyond the compute is memory-bound.
    double time = 0;
    i64 compute_cycles = 0;         ///< proc_time: unit pass time x loop count.
    i64 bus_cycles = 0;             ///< GBUF-array bus.
    i64 dram_cycles = 0;            ///< DRAM bandwidth.
    double memory_cycles = 0;       ///< time - compute_cycles.
    const char* bound = "compute";  ///< "compute", "array bus" or "DRAM bandwidth".
};

/// The reuse of `layer` in `result`, with `word_bits` bits per word.
DataReuse explain_reuse(const ResultSummary& result, const ScheduledLayer& layer, i64 word_bits);

}  // namespace nndf
