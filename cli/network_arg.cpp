#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "cli/commands.h"
#include "core/formats/builtin_networks.h"
#include "core/formats/json_limits.h"
#include "core/formats/network_json.h"
#include "core/util/display_text.h"
#include "core/util/error.h"

namespace nndf::cli {

bool is_network_file(const std::string& arg) {
    return arg.find('/') != std::string::npos ||
           (arg.size() > 5 && arg.compare(arg.size() - 5, 5, ".json") == 0);
}

std::string read_text_file(const std::string& path, const std::string& what) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw InputError(what, "'" + display_text(path) + "' is a directory, not a file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(what, "cannot read '" + display_text(path) + "'");
    // Read in pieces up to the limit, so /dev/zero or a FIFO cannot fill memory.
    std::string text;
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        text.append(buf, static_cast<size_t>(in.gcount()));
        if (text.size() > kMaxJsonTextBytes) {
            throw InputError(what, "'" + display_text(path) + "' is larger than the " +
                                       std::to_string(kMaxJsonTextBytes >> 20) +
                                       " MiB a JSON document may have");
        }
    }
    if (in.bad()) throw InputError(what, "cannot read '" + display_text(path) + "'");
    return text;
}

Network load_network_arg(const std::string& arg) {
    if (!is_network_file(arg)) return load_builtin_network(arg);
    return network_from_json_text(read_text_file(arg, arg), arg);
}

Network result_network(const OJson& result, const std::optional<std::string>& given,
                       const std::string& file) {
    if (given) return load_network_arg(*given);
    const auto it = result.is_object() ? result.find("net") : result.end();
    if (it == result.end() || !it->is_string()) {
        throw InputError(file, "the result names no network: give --network");
    }
    const std::string net = it->get<std::string>();
    if (!builtin_network_json(net)) {
        throw InputError(file, "the result's network '" + net +
                                   "' is not built in: give its file with --network");
    }
    return load_builtin_network(net);
}

}  // namespace nndf::cli
