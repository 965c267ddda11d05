// The output file of `nndf sweep` as --resume finds it (docs/sweep.md):
// which points it already holds, checked to be of this sweep, and where a
// line cut off by a killed run starts (it is dropped and computed again).
#pragma once

#include <string>
#include <vector>

#include "core/api/sweep.h"

namespace nndf::cli {

/// What a sweep's output file holds.
struct SweepOutputFile {
    std::vector<bool> done;   ///< By point index.
    size_t points = 0;        ///< Lines of points.
    size_t keep_bytes = 0;    ///< The file up to its last whole line.
    bool has_header = false;  ///< A CSV file whose header row is there.
};

/// Reads the output file `path` (JSON lines, or with `csv_header` a CSV
/// table that starts with that header). InputError naming the file and line
/// when a line is not a line of `sweep`, is of another sweep, or is a point
/// not in `in_shard`; nothing is written then.
SweepOutputFile read_sweep_output(const std::string& path, const Sweep& sweep,
                                  const std::string& csv_header,
                                  const std::function<bool(size_t)>& in_shard);

/// The identity of a line: its sweep fingerprint, index and count, read from
/// a JSON line. InputError at `where` if it is not a sweep line.
struct SweepLineId {
    std::string sweep;
    size_t index = 0;
    size_t count = 0;
};
SweepLineId read_sweep_line_id(const std::string& text, const std::string& where);

}  // namespace nndf::cli
