// The reference's 13 networks, compiled in from nns/*.json so the native tool
// and the wasm module need no files at run time.
#pragma once

#include <string>
#include <vector>

#include "core/model/network.h"

namespace nndf {

struct BuiltinNetwork {
    const char* name;  ///< File stem, e.g. "alex_net".
    const char* json;  ///< The file's text.
};

/// All built-in networks, sorted by name.
const std::vector<BuiltinNetwork>& builtin_networks();
/// The JSON text of a built-in network, or nullptr.
const char* builtin_network_json(const std::string& name);
/// The names, comma-separated, for messages.
std::string builtin_network_names();
/// Loads a built-in network; throws InputError listing the names if unknown.
Network load_builtin_network(const std::string& name);

}  // namespace nndf
