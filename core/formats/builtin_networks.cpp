#include "core/formats/builtin_networks.h"

#include "core/formats/network_json.h"
#include "core/util/error.h"

namespace nndf {

// Defined in the file CMake generates from nns/*.json.
extern const BuiltinNetwork kBuiltinNetworks[];
extern const int kBuiltinNetworkCount;

const std::vector<BuiltinNetwork>& builtin_networks() {
    static const std::vector<BuiltinNetwork> all(kBuiltinNetworks,
                                                 kBuiltinNetworks + kBuiltinNetworkCount);
    return all;
}

const char* builtin_network_json(const std::string& name) {
    for (const auto& n : builtin_networks())
        if (name == n.name) return n.json;
    return nullptr;
}

std::string builtin_network_names() {
    std::string names;
    for (const auto& n : builtin_networks())
        names += (names.empty() ? "" : ", ") + std::string(n.name);
    return names;
}

Network load_builtin_network(const std::string& name) {
    const char* text = builtin_network_json(name);
    if (!text) {
        throw InputError("network", "unknown network '" + name + "' (built-in: " +
                                        builtin_network_names() + "; or a network file)");
    }
    Network net = network_from_json_text(text, "nns/" + name + ".json");
    return net;
}

}  // namespace nndf
