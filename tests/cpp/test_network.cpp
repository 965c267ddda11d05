// Mirrors the reference's unit_test/test_network.py. Type errors (a tuple or
// a bare Layer instead of a layer) cannot be written in C++; passing a layer
// of the wrong kind still can, and is kept. __str__ is Python-only.
// Building a network checks a person's file (InputError); the lookups ask by
// names the network gave, so an unknown one is a bug (InternalError).
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/model/network.h"

using nndf::Layer;
using nndf::Network;
using Names = std::vector<std::string>;
using OptNames = std::vector<std::optional<std::string>>;

namespace {

const std::string kIn = Network::kInputKey;

Network make_net() {
    Network net("test_net");
    net.set_input_layer(Layer::input(3, {224, 224}));
    net.add("c1", Layer::conv(3, 64, {224, 224}, {3, 3}));
    net.add("p1", Layer::pooling(64, {7, 7}, {32, 32}));
    net.add("f1", Layer::fc(64, 1000, {7, 7}));
    return net;
}

bool has(const Names& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_SUITE("network") {
    TEST_CASE("set_input_layer") {
        Network net("test_net");
        net.set_input_layer(Layer::input(3, {24, 24}));
        CHECK(net.input_layer().is_input());
        CHECK(net.input_layer().nofm == 3);
        CHECK(net.input_layer().hofm == 24);
        CHECK(net.input_layer().wofm == 24);
        CHECK(net.size() == 0);
        CHECK(net.name() == "test_net");
    }

    TEST_CASE("input_layer before it is set") {
        Network net("test_net");
        CHECK_THROWS_WITH_AS(net.input_layer(), doctest::Contains("no input layer"),
                             nndf::InternalError);
    }

    TEST_CASE("set_input_layer wrong kind") {
        Network net("test_net");
        CHECK_THROWS_WITH_AS(net.set_input_layer(Layer::conv(3, 8, {24, 24}, {3, 3})),
                             doctest::Contains("input"), nndf::InputError);
        CHECK_FALSE(net.has_input_layer());
    }

    TEST_CASE("set_input_layer duplicate") {
        Network net("test_net");
        net.set_input_layer(Layer::input(3, {24, 24}));
        CHECK_THROWS_WITH_AS(net.set_input_layer(Layer::input(3, {24, 24})),
                             doctest::Contains("input"), nndf::InputError);
    }

    TEST_CASE("add") {
        Network net = make_net();
        CHECK(net.size() == 3);
        net.add("f2", Layer::fc(64, 2000, {7, 7}), {"p1"});
        net.add("f3", Layer::fc(3000, 1000), {"f1", "f2"});
        net.add("e4", Layer::eltwise(1000, {1, 1}, 2), {"f1", "f3"});
        net.add("f4", Layer::fc(1000, 1000), {"e4"});
        CHECK(net.size() == 7);
    }

    TEST_CASE("add same key") {
        Network net("test_net");
        net.set_input_layer(Layer::input(3, {224, 224}));
        net.add("c1", Layer::conv(3, 64, {224, 224}, {3, 3}));
        CHECK_THROWS_WITH_AS(net.add("c1", Layer::conv(64, 128, {224, 224}, {3, 3})),
                             doctest::Contains("c1"), nndf::InputError);
        CHECK(net.size() == 1);
    }

    TEST_CASE("add no input") {
        Network net("test_net");
        CHECK_THROWS_WITH_AS(net.add("c1", Layer::conv(3, 64, {224, 224}, {3, 3})),
                             doctest::Contains("input"), nndf::InputError);
    }

    TEST_CASE("add unknown prev") {
        Network net("test_net");
        net.set_input_layer(Layer::input(3, {224, 224}));
        net.add("c1", Layer::conv(3, 64, {224, 224}, {3, 3}));
        CHECK_THROWS_WITH_AS(net.add("p1", Layer::pooling(64, {7, 7}, {32, 32}), {"p1"}),
                             doctest::Contains("'p1'"), nndf::InputError);
        CHECK(net.size() == 1);
    }

    TEST_CASE("add input kind") {
        Network net = make_net();
        CHECK_THROWS_AS(net.add("i2", Layer::input(1000, {1, 1})), nndf::InputError);
    }

    TEST_CASE("add mismatched prevs") {
        Network net("test_net");
        net.set_input_layer(Layer::input(3, {224, 224}));
        net.add("c1", Layer::conv(3, 64, {224, 224}, {3, 3}));

        // Fmap size mismatch.
        CHECK_THROWS_WITH_AS(net.add("p1", Layer::pooling(64, {7, 7}, {2, 2})),
                             doctest::Contains("'c1' gives [224, 224]"), nndf::InputError);
        CHECK(net.size() == 1);
        CHECK_THROWS_WITH_AS(net.add("c2", Layer::conv(64, 128, {220, 220}, {3, 3})),
                             doctest::Contains("layer 'c2' expects"), nndf::InputError);
        CHECK(net.size() == 1);

        // Channel mismatch.
        CHECK_THROWS_WITH_AS(net.add("p1", Layer::pooling(32, {7, 7}, {32, 32})),
                             doctest::Contains("layer 'p1' has nifm 32"), nndf::InputError);
        CHECK(net.size() == 1);
        CHECK_THROWS_WITH_AS(net.add("c2", Layer::conv(32, 128, {224, 224}, {3, 3})),
                             doctest::Contains("'c1' give 64 channels"), nndf::InputError);
        CHECK(net.size() == 1);

        net.add("c2", Layer::conv(64, 128, {224, 224}, {3, 3}));

        CHECK_THROWS_WITH_AS(net.add("p1", Layer::pooling(128, {7, 7}, {32, 32}), {"c1", "c2"}),
                             doctest::Contains("'c1' + 'c2' give 192 channels"), nndf::InputError);
        CHECK(net.size() == 2);
        // A failed add leaves no trace: the name is still free.
        CHECK_FALSE(net.contains("p1"));
        CHECK(net.nexts("c1") == OptNames{"c2"});
    }

    TEST_CASE("add_ext") {
        Network net = make_net();
        net.add_ext("e0", Layer::input(3, {24, 24}));
        CHECK(net["e0"].is_input());
        CHECK(net["e0"].nofm == 3);
        CHECK(net["e0"].hofm == 24);
        CHECK(net["e0"].wofm == 24);

        net.add_ext("e1", Layer::input(5, {16, 20}));
        CHECK(net["e1"].is_input());
        CHECK(net["e1"].nofm == 5);
        CHECK(net["e1"].hofm == 16);
        CHECK(net["e1"].wofm == 20);

        CHECK(net.size() == 3);
        CHECK(net.is_ext("e0"));
        CHECK_FALSE(net.is_ext("c1"));
    }

    TEST_CASE("add_ext same key") {
        Network net("test_net");
        net.add_ext("e0", Layer::input(3, {24, 24}));
        CHECK_THROWS_WITH_AS(net.add_ext("e0", Layer::input(3, {24, 24})),
                             doctest::Contains("external layer 'e0'"), nndf::InputError);
    }

    TEST_CASE("add_ext wrong kind") {
        Network net("test_net");
        CHECK_THROWS_WITH_AS(net.add_ext("e0", Layer::conv(3, 8, {24, 24}, {3, 3})),
                             doctest::Contains("external layer"), nndf::InputError);
        CHECK(net.ext_layers().empty());
    }

    TEST_CASE("prevs") {
        Network net = make_net();
        net.add("f2", Layer::fc(64, 2000, {7, 7}), {"p1"});
        net.add("f3", Layer::fc(3000, 1000), {"f1", "f2"});
        CHECK(net.prevs("f1") == OptNames{"p1"});
        CHECK(net.prevs("f2") == OptNames{"p1"});
        CHECK(net.prevs("f3") == OptNames{"f1", "f2"});
    }

    TEST_CASE("prevs first") {
        Network net = make_net();
        net.add("c2", Layer::conv(3, 3, {224, 224}, {1, 1}), {kIn});
        CHECK(net.prevs("c1") == OptNames{std::nullopt});
        CHECK(net.prevs("c2") == OptNames{std::nullopt});
    }

    TEST_CASE("prevs input") {
        Network net = make_net();
        CHECK_THROWS_AS(net.prevs(kIn), nndf::InternalError);
    }

    TEST_CASE("prevs ext next") {
        Network net = make_net();
        net.add_ext("e0", Layer::input(3, {224, 224}));
        net.add("n", Layer::conv(6, 3, {224, 224}, {1, 1}), {kIn, "e0"});
        CHECK(net.prevs("n") == OptNames{std::nullopt, "e0"});
    }

    TEST_CASE("prevs ext") {
        Network net = make_net();
        net.add_ext("e0", Layer::input(3, {3, 3}));
        CHECK_THROWS_AS(net.prevs("e0"), nndf::InternalError);
    }

    TEST_CASE("nexts") {
        Network net = make_net();
        net.add("f2", Layer::fc(64, 2000, {7, 7}), {"p1"});
        net.add("f3", Layer::fc(3000, 1000), {"f1", "f2"});
        net.add("e4", Layer::eltwise(1000, {1, 1}, 2), {"f1", "f3"});
        net.add("f4", Layer::fc(1000, 1000), {"e4"});
        CHECK(net.nexts("p1") == OptNames{"f1", "f2"});
        CHECK(net.nexts("f1") == OptNames{"f3", "e4"});
        CHECK(net.nexts("f2") == OptNames{"f3"});
        CHECK(net.nexts("f3") == OptNames{"e4"});
    }

    TEST_CASE("nexts last") {
        Network net = make_net();
        CHECK(net.nexts("f1") == OptNames{std::nullopt});
        net.add("f2", Layer::fc(64, 2000, {7, 7}), {"p1"});
        CHECK(net.nexts("f1") == OptNames{std::nullopt});
        CHECK(net.nexts("f2") == OptNames{std::nullopt});
    }

    TEST_CASE("nexts input") {
        Network net = make_net();
        CHECK(net.nexts(kIn) == OptNames{"c1"});
        net.add("c2", Layer::conv(3, 3, {224, 224}, {1, 1}), {kIn});
        net.add("c3", Layer::conv(6, 4, {224, 224}, {1, 1}), {kIn, "c2"});
        CHECK(net.nexts(kIn) == OptNames{"c1", "c2", "c3"});
    }

    TEST_CASE("firsts") {
        Network net = make_net();
        CHECK(net.firsts() == Names{"c1"});
        net.add("c2", Layer::conv(3, 3, {224, 224}, {1, 1}), {kIn});
        net.add("c3", Layer::conv(6, 4, {224, 224}, {1, 1}), {kIn, "c2"});
        CHECK(net.firsts() == Names{"c1", "c2"});
    }

    TEST_CASE("firsts ext") {
        Network net = make_net();
        net.add_ext("e0", Layer::input(3, {224, 224}));
        net.add("c2", Layer::conv(3, 3, {224, 224}, {1, 1}), {"e0"});
        net.add("c3", Layer::conv(67, 3, {224, 224}, {1, 1}), {"e0", "c1"});
        net.add("c4", Layer::conv(6, 3, {224, 224}, {1, 1}), {kIn, "e0"});
        Names firsts = net.firsts();
        CHECK(has(firsts, "c2"));
        CHECK_FALSE(has(firsts, "c3"));
        CHECK(has(firsts, "c4"));
        CHECK(firsts == Names{"c1", "c2", "c4"});
    }

    TEST_CASE("lasts") {
        Network net = make_net();
        CHECK(net.lasts() == Names{"f1"});
        net.add("f2", Layer::fc(64, 2000, {7, 7}), {"p1"});
        CHECK(net.lasts() == Names{"f1", "f2"});
    }

    TEST_CASE("ext layers") {
        Network net = make_net();
        CHECK(net.ext_layers().empty());
        net.add_ext("e0", Layer::input(3, {224, 224}));
        CHECK(net.ext_layers() == Names{"e0"});
        net.add_ext("e1", Layer::input(3, {224, 224}));
        CHECK(net.ext_layers() == Names{"e0", "e1"});
    }

    TEST_CASE("contains") {
        Network net = make_net();
        CHECK(net.contains("c1"));
        CHECK(net.contains("p1"));
        CHECK(net.contains("f1"));
        CHECK_FALSE(net.contains("f2"));
        net.add("f2", Layer::fc(64, 2000, {7, 7}), {"p1"});
        CHECK(net.contains("f2"));
    }

    TEST_CASE("len") {
        Network net = make_net();
        CHECK(net.size() == 3);

        Network net2("test_net");
        CHECK(net2.size() == 0);
        net2.set_input_layer(Layer::input(3, {224, 224}));
        CHECK(net2.size() == 0);
        net2.add("c1", Layer::conv(3, 4, {224, 224}, {1, 1}));
        CHECK(net2.size() == 1);

        net.add("f2", Layer::fc(64, 2000, {7, 7}), {"p1"});
        CHECK(net.size() == 4);
        net.add("f3", Layer::fc(3000, 1000), {"f1", "f2"});
        CHECK(net.size() == 5);
        net.add("e4", Layer::eltwise(1000, {1, 1}, 2), {"f1", "f3"});
        CHECK(net.size() == 6);
        net.add("f4", Layer::fc(1000, 1000), {"e4"});
        CHECK(net.size() == 7);
    }

    TEST_CASE("iter") {
        Network net = make_net();
        CHECK(net.layer_names() == Names{"c1", "p1", "f1"});
        for (size_t i = 0; i < net.layer_names().size(); ++i) {
            const auto& name = net.layer_names()[i];
            CHECK(net.contains(name));
            CHECK(net.index_of(name) == i);
        }

        Network net2("test_net");
        net2.set_input_layer(Layer::input(3, {224, 224}));
        CHECK(net2.layer_names().empty());
    }

    TEST_CASE("contains ext") {
        Network net = make_net();
        CHECK_FALSE(net.contains("e0"));
        net.add_ext("e0", Layer::input(3, {224, 224}));
        CHECK(net.contains("e0"));
    }

    TEST_CASE("len ext") {
        Network net = make_net();
        CHECK(net.size() == 3);
        net.add_ext("e0", Layer::input(3, {224, 224}));
        CHECK(net.size() == 3);
    }

    TEST_CASE("iter ext") {
        Network net = make_net();
        net.add_ext("e0", Layer::input(3, {224, 224}));
        CHECK_FALSE(has(net.layer_names(), "e0"));
    }

    TEST_CASE("getitem") {
        Network net = make_net();
        CHECK(net["c1"].kind == nndf::LayerKind::Conv);
        CHECK(net["p1"].kind == nndf::LayerKind::Pooling);
        CHECK(net["f1"].kind == nndf::LayerKind::FC);
        CHECK(net[kIn] == Layer::input(3, {224, 224}));
    }

    TEST_CASE("getitem error") {
        Network net = make_net();
        CHECK_THROWS_WITH_AS(net["c2"], doctest::Contains("c2"), nndf::InternalError);
        CHECK_THROWS_AS(net.index_of("c2"), nndf::InternalError);
    }
}
