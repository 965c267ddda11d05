// Our built-in networks against facts printed from the reference's nns/*.py
// (tests/data/reference_nns/<net>.json): every layer in order with its type,
// shape, prevs, ops and filter size, and the external layers.
#include <doctest/doctest.h>
#include <algorithm>

#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/formats/builtin_networks.h"
#include "core/formats/network_json.h"

using nndf::Layer;
using nndf::Network;
using Json = nlohmann::ordered_json;

namespace {

const std::vector<std::string> kNets = {
    "alex_net", "googlenet", "lstm_gnmt", "lstm_phoneme", "lstm_showtell", "mlp_l", "mlp_m",
    "mlp_s",    "resnet152", "resnet50",  "vgg19_net",    "vgg_net",       "zfnet"};

Json load_facts(const std::string& net) {
    std::string path = std::string(NNDF_SOURCE_DIR) + "/tests/data/reference_nns/" + net + ".json";
    std::ifstream in(path);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    std::stringstream ss;
    ss << in.rdbuf();
    return Json::parse(ss.str());
}

/// The shape fields every layer has, input and external ones included.
void check_base_shape(const Json& fact, const Layer& l) {
    CHECK(fact.at("nofm").get<long long>() == l.nofm);
    CHECK(fact.at("hofm").get<long long>() == l.hofm);
    CHECK(fact.at("wofm").get<long long>() == l.wofm);
    CHECK(fact.at("htrd").get<long long>() == l.htrd);
    CHECK(fact.at("wtrd").get<long long>() == l.wtrd);
}

void check_layer(const Json& fact, const Network& net, const std::string& name) {
    const Layer& l = net[name];
    CHECK(fact.at("type").get<std::string>() == nndf::layer_kind_class_name(l.kind));
    check_base_shape(fact, l);

    // Only fields we compare may appear, so a new fact cannot go unchecked.
    std::set<std::string> known{
        "name",       "type", "nofm", "hofm", "wofm", "htrd", "wtrd", "prevs", "total_ops_batch1",
        "filter_size"};
    if (l.is_conv()) {
        known.insert({"nifm", "hfil", "wfil"});
        CHECK(fact.at("nifm").get<long long>() == l.nifm());
        CHECK(fact.at("hfil").get<long long>() == l.hfil);
        CHECK(fact.at("wfil").get<long long>() == l.wfil);
    } else {
        known.insert({"nreg", "hreg", "wreg", "ntrd"});
        CHECK(fact.at("nreg").get<long long>() == l.nreg);
        CHECK(fact.at("hreg").get<long long>() == l.hreg);
        CHECK(fact.at("wreg").get<long long>() == l.wreg);
        CHECK(fact.at("ntrd").get<long long>() == l.ntrd);
    }
    for (auto it = fact.begin(); it != fact.end(); ++it) {
        CAPTURE(it.key());
        CHECK(known.count(it.key()) == 1);
    }

    CHECK(fact.at("total_ops_batch1").get<long long>() == l.total_ops(1));
    CHECK(fact.at("filter_size").get<long long>() == (l.is_conv() ? l.total_filter_size() : 0));

    std::vector<std::optional<std::string>> prevs;
    for (const auto& p : fact.at("prevs")) {
        if (p.is_null()) {
            prevs.push_back(std::nullopt);
        } else {
            prevs.push_back(p.get<std::string>());
        }
    }
    CHECK(prevs == net.prevs(name));
}

}  // namespace

TEST_SUITE("reference_nns") {
    TEST_CASE("a fact file for every built-in network of the reference") {
        // The networks beyond the reference (issue 12) have no reference
        // facts; they are checked against their papers (modern-networks.test).
        std::vector<std::string> names;
        for (const auto& n : nndf::builtin_networks())
            if (std::find(kNets.begin(), kNets.end(), n.name) != kNets.end())
                names.push_back(n.name);
        CHECK(names == kNets);
        for (const auto& net : kNets) {
            CAPTURE(net);
            Json facts = load_facts(net);
            CHECK(facts.at("net").get<std::string>() == net);
            CHECK(facts.at("layers").size() > 0);
        }
    }

    TEST_CASE("layers, prevs and ops match the reference") {
        for (const auto& net_name : kNets) {
            CAPTURE(net_name);
            Json facts = load_facts(net_name);
            Network net = nndf::load_builtin_network(net_name);

            CHECK(net.name() == facts.at("net_name").get<std::string>());
            CHECK(facts.at("input").at("type").get<std::string>() == "InputLayer");
            check_base_shape(facts.at("input"), net.input_layer());

            const Json& layers = facts.at("layers");
            std::vector<std::string> expect_names;
            for (const auto& l : layers) expect_names.push_back(l.at("name").get<std::string>());
            REQUIRE(net.layer_names() == expect_names);

            for (const auto& fact : layers) {
                std::string name = fact.at("name").get<std::string>();
                CAPTURE(name);
                check_layer(fact, net, name);
            }
        }
    }

    TEST_CASE("external layers match the reference") {
        for (const auto& net_name : kNets) {
            CAPTURE(net_name);
            Json facts = load_facts(net_name);
            Network net = nndf::load_builtin_network(net_name);

            std::vector<std::string> expect;
            for (auto it = facts.at("ext").begin(); it != facts.at("ext").end(); ++it) {
                expect.push_back(it.key());
                CAPTURE(it.key());
                CHECK(it.value().at("type").get<std::string>() == "InputLayer");
                REQUIRE(net.is_ext(it.key()));
                CHECK(net[it.key()].is_input());
                check_base_shape(it.value(), net[it.key()]);
            }
            CHECK(net.ext_layers() == expect);
        }
    }

    TEST_CASE("network_layers_json matches the reference") {
        for (const auto& net_name : kNets) {
            CAPTURE(net_name);
            Json facts = load_facts(net_name);
            Network net = nndf::load_builtin_network(net_name);
            nndf::OJson ours = nndf::network_layers_json(net, 1, 16);

            const Json& layers = facts.at("layers");
            REQUIRE(ours.size() == layers.size());
            for (size_t i = 0; i < layers.size(); ++i) {
                CAPTURE(i);
                for (auto it = layers[i].begin(); it != layers[i].end(); ++it) {
                    CAPTURE(it.key());
                    REQUIRE(ours[i].contains(it.key()));
                    CHECK(ours[i][it.key()] == it.value());
                }
            }
        }
    }
}
