#include "cli/sweep_slurm_command.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/sweep_slurm.h"
#include "core/util/error.h"

namespace nndf::cli {

namespace fs = std::filesystem;

namespace {

// The tasks run on other machines from another cwd: every path they get is
// absolute. The binary is this very one unless --nndf names the cluster's.
std::string absolute(const std::string& path) {
    return fs::absolute(fs::path(path)).lexically_normal().string();
}

std::string this_binary() {
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) throw InputError("--nndf", "cannot tell where this nndf is; give --nndf PATH");
    return self.string();
}

int int_option(const ArgParser& ap, const std::string& name, int fallback) {
    if (!ap.has(name)) return fallback;
    long long v = *ap.get_int(name);
    if (v < 1 || v > 1000000) throw InputError(name, "must be a whole number from 1 to 1000000");
    return static_cast<int>(v);
}

void write_script(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw InputError("--slurm", "cannot write '" + path.string() + "'");
    fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add);
}

}  // namespace

void add_slurm_options(ArgParser& ap) {
    ap.add({{"--slurm"},
            1,
            "DIR",
            "write a Slurm job array for the sweep into DIR instead of running it "
            "(docs/sweep-slurm.md)"});
    ap.add({{"--shards"}, 1, "N", "with --slurm: array tasks, one shard each (default 16)"});
    ap.add({{"--throttle"}, 1, "K", "with --slurm: at most K tasks at once (default 8)"});
    ap.add({{"--time"}, 1, "T", "with --slurm: time limit per task (default 01:00:00)"});
    ap.add({{"--partition"}, 1, "NAME", "with --slurm: the partition (default: the cluster's)"});
    ap.add({{"--nndf"}, 1, "PATH", "with --slurm: the nndf the tasks run (default: this one)"});
}

int write_slurm_sweep(const ArgParser& ap, const std::string& sweep_file, size_t points) {
    for (const char* flag : {"--out", "--resume", "--shard", "--csv"}) {
        if (ap.has(flag)) {
            throw InputError(flag,
                             "not with --slurm: the array's tasks write DIR/part-I.jsonl "
                             "and the merge DIR/sweep.jsonl");
        }
    }
    SlurmSweepOptions o;
    o.dir = absolute(*ap.get_string("--slurm"));
    o.sweep_file = absolute(sweep_file);
    o.nndf = ap.has("--nndf") ? absolute(*ap.get_string("--nndf")) : this_binary();
    o.shards = int_option(ap, "--shards", o.shards);
    o.throttle = int_option(ap, "--throttle", o.throttle);
    // -p is how many points one task runs at once: its CPUs.
    o.cpus_per_task = int_option(ap, "--processes", 1);
    if (ap.has("--time")) o.time = *ap.get_string("--time");
    if (ap.has("--partition")) o.partition = *ap.get_string("--partition");
    if (ap.flag("--full")) o.sweep_flags.push_back("--full");
    // A shard without points would be a task that only queues and starts.
    const int requested = o.shards;
    o.shards = static_cast<int>(std::min<size_t>(static_cast<size_t>(o.shards), points));
    o.shards = std::max(o.shards, 1);
    const SlurmSweepFiles files = slurm_sweep_files(o);

    std::error_code ec;
    fs::create_directories(fs::path(o.dir) / "logs", ec);
    if (ec) throw InputError("--slurm", "cannot create '" + o.dir + "': " + ec.message());
    write_script(fs::path(o.dir) / "array.sbatch", files.array_script);
    write_script(fs::path(o.dir) / "merge.sbatch", files.merge_script);
    write_script(fs::path(o.dir) / "submit.sh", files.submit_script);

    std::cout << "wrote " << o.dir << "/{array.sbatch,merge.sbatch,submit.sh}: " << points
              << " points in " << o.shards << " shards"
              << (o.shards < requested ? " (one per point)" : "") << ", "
              << std::min(o.throttle, o.shards) << " at a time\n"
              << "submit: bash " << shell_quote(o.dir + "/submit.sh") << "\n"
              << "result: " << slurm_result_path(o) << " (parts and logs/ beside it)\n";
    return 0;
}

}  // namespace nndf::cli
