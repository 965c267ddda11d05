// A field's value in its JSON form, read into and written out of a
// RunConfig. Run documents, the schema's defaults and the CLI (which turns
// each flag's words into this form first) all go through these two
// functions, so a value means the same wherever it comes from.
#pragma once

#include <string>

#include "core/api/run_schema.h"

namespace nndf {

/// Reads `value` (the JSON form of `field`) into `config`. Checks the type
/// and shape only, not the range (run_rules.h). Throws InputError at `path`.
void read_field_value(const RunField& field, const OJson& value, const std::string& path,
                      RunConfig& config);

/// The JSON form of a field's value in `config` ("inf" for an unlimited
/// number, since JSON has no infinity).
OJson field_value_json(const RunField& field, const RunConfig& config);

}  // namespace nndf
