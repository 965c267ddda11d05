#include "core/api/search.h"

#include <chrono>

#include "core/api/run_rules.h"
#include "core/api/time_bounds.h"
#include "core/formats/result_json.h"
#include "core/network_search/nn_dataflow.h"

namespace nndf {

SearchReport run_search(const RunConfig& config, const SearchContext& ctx, OnNoDataflow on_none,
                        const std::vector<std::string_view>& keep) {
    check_run_config(config);
    const Network net = config.load_network();
    check_dram_time_fits(config, net);
    const Resource resource = config.resource();
    const Option options = config.options();
    SearchReport report;
    // The search's threads end with `nnd`, before a diagnosis makes its own.
    const SearchOutcome outcome = [&] {
        const auto t0 = std::chrono::steady_clock::now();
        NNDataflow nnd(net, config.batch, resource, config.cost());
        SearchOutcome o = nnd.schedule_search(options, &ctx);
        // The reference's `elapsed` ends with the search. Freeing the caches
        // (about 10 ms for a pipelined search on an 8x8 grid, on one thread
        // however many searched) comes after and is not the search.
        report.elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return o;
    }();
    report.notes = ctx.notes();
    if (!outcome.tops.empty()) {
        ResultRun run;
        run.net = config.network.name;
        run.batch = config.batch;
        run.cost = config.cost();
        run.op_cost_given = config.was_given("op_cost");
        run.hier_cost_given = config.was_given("hier_cost");
        run.hop_cost_given = config.was_given("hop_cost");
        run.unit_idle_cost_given = config.was_given("unit_idle_cost");
        if (keep.empty()) {
            report.result_text = result_text(run, resource, options, outcome.tops.front(),
                                             outcome.cache_stats, report.elapsed);
        } else {
            report.result_text =
                result_text(run, resource, options, outcome.tops.front(), outcome.cache_stats,
                            report.elapsed, keep, report.kept);
        }
    } else if (on_none == OnNoDataflow::Diagnose) {
        report.diagnosis = diagnose_no_dataflow(config, net, outcome.first_unscheduled, ctx);
    }
    return report;
}

}  // namespace nndf
