#include "cli/search_args.h"

#include <optional>

#include "cli/commands.h"
#include "cli/run_flags.h"
#include "core/api/run_document.h"
#include "core/api/run_rules.h"
#include "core/api/run_schema.h"
#include "core/util/error.h"

namespace nndf::cli {

namespace {

NetworkChoice network_of_arg(const std::string& arg) {
    NetworkChoice n;
    if (!is_network_file(arg)) {
        n.name = arg;
        return n;
    }
    n.file = arg;
    n.doc = parse_json_text(read_text_file(arg, arg), arg);
    // The reference prints the network's module name: the file's stem.
    const auto name = n.doc->is_object() ? n.doc->find("name") : n.doc->end();
    if (name != n.doc->end() && name->is_string()) {
        n.name = name->get<std::string>();
    } else {
        const size_t slash = arg.find_last_of('/');
        const std::string base = slash == std::string::npos ? arg : arg.substr(slash + 1);
        n.name = base.substr(0, base.rfind(".json"));
    }
    return n;
}

/// The files the command line names, read before anything else: their own
/// errors (cannot read, not JSON) name the file.
struct Inputs {
    bool has_config = false;
    std::optional<NetworkChoice> network;
};

Inputs read_inputs(const ArgParser& ap, ArgSources& src) {
    Inputs in;
    if (ap.has("--config")) {
        src.config_file = *ap.get_string("--config");
        const OJson doc =
            parse_json_text(read_text_file(src.config_file, "--config"), src.config_file);
        in.has_config = true;
        try {
            src.config = upgrade_run_document(doc);
        } catch (const InputError& e) {
            throw InputError(src.config_file + ": " + e.path(), e.message());
        }
    }
    if (ap.positional().size() > 1) throw InputError("NET", "give exactly one network");
    if (ap.positional().size() == 1) {
        src.net_given = true;
        const std::string& arg = ap.positional()[0];
        if (is_network_file(arg)) src.network_file = arg;
        in.network = network_of_arg(arg);
    } else if (!in.has_config) {
        throw InputError("NET", "a network name or file is required");
    }
    return in;
}

RunConfig config_of(const ArgParser& ap, const Inputs& in, const ArgSources& src) {
    RunConfig c = run_config_defaults();
    if (in.has_config) {
        try {
            c = read_run_document(src.config.doc);
        } catch (const InputError& e) {
            // Every error of reading is about the file, even an unknown key.
            throw InputError(src.config_file + ": " + src.config.original_path(e.path()),
                             render_field_refs(e.message(), FieldRefStyle::Name));
        }
    }
    if (in.network) {
        c.network = *in.network;
        c.given.insert("network");
    }
    try {
        apply_run_flags(ap, c);
        check_run_config(c);
    } catch (const InputError& e) {
        throw src.locate(e);
    }
    return c;
}

}  // namespace

ArgParser search_parser(const std::vector<OptionSpec>& extra) {
    ArgParser ap("nndf search",
                 "Search the energy-optimal dataflow schedule of a network, like the reference's\n"
                 "nn_dataflow_search.py (same flags, defaults, units and JSON output).\n"
                 "Sizes are in bytes, widths in bits, bandwidth in bytes per cycle.");
    ap.add_positional("NET|FILE.json", find_run_field("network")->help);
    ap.add({{"--config"},
            1,
            "RUN.json",
            "read the run from a run document (docs/run-config.md); flags override its fields"});
    add_run_flags(ap);
    for (const auto& s : extra) ap.add(s);
    ap.add({{"-h", "--help"}, 0, "", "show this help"});
    return ap;
}

std::string ArgSources::where(const std::string& path) const {
    const RunField* f = run_field_of_path(path);
    if (!f) return path;
    if (f->kind == FieldKind::Network) {
        std::string inner = path.substr(f->name.size());
        if (!inner.empty() && inner[0] == '.') inner.erase(0, 1);
        if (net_given) {
            if (network_file.empty()) return "NET";
            return inner.empty() ? network_file : network_file + ": " + inner;
        }
        return config_file.empty() ? "NET" : config_file + ": " + config.original_path(path);
    }
    if ((parser && run_flag_given(*parser, f->name)) || config_file.empty()) return f->flag();
    return config_file + ": " + config.original_path(path);
}

InputError ArgSources::locate(const InputError& e) const {
    const std::string place = where(e.path());
    // In the file's words when the file is at fault, else the command line's.
    const bool in_file = !config_file.empty() && place.rfind(config_file + ": ", 0) == 0;
    return InputError(
        place, render_field_refs(e.message(), in_file ? FieldRefStyle::Name : FieldRefStyle::Flag));
}

SearchArgs search_args(const ArgParser& ap) {
    SearchArgs out;
    out.sources.parser = &ap;
    const Inputs inputs = read_inputs(ap, out.sources);
    out.config = config_of(ap, inputs, out.sources);
    return out;
}

RunConfig search_config(const std::vector<std::string>& args) {
    ArgParser ap = search_parser();
    ap.parse(args);
    return search_args(ap).config;
}

}  // namespace nndf::cli
