// Progress and cancellation of the whole-network search.
#include <doctest/doctest.h>

#include "cli/search_args.h"
#include "core/formats/builtin_networks.h"
#include "core/network_search/nn_dataflow.h"

using namespace nndf;

namespace {

RunConfig alexnet_isca16() {
    return cli::search_config({"alex_net", "--batch", "16", "--nodes", "1", "1", "--array", "16",
                               "16", "--regf", "512", "--gbuf", "131072", "--hop-cost", "0"});
}

}  // namespace

TEST_CASE("progress reports every layer in order, with growing fractions") {
    const RunConfig cfg = alexnet_isca16();
    const Network net = cfg.load_network();
    NNDataflow nnd(net, cfg.batch, cfg.resource(), cfg.cost());
    std::vector<SearchProgress> seen;
    SearchContext ctx;
    ctx.on_progress = [&](const SearchProgress& p) { seen.push_back(p); };
    const SearchOutcome out = nnd.schedule_search(cfg.options(), &ctx);
    REQUIRE(!out.tops.empty());

    // Every layer starts at fraction 0 and ends at 1, in scheduling order.
    std::vector<std::string> started;
    for (size_t i = 0; i < seen.size(); ++i) {
        const auto& p = seen[i];
        CHECK(p.layer_count == 19);
        CHECK(p.layer_fraction >= 0);
        CHECK(p.layer_fraction <= 1);
        if (p.layer_fraction == 0) {
            started.push_back(p.layer_name);
            CHECK(p.layer_index == static_cast<int>(started.size()));
        } else if (i > 0 && seen[i - 1].layer_index == p.layer_index) {
            CHECK(p.layer_fraction >= seen[i - 1].layer_fraction);
        }
    }
    CHECK(started == nnd.ordered_layers());
    CHECK(seen.back().layer_index == 19);
    CHECK(seen.back().layer_fraction == 1);
}

TEST_CASE("a cancel request stops the search") {
    const RunConfig cfg = alexnet_isca16();
    const Network net = cfg.load_network();
    NNDataflow nnd(net, cfg.batch, cfg.resource(), cfg.cost());
    int layers_started = 0;
    SearchContext ctx;
    ctx.on_progress = [&](const SearchProgress& p) {
        if (p.layer_fraction == 0) ++layers_started;
    };
    ctx.should_cancel = [&] { return layers_started >= 3; };
    CHECK_THROWS_AS(nnd.schedule_search(cfg.options(), &ctx), SearchCancelled);
    CHECK(layers_started == 3);

    // The same engine searches again afterwards, to the full answer.
    ctx.should_cancel = nullptr;
    CHECK(!nnd.schedule_search(cfg.options(), &ctx).tops.empty());
}
