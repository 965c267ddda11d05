#include "core/api/data_reuse.h"

#include <algorithm>

namespace nndf {

DataReuse explain_reuse(const ResultSummary& result, const ScheduledLayer& l, i64 word_bits) {
    const LayerStats& s = l.stats;
    DataReuse r;
    r.ops = s.ops;
    r.num_nodes = l.num_nodes;
    r.access = s.access;
    r.remote_gbuf_access = s.remote_gbuf_access;
    for (int m = 0; m < 4; ++m)
        for (int d = 0; d < 3; ++d) r.reuse[m][d] = s.access[m][d] > 0 ? s.ops / s.access[m][d] : 0;
    r.occupancy = s.size;
    r.capacity = {result.size_gbuf, result.size_regf};
    r.gbuf_sharing = s.bufshr_subgrp_size;
    r.dram_words = s.access[0][0] + s.access[0][1] + s.access[0][2];
    r.word_bits = word_bits;
    r.dram_bytes = r.dram_words * static_cast<double>(word_bits) / 8.;
    r.time = s.time;
    r.compute_cycles = s.proc_time;
    r.bus_cycles = s.bus_time;
    r.dram_cycles = s.dram_time;
    r.memory_cycles = std::max(0., s.time - static_cast<double>(s.proc_time));
    if (r.memory_cycles > 0) r.bound = s.dram_time >= s.bus_time ? "DRAM bandwidth" : "array bus";
    return r;
}

}  // namespace nndf
