// JSON text exactly as Python's json.dump(obj, indent=2) writes it, so our
// output reads like the reference's: shortest round-trip floats (`1e+16`,
// `0.0001`, `1.5e-05`), `Infinity`/`NaN`, ints kept apart from floats.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace nndf {

using OJson = nlohmann::ordered_json;

/// Python's repr() of a float, with json's spelling of non-finite values.
std::string py_float_repr(double v);
/// Appends py_float_repr(v) to `out`.
void append_py_float(std::string& out, double v);
/// Appends `s` as json.dump writes a str (quoted; non-ASCII as \\u escapes).
void append_py_string(std::string& out, std::string_view s);

/// Serializes like json.dump(indent=indent); indent < 0 gives one line.
std::string py_json_dump(const OJson& j, int indent = 2);

/// How an error message names a JSON value's kind ("a string", "a list", ...).
std::string json_kind(const OJson& v);

/// Parses JSON text that may contain the bare tokens Infinity, -Infinity and
/// NaN (as Python writes them). Throws InputError with line and column.
OJson parse_json_text(const std::string& text, const std::string& what);

}  // namespace nndf
