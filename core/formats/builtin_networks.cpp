#include "core/formats/builtin_networks.h"

#include <map>
#include <mutex>

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
    // Parsed once per process: a sweep loads its network for every point,
    // and in the page that made the JSON reader and network_from_json hot
    // enough for V8 to recompile them (0.4 s and more of optimizing compiles
    // each, on the cores the sweep's workers want). A copy costs a fraction
    // of a parse. The lock is taken once per search, not in the search.
    static std::mutex mutex;
    static std::map<std::string, Network> parsed;
    {
        const std::lock_guard<std::mutex> lock(mutex);
        const auto it = parsed.find(name);
        if (it != parsed.end()) return it->second;
    }
    const char* text = builtin_network_json(name);
    if (!text) {
        throw InputError("network", "unknown network '" + name + "' (built-in: " +
                                        builtin_network_names() + "; or a network file)");
    }
    Network net = network_from_json_text(text, "nns/" + name + ".json");
    const std::lock_guard<std::mutex> lock(mutex);
    parsed.emplace(name, net);
    return net;
}

}  // namespace nndf
