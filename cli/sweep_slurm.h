// The Slurm scripts of `nndf sweep SWEEP.json --slurm DIR` (docs/sweep-slurm.md):
// a job array with one task per shard, a merge job that waits for the whole
// array, and a submit script that submits both. Pure text from the options,
// so the scripts are tested without a cluster; the command writes the files.
#pragma once

#include <string>
#include <vector>

namespace nndf::cli {

struct SlurmSweepOptions {
    std::string nndf;        ///< Absolute path of the nndf binary the tasks run.
    std::string sweep_file;  ///< Absolute path of the sweep document.
    std::string dir;         ///< Absolute directory of the scripts, parts, logs and result.
    int shards = 16;         ///< Array tasks, one shard of the points each.
    int throttle = 8;        ///< At most this many tasks at once (`%` of --array).
    int cpus_per_task = 1;   ///< Slurm CPUs per task; each task's sweep runs `-p` this.
    // Shards count from 1, as `--shard I/N` and Slurm's array task ids do.
    std::string time = "01:00:00";  ///< Slurm time limit per task.
    std::string partition;          ///< Slurm partition; empty: the cluster's default.
    std::string job_name = "nndf-sweep";
    /// More flags for each shard's `nndf sweep` (e.g. --full), passed as given.
    std::vector<std::string> sweep_flags;
};

/// The files of a Slurm sweep, by name inside `dir`.
struct SlurmSweepFiles {
    std::string array_script;   ///< array.sbatch
    std::string merge_script;   ///< merge.sbatch
    std::string submit_script;  ///< submit.sh
};

/// Checks the options: InputError naming the flag (--shards, --throttle,
/// --time, --partition, --cpus-per-task) or the path that is not absolute.
void check_slurm_options(const SlurmSweepOptions& opts);

/// The three scripts' text. Calls check_slurm_options first.
SlurmSweepFiles slurm_sweep_files(const SlurmSweepOptions& opts);

/// Where shard `i` writes its lines: DIR/part-<i>.jsonl.
std::string slurm_part_path(const SlurmSweepOptions& opts, int shard);
/// Where the merge job writes the whole sweep: DIR/sweep.jsonl.
std::string slurm_result_path(const SlurmSweepOptions& opts);

/// A word quoted for bash: itself when it is made of safe characters, else in
/// single quotes with embedded single quotes escaped.
std::string shell_quote(const std::string& word);

}  // namespace nndf::cli
