// `nndf sweep merge PARTS...`: the shards' outputs joined in point order
// (docs/sweep.md). Each part is in point order (as `nndf sweep` writes it),
// so the parts are merged as sorted streams, one line of each in memory.
// A first pass checks that every line is of one sweep and that no point is
// missing or repeated; only then is anything written.
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/sweep_output.h"
#include "core/api/sweep_csv.h"
#include "core/util/error.h"

namespace nndf::cli {

namespace {

/// One part, read a line at a time.
class PartReader {
  public:
    explicit PartReader(std::string path) : path_(std::move(path)), in_(path_, std::ios::binary) {
        if (!in_) throw InputError(path_, "cannot read '" + path_ + "'");
        advance();
    }
    bool has_line() const { return has_; }
    const SweepLineId& id() const { return id_; }
    const std::string& text() const { return text_; }
    const std::string& path() const { return path_; }
    void advance() {
        const size_t previous = has_ ? id_.index : 0;
        const bool had = has_;
        has_ = static_cast<bool>(std::getline(in_, text_));
        if (!has_) return;
        ++line_no_;
        const std::string where = path_ + ": line " + std::to_string(line_no_);
        if (in_.eof()) {
            throw InputError(where,
                             "the last line is cut off (its run was killed): run that "
                             "shard again with --resume first");
        }
        id_ = read_sweep_line_id(text_, where);
        if (had && id_.index <= previous) {
            throw InputError(where, "point " + std::to_string(id_.index) + " after point " +
                                        std::to_string(previous) + ": not in point order");
        }
    }

  private:
    std::string path_;
    std::ifstream in_;
    std::string text_;
    SweepLineId id_;
    size_t line_no_ = 0;
    bool has_ = false;
};

/// A list of point indexes for a message: the first few, and how many.
std::string index_list(const std::vector<size_t>& list, size_t total) {
    std::string s;
    for (size_t i = 0; i < list.size(); ++i) s += (i ? ", " : "") + std::to_string(list[i]);
    if (total > list.size()) s += ", ... (" + std::to_string(total) + " in all)";
    return s;
}

struct Gaps {
    std::vector<size_t> missing, repeated;  ///< The first few of each.
    size_t missing_count = 0, repeated_count = 0;
    void add(std::vector<size_t>& list, size_t& count, size_t index) {
        if (list.size() < 20) list.push_back(index);
        ++count;
    }
};

/// Merges the parts in point order, calling `line(text)` for each (when
/// given), and returns what is missing or repeated. InputError for lines of
/// two sweeps.
Gaps merge_parts(const std::vector<std::string>& paths,
                 const std::function<void(const std::string&)>& line, SweepLineId& first) {
    std::vector<std::unique_ptr<PartReader>> parts;
    for (const auto& p : paths) parts.push_back(std::make_unique<PartReader>(p));
    Gaps gaps;
    bool have_first = false;
    std::string first_where;
    size_t next = 0;  // The next point expected.
    for (;;) {
        PartReader* low = nullptr;
        for (auto& p : parts) {
            if (p->has_line() && (!low || p->id().index < low->id().index)) low = p.get();
        }
        if (!low) break;
        const SweepLineId& id = low->id();
        if (!have_first) {
            first = id;
            first_where = low->path();
            have_first = true;
        } else if (id.sweep != first.sweep || id.count != first.count) {
            throw InputError(low->path(), "point " + std::to_string(id.index) +
                                              " is of another sweep (fingerprint " + id.sweep +
                                              ") than " + first_where + " (" + first.sweep + ")");
        }
        if (id.index >= id.count) {
            throw InputError(low->path(), "point " + std::to_string(id.index) + " of a sweep of " +
                                              std::to_string(id.count));
        }
        if (id.index < next) {
            gaps.add(gaps.repeated, gaps.repeated_count, id.index);
        } else {
            for (; next < id.index; ++next) gaps.add(gaps.missing, gaps.missing_count, next);
            next = id.index + 1;
            if (line) line(low->text());
        }
        low->advance();
    }
    if (!have_first) throw InputError("PARTS", "the parts hold no lines");
    for (; next < first.count; ++next) gaps.add(gaps.missing, gaps.missing_count, next);
    return gaps;
}

}  // namespace

int cmd_sweep_merge(const std::vector<std::string>& args) {
    ArgParser ap("nndf sweep merge",
                 "Join the JSON lines of a sweep's shards (nndf sweep --shard I/N --out PART) in\n"
                 "point order, checking that every point is there once and that all are of\n"
                 "one sweep. Nothing is written if not.");
    ap.add_positional("PARTS...", "the shards' output files (JSON lines)");
    ap.add({{"--out"}, 1, "FILE", "write the merged lines to FILE (default: standard output)"});
    ap.add({{"--csv"}, 0, "", "write a CSV table instead of JSON lines"});
    ap.add({{"-h", "--help"}, 0, "", "show this help"});
    ap.parse(args);
    if (ap.flag("--help")) {
        std::cout << ap.help();
        return 0;
    }
    if (ap.positional().empty()) throw InputError("PARTS", "give the shards' output files");
    SweepLineId first;
    const Gaps gaps = merge_parts(ap.positional(), nullptr, first);
    if (gaps.missing_count || gaps.repeated_count) {
        std::string msg;
        if (gaps.missing_count) {
            msg += "missing points " + index_list(gaps.missing, gaps.missing_count);
        }
        if (gaps.repeated_count) {
            msg += std::string(msg.empty() ? "" : "; ") + "repeated points " +
                   index_list(gaps.repeated, gaps.repeated_count);
        }
        throw InputError("PARTS",
                         msg + " (of " + std::to_string(first.count) + "); nothing was written");
    }
    const auto out_path = ap.get_string("--out");
    // Written beside the target and renamed: a failed merge leaves no half file.
    const std::string tmp = out_path ? *out_path + ".merging" : "";
    std::ofstream file;
    if (out_path) {
        file.open(tmp, std::ios::binary | std::ios::trunc);
        if (!file) throw InputError("--out", "cannot write '" + tmp + "'");
    }
    std::ostream& out = out_path ? static_cast<std::ostream&>(file) : std::cout;
    const bool csv = ap.flag("--csv");
    bool header = false;
    merge_parts(
        ap.positional(),
        [&](const std::string& text) {
            if (!csv) {
                out << text << '\n';
                return;
            }
            const OJson line = parse_json_text(text, "line");
            if (!header) out << sweep_csv_header(sweep_line_paths(line)) << '\n';
            header = true;
            out << sweep_csv_row(line) << '\n';
        },
        first);
    out.flush();
    if (out_path) {
        file.close();
        if (!file || std::rename(tmp.c_str(), out_path->c_str()) != 0) {
            std::remove(tmp.c_str());
            throw InputError("--out", "cannot write '" + *out_path + "'");
        }
    }
    return 0;
}

}  // namespace nndf::cli
