// The run document: a search run as JSON, what `nndf search --config` reads,
// the page sends to its engine and saves (docs/run-config.md). Version 2 is
// flat, one key per run field of the schema, named as the field:
//   {"format": "nndf-run/2", "network": "alex_net", "batch": 16, ...}
// Version 1 (nested `cost` and `options` objects, the page's format before
// the schema) is still read: it is migrated to version 2 first, and errors
// name its own paths.
#pragma once

#include <map>
#include <string>

#include "core/api/run_config.h"

namespace nndf {

/// The `format` value of the documents this version writes.
constexpr const char* kRunDocumentFormat = "nndf-run/2";

/// A document in the current version, and for each field a version 1
/// document had under another path, that path (errors then name what the
/// person wrote).
struct CurrentRunDocument {
    OJson doc;
    std::map<std::string, std::string> old_paths;
    /// A path of the current version as the original document spelled it.
    std::string original_path(const std::string& path) const;
};

/// The current version of a run document of any version (a version 2
/// document is returned as it is). InputError for a malformed version 1.
CurrentRunDocument upgrade_run_document(const OJson& doc);

/// Reads a run document (either version) without judging its values:
/// fields missing from it keep their defaults. Throws InputError at the JSON
/// path of a malformed field or an unknown key.
RunConfig read_run_document(const OJson& doc);

/// Reads a run document and checks it (run_rules.h): a config that can run.
RunConfig read_checked_run_document(const OJson& doc);

/// The version 2 document of a config: every run field (no invocation
/// fields), or with `only_given` those set explicitly (then it reads back
/// the same, down to which costs print as given).
OJson write_run_document(const RunConfig& config, bool only_given = false);

}  // namespace nndf
