// The run schema written out for others: as JSON (the page builds its form
// and checks links with it; `nndf schema --json`) and as the Markdown table
// of docs/run-config.md (`nndf schema --markdown`; a test fails when the
// committed table differs).
#pragma once

#include <string>

#include "core/formats/py_json.h"

namespace nndf {

/// {"format": "nndf-run-schema/1", "document_format": ..., "fields": [...]}.
OJson run_schema_json();

/// The fields as a Markdown table, one row per field.
std::string run_schema_markdown();

}  // namespace nndf
