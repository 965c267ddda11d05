// The Slurm scripts of `nndf sweep --slurm`: their #SBATCH lines follow the
// options, their paths are absolute, bash reads them, and the submit script
// makes the merge depend on the array it submitted (with a stand-in sbatch).
// tests/slurm/ runs them on a real one-node cluster.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "cli/sweep_slurm.h"
#include "core/util/error.h"
#include "tests/cpp/support.h"

namespace fs = std::filesystem;
using nndf::cli::SlurmSweepOptions;

namespace {

SlurmSweepOptions sample_options() {
    SlurmSweepOptions o;
    o.nndf = "/opt/nndf/bin/nndf";
    o.sweep_file = "/home/r/gbuf sweep.json";  // a space: must be quoted
    o.dir = "/scratch/r/run1";
    o.shards = 6;
    o.throttle = 4;
    return o;
}

// The value of `#SBATCH --NAME=VALUE` in a script, or "" if absent.
std::string sbatch_value(const std::string& script, const std::string& name) {
    std::smatch m;
    std::regex line("#SBATCH --" + name + "=([^\\n]*)\\n");
    return std::regex_search(script, m, line) ? m[1].str() : "";
}

struct CommandResult {
    int status;
    std::string out;
};

CommandResult run(const std::string& command) {
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
    return {pclose(pipe), out};
}

fs::path temp_dir(const std::string& name) {
    fs::path dir = fs::temp_directory_path() / ("nndf-test-slurm-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("sweep --slurm: the array has one task per shard, throttled") {
    {
        const int base = 1;  // --shard I/N counts from 1
        SlurmSweepOptions o = sample_options();
        auto files = nndf::cli::slurm_sweep_files(o);
        std::smatch m;
        std::string array = sbatch_value(files.array_script, "array");
        REQUIRE(std::regex_match(array, m, std::regex("([0-9]+)-([0-9]+)%([0-9]+)")));
        CHECK(std::stoi(m[1]) == base);
        CHECK(std::stoi(m[2]) - std::stoi(m[1]) + 1 == o.shards);
        CHECK(std::stoi(m[3]) == o.throttle);
        // Each task runs its own shard of N and resumes its own part.
        CHECK(files.array_script.find("--shard \"$i/" + std::to_string(o.shards) + "\"") !=
              std::string::npos);
        CHECK(files.array_script.find("--resume") != std::string::npos);
        CHECK(files.array_script.find("#SBATCH --requeue\n") != std::string::npos);
        // The merge joins exactly the parts the tasks write.
        for (int i = base; i < base + o.shards; ++i) {
            std::string part = nndf::cli::slurm_part_path(o, i);
            size_t at = files.merge_script.find(part);
            CHECK(at != std::string::npos);
            CHECK(files.merge_script.find(part, at + 1) == std::string::npos);
        }
        CHECK(files.merge_script.find(nndf::cli::slurm_part_path(o, base + o.shards)) ==
              std::string::npos);
    }
}

TEST_CASE("sweep --slurm: a throttle above the shard count is the shard count") {
    SlurmSweepOptions o = sample_options();
    o.throttle = 100;
    std::string array = sbatch_value(nndf::cli::slurm_sweep_files(o).array_script, "array");
    CHECK(array.substr(array.find('%') + 1) == std::to_string(o.shards));
}

TEST_CASE("sweep --slurm: options reach their #SBATCH lines; logs per task") {
    SlurmSweepOptions o = sample_options();
    o.partition = "short";
    o.time = "2-00:30:00";
    o.cpus_per_task = 3;
    auto files = nndf::cli::slurm_sweep_files(o);
    CHECK(sbatch_value(files.array_script, "partition") == o.partition);
    CHECK(sbatch_value(files.merge_script, "partition") == o.partition);
    CHECK(sbatch_value(files.array_script, "time") == o.time);
    CHECK(sbatch_value(files.array_script, "cpus-per-task") == "3");
    CHECK(sbatch_value(files.array_script, "output") == o.dir + "/logs/shard-%a.log");
    CHECK(sbatch_value(files.merge_script, "output") == o.dir + "/logs/merge.log");
    CHECK(sbatch_value(files.array_script, "chdir") == o.dir);
    // No partition given: no line, the cluster's default partition.
    o.partition = "";
    CHECK(nndf::cli::slurm_sweep_files(o).array_script.find("--partition") == std::string::npos);
}

TEST_CASE("sweep --slurm: bad options name their flag") {
    auto error_path = [](SlurmSweepOptions o) {
        try {
            nndf::cli::slurm_sweep_files(o);
        } catch (const nndf::InputError& e) {
            return e.path();
        }
        return std::string("(no error)");
    };
    SlurmSweepOptions o = sample_options();
    o.shards = 0;
    CHECK(error_path(o) == "--shards");
    o = sample_options();
    o.throttle = 0;
    CHECK(error_path(o) == "--throttle");
    o = sample_options();
    o.time = "an hour";
    CHECK(error_path(o) == "--time");
    o = sample_options();
    o.partition = "a b";
    CHECK(error_path(o) == "--partition");
    o = sample_options();
    o.sweep_file = "sweep.json";
    CHECK(error_path(o) == "--slurm");
    o = sample_options();
    o.dir = "/scratch/my run";
    CHECK(error_path(o) == "--slurm");
}

TEST_CASE("sweep --slurm: shell_quote survives bash") {
    for (std::string word : {"plain/path.json", "with space", "it's", "$HOME `x` \"q\"", ""}) {
        CommandResult r = run("printf '%s' " + nndf::cli::shell_quote(word));
        CHECK(r.status == 0);
        CHECK(r.out == word);
    }
}

TEST_CASE("sweep --slurm: submit.sh submits the array, then the merge after it") {
    fs::path dir = temp_dir("submit");
    SlurmSweepOptions o = sample_options();
    o.dir = (dir / "run").string();
    auto files = nndf::cli::slurm_sweep_files(o);
    fs::create_directories(o.dir);
    write_file(fs::path(o.dir) / "array.sbatch", files.array_script);
    write_file(fs::path(o.dir) / "merge.sbatch", files.merge_script);
    write_file(fs::path(o.dir) / "submit.sh", files.submit_script);
    for (const char* name : {"array.sbatch", "merge.sbatch", "submit.sh"}) {
        CommandResult syntax = run("bash -n " + (fs::path(o.dir) / name).string());
        CHECK_MESSAGE(syntax.status == 0, name << ": " << syntax.out);
    }
    // A stand-in sbatch: logs its arguments, answers job ids 41, 42 in the
    // --parsable form a federated cluster uses ("ID;CLUSTER").
    fs::path bin = dir / "bin";
    fs::create_directories(bin);
    write_file(bin / "sbatch",
               "#!/bin/bash\n"
               "n=$(( $(wc -l < " +
                   (dir / "calls").string() +
                   " 2>/dev/null || echo 0) + 41 ))\n"
                   "echo \"$*\" >> " +
                   (dir / "calls").string() +
                   "\n"
                   "echo \"$n;cluster\"\n");
    fs::permissions(bin / "sbatch", fs::perms::owner_all);
    CommandResult r =
        run("cd / && PATH=" + bin.string() + ":$PATH bash " + o.dir + "/submit.sh --account=lab");
    REQUIRE_MESSAGE(r.status == 0, r.out);
    std::string calls = nndf::test::read_text((dir / "calls").string());
    CHECK(calls == "--parsable --account=lab " + o.dir + "/array.sbatch\n" +
                       "--parsable --account=lab --dependency=afterok:41 " + o.dir +
                       "/merge.sbatch\n");
    CHECK(r.out.find("array job 41 ") != std::string::npos);
    CHECK(r.out.find("merge job 42,") != std::string::npos);
    CHECK(fs::is_directory(fs::path(o.dir) / "logs"));
    fs::remove_all(dir);
}

TEST_CASE("nndf sweep --slurm: from a relative DIR, scripts with absolute paths") {
    fs::path dir = temp_dir("command");
    write_file(dir / "s.json",
               R"({"version": 1,
                   "base": {"network": "mlp_s", "batch": 1, "nodes": [1, 1], "array": [16, 16],
                            "regf": 512, "gbuf": 65536, "solve_loopblocking": true},
                   "axes": [{"path": "gbuf", "values": [8192, 16384, 32768]}]})");
    const std::string nndf = NNDF_CLI_PATH;
    CommandResult r = run("cd " + dir.string() + " && " + nndf +
                          " sweep s.json --slurm run --shards 8 --throttle 2 -p 3");
    REQUIRE_MESSAGE(r.status == 0, r.out);
    const fs::path run_dir = dir / "run";
    std::string array = nndf::test::read_text((run_dir / "array.sbatch").string());
    // 3 points: 3 shards, not 8 tasks of which 5 would have nothing to do.
    CHECK(sbatch_value(array, "array") == "1-3%2");
    CHECK(sbatch_value(array, "cpus-per-task") == "3");
    CHECK(array.find(" " + (dir / "s.json").string() + " --shard") != std::string::npos);
    CHECK(array.find("exec " + fs::canonical(nndf).string() + " sweep") != std::string::npos);
    CHECK(sbatch_value(array, "chdir") == run_dir.string());
    CHECK(fs::is_directory(run_dir / "logs"));
    CHECK((fs::status(run_dir / "submit.sh").permissions() & fs::perms::owner_exec) !=
          fs::perms::none);
    // Flags of a local run make no sense with --slurm: one line naming the flag.
    for (std::string flag : {"--out x.jsonl", "--resume", "--shard 1/2", "--csv"}) {
        CommandResult bad =
            run("cd " + dir.string() + " && " + nndf + " sweep s.json --slurm run " + flag);
        CHECK(bad.status != 0);
        CHECK(bad.out.find("error: " + flag.substr(0, flag.find(' ')) + ": not with --slurm") !=
              std::string::npos);
    }
    fs::remove_all(dir);
}
