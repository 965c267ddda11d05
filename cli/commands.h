// The subcommands of the native tool.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/formats/py_json.h"
#include "core/model/network.h"

namespace nndf::cli {

/// `nndf layers`: per-layer statistics. Returns the exit status.
int cmd_layers(const std::vector<std::string>& args);
/// `nndf search`: the dataflow search. Returns the exit status.
int cmd_search(const std::vector<std::string>& args);
/// `nndf schema`: the run schema as JSON or Markdown.
int cmd_schema(const std::vector<std::string>& args);
/// `nndf alternatives`: a layer's best schedules against the result's.
int cmd_alternatives(const std::vector<std::string>& args);

/// `nndf sweep`: every point of a sweep, one line each (docs/sweep.md).
int cmd_sweep(const std::vector<std::string>& args);
/// `nndf sweep merge`: the outputs of a sweep's shards joined in point order.
int cmd_sweep_merge(const std::vector<std::string>& args);

/// `nndf explain`: a layer's loop nest and data reuse. Returns the exit status.
int cmd_explain(const std::vector<std::string>& args);
/// The text `nndf explain` prints for `layer` of a result document.
std::string explain_text(const Network& net, const OJson& result_doc, const std::string& layer,
                         i64 word_bits);

/// Whether a network argument names a file (it ends in .json or contains a
/// slash) rather than a built-in network.
bool is_network_file(const std::string& arg);
/// A file's whole text; InputError at `what` if it cannot be read.
std::string read_text_file(const std::string& path, const std::string& what);
/// A built-in network by name, or a network file by path. Errors name the file.
Network load_network_arg(const std::string& arg);
/// The network a result document (read from `file`) is of: `given` (the
/// --network value) if any, else the built-in network the result names.
Network result_network(const OJson& result, const std::optional<std::string>& given,
                       const std::string& file);

}  // namespace nndf::cli
