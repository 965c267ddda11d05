// `nndf search`: the reference's nn_dataflow_search.py, same flags and output.
// The flags come from the run schema (search_args.h); `--config RUN.json`
// reads a run document, and flags given with it override its fields.
#include <chrono>
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

/// `-v`: a line when a layer starts, and one a second during a long layer,
/// with what the page shows (docs/progress.md).
class ProgressPrinter {
  public:
    void operator()(const SearchProgress& p) {
        const auto now = std::chrono::steady_clock::now();
        const bool starts = p.layer_index != last_layer_;
        if (!starts && now - last_line_ < std::chrono::seconds(1)) return;
        last_layer_ = p.layer_index;
        last_line_ = now;
        std::string line = starts
                               ? "-> " + p.layer_name + " (layer " + std::to_string(p.layer_index) +
                                     " of " + std::to_string(p.layer_count) + ")"
                               : "   " + p.layer_name + " " +
                                     std::to_string(static_cast<int>(p.layer_fraction * 100)) +
                                     "% of the layer";
        char buf[160];
        std::snprintf(buf, sizeof buf, ": %d%% of the work, %.1f s elapsed",
                      static_cast<int>(p.work_fraction * 100), p.elapsed);
        line += buf;
        if (p.remaining >= 0) {
            std::snprintf(buf, sizeof buf, ", about %.1f s left", p.remaining);
            line += buf;
        }
        if (p.best_cost >= 0) {
            std::snprintf(buf, sizeof buf, ", best so far %.6g", p.best_cost);
            line += buf;
        }
        std::fprintf(stderr, "%s\n", line.c_str());
    }

  private:
    int last_layer_ = 0;
    std::chrono::steady_clock::time_point last_line_;
};

}  // namespace

int cmd_search(const std::vector<std::string>& args) {
    ArgParser ap =
        search_parser({{{"--print-run"},
                        0,
                        "",
                        "print the run document of the fields given, instead of searching"},
                       {{"--explain"},
                        1,
                        "LAYER",
                        "print the loop nest and data reuse of LAYER in the result found, "
                        "instead of the result"}});
    ap.parse(args);
    if (ap.flag("--help")) {
        std::cout << ap.help();
        return 0;
    }
    const SearchArgs parsed = search_args(ap);
    const RunConfig& cfg = parsed.config;
    if (ap.flag("--print-run")) {
        // Names may hold any bytes: replace invalid UTF-8 rather than throw.
        std::cout << write_run_document(cfg, true).dump(2, ' ', false,
                                                        OJson::error_handler_t::replace)
                  << "\n";
        return 0;
    }
    SearchContext ctx;
    if (cfg.verbose) {
        ctx.on_progress = ProgressPrinter{};
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
        if (report.diagnosis) {
            for (const auto& line : diagnosis_lines(*report.diagnosis)) std::cerr << line << "\n";
        }
        std::cout << "null\n";
        return 2;
    }
    if (auto layer = ap.get_string("--explain")) {
        std::cout << explain_text(cfg.load_network(), parse_json_text(report.result_text, "result"),
                                  *layer, cfg.word);
        return 0;
    }
    report.result_text += '\n';
    std::fwrite(report.result_text.data(), 1, report.result_text.size(), stdout);
    return 0;
}

}  // namespace nndf::cli
