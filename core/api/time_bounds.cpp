#include "core/api/time_bounds.h"

#include <cmath>

#include "core/api/run_schema.h"
#include "core/util/error.h"

namespace nndf {

void check_dram_time_fits(const RunConfig& config, const Network& net) {
    if (!std::isfinite(config.dram_bw)) return;
    const double batch = static_cast<double>(config.batch);
    double words = 0;
    for (const auto& name : net.layer_names()) {
        const Layer& l = net[name];
        words += 4. * static_cast<double>(l.total_ops()) * batch +
                 static_cast<double>(l.total_ifmap_size() + l.total_ofmap_size()) * batch;
        if (l.is_conv()) words += static_cast<double>(l.total_filter_size());
    }
    const double word_bytes = static_cast<double>((config.word + 7) / 8);
    const double cycles = words * word_bytes / config.dram_bw;
    if (cycles <= kMaxDramCycles) return;
    const double least = words * word_bytes / kMaxDramCycles;
    throw InputError("dram_bw", "is too small for this network at batch " +
                                    std::to_string(config.batch) +
                                    ": its DRAM time could pass 2^62 cycles, beyond what the "
                                    "schedule's 64-bit times hold; give at least " +
                                    number_text(std::ceil(least * 1e6) / 1e6) + " bytes/cycle");
}

}  // namespace nndf
