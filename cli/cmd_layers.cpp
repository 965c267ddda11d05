// `nndf layers`: the per-layer statistics of nn_layer_stats.py, or the layer
// list as JSON.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/api/run_field_value.h"
#include "core/api/run_rules.h"
#include "core/api/run_schema.h"
#include "core/formats/network_json.h"
#include "core/util/display_text.h"
#include "core/util/error.h"

namespace nndf::cli {

namespace {

std::string fmt_num(double v) {
    char b[64];
    if (std::isnan(v)) {
        std::snprintf(b, sizeof b, "%12s", "nan");
    } else {
        std::snprintf(b, sizeof b, "%12.2f", v);
    }
    return b;
}

std::string fmt_name(const std::string& name) {
    // Names come from a file: no control character reaches the terminal.
    const std::string s = display_text(name);
    return s.size() >= 30 ? s : s + std::string(30 - s.size(), ' ');
}

void print_table(const Network& net, const OJson& layers) {
    auto line = [](const std::string& name, std::initializer_list<double> nums) {
        std::string s = fmt_name(name);
        for (double v : nums) s += "," + fmt_num(v);
        std::cout << s << "\n";
    };
    char hdr[256];
    std::snprintf(hdr, sizeof hdr, "%-30s,%12s,%12s,%12s,%12s,%12s", "Layer", "Ifmap/kB",
                  "Ofmap/kB", "Weight/kB", "MACs/M", "MinOptBuf/kB");
    std::cout << hdr << "\n";
    double max_fmaps = 0, max_filters = 0, max_ops = 0, sum_fmaps = 0, sum_filters = 0, sum_ops = 0;
    int convs = 0, fcs = 0, norms = 0, matmuls = 0;
    double norm_ops = 0;
    for (const auto& j : layers) {
        const Layer& l = net[j["name"].get<std::string>()];
        if (l.kind == LayerKind::FC)
            ++fcs;
        else if (l.kind == LayerKind::Conv)
            ++convs;
        else if (l.is_matmul())
            ++matmuls;
        const OJson& st = j["stats"];
        if (l.is_norm_or_activation()) {
            ++norms;
            norm_ops += st["ops_M"].get<double>();
        }
        double ofm = st["ofmap_kB"], fil = st["weight_kB"], ops = st["macs_M"];
        // The new layer types say what is particular to them; the others
        // print as nn_layer_stats.py does.
        std::string name = j["name"].get<std::string>();
        if (l.groups != 1) name += " (groups " + std::to_string(l.groups) + ")";
        if (l.is_matmul()) {
            name += " (heads " + std::to_string(l.heads) + ", rhs " + *net.rhs(j["name"]) +
                    (l.transpose_rhs ? "^T" : "") + ")";
        }
        line(name, {st["ifmap_kB"], ofm, fil, ops, st["min_opt_buf_kB"]});
        max_fmaps = std::max(max_fmaps, ofm);
        max_filters = std::max(max_filters, fil);
        max_ops = std::max(max_ops, ops);
        sum_fmaps += ofm;
        sum_filters += fil;
        sum_ops += ops;
    }
    const std::string sep(30, '-');
    std::cout << sep << "\n";
    line("MAX", {std::nan(""), max_fmaps, max_filters, max_ops, std::nan("")});
    line("SUM", {std::nan(""), sum_fmaps, sum_filters, sum_ops, std::nan("")});
    std::cout << sep << "\n";
    std::cout << "# CONV layers = " << convs << ", # FC layers = " << fcs;
    if (matmuls) std::cout << ", # MATMUL layers = " << matmuls;
    std::cout << "\n";
    if (norms > 0) {
        // Their ops are not MACs, so the MACs column has 0 for them.
        char b[160];
        std::snprintf(b, sizeof b,
                      "# softmax, layernorm and gelu layers = %d, their ops/M = %.2f (not MACs, "
                      "docs/extensions.md)",
                      norms, norm_ops);
        std::cout << b << "\n";
    }
}

}  // namespace

int cmd_layers(const std::vector<std::string>& args) {
    const RunField& batch_field = *find_run_field("batch");
    const RunField& word_field = *find_run_field("word");
    ArgParser ap("nndf layers",
                 "Print the layers of a network with their sizes and MACs (like the reference's\n"
                 "nn_layer_stats.py), or list them as JSON.");
    ap.add_positional("NET|FILE.json", find_run_field("network")->help);
    // nn_layer_stats.py counts one input unless told otherwise.
    ap.add({{"-b", "--batch"}, 1, "N", batch_field.help + " (default 1)"});
    ap.add({{"-w", "--word"},
            1,
            "BITS",
            word_field.help + " (default " + word_field.default_value.dump() + ")"});
    ap.add({{"--json"}, 0, "", "print the layer list as JSON"});
    ap.add({{"-h", "--help"}, 0, "", "show this help"});
    ap.parse(args);
    if (ap.flag("--help")) {
        std::cout << ap.help();
        return 0;
    }
    if (ap.positional().size() != 1) {
        throw InputError("NET", ap.positional().empty() ? "a network name or file is required"
                                                        : "give exactly one network");
    }
    RunConfig cfg = run_config_defaults();
    cfg.batch = 1;
    cfg.given.insert("batch");
    for (const RunField* f : {&batch_field, &word_field}) {
        if (!ap.has(f->flag())) continue;
        try {
            read_field_value(*f, parse_int(ap.values(f->flag()).at(0), f->flag()), f->name, cfg);
            const auto problems = field_problems(*f, cfg);
            if (!problems.empty()) throw problems.front();
        } catch (const InputError& e) {
            throw InputError(flag_of_path(e.path()), e.message());
        }
    }
    Network net = load_network_arg(ap.positional()[0]);
    OJson layers = network_layers_json(net, cfg.batch, cfg.word);
    if (ap.flag("--json")) {
        std::cout << py_json_dump(layers, 2) << "\n";
    } else {
        print_table(net, layers);
    }
    return 0;
}

}  // namespace nndf::cli
