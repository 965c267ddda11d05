// `nndf sweep SWEEP.json`: every point of a sweep (docs/sweep.md), several
// at once, one line per point in point order, to standard output or a file
// that --resume continues; `--shard I/N` runs a deterministic part of the
// points, and `nndf sweep merge` joins the parts.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/sweep_output.h"
#include "cli/sweep_run.h"
#include "core/api/sweep.h"
#include "core/api/sweep_csv.h"
#include "core/api/sweep_line.h"
#include "core/util/error.h"
#include "core/util/worker_pool.h"

namespace nndf::cli {

namespace {

/// Shard I of N (1-based, as Slurm numbers array tasks from 1): the points
/// whose index % N == I - 1.
struct Shard {
    size_t i = 1, n = 1;
    bool holds(size_t index) const { return index % n == i - 1; }
};

Shard parse_shard(const std::string& text) {
    const size_t slash = text.find('/');
    const auto whole = [](const std::string& s) {
        return !s.empty() && s.size() < 10 &&
               s.find_first_not_of("0123456789") == std::string::npos;
    };
    if (slash == std::string::npos || !whole(text.substr(0, slash)) ||
        !whole(text.substr(slash + 1))) {
        throw InputError("--shard",
                         "expects I/N, shard I of N counted from 1 (e.g. 1/4), got '" + text + "'");
    }
    Shard s{std::stoul(text.substr(0, slash)), std::stoul(text.substr(slash + 1))};
    if (s.n < 1) throw InputError("--shard", text + ": N must be at least 1");
    if (s.i < 1 || s.i > s.n) {
        throw InputError("--shard", text + ": I must be from 1 to " + std::to_string(s.n) +
                                        " (shards count from 1)");
    }
    return s;
}

ArgParser sweep_parser() {
    ArgParser ap("nndf sweep",
                 "Run every point of a sweep (docs/sweep.md): one JSON line per point, in point\n"
                 "order, with its values, status and totals. 'nndf sweep merge PARTS...' joins\n"
                 "the outputs of --shard runs.");
    ap.add_positional("SWEEP.json", "the sweep document: a base run and axes");
    ap.add({{"-p", "--processes"}, 1, "N", "points run at once (default: every core)"});
    ap.add({{"--out"}, 1, "FILE", "write the lines to FILE (default: standard output)"});
    ap.add({{"--csv"}, 0, "", "write a CSV table (a header row, then a row per point)"});
    ap.add({{"--full"}, 0, "", "each line carries the whole result document as \"result\""});
    ap.add({{"--resume"},
            0,
            "",
            "continue the --out FILE of a killed run of this sweep: skip the points it holds"});
    ap.add({{"--shard"},
            1,
            "I/N",
            "run only shard I of N (1-based): the points with index % N == I-1"});
    ap.add({{"-v", "--verbose"}, 0, "", "report progress on stderr"});
    ap.add({{"-h", "--help"}, 0, "", "show this help"});
    return ap;
}

/// Where the lines go: standard output or the --out file, a line at a time
/// and flushed, so that a killed run leaves whole lines and at most one cut.
class LineSink {
  public:
    explicit LineSink(std::FILE* f) : f_(f) {}
    void write(const std::string& text) {
        std::string line = text + '\n';
        if (std::fwrite(line.data(), 1, line.size(), f_) != line.size() || std::fflush(f_) != 0) {
            throw InputError("--out", "cannot write the output");
        }
    }

  private:
    std::FILE* f_;
};

}  // namespace

int cmd_sweep(const std::vector<std::string>& args) {
    if (!args.empty() && args[0] == "merge") {
        return cmd_sweep_merge(std::vector<std::string>(args.begin() + 1, args.end()));
    }
    ArgParser ap = sweep_parser();
    ap.parse(args);
    if (ap.flag("--help")) {
        std::cout << ap.help();
        return 0;
    }
    if (ap.positional().size() != 1) throw InputError("SWEEP.json", "give one sweep document");
    const std::string& sweep_file = ap.positional()[0];
    Sweep sweep;
    try {
        sweep = Sweep::read(parse_json_text(read_text_file(sweep_file, sweep_file), sweep_file));
    } catch (const InputError& e) {
        if (e.path().rfind(sweep_file, 0) == 0) throw;
        throw InputError(sweep_file + (e.path().empty() ? "" : ": " + e.path()), e.message());
    }
    const Shard shard = ap.has("--shard") ? parse_shard(*ap.get_string("--shard")) : Shard{};
    const bool csv = ap.flag("--csv");
    const bool full = ap.flag("--full");
    if (csv && full) {
        throw InputError("--full", "a CSV table has no place for whole results; use JSON lines");
    }
    long long threads = WorkerPool::machine_threads();
    if (ap.has("--processes")) {
        threads = *ap.get_int("--processes");
        if (threads < 1 || threads > 1024) {
            throw InputError("--processes", "must be a whole number from 1 to 1024");
        }
    }
    // Other ways to run the points (a job array: --slurm DIR) branch off
    // here, once the sweep and the shard are read and before any point runs.

    const auto out_path = ap.get_string("--out");
    if (ap.flag("--resume") && !out_path) {
        throw InputError("--resume", "needs --out FILE, the output of the run to continue");
    }
    std::vector<std::string> paths;
    for (const auto& a : sweep.axes()) paths.push_back(a.path);
    const std::string header = csv ? sweep_csv_header(paths) : "";
    const auto in_shard = [&](size_t i) { return shard.holds(i); };

    SweepOutputFile existing;
    existing.done.assign(sweep.size(), false);
    std::FILE* file = stdout;
    if (out_path) {
        std::error_code ec;
        const bool has_content = std::filesystem::file_size(*out_path, ec) > 0 && !ec;
        if (has_content && !ap.flag("--resume")) {
            throw InputError(
                "--out", "'" + *out_path + "' exists: give --resume to continue it, or remove it");
        }
        if (has_content) {
            existing = read_sweep_output(*out_path, sweep, header, in_shard);
            // The line a killed run cut off is dropped and computed again.
            std::filesystem::resize_file(*out_path, existing.keep_bytes, ec);
            if (ec) throw InputError("--out", "cannot truncate '" + *out_path + "'");
        }
        file = std::fopen(out_path->c_str(), has_content ? "ab" : "wb");
        if (!file) throw InputError("--out", "cannot write '" + *out_path + "'");
    }
    LineSink sink(file);
    if (csv && !existing.has_header) sink.write(header);

    SweepRunOptions o;
    o.wanted = [&](size_t i) { return shard.holds(i) && !existing.done[i]; };
    size_t todo = 0;
    for (size_t i = 0; i < sweep.size(); ++i) todo += o.wanted(i) ? 1 : 0;
    // Points are the unit of parallel work; a point's search gets the cores
    // left over only when there are fewer points than cores.
    o.threads = static_cast<int>(std::max<long long>(1, std::min<long long>(threads, todo)));
    o.search_threads =
        static_cast<int>(std::max<long long>(1, threads / std::max<size_t>(todo, 1)));
    o.full = full;
    o.verbose = ap.flag("--verbose");
    o.format = [&](const OJson& line) { return csv ? sweep_csv_row(line) : sweep_line_text(line); };
    o.write = [&](const std::string& text) { sink.write(text); };
    if (o.verbose && existing.points) {
        std::fprintf(stderr, "sweep: %zu points already in %s\n", existing.points,
                     out_path->c_str());
    }
    run_sweep(sweep, o);
    if (file != stdout) std::fclose(file);
    return 0;
}

}  // namespace nndf::cli
