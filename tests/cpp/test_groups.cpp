// Grouped and depthwise convolution and the attention matmul
// (docs/extensions.md): the relations the model promises, checked against
// plain layers and against the reference's results for the same computation
// written as branches (tests/golden/groups/).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>

#include "core/api/alternatives.h"
#include "core/api/explain.h"
#include "core/api/search.h"
#include "core/formats/network_json.h"
#include "core/formats/result_reader.h"
#include "core/layer_search/map_strategy.h"
#include "core/layer_search/passes_side_by_side.h"
#include "core/layer_search/scheduling.h"
#include "core/network_search/nn_dataflow.h"
#include "core/network_search/pipeline_segment_timing.h"
#include "support.h"

using namespace nndf;

namespace {

/// The result text without its search time (the only field that varies).
std::string without_elapsed(const std::string& text) {
    return std::regex_replace(text, std::regex("\"elapsed\": [^,\\n]*"), "\"elapsed\": 0");
}

std::string search_text(const RunConfig& cfg) {
    const SearchReport r = run_search(cfg);
    REQUIRE_MESSAGE(!r.result_text.empty(), "no valid dataflow");
    return without_elapsed(r.result_text);
}

/// Every conv layer of a network document with "groups": 1 added.
OJson with_groups_one(OJson doc) {
    for (auto& l : doc["layers"])
        if (l["type"] == "conv") l["groups"] = 1;
    return doc;
}

bool rel_close(double a, double b, double rtol = 1e-12) {
    return std::fabs(a - b) <= rtol * std::max({std::fabs(a), std::fabs(b), 1e-300});
}

/// tests/golden/groups/CASES.tsv: name -> the branched network's arguments.
std::map<std::string, std::string> group_cases() {
    std::map<std::string, std::string> m;
    std::istringstream in(test::read_text(test::source_path("tests/golden/groups/CASES.tsv")));
    for (std::string line; std::getline(in, line);) {
        const auto tab = line.find('\t');
        if (tab != std::string::npos) m[line.substr(0, tab)] = line.substr(tab + 1);
    }
    return m;
}

OJson load_json(const std::string& relative) {
    return parse_json_text(test::read_text(test::source_path(relative)), relative);
}

OJson search_json(const RunConfig& cfg) {
    const SearchReport r = run_search(cfg);
    REQUIRE_MESSAGE(!r.result_text.empty(), "no valid dataflow");
    return parse_json_text(r.result_text, "result");
}

double scheme_num(const OJson& res, const std::string& layer, const char* key) {
    return res["schedules"][layer][0][key].get<double>();
}

/// A resource of one node, its data in one memory node.
Resource one_node_resource(PhyDim2 array, i64 gbuf, i64 regf) {
    const NodeRegion proc = NodeRegion::make({1, 1}, {0, 0}, NodeRegion::PROC);
    const NodeRegion dram = NodeRegion::make({1, 1}, {0, 0}, NodeRegion::DRAM);
    Resource r;
    r.proc_region = proc;
    r.dram_region = dram;
    r.src_data_region = dram;
    r.dst_data_region = dram;
    r.dim_array = array;
    r.size_gbuf = gbuf;
    r.size_regf = regf;
    r.array_bus_width = kInf;
    r.dram_bandwidth = kInf;
    return r;
}

DataLayout dram_layout(const Resource& r, i64 batch, i64 n, i64 h, i64 w) {
    return DataLayout::make({FmapRange({0, 0, 0, 0}, {batch, n, h, w})}, {r.src_data_region},
                            {PartitionScheme{}.projection(r.src_data_region, true)});
}

SchedulingResultPtr best_schedule(const Layer& layer, i64 batch, const Resource& r,
                                  const DataLayout& rhs = {}) {
    const Cost cost = test::make_cost(1, {200, 6, 2, 1}, 10, 1);
    Scheduling s(layer, batch, cost);
    SchedulingCondition cond{r,
                             SchedulingConstraint{},
                             dram_layout(r, batch, layer.nifm(), layer.hifm(), layer.wifm()),
                             {0, 0, 0}};
    cond.rhs_layout = rhs;
    Option o;
    o.ntops = 1;
    const auto tops = s.schedule_search(cond, o);
    REQUIRE(!tops.empty());
    return tops.front();
}

/// One scheduled layer's counts are `k` times another's, with the same
/// partition and blocking.
void check_times(const SchedulingResult& many, const SchedulingResult& one, double k) {
    CHECK(rel_close(many.cost, k * one.cost));
    CHECK(many.time == k * one.time);
    CHECK(many.ops == k * one.ops);
    CHECK(many.proc_time == static_cast<i64>(k) * one.proc_time);
    const auto am = many.total_accesses(), ao = one.total_accesses();
    for (int m = 0; m < me::NUM; ++m) CHECK(rel_close(am[m], k * ao[m]));
    CHECK(rel_close(many.total_noc_hops(), k * one.total_noc_hops()));
    CHECK(many.part == one.part);
    CHECK(many.lbs.bl_ts == one.lbs.bl_ts);
    CHECK(many.lbs.bl_ords == one.lbs.bl_ords);
    CHECK(many.size == one.size);
}

/// A result for the segment timing: its place, time, top-level factors,
/// passes and sample groups (the rest as the timing does not read it).
SchedulingResult timed_result(std::array<i64, 3> seq, i64 time, LoopTriple top, i64 passes,
                              i64 sample_groups = 1) {
    SchedulingResult r;
    r.time = static_cast<double>(time);
    r.proc_time = time;
    r.num_nodes = 2;
    r.lbs.bl_ts = {top, LoopTriple{1, 1, 1}, LoopTriple{1, 1, 1}};
    r.lbs.bl_ords = {std::array<int, le::NUM>{0, 1, 2}, std::array<int, le::NUM>{0, 1, 2}};
    r.sched_seq = seq;
    r.passes = passes;
    r.sample_groups = sample_groups;
    return r;
}

}  // namespace

TEST_CASE("grouped conv: the layer model") {
    const Layer g = Layer::conv(32, 64, {14, 14}, {3, 3}, {1, 1}, 4);
    CHECK(g.groups == 4);
    CHECK(g.total_ops() == 64 * 14 * 14 * (32 / 4) * 9);
    CHECK(g.total_filter_size() == 64 * (32 / 4) * 9);
    const Layer u = g.unit_layer();
    CHECK(u.nifm() == 8);
    CHECK(u.nofm == 16);
    CHECK(u.groups == 1);
    CHECK(g.passes(7) == 4);
    CHECK(g.total_ops() == g.passes(1) * u.total_ops());
    CHECK(g != Layer::conv(32, 64, {14, 14}, {3, 3}));
    CHECK(Layer::conv(32, 64, {14, 14}, {3, 3}, {1, 1}, 1) ==
          Layer::conv(32, 64, {14, 14}, {3, 3}));
    // Depthwise with a channel multiplier of 2.
    const Layer dw = Layer::conv(16, 32, {8, 8}, {3, 3}, {1, 1}, 16);
    CHECK(dw.total_ops() == 32 * 64 * 9);
    CHECK(dw.total_filter_size() == 32 * 9);
    CHECK_THROWS_WITH_AS(Layer::conv(30, 64, {14, 14}, {3, 3}, {1, 1}, 4),
                         doctest::Contains("multiple of groups (4), got 30"), InputError);
    CHECK_THROWS_AS(Layer::conv(32, 64, {14, 14}, {3, 3}, {1, 1}, 0), InputError);
}

TEST_CASE("grouped conv: groups = 1 gives the plain convolution's result, byte for byte") {
    // Golden cases with convolutions: one node, and a 3x3 grid with
    // inter-layer pipelining.
    for (const auto& net_args : std::vector<std::pair<std::string, std::string>>{
             {"nns/alex_net.json",
              "alex_net --batch 16 --nodes 1 1 --array 16 16 --regf 512 --gbuf 131072 --hier-cost "
              "200 6 2 1 --op-cost 1 --hop-cost 0 --unit-idle-cost 0 --solve-loopblocking"},
             {"tests/golden/nets/min_fanout3.json",
              "tests/golden/nets/min_fanout3.json --batch 1 --nodes 3 3 --array 16 8 --regf 128 "
              "--gbuf 16384 --op-cost 1 --hier-cost 200 6 2 1 --hop-cost 1 --unit-idle-cost 5 "
              "--solve-loopblocking --hybrid-partition --interlayer-partition"}}) {
        // Not structured bindings: CAPTURE's lambda cannot name them in C++17.
        const std::string& net = net_args.first;
        const std::string& args = net_args.second;
        CAPTURE(net);
        RunConfig plain = test::run_config_from_args(args);
        plain.network.doc = load_json(net);
        RunConfig grouped = plain;
        grouped.network.doc = with_groups_one(*plain.network.doc);
        CHECK(grouped.network.doc->dump().find("\"groups\":1") != std::string::npos);
        CHECK(search_text(grouped) == search_text(plain));
    }
}

TEST_CASE("depthwise: C channels cost C times one channel; one channel is a plain conv") {
    const Resource r = one_node_resource({8, 8}, 16384, 128);
    const Layer one = Layer::conv(1, 2, {16, 16}, {3, 3});
    const auto s1 = best_schedule(one, 4, r);
    for (i64 c : {1, 3, 8}) {
        CAPTURE(c);
        const Layer dw = Layer::conv(c, 2 * c, {16, 16}, {3, 3}, {1, 1}, c);
        const auto sc = best_schedule(dw, 4, r);
        check_times(*sc, *s1, static_cast<double>(c));
        CHECK(sc->passes == c);
        if (c == 1) CHECK(sc->cost == s1->cost);
    }
}

TEST_CASE("matmul: one head, batch 1, rhs in memory is the 1x1 conv with rhs as filters") {
    // The exact statement the model supports: with batch 1 and one head,
    // its right operand in the one memory node the conv's filters come from,
    // a matmul has the schedule and cost of the 1x1 conv of the same shape.
    // With more samples or heads it is their passes: B x H times the conv of
    // one head's shape (the right operand is not reused across samples).
    const Resource r = one_node_resource({8, 8}, 16384, 128);
    const i64 s = 16, d = 64, n = 32;
    const Layer conv = Layer::conv(d, n, {s, 1}, {1, 1});
    const Layer mm = Layer::matmul(d, n, {s, 1});
    CHECK(mm.total_ops() == conv.total_ops());
    CHECK(mm.total_filter_size() == 0);
    const auto sc = best_schedule(conv, 1, r);
    const auto sm = best_schedule(mm, 1, r, dram_layout(r, 1, n, d, 1));
    check_times(*sm, *sc, 1);
    CHECK(sm->cost == sc->cost);
    // One position: the FC layer itself.
    const auto sf = best_schedule(Layer::fc(d, n), 1, r);
    check_times(*best_schedule(Layer::matmul(d, n, {1, 1}), 1, r, dram_layout(r, 1, n, d, 1)), *sf,
                1);
    // Transposed rhs: [n positions x d channels].
    const Layer mt = Layer::matmul(d, n, {s, 1}, 1, true);
    check_times(*best_schedule(mt, 1, r, dram_layout(r, 1, d, n, 1)), *sc, 1);

    // 2 samples x 4 heads = 8 passes of the one-head conv.
    const Layer mh = Layer::matmul(d, n, {s, 1}, 4);
    const auto unit = best_schedule(Layer::conv(d / 4, n / 4, {s, 1}, {1, 1}), 1, r);
    const auto smh = best_schedule(mh, 2, r, dram_layout(r, 2, n, d / 4, 1));
    CHECK(smh->passes == 8);
    check_times(*smh, *unit, 8);
}

TEST_CASE("grouped conv: the reference's branched network and the grouped layer") {
    // Per case: the relations of docs/extensions.md between the reference's
    // result for G branches (golden) and ours for one conv of G groups.
    int pipelined = 0, plain = 0, side_by_side = 0;
    for (const auto& name_args : group_cases()) {
        const std::string& name = name_args.first;
        const std::string& args = name_args.second;
        CAPTURE(name);
        const OJson gold = load_json("tests/golden/groups/" + name + ".json");
        RunConfig bcfg = test::run_config_from_args(args);
        const std::string gargs =
            std::regex_replace(args, std::regex("_branched\\.json"), "_grouped.json");
        RunConfig gcfg = test::run_config_from_args(gargs);
        const Network bnet = bcfg.load_network(), gnet = gcfg.load_network();
        const i64 batch = bcfg.batch;

        // Our engine reproduces the reference on the branched network.
        const OJson ours_b = search_json(bcfg);
        CHECK(
            rel_close(ours_b["total_cost"].get<double>(), gold["total_cost"].get<double>(), 1e-6));

        const OJson res = search_json(gcfg);
        std::vector<std::string> branches;
        for (const auto& l : bnet.layer_names())
            if (bnet[l].is_conv()) branches.push_back(l);
        const Layer& g = gnet["g"];
        REQUIRE(static_cast<size_t>(g.groups) == branches.size());

        // Op counts and DRAM lower bounds are the branches' sums.
        double ops = 0;
        i64 bound = 0;
        for (const auto& b : branches) {
            ops += scheme_num(gold, b, "ops");
            bound += bnet[b].dram_lower_bound(batch);
        }
        CHECK(scheme_num(res, "g", "ops") == ops);
        CHECK(res["total_ops"].get<double>() == gold["total_ops"].get<double>());
        CHECK(g.dram_lower_bound(batch) == bound);
        CHECK(res["schedules"]["g"][0]["groups"] == g.groups);

        const bool ilp = args.find("--interlayer-partition") != std::string::npos;
        if (!ilp) {
            ++plain;
            // Every branch runs the same schedule: the grouped layer is their
            // sum. With P groups side by side, it takes a P-th of their time
            // and saves the static cost of the rest; nothing else changes.
            double cost = 0, time = 0, idle = 0;
            std::array<double, me::NUM> acc{};
            for (const auto& b : branches) {
                cost += scheme_num(gold, b, "cost");
                time += scheme_num(gold, b, "time");
                idle += scheme_num(gold, b, "cost_static");
                for (int m = 0; m < me::NUM; ++m)
                    acc[m] += gold["schedules"][b][0]["access"][m].get<std::vector<double>>()[0] +
                              gold["schedules"][b][0]["access"][m].get<std::vector<double>>()[1] +
                              gold["schedules"][b][0]["access"][m].get<std::vector<double>>()[2];
            }
            const auto together = res["schedules"]["g"][0].value("passes_together", i64{1});
            if (together > 1) ++side_by_side;
            const double saved = idle * (1 - 1. / static_cast<double>(together));
            CHECK(rel_close(scheme_num(res, "g", "cost"), cost - saved));
            CHECK(scheme_num(res, "g", "time") * static_cast<double>(together) == time);
            for (int m = 0; m < me::NUM; ++m) {
                const auto a = res["schedules"]["g"][0]["access"][m].get<std::vector<double>>();
                CHECK(rel_close(a[0] + a[1] + a[2], acc[m]));
            }
            for (const char* k : {"tvals", "orders", "part"})
                CHECK(res["schedules"]["g"][0][k] == gold["schedules"][branches[0]][0][k]);
            // The pooling layer reads the same data from the same nodes.
            CHECK(rel_close(scheme_num(res, "pool", "cost"), scheme_num(gold, "pool", "cost")));
            CHECK(rel_close(res["total_cost"].get<double>(),
                            gold["total_cost"].get<double>() - saved));
        } else {
            ++pipelined;
            // The branches can run side by side on parts of the nodes and
            // forward one branch on chip; the grouped layer runs its passes
            // on all its nodes and forwards its ofmaps only when all of them
            // fit its buffers (docs/extensions.md). What holds: pipelining
            // never makes the grouped network worse than without it, which
            // is exactly the branched network without it.
            const std::string twin = std::regex_replace(name, std::regex("_ilp"), "");
            REQUIRE(group_cases().count(twin));
            const OJson gold_plain = load_json("tests/golden/groups/" + twin + ".json");
            const double g = res["total_cost"].get<double>();
            const double b = gold["total_cost"].get<double>();
            const double b0 = gold_plain["total_cost"].get<double>();
            MESSAGE(name << ": grouped " << g << ", branched " << b << " (grouped / branched "
                         << g / b << "); without pipelining both " << b0);
            CHECK(g <= b0 * (1 + 1e-12));
        }
    }
    CHECK(plain >= 3);
    CHECK(pipelined >= 2);
    CHECK(side_by_side >= 2);
}

TEST_CASE("network files: groups and matmul fields, and their errors") {
    auto net = [](const std::string& layers) {
        return network_from_json_text(
            R"({"input": {"nofm": 64, "sofm": [16, 1]}, "layers": [)" + layers + "]}", "net.json");
    };
    const std::string q =
        R"({"name": "q", "type": "conv", "nifm": 64, "nofm": 64, "sofm": [16, 1], "sfil": 1})";
    const std::string k =
        R"({"name": "k", "type": "conv", "nifm": 64, "nofm": 64, "sofm": [16, 1], "sfil": 1, "prevs": null})";
    const Network n = net(
        q + "," + k +
        R"(,{"name": "s", "type": "matmul", "nifm": 64, "nofm": 64, "sofm": [16, 1], "heads": 4, "prevs": "q", "rhs": "k", "transpose_rhs": true})");
    CHECK(n["s"].is_matmul());
    CHECK(n["s"].heads == 4);
    CHECK(*n.rhs("s") == "k");
    CHECK(!n.rhs("q"));
    // s reads k (as its right operand), so k is not a last layer.
    CHECK(n.lasts() == std::vector<std::string>{"s"});
    CHECK(n["s"].total_ops() == 64 * 16 * 16);

    const OJson layers = network_layers_json(n, 1, 16);
    CHECK(layers[2]["heads"] == 4);
    CHECK(layers[2]["rhs"] == "k");
    CHECK(!layers[0].contains("groups"));
    CHECK(!layers[0].contains("heads"));

    auto error_of = [&](const std::string& layers) {
        try {
            net(layers);
        } catch (const InputError& e) {
            return e.path() + ": " + e.message();
        }
        return std::string("no error");
    };
    CHECK(
        error_of(
            R"({"name": "g", "type": "conv", "nifm": 64, "nofm": 30, "sofm": [16, 1], "sfil": 1, "groups": 4})")
            .find("nofm") != std::string::npos);
    CHECK(
        error_of(
            R"({"name": "g", "type": "conv", "nifm": 64, "nofm": 32, "sofm": [16, 1], "sfil": 1, "groups": 0})")
            .find("groups") != std::string::npos);
    CHECK(error_of(R"({"name": "f", "type": "fc", "nifm": 64, "nofm": 32, "groups": 2})")
              .find("unknown field") != std::string::npos);
    CHECK(
        error_of(
            q +
            R"(,{"name": "s", "type": "matmul", "nifm": 64, "nofm": 64, "sofm": [16, 1], "prevs": "q", "rhs": "zz"})")
            .find(".rhs: matmul 's' reads 'zz'") != std::string::npos);
    CHECK(
        error_of(
            q +
            R"(,{"name": "s", "type": "matmul", "nifm": 64, "nofm": 64, "sofm": [16, 1], "prevs": "q"})")
            .find(".rhs: is missing") != std::string::npos);
    // Without transpose: rhs positions must be nifm / heads = 16, it has 16; channels nofm = 48.
    const std::string e = error_of(
        q +
        R"(,{"name": "s", "type": "matmul", "nifm": 64, "nofm": 48, "sofm": [16, 1], "heads": 4, "prevs": "q", "rhs": "q"})");
    CHECK(e.find("needs 48 rhs channels") != std::string::npos);
    CHECK(e.find("has 64") != std::string::npos);
    const std::string p = error_of(
        q +
        R"(,{"name": "s", "type": "matmul", "nifm": 64, "nofm": 64, "sofm": [16, 1], "heads": 2, "prevs": "q", "rhs": "q"})");
    CHECK(p.find("needs 32 rhs positions") != std::string::npos);
    CHECK(p.find("has 16") != std::string::npos);
}

TEST_CASE("attention: a search with matmuls, and its loop nest") {
    // One head's attention, 4 heads: scores = Q x K^T, context = P x V (no
    // softmax here: that is another layer type).
    const i64 s = 16, d = 64, h = 4;
    OJson doc =
        parse_json_text(R"({"name": "attn", "input": {"nofm": 64, "sofm": [16, 1]}, "layers": [
      {"name": "q", "type": "conv", "nifm": 64, "nofm": 64, "sofm": [16, 1], "sfil": 1},
      {"name": "k", "type": "conv", "nifm": 64, "nofm": 64, "sofm": [16, 1], "sfil": 1, "prevs": null},
      {"name": "v", "type": "conv", "nifm": 64, "nofm": 64, "sofm": [16, 1], "sfil": 1, "prevs": null},
      {"name": "scores", "type": "matmul", "nifm": 64, "nofm": 64, "sofm": [16, 1], "heads": 4,
       "prevs": "q", "rhs": "k", "transpose_rhs": true},
      {"name": "context", "type": "matmul", "nifm": 64, "nofm": 64, "sofm": [16, 1], "heads": 4,
       "prevs": "scores", "rhs": "v"}]})",
                        "attn");
    for (const char* extra : {"", " --interlayer-partition"}) {
        CAPTURE(extra);
        RunConfig cfg = test::run_config_from_args(
            std::string("mlp_s --batch 2 --nodes 2 2 --array 8 8 --regf 128 --gbuf 16384 "
                        "--hier-cost 200 6 2 1 --op-cost 1 --hop-cost 10 --unit-idle-cost 1 "
                        "--solve-loopblocking --hybrid-partition") +
            extra);
        cfg.network.doc = doc;
        cfg.network.name = "attn";
        const SearchReport rep = run_search(cfg);
        REQUIRE(!rep.result_text.empty());
        const OJson res = parse_json_text(rep.result_text, "result");
        // MACs per sample: S x S_k x d per matmul.
        CHECK(scheme_num(res, "scores", "ops") == 2. * s * s * d);
        CHECK(scheme_num(res, "context", "ops") == 2. * s * s * d);
        CHECK(res["schedules"]["scores"][0]["heads"] == h);
        CHECK(res["schedules"]["scores"][0]["passes"] == h * 2);
        CHECK(!res["schedules"]["q"][0].contains("passes"));
        // The right operand's producer is scheduled before, never in the
        // matmul's segment.
        const auto seq = [&](const char* l) { return res["schedules"][l][2][0].get<i64>(); };
        CHECK(seq("k") < seq("scores"));
        CHECK(seq("v") < seq("context"));

        const Network net = cfg.load_network();
        const ResultSummary sum = read_result_summary(res);
        const LayerExplanation e = explain_layer(net, sum, "scores");
        REQUIRE(e.loop_nest.loops.size() >= 2);
        CHECK(e.loop_nest.loops[0].dim == ld::HEAD);
        CHECK(e.loop_nest.loops[0].count == h);
        CHECK(e.loop_nest.loops[1].dim == ld::BATCH);
        CHECK(e.loop_nest.loops[1].count == 2);
        for (const auto& c : e.loop_nest.dims) CHECK(c.product >= c.share);
        CHECK(e.loop_nest.ops_covered >= e.loop_nest.ops_share);
        CHECK(e.loop_nest.ops_share * e.schedule.num_nodes >= net["scores"].total_ops(2));
        // The page's pass caption: the result's passes, one per head and sample.
        const OJson passes = explanation_json(e)["passes"];
        CHECK(passes["count"] == res["schedules"]["scores"][0]["passes"]);
        CHECK(passes["heads"] == h);
        CHECK(passes["samples"] == 2);
        CHECK(passes["groups"] == 1);
        CHECK(passes["unit"]["nofm"].get<i64>() * h == net["scores"].nofm);
        CHECK(passes["unit"]["batch"] == 1);
    }
}

TEST_CASE("grouped conv: explain puts the group loop outermost") {
    RunConfig cfg = test::run_config_from_args(
        "tests/golden/groups/nets/grp4_grouped.json --batch 4 --nodes 2 2 --array 8 8 --regf 128 "
        "--gbuf 16384 --hier-cost 200 6 2 1 --op-cost 1 --hop-cost 10 --unit-idle-cost 1 "
        "--solve-loopblocking --hybrid-partition");
    const OJson res = search_json(cfg);
    const Network net = cfg.load_network();
    const LayerExplanation e = explain_layer(net, read_result_summary(res), "g");
    REQUIRE(!e.loop_nest.loops.empty());
    CHECK(e.loop_nest.loops[0].dim == ld::GROUP);
    CHECK(e.loop_nest.loops[0].count == 4);
    CHECK(std::string(loop_dim_key(ld::GROUP)) == "group");
    // One node's share: the per-group layer over its nodes.
    CHECK(e.node_part.layer.nifm() <= 8);
    for (const auto& c : e.loop_nest.dims) CHECK(c.product >= c.share);
    // The MAC slots of all loops cover the node's share of all passes.
    CHECK(e.loop_nest.ops_covered >= e.loop_nest.ops_share);
    CHECK(e.loop_nest.ops_share * e.schedule.num_nodes >= net["g"].total_ops(4));
    // The page's pass caption: the result's passes, one per group.
    const OJson passes = explanation_json(e)["passes"];
    CHECK(passes["count"] == res["schedules"]["g"][0]["passes"]);
    CHECK(passes["groups"] == 4);
    CHECK(passes["heads"] == 1);
    CHECK(passes["samples"] == 1);
    CHECK(passes["unit"]["nifm"].get<i64>() * 4 == net["g"].nifm());
    CHECK(passes["unit"]["nofm"].get<i64>() * 4 == net["g"].nofm);
    CHECK(passes["unit"]["batch"] == 4);
}

TEST_CASE("grouped conv: ofmaps kept on chip must fit beside a pass's data") {
    // Its destination is its own node (forwarded within a segment): the
    // finished passes' ofmaps stay in the buffer while the next pass runs.
    Resource r = one_node_resource({8, 8}, 16384, 128);
    r.dst_data_region = r.proc_region;
    const Layer g = Layer::conv(32, 64, {14, 14}, {3, 3}, {1, 1}, 4);
    const i64 batch = 4;
    const i64 kept = 3 * g.unit_layer().total_ofmap_size(batch);
    const Cost cost = test::make_cost(1, {200, 6, 2, 1}, 10, 1);
    Option o;
    o.ntops = 50;
    for (i64 gbuf : {16384, 65536}) {
        CAPTURE(gbuf);
        r.size_gbuf = gbuf;
        Scheduling s(g, batch, cost);
        const SchedulingCondition cond{
            r, SchedulingConstraint{}, dram_layout(r, batch, 32, 16, 16), {0, 0, 0}};
        const auto tops = s.schedule_search(cond, o);
        // 3 passes' ofmaps are 37632 words: none fits 16384; some fit 65536.
        CHECK(tops.empty() == (kept > gbuf));
        for (const auto& t : tops) {
            i64 need = kept;
            for (int d = 0; d < de::NUM; ++d) need += t->size[bl::GBUF][d];
            CHECK(need <= gbuf);
        }
    }
}

TEST_CASE("pipelining: a multi-pass layer forwards nothing before its last pass") {
    // a -> b in two spatial slots of one segment; a's top loops make 2 batch
    // groups and 2 ofmap groups that b reads as 2 ifmap groups.
    Network net("two");
    net.set_input_layer(Layer::input(8, {8, 8}));
    net.add("a", Layer::conv(8, 8, {8, 8}, {1, 1}, {1, 1}, 2));
    net.add("b", Layer::conv(8, 8, {8, 8}, {1, 1}));
    for (i64 passes : {1, 2}) {
        CAPTURE(passes);
        PipelineSegmentTiming t(0);
        t.add(net, "a", timed_result({0, 0, 0}, 100, LoopTriple{1, 2, 2}, passes));
        t.add(net, "b", timed_result({0, 1, 0}, 100, LoopTriple{2, 1, 2}, 1));
        const auto& b = t.timing_list()[1][0];
        const auto& a = t.timing_list()[0][0];
        if (passes == 1) {
            // Fine-grained: b starts after a's first group.
            CHECK(b.ts_xb < a.td_xb);
            CHECK(t.bat_ngrp() == 2);
        } else {
            CHECK(b.ts_xb == a.td_xb);
            CHECK(a.ngrp == 1);
            CHECK(t.bat_ngrp() == 1);
        }
    }
}

TEST_CASE("groups side by side: a round's description is P passes' in one pass's time") {
    // A depthwise pass (1 -> 2 channels, 4x4 ofmap, 3x3 filters) on an 8x8
    // array: the 3x4 set fits 2 x 2 copies, and the pass's two output
    // channels use 2 of them.
    const Layer unit = Layer::conv(1, 2, {4, 4}, {3, 3});
    const MapStrategyEyeriss ms(unit, 4, 1., {8, 8});
    CHECK(ms.repl() == PhyDim2{2, 2});
    const auto one = ms.gen_nested_loop_desc();
    REQUIRE(!one.empty());
    for (const auto& n : one) CHECK(n.repl_ifms * n.repl_ofms == 2);
    CHECK(passes_that_fit(one[0], ms.repl(), 8) == 2);
    CHECK(passes_that_fit(one[0], ms.repl(), 7) == 1);  // no divisor of 7 fits
    CHECK(passes_that_fit(one[0], ms.repl(), 1) == 1);
    CHECK(with_passes_side_by_side(one, ms.repl(), 1).size() == one.size());
    CHECK(with_passes_side_by_side(one, ms.repl(), 7).size() == one.size());

    const auto all = with_passes_side_by_side(one, ms.repl(), 8);
    // The reference's descriptions first, unchanged, then one round's for
    // each distinct one.
    REQUIRE(all.size() > one.size());
    for (size_t i = 0; i < one.size(); ++i) CHECK(all[i].passes_together == 1);
    for (size_t i = one.size(); i < all.size(); ++i) {
        const NestedLoopDesc& r = all[i];
        CHECK(r.passes_together == 2);
        const auto base = std::find_if(one.begin(), one.end(), [&](const NestedLoopDesc& n) {
            return n.loopcnt == r.loopcnt && n.repl_ifms == r.repl_ifms &&
                   n.repl_ofms == r.repl_ofms;
        });
        REQUIRE(base != one.end());
        CHECK(r.unit_time == base->unit_time);
        CHECK(r.unit_ops == 2 * base->unit_ops);
        CHECK(r.usize_regf == base->usize_regf);
        for (int d = 0; d < de::NUM; ++d) {
            CHECK(r.usize_gbuf[d] == 2 * base->usize_gbuf[d]);
            for (int m = 0; m < me::NUM; ++m)
                CHECK(r.unit_access[m][d] == 2 * base->unit_access[m][d]);
        }
        for (size_t j = one.size(); j < i; ++j) CHECK(all[j].loopcnt != r.loopcnt);
    }
}

TEST_CASE("groups side by side: the same blocking and accesses, a P-th of the time") {
    // 8 depthwise groups whose passes leave half the array's copies idle:
    // the search runs 2 a round. The option off gives the reference's model
    // (one pass at a time), which the branched networks check.
    const Resource r = one_node_resource({8, 8}, 65536, 128);
    const Layer dw = Layer::conv(8, 16, {4, 4}, {3, 3}, {1, 1}, 8);
    const Cost cost = test::make_cost(1, {200, 6, 2, 1}, 10, 3);
    auto best = [&](bool side_by_side) {
        Scheduling s(dw, 4, cost);
        const SchedulingCondition cond{
            r, SchedulingConstraint{}, dram_layout(r, 4, 8, 6, 6), {0, 0, 0}};
        Option o;
        o.passes_side_by_side = side_by_side;
        const auto tops = s.schedule_search(cond, o);
        REQUIRE(!tops.empty());
        return tops.front();
    };
    const auto apart = best(false), together = best(true);
    CHECK(apart->passes_together == 1);
    CHECK(together->passes_together == 2);
    CHECK(together->passes == 8);
    CHECK(together->time * 2 == apart->time);
    CHECK(together->proc_time * 2 == apart->proc_time);
    CHECK(together->ops == apart->ops);
    const auto at = together->total_accesses(), aa = apart->total_accesses();
    for (int m = 0; m < me::NUM; ++m) CHECK(rel_close(at[m], aa[m]));
    CHECK(together->lbs.bl_ts == apart->lbs.bl_ts);
    CHECK(together->lbs.bl_ords == apart->lbs.bl_ords);
    CHECK(rel_close(together->cost_access, apart->cost_access));
    CHECK(rel_close(together->cost_static * 2, apart->cost_static));
    CHECK(rel_close(together->cost, apart->cost - apart->cost_static / 2));
    // A round holds two passes' data: its buffers are twice one pass's.
    for (int d = 0; d < de::NUM; ++d)
        CHECK(together->size[bl::GBUF][d] == 2 * apart->size[bl::GBUF][d]);
}

TEST_CASE("groups side by side: ofmaps kept on chip are the other rounds'") {
    // Forwarded within a segment (its destination is its own node): beside a
    // round's data, the buffer keeps the ofmaps of the passes outside it.
    Resource r = one_node_resource({8, 8}, 0, 128);
    r.dst_data_region = r.proc_region;
    const Layer dw = Layer::conv(8, 16, {4, 4}, {3, 3}, {1, 1}, 8);
    const i64 batch = 4;
    const i64 pass_ofmap = dw.unit_layer().total_ofmap_size(batch);
    const Cost cost = test::make_cost(1, {200, 6, 2, 1}, 10, 1);
    Option o;
    o.ntops = 100;
    bool rounds_of_two = false;
    for (i64 gbuf : {1024, 4096, 65536}) {
        CAPTURE(gbuf);
        r.size_gbuf = gbuf;
        Scheduling s(dw, batch, cost);
        const SchedulingCondition cond{
            r, SchedulingConstraint{}, dram_layout(r, batch, 8, 6, 6), {0, 0, 0}};
        for (const auto& t : s.schedule_search(cond, o)) {
            i64 need = (8 - t->passes_together) * pass_ofmap;
            for (int d = 0; d < de::NUM; ++d) need += t->size[bl::GBUF][d];
            CHECK(need <= gbuf);
            rounds_of_two = rounds_of_two || t->passes_together == 2;
        }
    }
    CHECK(rounds_of_two);
}

TEST_CASE("groups side by side: alternatives tell a round from one pass at a time") {
    const RunConfig cfg = test::run_config_from_args(
        "tests/golden/groups/nets/dw8s4_grouped.json --batch 4 --nodes 1 1 --array 8 8 --regf 64 "
        "--gbuf 8192 --hier-cost 200 6 2 1 --op-cost 1 --hop-cost 0 --unit-idle-cost 1");
    const OJson res = search_json(cfg);
    const LayerAlternatives a = layer_alternatives(cfg.load_network(), res, "g", 12);
    REQUIRE(a.reproduced());
    auto together = [](const Alternative& alt) {
        for (const auto& f : alt.fields)
            if (f.field == "passes_together") return f.value.get<i64>();
        return i64{0};
    };
    CHECK(together(a.alternatives[0]) == 2);
    bool one_at_a_time = false;
    for (const auto& alt : a.alternatives) {
        if (together(alt) != 1) continue;
        one_at_a_time = true;
        // Its static cost is twice the round's: it takes twice the time.
        CHECK(alt.schedule->time >= a.alternatives[0].schedule->time);
        CHECK(std::any_of(alt.differences.begin(), alt.differences.end(),
                          [](const FieldDifference& d) { return d.field == "passes_together"; }));
    }
    CHECK(one_at_a_time);
}

TEST_CASE("groups side by side: explain puts the round's groups on the array") {
    const RunConfig cfg = test::run_config_from_args(
        "tests/golden/groups/nets/dw8s4_grouped.json --batch 4 --nodes 2 2 --array 8 8 --regf 128 "
        "--gbuf 16384 --hier-cost 200 6 2 1 --op-cost 1 --hop-cost 10 --unit-idle-cost 1 "
        "--solve-loopblocking --hybrid-partition");
    const OJson res = search_json(cfg);
    const i64 together = res["schedules"]["g"][0]["passes_together"].get<i64>();
    REQUIRE(together > 1);
    const Network net = cfg.load_network();
    const LayerExplanation e = explain_layer(net, read_result_summary(res), "g");
    const LoopNest& n = e.loop_nest;
    CHECK(n.passes_together == together);
    REQUIRE(!n.loops.empty());
    // Rounds outermost, the round's groups a spatial loop on the array.
    CHECK(n.loops[0].dim == ld::GROUP);
    CHECK(n.loops[0].level == ll::DRAM);
    CHECK(n.loops[0].count * together == 8);
    const auto on_array = std::find_if(n.loops.begin(), n.loops.end(), [](const Loop& l) {
        return l.dim == ld::GROUP && l.level == ll::ARRAY;
    });
    REQUIRE(on_array != n.loops.end());
    CHECK(on_array->spatial);
    CHECK(on_array->count == together);
    // The round's copies fit the array's copies.
    CHECK(n.repl_ifms * n.repl_ofms * together <= e.mapping.replication.size());
    for (const auto& c : n.dims) CHECK(c.product >= c.share);
    CHECK(n.ops_covered >= n.ops_share);
    CHECK(n.ops * static_cast<double>(e.schedule.num_nodes) >=
          static_cast<double>(net["g"].total_ops(4)));
    const OJson j = explanation_json(e);
    CHECK(j["passes"]["together"] == together);
    CHECK(j["loop_nest"]["replication"]["passes"] == together);
}

TEST_CASE("matmul in batch groups: its passes run a group of samples at a time, at the same cost") {
    // A segment that pipelines the batch in 2 groups asks each layer for a
    // top batch factor of 2. A matmul's pass has one sample: it meets the
    // constraint by grouping its passes, with the very schedule it has
    // without batch groups.
    const Resource r = one_node_resource({8, 8}, 16384, 128);
    const i64 s = 16, d = 64, n = 32, batch = 4;
    const Layer mh = Layer::matmul(d, n, {s, 1}, 4);
    const Cost cost = test::make_cost(1, {200, 6, 2, 1}, 10, 1);
    auto best = [&](i64 topbat) -> SchedulingResultPtr {
        Scheduling sch(mh, batch, cost);
        SchedulingCondition cond{r,
                                 SchedulingConstraint::pipeline(topbat, 0, 0, false, false),
                                 dram_layout(r, batch, d, s, 1),
                                 {0, 0, 0}};
        cond.rhs_layout = dram_layout(r, batch, n, d / 4, 1);
        Option o;
        o.ntops = 1;
        const auto tops = sch.schedule_search(cond, o);
        return tops.empty() ? nullptr : tops.front();
    };
    const auto one = best(1);
    REQUIRE(one);
    CHECK(one->sample_groups == 1);
    for (i64 t : {2, 4}) {
        CAPTURE(t);
        const auto grouped = best(t);
        REQUIRE(grouped);
        CHECK(grouped->sample_groups == t);
        check_times(*grouped, *one, 1);
        CHECK(grouped->cost == one->cost);
    }
    // A grouped conv's pass has the whole batch: the constraint binds its blocking.
    Scheduling conv(Layer::conv(8, 16, {4, 4}, {3, 3}, {1, 1}, 8), batch, cost);
    SchedulingCondition cc{r,
                           SchedulingConstraint::pipeline(2, 0, 0, false, false),
                           dram_layout(r, batch, 8, 6, 6),
                           {0, 0, 0}};
    for (const auto& t : conv.schedule_search(cc, Option{})) {
        CHECK(t->sample_groups == 1);
        CHECK(t->lbs.bl_ts[0][le::BAT] == 2);
    }
}

TEST_CASE("matmul in batch groups: the segment forwards each group, and the loop nest says so") {
    const OJson doc = parse_json_text(R"({"name": "mm", "input": {"nofm": 8, "sofm": [8, 1]},
      "layers": [
        {"name": "k", "type": "conv", "nifm": 8, "nofm": 8, "sofm": [8, 1], "sfil": 1},
        {"name": "a", "type": "matmul", "nifm": 8, "nofm": 16, "sofm": [8, 1], "heads": 2,
         "prevs": null, "rhs": "k", "transpose_rhs": true},
        {"name": "b", "type": "conv", "nifm": 16, "nofm": 8, "sofm": [8, 1], "sfil": 1, "prevs": "a"}]})",
                                      "mm");
    const Network net = network_from_json(doc);
    for (i64 groups : {1, 2}) {
        CAPTURE(groups);
        PipelineSegmentTiming t(0);
        t.add(net, "a", timed_result({0, 0, 0}, 100, LoopTriple{1, 1, 1}, 8, groups));
        t.add(net, "b", timed_result({0, 1, 0}, 100, LoopTriple{1, 1, 2}, 1, 1));
        const auto& a = t.timing_list()[0][0];
        const auto& b = t.timing_list()[1][0];
        // Within a batch group b follows a; the groups overlap: b works on a
        // group while a works on the next.
        CHECK(b.ts_xb == a.td_xb);
        CHECK(t.bat_ngrp() == groups);
        CHECK(t.node_time() == (groups == 2 ? (200 + 100) / 2 : 200));
    }

    // The loop nest: sample groups, then heads, then the samples of a group.
    LoopNest nest;
    nest.ops = 1;
    nest.ops_share = 1;
    add_pass_loops(nest, net["a"], 4, 2);
    REQUIRE(nest.loops.size() == 3);
    CHECK(nest.loops[0].dim == ld::BATCH);
    CHECK(nest.loops[0].count == 2);
    CHECK(nest.loops[1].dim == ld::HEAD);
    CHECK(nest.loops[1].count == 2);
    CHECK(nest.loops[2].dim == ld::BATCH);
    CHECK(nest.loops[2].count == 2);
    CHECK(nest.ops_covered == 8);
    LoopNest plain;
    add_pass_loops(plain, net["a"], 4);
    REQUIRE(plain.loops.size() == 2);
    CHECK(plain.loops[0].dim == ld::HEAD);
    CHECK(plain.loops[1].count == 4);
}
