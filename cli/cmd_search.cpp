// `nndf search`: the reference's nn_dataflow_search.py, same flags and output.
// The flags come from the run schema (search_args.h); `--config RUN.json`
// reads a run document, and flags given with it override its fields.
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/search_args.h"
#include "core/api/run_document.h"
#include "core/api/run_rules.h"
#include "core/api/search.h"
#include "core/util/error.h"

namespace nndf::cli {

namespace {

void report_progress(const SearchProgress& p) {
    if (p.layer_fraction == 0) {
        std::fprintf(stderr, "-> %s (layer %d of %d)\n", p.layer_name.c_str(), p.layer_index,
                     p.layer_count);
    }
}

}  // namespace

int cmd_search(const std::vector<std::string>& args) {
    ArgParser ap =
        search_parser({{{"--print-run"},
                        0,
                        "",
                        "print the run document of the fields given, instead of searching"}});
    ap.parse(args);
    if (ap.flag("--help")) {
        std::cout << ap.help();
        return 0;
    }
    const SearchArgs parsed = search_args(ap);
    const RunConfig& cfg = parsed.config;
    if (ap.flag("--print-run")) {
        std::cout << write_run_document(cfg, true).dump(2) << "\n";
        return 0;
    }
    SearchContext ctx;
    if (cfg.verbose) {
        ctx.on_progress = report_progress;
        ctx.on_note = [](const std::string& n) { std::fprintf(stderr, "note: %s\n", n.c_str()); };
    }
    SearchReport report;
    try {
        report = run_search(cfg, ctx);
    } catch (const InputError& e) {
        // The network's fields, or a run field the search found wanting
        // (`array` for a PE array too large for a layer).
        throw parsed.sources.locate(e);
    }
    if (report.result_text.empty()) {
        std::cerr << "No valid dataflow found.\n";
        std::cout << "null\n";
        return 2;
    }
    report.result_text += '\n';
    std::fwrite(report.result_text.data(), 1, report.result_text.size(), stdout);
    return 0;
}

}  // namespace nndf::cli
