#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "core/builtin_networks.h"
#include "core/error.h"
#include "core/network_json.h"

namespace nndf::cli {

Network load_network_arg(const std::string& arg) {
    bool is_file = arg.find('/') != std::string::npos ||
                   (arg.size() > 5 && arg.compare(arg.size() - 5, 5, ".json") == 0);
    if (!is_file) return load_builtin_network(arg);
    std::ifstream in(arg, std::ios::binary);
    if (!in) throw InputError(arg, "cannot read the network file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return network_from_json_text(ss.str(), arg);
}

}  // namespace nndf::cli
