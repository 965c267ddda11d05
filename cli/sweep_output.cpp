#include "cli/sweep_output.h"

#include <fstream>
#include <functional>

#include "core/util/error.h"

namespace nndf::cli {

namespace {

/// A CSV row's first cells, up to `n` (they are never quoted: a hex
/// fingerprint and numbers).
std::vector<std::string> first_cells(const std::string& row, size_t n) {
    std::vector<std::string> cells;
    size_t start = 0;
    while (cells.size() < n) {
        const size_t comma = row.find(',', start);
        cells.push_back(row.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return cells;
}

size_t whole_number(const std::string& s, const std::string& where, const char* what) {
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) {
        throw InputError(where, std::string("not a sweep line: its ") + what + " is not a number");
    }
    return std::stoull(s);
}

}  // namespace

SweepLineId read_sweep_line_id(const std::string& text, const std::string& where) {
    OJson line;
    try {
        line = parse_json_text(text, where);
    } catch (const InputError&) {
        throw InputError(where, "not a sweep line (not JSON)");
    }
    const auto sweep = line.is_object() ? line.find("sweep") : line.end();
    if (sweep == line.end() || !sweep->is_string() || !line["index"].is_number_unsigned() ||
        !line["count"].is_number_unsigned()) {
        throw InputError(where, "not a sweep line (no sweep, index and count)");
    }
    return {sweep->get<std::string>(), line["index"].get<size_t>(), line["count"].get<size_t>()};
}

SweepOutputFile read_sweep_output(const std::string& path, const Sweep& sweep,
                                  const std::string& csv_header,
                                  const std::function<bool(size_t)>& in_shard) {
    SweepOutputFile out;
    out.done.assign(sweep.size(), false);
    std::ifstream in(path, std::ios::binary);
    if (!in) return out;  // Nothing yet: the run starts from the beginning.
    std::string text;
    size_t offset = 0;
    for (size_t line_no = 1; std::getline(in, text); ++line_no) {
        // A last line without its newline was cut off when the run was killed.
        if (in.eof()) break;
        const std::string where = path + ": line " + std::to_string(line_no);
        const size_t end = offset + text.size() + 1;
        if (!csv_header.empty() && line_no == 1) {
            if (text != csv_header) {
                throw InputError(where,
                                 "the CSV header is not this sweep's (another sweep, or "
                                 "not written with --csv); nothing was written");
            }
            out.has_header = true;
            out.keep_bytes = offset = end;
            continue;
        }
        SweepLineId id;
        if (csv_header.empty()) {
            id = read_sweep_line_id(text, where);
        } else {
            const auto cells = first_cells(text, 3);
            if (cells.size() < 3) throw InputError(where, "not a row of a sweep's CSV table");
            id = {cells[0], whole_number(cells[1], where, "index"),
                  whole_number(cells[2], where, "count")};
        }
        if (id.sweep != sweep.fingerprint() || id.count != sweep.size()) {
            throw InputError(where, "a line of another sweep (fingerprint " + id.sweep +
                                        ", this sweep's is " + sweep.fingerprint() +
                                        "); nothing was written");
        }
        if (id.index >= sweep.size() || !in_shard(id.index)) {
            throw InputError(where, "point " + std::to_string(id.index) +
                                        " is not one this run computes (another --shard?); "
                                        "nothing was written");
        }
        if (out.done[id.index]) {
            throw InputError(where, "point " + std::to_string(id.index) + " is there twice");
        }
        out.done[id.index] = true;
        ++out.points;
        out.keep_bytes = offset = end;
    }
    return out;
}

}  // namespace nndf::cli
