// Progress and cancellation of the whole-network search.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "cli/search_args.h"
#include "core/formats/builtin_networks.h"
#include "core/network_search/nn_dataflow.h"
#include "core/network_search/search_work.h"
#include "support.h"

using namespace nndf;

namespace {

RunConfig alexnet_isca16() {
    return cli::search_config({"alex_net", "--batch", "16", "--nodes", "1", "1", "--array", "16",
                               "16", "--regf", "512", "--gbuf", "131072", "--hop-cost", "0"});
}

}  // namespace

TEST_CASE("progress reports every layer in order, with growing fractions and a share of the work") {
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

    // Progress by work (docs/progress.md): a share of the estimated work that
    // never goes backwards, with the time spent and left and the best cost.
    REQUIRE(seen.size() >= 19);
    CHECK(seen.front().work_fraction == 0);
    CHECK(seen.front().best_cost < 0);  // nothing done yet
    CHECK(seen.back().work_fraction == 1);
    for (size_t i = 1; i < seen.size(); ++i) {
        CAPTURE(i);
        CHECK(seen[i].work_fraction >= seen[i - 1].work_fraction);
        CHECK(seen[i].elapsed >= seen[i - 1].elapsed);
        if (seen[i].layer_index > 1 && seen[i].layer_fraction == 0) {
            // The best schedule so far costs more with every layer added,
            // and never more than the whole network's best.
            CHECK(seen[i].best_cost > 0);
            CHECK(seen[i].best_cost <= out.tops.front().total_cost());
            if (seen[i - 1].layer_index > 1) CHECK(seen[i].best_cost >= seen[i - 1].best_cost);
        }
    }
    // A second search on the same context starts again from nothing.
    seen.clear();
    nnd.schedule_search(cfg.options(), &ctx);
    CHECK(seen.front().work_fraction == 0);
    CHECK(seen.back().work_fraction == 1);
}

TEST_CASE("a cancel request stops the search") {
    const RunConfig cfg = alexnet_isca16();
    const Network net = cfg.load_network();
    NNDataflow nnd(net, cfg.batch, cfg.resource(), cfg.cost());
    int layers_started = 0;
    SearchContext ctx;
    ctx.on_progress = [&](const SearchProgress& p) {
        if (p.layer_fraction != 0) return;
        ++layers_started;
        // A slow caller: the other threads merge more layers meanwhile, and
        // the reports of several merges arrive at one poll.
        if (layers_started == 2) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    };
    ctx.should_cancel = [&] { return layers_started >= 3; };
    CHECK_THROWS_AS(nnd.schedule_search(cfg.options(), &ctx), SearchCancelled);
    CHECK(layers_started == 3);

    // The same engine searches again afterwards, to the full answer.
    ctx.should_cancel = nullptr;
    CHECK(!nnd.schedule_search(cfg.options(), &ctx).tops.empty());
}

// Notes: where the reference would stop with an error and the search goes
// on, it says so, once per kind (docs/reference-differences.md).
namespace {

/// Runs a search as `nndf search ARGS` would, collecting its notes.
struct NotedSearch {
    std::vector<std::string> notes;
    SearchOutcome outcome;

    explicit NotedSearch(const std::string& args) {
        const RunConfig cfg = test::run_config_from_args(args);
        const Network net = cfg.load_network();
        NNDataflow nnd(net, cfg.batch, cfg.resource(), cfg.cost());
        SearchContext ctx;
        ctx.on_note = [&](const std::string& n) { notes.push_back(n); };
        outcome = nnd.schedule_search(cfg.options(), &ctx);
    }

    int count(const std::string& part) const {
        int n = 0;
        for (const auto& s : notes) n += s.find(part) != std::string::npos;
        return n;
    }
};

}  // namespace

TEST_CASE("a note is reported once per text, and none is lost") {
    SearchContext ctx;
    std::vector<std::string> seen;
    ctx.note("made before anyone listened");
    ctx.on_note = [&](const std::string& n) { seen.push_back(n); };
    ctx.note("a");
    ctx.note("b");
    ctx.note("a");
    ctx.note("made before anyone listened");
    CHECK(seen == std::vector<std::string>{"made before anyone listened", "a", "b"});
    CHECK(ctx.notes() == seen);
}

TEST_CASE("notes and cancel requests from other threads reach the owner's thread") {
    SearchContext ctx;
    std::vector<std::string> seen;
    std::vector<std::thread::id> where;
    ctx.on_note = [&](const std::string& n) {
        seen.push_back(n);
        where.push_back(std::this_thread::get_id());
    };
    bool stop = false;
    ctx.should_cancel = [&] { return stop; };
    std::thread other([&] {
        ctx.note("from a worker");
        CHECK_NOTHROW(ctx.check_cancel());
    });
    other.join();
    CHECK(seen.empty());  // delivered at the owner's next report
    ctx.layer_fraction(0.5);
    CHECK(seen == std::vector<std::string>{"from a worker"});
    CHECK(where == std::vector<std::thread::id>{std::this_thread::get_id()});
    stop = true;
    CHECK_THROWS_AS(ctx.check_cancel(), SearchCancelled);
    std::thread worker([&] { CHECK_THROWS_AS(ctx.check_cancel(), SearchCancelled); });
    worker.join();
    stop = false;
    CHECK_NOTHROW(ctx.check_cancel());
}

TEST_CASE("a cancel of an earlier search is not the next search's, on any thread") {
    // A search cancelled, then another on the same context: a worker that
    // checks before the owner has asked again must not see the old answer
    // (it did, once, under load: the second search threw SearchCancelled).
    SearchContext ctx;
    bool stop = true;
    ctx.should_cancel = [&] { return stop; };
    CHECK_THROWS_AS(ctx.check_cancel(), SearchCancelled);
    stop = false;
    ctx.begin_search({1.0});
    std::thread worker([&] { CHECK_NOTHROW(ctx.check_cancel()); });
    worker.join();
    // And a cancel already asked for when a search begins is that search's.
    stop = true;
    ctx.begin_search({1.0});
    std::thread late([&] { CHECK_THROWS_AS(ctx.check_cancel(), SearchCancelled); });
    late.join();
}

TEST_CASE("no notes where the reference runs through") {
    const NotedSearch s(
        "alex_net --batch 16 --nodes 1 1 --array 16 16 --regf 512 --gbuf 131072 --hop-cost 0 "
        "--solve-loopblocking");
    CHECK(!s.outcome.tops.empty());
    CHECK(s.notes.empty());
}

TEST_CASE("skipped partition schemes with uneven data replication are noted") {
    // fzn1_1133: the reference stops with AssertionError 'ifm val len'.
    const NotedSearch s(
        "tests/golden/nets/fzn1_1133.json --batch 4 --nodes 1 3 --array 16 8 --regf 256 "
        "--gbuf 203789 --op-cost 1 --hier-cost 200 6 2 1 --hop-cost 0 --unit-idle-cost 0 "
        "--mem-type 3D --disable-bypass f o --hybrid-partition --ifmaps-partition "
        "--enable-access-forwarding");
    REQUIRE(!s.outcome.tops.empty());
    CHECK(s.notes.size() == 1);
    CHECK(s.count("AssertionError") == 1);
    CHECK(s.count("partitioning") == 1);
}

TEST_CASE("a time-overhead limit of 0 is noted and gives a result") {
    // The reference divides by the limit (ZeroDivisionError) in segments
    // whose top batch factor stays free, which needs a batch above 1.
    const NotedSearch s(
        "tests/golden/nets/min_fanout3.json --batch 4 --nodes 3 3 --array 16 8 --regf 128 "
        "--gbuf 16384 --op-cost 1 --hier-cost 200 6 2 1 --hop-cost 1 --unit-idle-cost 5 "
        "--solve-loopblocking --hybrid-partition --interlayer-partition "
        "--layer-pipeline-time-overhead 0");
    REQUIRE(!s.outcome.tops.empty());
    CHECK(s.count("ZeroDivisionError") == 1);
    CHECK(s.notes.size() == 1);
}

TEST_CASE("loop-blocking solver candidates without a feasible blocking are noted") {
    // With 32 words of GBUF some resident data cannot fit even one block;
    // the reference stops with UnboundLocalError (tx0), we use the others.
    const NotedSearch s(
        "mlp_s --batch 4 --nodes 1 1 --array 16 16 --gbuf 64 --regf 8 --solve-loopblocking");
    REQUIRE(!s.outcome.tops.empty());
    CHECK(s.count("UnboundLocalError") == 1);
    CHECK(s.notes.size() == 1);
}

TEST_CASE("progress inside a layer moves by its share of the work, and never back") {
    SearchContext ctx;
    std::vector<SearchProgress> seen;
    ctx.on_progress = [&](const SearchProgress& p) { seen.push_back(p); };
    ctx.begin_search({3, 1});  // the first layer is three quarters of the work
    ctx.begin_layer(1, 2, "big");
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    ctx.layer_fraction(0.5);
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    ctx.layer_fraction(0.4);  // another thread's part counted: no step back
    ctx.layer_fraction(1.0);
    ctx.begin_layer(2, 2, "small", 10.0);
    ctx.layer_fraction(1.0);
    REQUIRE(seen.size() == 6);
    CHECK(seen[1].work_fraction == doctest::Approx(0.375));
    CHECK(seen[1].remaining > 0);  // known once some work is done
    CHECK(seen[1].remaining == doctest::Approx(seen[1].elapsed * (1 - 0.375) / 0.375));
    CHECK(seen[2].work_fraction == doctest::Approx(0.375));
    CHECK(seen[3].work_fraction == doctest::Approx(0.75));
    CHECK(seen[4].work_fraction == doctest::Approx(0.75));
    CHECK(seen[4].best_cost == 10.0);
    CHECK(seen[5].work_fraction == 1);
    CHECK(seen[5].remaining == 0);
}

TEST_CASE("a layer's expected work: repeats and local-region layers weigh less") {
    const Layer conv = Layer::conv(64, 128, {28, 28}, {3, 3});
    const Layer pool = Layer::pooling(128, {28, 28}, {2, 2});
    const double first = layer_search_work(conv, 16, 1, true);
    CHECK(first > 0);
    CHECK(layer_search_work(conv, 16, 1, false) < first / 10);
    CHECK(layer_search_work(pool, 16, 1, true) < first);
    CHECK(layer_search_work(conv, 16, 3, true) == doctest::Approx(3 * first));
}
