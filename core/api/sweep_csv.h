// A sweep's lines as a CSV table (docs/sweep.md): one row per point, the
// columns the line's fields flattened (`accesses.dram`, `parts.noc`), each
// axis a column named by its path. A row is made from its line alone, so
// `nndf sweep --csv` and `nndf sweep merge --csv` write the same table.
#pragma once

#include <string>
#include <vector>

#include "core/formats/py_json.h"

namespace nndf {

/// The header row of a sweep with these axis paths (without the newline).
std::string sweep_csv_header(const std::vector<std::string>& axis_paths);

/// The row of a line (sweep_line.h), without the newline; columns that do
/// not apply (the totals of an error) are empty.
std::string sweep_csv_row(const OJson& line);

/// The axis paths of a line: the keys of its `values`, in order.
std::vector<std::string> sweep_line_paths(const OJson& line);

}  // namespace nndf
