// The line of a sweep point (docs/sweep.md): what `nndf sweep` prints for
// each point, one JSON object per line, and what the page's sweep exports.
// Both build it here from the point and the result document, so the page's
// line is the CLI's line byte for byte.
//   {"sweep", "index", "count", "values", "status": "ok" | "no-dataflow" | "error",
//    "message" (error), and when ok: "cost", "time", "ops",
//    "accesses": {dram, gbuf, itcn, regf}, "hops",
//    "parts": {alu, dram, gbuf, array, rf, noc, static} (the cost breakdown,
//    as the page's energy chart splits it), and with `full` "result"}
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/formats/py_json.h"

namespace nndf {

/// The line of `point` (sweep_point_json: its sweep, index, count and
/// values are used) for its result document, or with `result` null: no dataflow, or
/// when `error` is not empty, that error (a point's own "problem" comes
/// first: the page need not search it). `full` adds the whole result.
/// InputError for a point or result that is not of this form.
OJson sweep_line(const OJson& point, const OJson* result, const std::string& error,
                 bool full = false);

/// The result's top-level members a line reads (run_search can keep them
/// as it writes the result, so that a sweep need not parse the text back).
const std::vector<std::string_view>& sweep_line_result_keys();

/// The line as printed: one line of JSON as Python's json.dumps writes it
/// (deterministic: same values, same bytes), without the newline.
std::string sweep_line_text(const OJson& line);

}  // namespace nndf
