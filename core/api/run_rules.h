// Whether a RunConfig can run: each required field given, each value in its
// schema range, and the rules between fields (the reference's Option rules
// and the word-size fits). The CLI, --config and the page (through the
// wasm `validate` call) all ask these functions; nothing else judges values.
//
// A message may name another field as `{name}`; each front end writes it in
// its own words (render_field_refs): the CLI as a flag, the page as a label.
#pragma once

#include <string>
#include <vector>

#include "core/api/run_schema.h"
#include "core/util/error.h"

namespace nndf {

/// Every problem of `config`, in schema order, each naming its field (a JSON
/// path such as `nodes[1]`). Empty when it can run. Invocation fields are
/// checked only with `with_invocation`.
std::vector<InputError> run_config_problems(const RunConfig& config, bool with_invocation = true);

/// The problems of one field's value alone: required and range.
std::vector<InputError> field_problems(const RunField& field, const RunConfig& config);

/// Throws the first problem, if any.
void check_run_config(const RunConfig& config, bool with_invocation = true);

/// The names a message refers to as `{name}`, in order.
std::vector<std::string> field_refs(const std::string& message);
/// How `{field}` references in messages are written.
enum class FieldRefStyle { Name, Flag, Label };
/// A message with each `{field}` reference written in `style`.
std::string render_field_refs(const std::string& message, FieldRefStyle style);

}  // namespace nndf
