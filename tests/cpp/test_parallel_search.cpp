// A search gives the same answer on any number of threads (issue 9): every
// kept schedule, in the same order, with the same cache statistics and notes. Thread
// counts above the machine's run here too (the engine does not cap them; the
// run configuration does), so uneven splits of the work are exercised on any
// machine.
#include <doctest/doctest.h>

#include "core/api/search.h"
#include "core/formats/result_json.h"
#include "core/network_search/nn_dataflow.h"
#include "support.h"

using namespace nndf;

namespace {

/// Every kept schedule's result document, best first, the cache stats and
/// the notes in the order given,
/// from a search of `args` on `threads` threads. `elapsed` and `nprocesses`
/// are printed as for one thread, so only the search's answer can differ.
std::vector<std::string> search_on(const std::string& args, int threads) {
    const RunConfig config = test::run_config_from_args(args);
    const Network net = config.load_network();
    Option options = config.options();
    options.nprocesses = threads;
    NNDataflow nnd(net, config.batch, config.resource(), config.cost());
    std::vector<std::string> notes;
    SearchContext ctx;
    ctx.on_note = [&](const std::string& n) { notes.push_back(n); };
    const SearchOutcome outcome = nnd.schedule_search(options, &ctx);
    Option printed = options;
    printed.nprocesses = 1;
    ResultRun run;
    run.net = config.network.name;
    run.batch = config.batch;
    run.cost = config.cost();
    std::vector<std::string> docs;
    for (const auto& top : outcome.tops)
        docs.push_back(
            result_json(run, config.resource(), printed, top, outcome.cache_stats, 0).dump());
    docs.push_back("cache " + std::to_string(outcome.cache_stats.first) + " " +
                   std::to_string(outcome.cache_stats.second));
    for (const auto& n : notes) docs.push_back("note " + n);
    return docs;
}

void check_same_on_any_threads(const std::string& args) {
    CAPTURE(args);
    const auto one = search_on(args, 1);
    REQUIRE(one.size() > 1);  // at least one schedule and the cache line
    for (int threads : {2, 3, 7}) {
        CAPTURE(threads);
        const auto many = search_on(args, threads);
        REQUIRE(many.size() == one.size());
        for (size_t i = 0; i < one.size(); ++i) CHECK(many[i] == one[i]);
    }
}

}  // namespace

TEST_SUITE("parallel search") {
    TEST_CASE("pipelined segments over an 8x8 grid, with access forwarding") {
        check_same_on_any_threads(
            "alex_net --batch 8 --nodes 8 8 --mem-type 3D --array 16 16 --regf 512 --gbuf 65536 "
            "--op-cost 2e-12 --hier-cost 80e-12 14e-12 4e-12 0.6e-12 --hop-cost 40e-12 "
            "--unit-idle-cost 200e-12 --solve-loopblocking --hybrid-partition --batch-partition "
            "--interlayer-partition --enable-access-forwarding -t 2");
    }
    TEST_CASE("pipelined segments with a time-overhead limit, and notes") {
        check_same_on_any_threads(
            "tests/golden/nets/min_fanout3.json --batch 4 --nodes 3 3 --array 16 8 --regf 128 "
            "--gbuf 16384 --op-cost 1 --hier-cost 200 6 2 1 --hop-cost 1 --unit-idle-cost 5 "
            "--solve-loopblocking --hybrid-partition --interlayer-partition "
            "--layer-pipeline-time-overhead 0");
    }
    TEST_CASE("partitions skipped for uneven replication, with their note") {
        check_same_on_any_threads(
            "tests/golden/nets/fzn1_1133.json --batch 4 --nodes 1 3 --array 16 8 --regf 256 "
            "--gbuf 203789 --op-cost 1 --hier-cost 200 6 2 1 --hop-cost 0 --unit-idle-cost 0 "
            "--mem-type 3D --disable-bypass f o --hybrid-partition --enable-access-forwarding "
            "--ifmaps-partition --interlayer-partition");
    }
    TEST_CASE("exhaustive loop blocking on one node") {
        check_same_on_any_threads(
            "alex_net --batch 16 --nodes 1 1 --array 16 16 --regf 512 --gbuf 131072 --hier-cost "
            "200 6 2 "
            "1 --op-cost 1 --hop-cost 0 --unit-idle-cost 0");
    }
    TEST_CASE("hybrid and batch partitioning over a node grid, four kept schedules") {
        check_same_on_any_threads(
            "mlp_l --batch 16 --nodes 2 2 --array 16 16 --regf 512 --gbuf 65536 --hier-cost 200 6 "
            "2 1 "
            "--op-cost 1 --hop-cost 10 --unit-idle-cost 0 --hybrid-partition --batch-partition "
            "--dram-bw 16 -g ed -t 4");
    }
    TEST_CASE("buffer sharing and inter-layer pipelining") {
        check_same_on_any_threads(
            "lstm_phoneme --batch 2 --nodes 4 4 --mem-type 3D --array 16 16 --regf 512 --gbuf "
            "65536 "
            "--hybrid-partition --batch-partition --interlayer-partition --enable-gbuf-sharing "
            "--enable-save-writeback --op-cost 1 --hop-cost 10 -t 2");
    }
    TEST_CASE("solved loop blocking with access forwarding and pipelining") {
        check_same_on_any_threads(
            "tests/golden/nets/fzn1_509.json --batch 4 --word 32 --nodes 3 3 --array 16 8 --regf "
            "128 --gbuf 16384 --op-cost 1 --hier-cost 200 6 2 1 --hop-cost 1 --unit-idle-cost 5 "
            "--solve-loopblocking --hybrid-partition --ifmaps-partition --interlayer-partition -g "
            "e -t 3");
    }
}
