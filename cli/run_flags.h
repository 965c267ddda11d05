// The run schema's fields as `nndf search` flags: the parser's options and
// their help come from run_schema.h, and the words given become each field's
// JSON form, read by the same code as a run document.
#pragma once

#include "cli/args.h"
#include "core/api/run_config.h"

namespace nndf::cli {

/// Adds a flag for every field of the schema but the network (NET).
void add_run_flags(ArgParser& parser);

/// Sets each field whose flag was given. Errors name the field (`batch`).
void apply_run_flags(const ArgParser& parser, RunConfig& config);

/// Whether the flag of a field was given.
bool run_flag_given(const ArgParser& parser, const std::string& field);

}  // namespace nndf::cli
