// Softmax, LayerNorm and GELU (docs/extensions.md): each is the local-region
// layer it maps onto, so every search number must equal that layer's, which
// the reference can compute; their op and parameter counts follow from their
// definitions; network files name the field of each mistake.
#include <doctest/doctest.h>

#include <string>

#include "core/api/search.h"
#include "core/formats/network_json.h"
#include "core/layer_search/partition.h"
#include "core/model/layer.h"
#include "core/model/norm_layers.h"
#include "tests/cpp/support.h"

namespace nndf {
namespace {

// Tokens, features and heads of a small attention block: the sequence is an
// fmap of D channels and size [S, 1] (notes of format v12).
constexpr i64 S = 16, D = 64, H = 4;

/// A projection, the layer under test on its output, and a projection after
/// it, so the layer is laid out between two real layers.
OJson block(const OJson& layer) {
    OJson x = layer;
    x["name"] = "x";
    x["prevs"] = "proj";
    return OJson{{"name", "block"},
                 {"input", {{"nofm", D}, {"sofm", OJson::array({S, 1})}}},
                 {"layers", OJson::array({{{"name", "proj"},
                                           {"type", "conv"},
                                           {"nifm", D},
                                           {"nofm", D},
                                           {"sofm", OJson::array({S, 1})},
                                           {"sfil", 1}},
                                          x,
                                          {{"name", "out"},
                                           {"type", "conv"},
                                           {"nifm", D},
                                           {"nofm", D},
                                           {"sofm", OJson::array({S, 1})},
                                           {"sfil", 1},
                                           {"prevs", "x"}}})}};
}

OJson typed(const char* type, OJson fields = OJson::object()) {
    fields["type"] = type;
    fields["nofm"] = D;
    fields["sofm"] = OJson::array({S, 1});
    return fields;
}

/// The whole result document of a search of `net` with `args`, less the
/// time it took.
OJson search_doc(const OJson& net, const std::string& args) {
    RunConfig c = test::run_config_from_args("alex_net " + args);
    c.network = NetworkChoice{"block", net, ""};
    const SearchReport r = run_search(c);
    REQUIRE_FALSE(r.result_text.empty());
    OJson doc = parse_json_text(r.result_text, "result");
    doc.erase("elapsed");
    return doc;
}

// One node; a 2x2 grid with hybrid partitioning (channels split over nodes,
// where the local-region halo matters); and inter-layer pipelining.
const char* const kRuns[] = {
    "--batch 2 --nodes 1 1 --array 8 8 --regf 64 --gbuf 16384",
    "--batch 2 --nodes 2 2 --array 8 8 --regf 64 --gbuf 16384 --hybrid-partition --batch-partition",
    "--batch 2 --nodes 2 2 --array 8 8 --regf 64 --gbuf 16384 --hybrid-partition "
    "--interlayer-partition",
};

void check_same_search(const OJson& layer, const OJson& reference_layer) {
    for (const std::string args : kRuns) {
        CAPTURE(args);
        const OJson a = search_doc(block(layer), args);
        const OJson b = search_doc(block(reference_layer), args);
        CHECK(a.at("total_cost").get<double>() > 0);
        CHECK(a.dump() == b.dump());
    }
}

}  // namespace

TEST_SUITE("norm layers") {
    TEST_CASE("each kind is the local-region layer it maps onto") {
        const Layer s = Layer::softmax(H * S, {S, 1}, S);
        CHECK(s.kind == LayerKind::Softmax);
        CHECK(s == Layer::local_region(H * S, {S, 1}, S, {1, 1}));
        CHECK(s.nifm() == s.nofm);

        const Layer n = Layer::layernorm(D, {S, 1});
        CHECK(n.kind == LayerKind::LayerNorm);
        CHECK(n == Layer::local_region(D, {S, 1}, D, {1, 1}));
        CHECK(n.nreg == n.nofm);

        const Layer g = Layer::gelu(4 * D, {S, 1});
        CHECK(g.kind == LayerKind::GELU);
        CHECK(g == Layer::pooling(4 * D, {S, 1}, {1, 1}));
        CHECK(g == Layer::local_region(4 * D, {S, 1}, 1, {1, 1}));

        for (const Layer& l : {s, n, g}) {
            CHECK(l.is_local_region());
            CHECK(l.is_norm_or_activation());
            CHECK_FALSE(l.is_conv());
            CHECK(l.hifm() == l.hofm);
            CHECK(l.wifm() == l.wofm);
            CHECK(l.data_loops() == local_region_data_loops());
        }
        for (const Layer& l : {Layer::pooling(8, {4, 4}, {2, 2}), Layer::eltwise(8, {4, 4}, 2),
                               Layer::local_region(8, {4, 4}, 3, {1, 1}),
                               Layer::conv(8, 8, {4, 4}, {3, 3}), Layer::fc(8, 8)}) {
            CHECK_FALSE(l.is_norm_or_activation());
        }
    }

    TEST_CASE("class names") {
        CHECK(std::string(layer_kind_class_name(LayerKind::Softmax)) == "SoftmaxLayer");
        CHECK(std::string(layer_kind_class_name(LayerKind::LayerNorm)) == "LayerNormLayer");
        CHECK(std::string(layer_kind_class_name(LayerKind::GELU)) == "GELULayer");
    }

    TEST_CASE("op counts: one op per input an output reads") {
        // Softmax: each output reads its group's nreg inputs (max, sum of exps).
        const Layer s = Layer::softmax(H * S, {S, 3}, S);
        CHECK(s.ops_per_neuron() == S);
        CHECK(s.total_ops(2) == 2 * (H * S) * (S * 3) * S);
        // LayerNorm: each output reads all channels at its position (mean, variance).
        const Layer n = Layer::layernorm(D, {S, 1});
        CHECK(n.ops_per_neuron() == D);
        CHECK(n.total_ops(1) == D * S * D);
        // GELU: each output reads its own input.
        const Layer g = Layer::gelu(D, {S, 2});
        CHECK(g.ops_per_neuron() == 1);
        CHECK(g.total_ops(3) == 3 * g.total_ofmap_size());
        // Reads per output equal ops per output: what the mapping charges.
        for (const Layer& l : {s, n, g}) CHECK(l.ops_per_neuron() == l.region_size());
    }

    TEST_CASE("summaries carry the layer's numbers") {
        CHECK(norm_layer_summary(Layer::softmax(H * S, {S, 1}, S)) ==
              "softmax over groups of " + std::to_string(S) + " channels");
        CHECK(norm_layer_summary(Layer::layernorm(D, {S, 1})) ==
              "layer normalization over all " + std::to_string(D) + " channels (" +
                  std::to_string(2 * D) + " parameters)");
        CHECK(norm_layer_summary(Layer::gelu(D, {S, 1})) == "GELU, element-wise");
        CHECK(norm_layer_summary(Layer::pooling(8, {4, 4}, {2, 2})).empty());
        CHECK(norm_layer_summary(Layer::local_region(D, {S, 1}, D, {1, 1})).empty());
    }

    TEST_CASE("parameters: LayerNorm's scale and shift only") {
        CHECK(Layer::layernorm(D, {S, 1}).param_count() == 2 * D);
        CHECK(Layer::softmax(D, {S, 1}, 16).param_count() == 0);
        CHECK(Layer::gelu(D, {S, 1}).param_count() == 0);
        const Layer c = Layer::conv(3, 8, {4, 4}, {3, 3});
        CHECK(c.param_count() == 3 * 8 * 3 * 3);
        CHECK(Layer::pooling(8, {4, 4}, {2, 2}).param_count() == 0);
    }

    TEST_CASE("softmax groups must divide the channels") {
        CHECK_THROWS_WITH_AS(Layer::softmax(100, {S, 1}, 16),
                             doctest::Contains("nofm 100 is not a multiple of nreg 16"),
                             InputError);
        CHECK_THROWS_WITH_AS(Layer::softmax(64, {S, 1}, 0), doctest::Contains("nreg"), InputError);
        CHECK_THROWS_WITH_AS(Layer::gelu(0, {S, 1}), doctest::Contains("nofm"), InputError);
        CHECK_THROWS_WITH_AS(Layer::layernorm(8, {0, 1}), doctest::Contains("sofm"), InputError);
    }

    TEST_CASE("gelu: the whole search equals a 1x1 pooling layer's") {
        check_same_search(typed("gelu"), typed("pool", {{"sreg", 1}}));
    }

    TEST_CASE("softmax with nreg 1 equals gelu (one input per output)") {
        check_same_search(typed("softmax", {{"nreg", 1}}), typed("gelu"));
    }

    TEST_CASE("softmax: the whole search equals a channel local region of nreg") {
        check_same_search(typed("softmax", {{"nreg", S}}),
                          typed("local_region", {{"nreg", S}, {"sreg", 1}}));
    }

    TEST_CASE("layernorm: the whole search equals a channel local region of all channels") {
        check_same_search(typed("layernorm"), typed("local_region", {{"nreg", D}, {"sreg", 1}}));
    }

    TEST_CASE("a softmax reads more than a gelu of the same shape") {
        // Same outputs, nreg times the ops: the op cost grows, the rest does not shrink.
        const char* args = kRuns[0];
        const OJson s = search_doc(block(typed("softmax", {{"nreg", S}})), args);
        const OJson g = search_doc(block(typed("gelu")), args);
        const double conv_ops = 2. * 2 * D * D * S;  // two projections, batch 2
        CHECK(s.at("total_ops").get<double>() - conv_ops ==
              doctest::Approx(S * (g.at("total_ops").get<double>() - conv_ops)));
        CHECK(s.at("total_cost").get<double>() > g.at("total_cost").get<double>());
    }
}

TEST_SUITE("norm layers: channels a node reads (docs/extensions.md, the approximation)") {
    /// (output, input) channel ranges of each node when `parts` nodes split the channels.
    std::vector<std::pair<IntRange, IntRange>> channel_ranges(const Layer& l, i64 parts) {
        std::array<PhyDim2, pe::NUM> pd{PhyDim2(1, 1), PhyDim2(1, 1), PhyDim2(1, 1), PhyDim2(1, 1)};
        pd[pe::OUTP] = {1, parts};
        const PartitionScheme part =
            PartitionScheme::make({pe::OUTP, pe::OFMP, pe::BATP, pe::INPP}, pd);
        std::vector<std::pair<IntRange, IntRange>> out;
        for (const auto& pidx : part.gen_pidx()) {
            const ProcDataRange r = proc_data_range(l, 1, part, pidx);
            out.push_back({r.ofrng.beg_end(1), r.ifrng.beg_end(1)});
        }
        return out;
    }

    TEST_CASE("gelu reads its channels and one more, as a 1x1 pooling layer") {
        for (const auto& [o, i] : channel_ranges(Layer::gelu(D, {S, 1}), 4)) {
            CHECK(i.beg == o.beg);
            CHECK(i.end == std::min(D, o.end + 1));
        }
    }

    TEST_CASE("softmax split on group boundaries: its groups and at most one group more") {
        for (const auto& [o, i] : channel_ranges(Layer::softmax(H * S, {S, 1}, S), H)) {
            CHECK(o.beg % S == 0);
            CHECK(o.end % S == 0);
            CHECK(i.beg <= o.beg);
            CHECK(i.end >= o.end);
            CHECK(i.size() - o.size() <= S);
        }
    }

    TEST_CASE("layernorm: all channels on 2 parts, not on 4") {
        for (const auto& [o, i] : channel_ranges(Layer::layernorm(D, {S, 1}), 2)) {
            CHECK(i.beg == 0);
            CHECK(i.end == D);
        }
        const auto four = channel_ranges(Layer::layernorm(D, {S, 1}), 4);
        CHECK(four.back().second.beg == D / 4);  // misses the first quarter: under-counted hops
        CHECK(four.back().second.end == D);
    }
}

TEST_SUITE("norm layers: network files") {
    Network one(const OJson& layer) {
        return network_from_json(block(layer));
    }

    TEST_CASE("the three types load with their kinds") {
        CHECK(one(typed("softmax", {{"nreg", S}}))["x"].kind == LayerKind::Softmax);
        CHECK(one(typed("layernorm"))["x"].kind == LayerKind::LayerNorm);
        CHECK(one(typed("gelu"))["x"].kind == LayerKind::GELU);
        // sofm as one integer means [n, n], as for the other types.
        OJson sq = typed("gelu");
        sq["sofm"] = 4;
        OJson net = block(sq);
        net["input"]["sofm"] = 4;
        for (auto& l : net["layers"]) l["sofm"] = 4;
        const Network n = network_from_json(net);
        CHECK(n["x"].hofm == 4);
        CHECK(n["x"].wofm == 4);
    }

    TEST_CASE("errors name the field") {
        auto fails = [](const OJson& layer, const std::string& path, const std::string& words) {
            CAPTURE(layer.dump());
            try {
                one(layer);
                FAIL("no error");
            } catch (const InputError& e) {
                CHECK(e.path() == path);
                CHECK(std::string(e.message()).find(words) != std::string::npos);
            }
        };
        const std::string x = R"(layers[1] "x")";
        fails(typed("softmax"), x + ".nreg", "is missing");
        fails(typed("softmax", {{"nreg", 7}}), x + ".nreg", "not a multiple of nreg 7");
        fails(typed("softmax", {{"nreg", 0}}), x + ".nreg", "positive");
        fails(typed("layernorm", {{"nreg", D}}), x + ".nreg", "unknown field");
        fails(typed("gelu", {{"sreg", 1}}), x + ".sreg", "unknown field");
        fails(typed("gelu", {{"nifm", D}}), x + ".nifm", "unknown field");
        OJson no_sofm = typed("layernorm");
        no_sofm.erase("sofm");
        fails(no_sofm, x + ".sofm", "is missing");
        OJson bad_nofm = typed("gelu");
        bad_nofm["nofm"] = "64";
        fails(bad_nofm, x + ".nofm", "positive integer");
        fails(typed("softmaxx"), x + ".type", "softmax, layernorm, gelu");
    }

    TEST_CASE("input channels must equal the previous layer's outputs") {
        OJson wide = typed("gelu");
        wide["nofm"] = 2 * D;
        CHECK_THROWS_AS(one(wide), InputError);
        OJson tall = typed("layernorm");
        tall["sofm"] = OJson::array({2 * S, 1});
        CHECK_THROWS_AS(one(tall), InputError);
    }

    TEST_CASE("the layer list names the kinds; their ops are not MACs") {
        OJson net = block(typed("layernorm"));
        net["layers"].push_back({{"name", "sm"},
                                 {"type", "softmax"},
                                 {"nofm", D},
                                 {"sofm", OJson::array({S, 1})},
                                 {"nreg", S},
                                 {"prevs", "out"}});
        net["layers"].push_back({{"name", "act"},
                                 {"type", "gelu"},
                                 {"nofm", D},
                                 {"sofm", OJson::array({S, 1})},
                                 {"prevs", "sm"}});
        const Network n = network_from_json(net);
        const OJson layers = network_layers_json(n, 2, 16);
        const double mega = 1024. * 1024.;
        int seen = 0;
        for (const auto& j : layers) {
            const Layer& l = n[j.at("name").get<std::string>()];
            CHECK(j.at("type") == layer_kind_class_name(l.kind));
            CHECK(j.at("total_ops_batch1").get<i64>() == l.total_ops(1));
            const OJson& st = j.at("stats");
            if (l.is_norm_or_activation()) {
                ++seen;
                CHECK(j.at("params").get<i64>() == l.param_count());
                CHECK(j.at("filter_size").get<i64>() == 0);
                CHECK(st.at("macs_M").get<double>() == 0);
                CHECK(st.at("ops_M").get<double>() ==
                      doctest::Approx(static_cast<double>(l.total_ops(2)) / mega));
            } else {
                CHECK_FALSE(j.contains("params"));
                CHECK_FALSE(st.contains("ops_M"));
                CHECK(st.at("macs_M").get<double>() ==
                      doctest::Approx(static_cast<double>(l.total_ops(2)) / mega));
            }
        }
        CHECK(seen == 3);
    }
}

}  // namespace nndf
