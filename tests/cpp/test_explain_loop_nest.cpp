// The loop nest and data reuse of the explanation API on every layer of
// every golden result: the loops multiply back to the node's share, their
// MACs to the engine's ops, and the reuse table is the result's own
// statistics, with buffers within their capacity.
#include <doctest/doctest.h>

#include "cli/commands.h"
#include "core/api/explain.h"
#include "core/api/explain_text.h"
#include "core/api/search.h"
#include "core/formats/builtin_networks.h"
#include "core/formats/network_json.h"
#include "support.h"

using namespace nndf;

namespace {

std::vector<std::string> golden_case_names() {
    std::vector<std::string> names;
    for (const char* list : {"tests/golden/CASES.tsv", "tests/golden/CASES_EXTRA.tsv"}) {
        std::istringstream in(test::read_text(test::source_path(list)));
        for (std::string line; std::getline(in, line);) {
            if (!line.empty()) names.push_back(line.substr(0, line.find('\t')));
        }
    }
    return names;
}

OJson golden_doc(const std::string& name) {
    return parse_json_text(test::read_text(test::source_path("tests/golden/" + name + ".json")),
                           name);
}

Network golden_network(const std::string& case_name, const OJson& result) {
    const std::string net = result["net"].get<std::string>();
    if (builtin_network_json(net)) return load_builtin_network(net);
    return network_from_json_text(
        test::read_text(test::source_path("tests/golden/nets/" + net + ".json")), case_name);
}

bool near(double a, double b) {
    return std::fabs(a - b) <= 1e-9 * std::max(1., std::fabs(b));
}

/// What the explanations of the layers met so far reached.
struct Seen {
    size_t layers = 0, local_region = 0, fc = 0, partial = 0, folded = 0, replicated = 0;
};

/// One layer of a result document: the loop nest multiplies back to the
/// node's share and the engine's ops, and the reuse is the result's own.
void check_layer(const OJson& doc, const Network& net, const ResultSummary& result,
                 const ScheduledLayer& l, Seen& seen) {
    const LayerExplanation e = explain_layer(net, result, l.name);
    const LoopNest& n = e.loop_nest;
    const Layer& share = e.node_part.layer;
    ++seen.layers;
    if (e.layer.is_local_region()) ++seen.local_region;
    if (e.layer.kind == LayerKind::FC) ++seen.fc;

    // Per dimension: the loops cover the node's share; a count
    // past it is a ceiling, marked on one of the dimension's loops.
    i64 dims_product = 1;
    for (const auto& d : n.dims) {
        CAPTURE(loop_dim_key(d.dim));
        CHECK(d.product >= d.share);
        if (d.dim != ld::FOLD) dims_product *= d.product;
        if (d.product > d.share) {
            ++seen.partial;
            bool marked = false;
            for (const auto& loop : n.loops) {
                const bool of_dim =
                    loop.dim == d.dim || (d.dim == ld::OROW && loop.dim == ld::FOLD);
                marked = marked || (of_dim && loop.partial);
            }
            CHECK(marked);
        }
    }
    // The shares are the node part's dimensions.
    auto share_of = [&](int dim) {
        for (const auto& d : n.dims)
            if (d.dim == dim) return d.share;
        return i64{-1};
    };
    CHECK(share_of(ld::BATCH) == e.node_part.batch);
    CHECK(share_of(ld::OFM) == share.nofm);
    CHECK(share_of(ld::OROW) == share.hofm);
    CHECK(share_of(ld::OCOL) == share.wofm);
    if (e.layer.is_conv()) {
        CHECK(share_of(ld::IFM) == share.nifm());
        CHECK(share_of(ld::FROW) == share.hfil);
        CHECK(share_of(ld::FCOL) == share.wfil);
    } else {
        CHECK(share_of(ld::FROW) == share.hreg);
        CHECK(share_of(ld::RCHAN) == share.nreg);
    }
    // Batch and fold are exact: the batch loop's factors split into them.
    CHECK(n.dims[0].product == n.dims[0].share);
    CHECK(share_of(ld::FOLD) == e.mapping.fold.w);

    // MACs: the slots the loops run cover the share's MACs; the
    // engine's ops (occupancies included) times the nodes are the
    // result's ops.
    CHECK(n.ops_covered == dims_product);
    CHECK(n.ops_share == share.total_ops(e.node_part.batch));
    CHECK(n.ops_covered >= n.ops_share);
    CHECK(near(n.ops, static_cast<double>(n.ops_share) * e.node_part.occupancy));
    CHECK(near(n.ops * static_cast<double>(l.num_nodes), l.stats.ops));
    const OJson& scheme = doc["schedules"][l.name][0];
    CHECK(near(n.ops * static_cast<double>(l.num_nodes), scheme["ops"].get<double>()));

    // Replication copies fit the array's copies.
    CHECK(n.repl_ifms * n.repl_ofms <= e.mapping.replication.size());
    if (n.repl_ifms * n.repl_ofms > 1) ++seen.replicated;
    if (e.mapping.fold.size() > 1) ++seen.folded;

    // The reuse table is the result's own access statistics.
    const OJson j = explanation_json(e);
    const OJson& rows = j["reuse"]["access"];
    REQUIRE(rows.size() == 12);
    for (size_t m = 0; m < 4; ++m) {
        for (size_t d = 0; d < 3; ++d) {
            const OJson& row = rows[m * 3 + d];
            const double acc = scheme["access"][m][d].get<double>();
            CHECK(row["access"].get<double>() == acc);
            if (acc > 0) CHECK(near(row["reuse"].get<double>() * acc, l.stats.ops));
        }
    }
    // Occupancy within capacity: one node's GBUF, one PE's REGF.
    const OJson& buffers = j["reuse"]["buffers"];
    const char* caps[] = {"size_gbuf", "size_regf"};
    for (size_t b = 0; b < 2; ++b) {
        i64 total = 0;
        for (size_t d = 0; d < 3; ++d) total += scheme["size"][b][d].get<i64>();
        CHECK(buffers[b]["total"].get<i64>() == total);
        CHECK(buffers[b]["capacity"].get<i64>() == doc["resource"][caps[b]].get<i64>());
        CHECK(total <= buffers[b]["capacity"].get<i64>());
    }
    // The time splits into compute and memory-bound parts.
    const OJson& t = j["reuse"]["time"];
    CHECK(t["compute"].get<double>() + t["memory"].get<double>() == scheme["time"].get<double>());
    CHECK(t["compute"].get<i64>() == scheme["proc_time"].get<i64>());
    double dram = 0;
    for (size_t d = 0; d < 3; ++d) dram += scheme["access"][0][d].get<double>();
    CHECK(near(j["reuse"]["dram"]["bytes"].get<double>(), dram * 2));
}

}  // namespace

TEST_SUITE("explain loop nest") {
    TEST_CASE("every layer of every golden result: loops multiply back, reuse is the result's") {
        Seen seen;
        for (const auto& name : golden_case_names()) {
            CAPTURE(name);
            const OJson doc = golden_doc(name);
            const Network net = golden_network(name, doc);
            const ResultSummary result = read_result_summary(doc);
            for (const auto& l : result.layers) {
                CAPTURE(l.name);
                check_layer(doc, net, result, l, seen);
            }
        }
        // The cases reach every kind of loop the explanation writes.
        CHECK(seen.layers > 300);
        CHECK(seen.local_region > 10);
        CHECK(seen.fc > 5);
        CHECK(seen.partial > 10);
        CHECK(seen.folded > 5);
        CHECK(seen.replicated > 10);
    }

    TEST_CASE("the page's presets not among the golden cases: the same checks on their results") {
        // TETRIS L-1 and Tangram 16x16 (web/presets.js); the other presets
        // are golden cases.
        const std::vector<std::vector<std::string>> presets = {
            {"alex_net",
             "--batch",
             "16",
             "--nodes",
             "1",
             "1",
             "--array",
             "16",
             "16",
             "--regf",
             "1024",
             "--gbuf",
             "576056",
             "--op-cost",
             "2e-12",
             "--hier-cost",
             "240e-12",
             "28e-12",
             "4e-12",
             "1e-12",
             "--hop-cost",
             "0",
             "--unit-idle-cost",
             "320e-12",
             "--disable-bypass",
             "i",
             "o",
             "f"},
            {"alex_net",
             "--batch",
             "64",
             "--nodes",
             "16",
             "16",
             "--mem-type",
             "3D",
             "--array",
             "16",
             "16",
             "--regf",
             "512",
             "--gbuf",
             "65536",
             "--op-cost",
             "2e-12",
             "--hier-cost",
             "80e-12",
             "14e-12",
             "4e-12",
             "0.6e-12",
             "--hop-cost",
             "40e-12",
             "--unit-idle-cost",
             "200e-12",
             "--solve-loopblocking",
             "--hybrid-partition",
             "--batch-partition",
             "--interlayer-partition",
             "--enable-access-forwarding"},
        };
        Seen seen;
        for (const auto& args : presets) {
            CAPTURE(args[4]);
            const SearchReport report = run_search(cli::search_config(args));
            REQUIRE(!report.result_text.empty());
            const OJson doc = parse_json_text(report.result_text, "result");
            const Network net = load_builtin_network("alex_net");
            const ResultSummary result = read_result_summary(doc);
            for (const auto& l : result.layers) {
                CAPTURE(l.name);
                check_layer(doc, net, result, l, seen);
            }
        }
        CHECK(seen.layers == 2 * 19);
    }

    TEST_CASE("the text names every level and prints the reuse table") {
        const OJson doc = golden_doc("alex_b16_tangram_8x8");
        const std::string text =
            cli::explain_text(load_builtin_network("alex_net"), doc, "fc1", 16);
        for (const char* s :
             {"DRAM\n----", "GBUF\n----", "REGF\n----", "PE array\n--------", "PE\n--", "for ",
              "(spatial)", "MACs/access", "GBUF, one node", "DRAM traffic", "Time:"}) {
            CAPTURE(s);
            CHECK(text.find(s) != std::string::npos);
        }
    }

    TEST_CASE("a result whose blocking factors fit no loop nest is an input error") {
        OJson doc = golden_doc("alex_b16_tangram_8x8");
        doc["schedules"]["conv1_a"][0]["tvals"][0][1] = 47;
        CHECK_THROWS_AS(
            explain_layer(load_builtin_network("alex_net"), read_result_summary(doc), "conv1_a"),
            InputError);
    }
}
