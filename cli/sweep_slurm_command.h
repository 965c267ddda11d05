// The `--slurm DIR` side of `nndf sweep`: its flags, and writing the job
// array's scripts (cli/sweep_slurm.h) into DIR instead of running points.
#pragma once

#include <cstddef>
#include <string>

#include "cli/args.h"

namespace nndf::cli {

/// Adds --slurm, --shards, --throttle, --time, --partition and --nndf.
void add_slurm_options(ArgParser& ap);

/// Writes DIR/array.sbatch, merge.sbatch and submit.sh for the sweep in
/// `sweep_file` of `points` points, as the parsed flags say, and tells on
/// stdout what to type next. InputError for flags that make no sense with
/// --slurm (--out, --resume, --shard, --csv). Returns the exit status.
int write_slurm_sweep(const ArgParser& ap, const std::string& sweep_file, size_t points);

}  // namespace nndf::cli
