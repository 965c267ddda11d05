// The schedule's times are whole cycles in 64 bits (as the reference's
// Python ints are exact). A DRAM bandwidth near its lower bound on a large
// network and batch could make the DRAM time alone pass 2^63 cycles, which
// once wrapped to -9223372036854775808. This check refuses such a run before
// the search, at dram_bw, with the least bandwidth that fits.
#pragma once

#include "core/api/run_config.h"

namespace nndf {

/// The most cycles a run's DRAM time may reach, summed over its layers.
constexpr double kMaxDramCycles = 4611686018427387904.;  // 2^62

/// Throws InputError at dram_bw if the DRAM time of `net` under `config`
/// could exceed kMaxDramCycles: every word of every layer's data read and
/// written once, plus every MAC reading four words from DRAM (more than any
/// schedule moves: DRAM is never accessed more often than the register files).
void check_dram_time_fits(const RunConfig& config, const Network& net);

}  // namespace nndf
