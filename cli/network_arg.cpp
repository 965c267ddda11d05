#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "core/formats/builtin_networks.h"
#include "core/formats/network_json.h"
#include "core/util/error.h"

namespace nndf::cli {

bool is_network_file(const std::string& arg) {
    return arg.find('/') != std::string::npos ||
           (arg.size() > 5 && arg.compare(arg.size() - 5, 5, ".json") == 0);
}

std::string read_text_file(const std::string& path, const std::string& what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(what, "cannot read '" + path + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Network load_network_arg(const std::string& arg) {
    if (!is_network_file(arg)) return load_builtin_network(arg);
    return network_from_json_text(read_text_file(arg, arg), arg);
}

}  // namespace nndf::cli
