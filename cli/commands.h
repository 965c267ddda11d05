// The subcommands of the native tool.
#pragma once

#include <string>
#include <vector>

#include "core/network.h"

namespace nndf::cli {

/// `nndf layers`: per-layer statistics. Returns the exit status.
int cmd_layers(const std::vector<std::string>& args);
/// `nndf search`: the dataflow search. Returns the exit status.
int cmd_search(const std::vector<std::string>& args);

/// A built-in network by name, or a network file by path (anything ending in
/// .json or containing a slash). Errors name the file.
Network load_network_arg(const std::string& arg);

}  // namespace nndf::cli
