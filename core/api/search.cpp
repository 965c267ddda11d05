#include "core/api/search.h"

#include <chrono>

#include "core/api/run_rules.h"
#include "core/api/time_bounds.h"
#include "core/formats/result_json.h"
#include "core/network_search/nn_dataflow.h"

namespace nndf {

SearchReport run_search(const RunConfig& config, const SearchContext& ctx, OnNoDataflow on_none) {
    check_run_config(config);
    const Network net = config.load_network();
    check_dram_time_fits(config, net);
    const Resource resource = config.resource();
    const Option options = config.options();
    const auto t0 = std::chrono::steady_clock::now();
    // The search's threads end with `nnd`, before a diagnosis makes its own.
    const SearchOutcome outcome = [&] {
        NNDataflow nnd(net, config.batch, resource, config.cost());
        return nnd.schedule_search(options, &ctx);
    }();
    SearchReport report;
    report.elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
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
        report.result_text = result_text(run, resource, options, outcome.tops.front(),
                                         outcome.cache_stats, report.elapsed);
    } else if (on_none == OnNoDataflow::Diagnose) {
        report.diagnosis = diagnose_no_dataflow(config, net, outcome.first_unscheduled, ctx);
    }
    return report;
}

}  // namespace nndf
