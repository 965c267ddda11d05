// Mirrors the reference's nns_test/test_nns.py with our built-in networks
// (nns/*.json) and the lstm_cell layer type that stands for add_lstm_cell.
// The TypeError case (a layer passed as the network) is Python-only.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "core/formats/builtin_networks.h"
#include "core/formats/network_json.h"
#include "core/util/error.h"

using nndf::Network;

namespace {

/// Three stacked cells of 512, like the reference's test: the first reads
/// the input for x, c and h; the others chain c and h.
std::string lstm_text(const std::string& xin0, const std::string& cin0, const std::string& hin0) {
    return R"({"input": {"nofm": 512, "sofm": 1}, "layers": [
        {"name": "cell0", "type": "lstm_cell", "size": 512, "xin": ")" +
           xin0 + R"(", "cin": ")" + cin0 + R"(", "hin": ")" + hin0 + R"("},
        {"name": "cell1", "type": "lstm_cell", "size": 512, "xin": "__INPUT__",
         "cin": "cell0_cout", "hin": "cell0_hout"},
        {"name": "cell2", "type": "lstm_cell", "size": 512, "xin": "__INPUT__",
         "cin": "cell1_cout", "hin": "cell1_hout"}]})";
}

}  // namespace

TEST_SUITE("nns") {
    TEST_CASE("all networks") {
        std::vector<std::string> names;
        for (const auto& n : nndf::builtin_networks()) names.push_back(n.name);
        CHECK(std::find(names.begin(), names.end(), "alex_net") != names.end());
        CHECK(std::find(names.begin(), names.end(), "vgg_net") != names.end());
        CHECK(names.size() > 5);
        // The reference's 13 modules and issue 12's 6 networks, sorted.
        CHECK(names == std::vector<std::string>{
                           "alex_net", "bert_base", "googlenet", "gpt2_small", "lstm_gnmt",
                           "lstm_phoneme", "lstm_showtell", "mlp_l", "mlp_m", "mlp_s",
                           "mobilenet_v1", "mobilenet_v2", "resnet152", "resnet50", "resnext50",
                           "vgg19_net", "vgg_net", "vit_b16", "zfnet"});
    }

    TEST_CASE("import network") {
        for (const auto& n : nndf::builtin_networks()) {
            CAPTURE(n.name);
            Network net = nndf::load_builtin_network(n.name);
            CHECK(net.has_input_layer());
            CHECK(net.size() > 0);
            CHECK(nndf::builtin_network_json(n.name) == n.json);
        }
    }

    TEST_CASE("import network invalid") {
        CHECK(nndf::builtin_network_json("aaa") == nullptr);
        CHECK_THROWS_WITH_AS(nndf::load_builtin_network("aaa"),
                             doctest::Contains("unknown network 'aaa' (built-in: alex_net, "),
                             nndf::InputError);
    }

    TEST_CASE("add lstm cell") {
        Network net = nndf::network_from_json_text(lstm_text("__INPUT__", "__INPUT__", "__INPUT__"),
                                                   "lstm.json");
        nndf::i64 num_weights = 0;
        for (const auto& name : net.layer_names()) {
            if (net[name].is_conv()) num_weights += net[name].total_filter_size();
        }
        CHECK(num_weights == 512 * 512 * 2 * 4 * 3);
        // Every state was given, so no initial-state layers were added.
        CHECK(net.ext_layers().empty());
        CHECK(net.size() == 8 * 3);
    }

    TEST_CASE("add lstm cell input not in network") {
        const std::string in = Network::kInputKey;
        CHECK_THROWS_WITH_AS(nndf::network_from_json_text(lstm_text("a", in, in), "lstm.json"),
                             doctest::Contains(".xin: layer 'a' is not defined"), nndf::InputError);
        CHECK_THROWS_WITH_AS(nndf::network_from_json_text(lstm_text(in, "a", in), "lstm.json"),
                             doctest::Contains(".cin: layer 'a' is not defined"), nndf::InputError);
        CHECK_THROWS_WITH_AS(nndf::network_from_json_text(lstm_text(in, in, "a"), "lstm.json"),
                             doctest::Contains(".hin: layer 'a' is not defined"), nndf::InputError);
    }
}
