#include "cli/sweep_slurm.h"

#include <algorithm>
#include <regex>
#include <sstream>

#include "core/util/error.h"

namespace nndf::cli {

namespace {

bool is_absolute(const std::string& path) {
    return !path.empty() && path[0] == '/';
}

std::string join_path(const std::string& dir, const std::string& name) {
    if (!dir.empty() && dir.back() == '/') return dir + name;
    return dir + "/" + name;
}

std::string log_dir(const SlurmSweepOptions& opts) {
    return join_path(opts.dir, "logs");
}

// The lines every script starts with. `--chdir` to DIR, so that whatever a
// task writes without a path lands beside its parts, from any submit cwd.
std::string header(const SlurmSweepOptions& opts, const std::string& job_name,
                   const std::string& time) {
    std::ostringstream s;
    s << "#!/bin/bash\n"
      << "#SBATCH --job-name=" << job_name << "\n"
      << "#SBATCH --chdir=" << opts.dir << "\n"
      << "#SBATCH --time=" << time << "\n";
    if (!opts.partition.empty()) s << "#SBATCH --partition=" << opts.partition << "\n";
    return s.str();
}

std::string sweep_flags(const SlurmSweepOptions& opts) {
    std::string out;
    for (const auto& flag : opts.sweep_flags) out += " " + shell_quote(flag);
    return out;
}

}  // namespace

std::string shell_quote(const std::string& word) {
    static const std::regex safe("[A-Za-z0-9_./:=,+@%-]+");
    if (std::regex_match(word, safe)) return word;
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

void check_slurm_options(const SlurmSweepOptions& opts) {
    if (opts.shards < 1) throw InputError("--shards", "must be at least 1");
    if (opts.throttle < 1) throw InputError("--throttle", "must be at least 1");
    if (opts.cpus_per_task < 1) throw InputError("--cpus-per-task", "must be at least 1");
    // Slurm's forms: MIN, MIN:SEC, H:M:S, D-H, D-H:M, D-H:M:S.
    static const std::regex time_form("([0-9]+-)?[0-9]+(:[0-9]+){0,2}");
    if (!std::regex_match(opts.time, time_form))
        throw InputError("--time",
                         "'" + opts.time + "' is not a Slurm time (MINUTES, H:M:S or D-H:M:S)");
    // The names go into #SBATCH lines, which are not shell: nothing to quote
    // there, so only plain names.
    static const std::regex name_form("[A-Za-z0-9_.,-]*");
    if (!std::regex_match(opts.partition, name_form))
        throw InputError("--partition", "'" + opts.partition +
                                            "' is not a partition name (letters, digits, _ . , -)");
    if (opts.job_name.empty() || !std::regex_match(opts.job_name, name_form))
        throw InputError("--job-name", "'" + opts.job_name + "' is not a plain name");
    for (const auto& [path, what] :
         {std::pair{opts.nndf, "the nndf binary"}, std::pair{opts.sweep_file, "the sweep file"},
          std::pair{opts.dir, "the directory"}}) {
        if (!is_absolute(path))
            throw InputError("--slurm",
                             std::string(what) + " needs an absolute path, not '" + path + "'");
    }
    // #SBATCH lines are not shell: they take the directory as it is.
    if (opts.dir.find_first_of(" \t\n'\"\\") != std::string::npos)
        throw InputError("--slurm", "the directory '" + opts.dir +
                                        "' has a space or a quote, which #SBATCH lines cannot "
                                        "carry");
}

std::string slurm_part_path(const SlurmSweepOptions& opts, int shard) {
    return join_path(opts.dir, "part-" + std::to_string(shard) + ".jsonl");
}

std::string slurm_result_path(const SlurmSweepOptions& opts) {
    return join_path(opts.dir, "sweep.jsonl");
}

SlurmSweepFiles slurm_sweep_files(const SlurmSweepOptions& opts) {
    check_slurm_options(opts);
    const int first = 1;
    const int last = opts.shards;
    const int throttle = std::min(opts.throttle, opts.shards);
    const std::string nndf = shell_quote(opts.nndf);
    const std::string sweep = shell_quote(opts.sweep_file);
    SlurmSweepFiles files;

    // The array: task i is shard i. --requeue lets Slurm restart a task that
    // lost its node or was preempted; --resume then keeps the lines the task
    // already wrote, so a restart only runs the points it had not finished.
    // --open-mode=append keeps the first attempt's log above the second's.
    std::ostringstream a;
    a << header(opts, opts.job_name, opts.time) << "#SBATCH --array=" << first << "-" << last << "%"
      << throttle << "\n"
      << "#SBATCH --cpus-per-task=" << opts.cpus_per_task << "\n"
      << "#SBATCH --output=" << join_path(log_dir(opts), "shard-%a.log") << "\n"
      << "#SBATCH --requeue\n"
      << "#SBATCH --open-mode=append\n"
      << "# One shard of " << sweep << " per array task (nndf sweep --slurm).\n"
      << "set -euo pipefail\n"
      << "i=$SLURM_ARRAY_TASK_ID\n"
      << "echo \"shard $i/" << opts.shards << " on $(hostname), attempt "
      << "${SLURM_RESTART_COUNT:-0}, $(date -u +%FT%TZ)\"\n"
      << "exec " << nndf << " sweep " << sweep << " --shard \"$i/" << opts.shards << "\""
      << " -p \"${SLURM_CPUS_PER_TASK:-" << opts.cpus_per_task << "}\""
      << " --out " << shell_quote(join_path(opts.dir, "part-")) << "\"$i\".jsonl --resume"
      << sweep_flags(opts) << "\n";
    files.array_script = a.str();

    // The merge checks that every point is there exactly once, so it is the
    // sweep's completeness check as well as its join.
    std::ostringstream m;
    m << header(opts, opts.job_name + "-merge", "00:30:00") << "#SBATCH --cpus-per-task=1\n"
      << "#SBATCH --output=" << join_path(log_dir(opts), "merge.log") << "\n"
      << "#SBATCH --open-mode=append\n"
      << "set -euo pipefail\n"
      << "exec " << nndf << " sweep merge";
    for (int i = first; i <= last; ++i) m << " " << shell_quote(slurm_part_path(opts, i));
    m << " --out " << shell_quote(slurm_result_path(opts)) << "\n";
    files.merge_script = m.str();

    // afterok on an array job waits for every task and fires only if all
    // succeeded; a failed shard leaves the merge pending (DependencyNeverSatisfied)
    // until the shard is rerun or the merge is cancelled.
    const std::string dir = shell_quote(opts.dir);
    std::ostringstream s;
    s << "#!/bin/bash\n"
      << "# Submits the sweep's job array and its merge (nndf sweep --slurm).\n"
      << "# Extra arguments go to both sbatch calls, e.g. --account=NAME.\n"
      << "set -euo pipefail\n"
      << "mkdir -p " << shell_quote(log_dir(opts)) << "\n"
      << "array=$(sbatch --parsable \"$@\" " << dir << "/array.sbatch)\n"
      << "array=${array%%;*}\n"
      << "merge=$(sbatch --parsable \"$@\" --dependency=afterok:\"$array\" " << dir
      << "/merge.sbatch)\n"
      << "merge=${merge%%;*}\n"
      << "echo \"array job $array (" << opts.shards << " shards, " << throttle
      << " at a time), logs in " << log_dir(opts) << "/\"\n"
      << "echo \"merge job $merge, result in " << slurm_result_path(opts) << "\"\n";
    files.submit_script = s.str();
    return files;
}

}  // namespace nndf::cli
