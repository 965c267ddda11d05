// Mirrors the reference's unit_test/test_layer.py. Skipped: the abstract base
// Layer (NotImplementedError cases), repr/hash, and sizes given as lists of
// the wrong length (a PhyDim2 always has two; network files test that case).
#include <doctest/doctest.h>

#include <string>

#include "core/model/layer.h"

using nndf::DataDimLoops;
using nndf::Layer;
using nndf::LayerKind;
namespace de = nndf::de;
namespace le = nndf::le;

TEST_SUITE("layer") {
    TEST_CASE("valid args") {
        Layer c = Layer::conv(3, 64, {28, 28}, {3, 3}, {2, 2});
        CHECK(c.kind == LayerKind::Conv);
        CHECK(c.nifm() == 3);
        CHECK(c.nofm == 64);
        CHECK(c.hofm == 28);
        CHECK(c.wofm == 28);
        CHECK(c.hfil == 3);
        CHECK(c.wfil == 3);
        CHECK(c.htrd == 2);
        CHECK(c.wtrd == 2);

        Layer l = Layer::local_region(64, {28, 28}, 1, {3, 3}, 1, {2, 2});
        CHECK(l.kind == LayerKind::LocalRegion);
        CHECK(l.nofm == 64);
        CHECK(l.hofm == 28);
        CHECK(l.wofm == 28);
        CHECK(l.nreg == 1);
        CHECK(l.hreg == 3);
        CHECK(l.wreg == 3);
        CHECK(l.htrd == 2);
        CHECK(l.wtrd == 2);
    }

    TEST_CASE("different h/w for ofm") {
        Layer c = Layer::conv(3, 64, {28, 14}, {3, 3});
        CHECK(c.hofm == 28);
        CHECK(c.wofm == 14);
    }

    TEST_CASE("different h/w for stride") {
        Layer c = Layer::conv(3, 64, {28, 28}, {3, 3}, {2, 4});
        CHECK(c.htrd == 2);
        CHECK(c.wtrd == 4);
    }

    TEST_CASE("non-positive sizes") {
        // The reference asserts these; ours names the field.
        CHECK_THROWS_WITH_AS(Layer::conv(3, 64, {0, 28}, {3, 3}), doctest::Contains("sofm"),
                             nndf::InputError);
        CHECK_THROWS_WITH_AS(Layer::conv(3, 64, {28, 28}, {3, 3}, {2, -1}),
                             doctest::Contains("strd"), nndf::InputError);
        CHECK_THROWS_WITH_AS(Layer::conv(3, 64, {28, 28}, {3, 0}), doctest::Contains("sfil"),
                             nndf::InputError);
        CHECK_THROWS_WITH_AS(Layer::conv(0, 64, {28, 28}, {3, 3}), doctest::Contains("nifm"),
                             nndf::InputError);
        CHECK_THROWS_WITH_AS(Layer::local_region(64, {28, 28}, 1, {0, 3}),
                             doctest::Contains("sreg"), nndf::InputError);
    }

    TEST_CASE("ifmap") {
        Layer c = Layer::conv(3, 64, {28, 14}, {3, 3}, {2, 2});
        CHECK(c.nifm() == 3);
        CHECK(c.hifm() == (28 - 1) * 2 + 3);
        CHECK(c.wifm() == (14 - 1) * 2 + 3);

        Layer l = Layer::local_region(64, {28, 28}, 1, {3, 3}, 1, {2, 2});
        CHECK(l.nifm() == 64);
        CHECK(l.hifm() == (28 - 1) * 2 + 3);
        CHECK(l.wifm() == (28 - 1) * 2 + 3);
    }

    TEST_CASE("ofmap size") {
        Layer c = Layer::conv(3, 64, {28, 14}, {3, 3});
        CHECK(c.ofmap_size() == 28 * 14);
        CHECK(c.ofmap_size(2) == 28 * 14 * 2);
        CHECK(c.total_ofmap_size() == 28 * 14 * 64);
        CHECK(c.total_ofmap_size(2) == 28 * 14 * 64 * 2);
        CHECK(c.total_ofmap_size(2, 3) == 28 * 14 * 64 * 2 * 3);
    }

    TEST_CASE("ifmap size") {
        Layer c = Layer::conv(3, 64, {28, 14}, {3, 3}, {2, 2});
        CHECK(c.ifmap_size(2) == ((28 - 1) * 2 + 3) * ((14 - 1) * 2 + 3) * 2);
        CHECK(c.total_ifmap_size(2) == ((28 - 1) * 2 + 3) * ((14 - 1) * 2 + 3) * 3 * 2);

        Layer l = Layer::local_region(64, {28, 28}, 1, {3, 3}, 1, {2, 2});
        CHECK(l.ifmap_size(2) == ((28 - 1) * 2 + 3) * ((28 - 1) * 2 + 3) * 2);
        CHECK(l.total_ifmap_size(2) == ((28 - 1) * 2 + 3) * ((28 - 1) * 2 + 3) * 64 * 2);
    }

    TEST_CASE("is_valid_padding_sifm") {
        Layer c = Layer::conv(3, 64, {28, 14}, {3, 1}, {2, 4});
        CHECK(c.is_valid_padding_sifm(28 * 2, 14 * 4));
        CHECK(c.is_valid_padding_sifm(27 * 2 + 3, 13 * 4 + 1));
        CHECK_FALSE(c.is_valid_padding_sifm(28, 14));
        CHECK_FALSE(c.is_valid_padding_sifm(28 * 2, 14));
        CHECK(c.is_valid_padding_sifm(27 * 2 + 3, 13 * 4 + 3));

        Layer f = Layer::fc(2048, 4096, {2, 2});
        CHECK(f.is_valid_padding_sifm(2, 2));
        CHECK(f.is_valid_padding_sifm(1, 1));
        CHECK(f.is_valid_padding_sifm(1, 2));

        Layer l = Layer::local_region(64, {28, 28}, 2, {1, 1});
        CHECK(l.is_valid_padding_sifm(28, 28));
        CHECK_FALSE(l.is_valid_padding_sifm(28 - 1, 28 - 1));
        CHECK_FALSE(l.is_valid_padding_sifm(28 + 1, 28 + 1));

        Layer p = Layer::pooling(64, {28, 28}, {2, 3}, {3, 2});
        CHECK(p.is_valid_padding_sifm(28 * 3, 28 * 2));
        CHECK(p.is_valid_padding_sifm(27 * 3 + 2, 27 * 2 + 3));
    }

    TEST_CASE("eq") {
        CHECK(Layer::input(2, {12, 12}) == Layer::input(2, {12, 12}));
        CHECK(Layer::conv(2, 12, {56, 56}, {3, 3}) == Layer::conv(2, 12, {56, 56}, {3, 3}));
        CHECK(Layer::pooling(12, {14, 14}, {2, 2}) == Layer::pooling(12, {14, 14}, {2, 2}));
        // Python's reflected __eq__ makes a subclass equal to its base with
        // the same fields.
        CHECK(Layer::fc(64, 10, {3, 3}) == Layer::conv(64, 10, {1, 1}, {3, 3}));
        CHECK(Layer::pooling(12, {14, 14}, {2, 2}) ==
              Layer::local_region(12, {14, 14}, 1, {2, 2}, 1, {2, 2}));
    }

    TEST_CASE("ne") {
        CHECK(Layer::input(4, {12, 12}) != Layer::input(4, {13, 13}));
        CHECK(Layer::conv(2, 12, {56, 56}, {3, 3}) != Layer::conv(2, 12, {56, 56}, {1, 1}));
        CHECK(Layer::input(12, {56, 56}) != Layer::conv(2, 12, {56, 56}, {1, 1}));
        CHECK(Layer::eltwise(12, {14, 14}, 2) != Layer::eltwise(12, {14, 14}, 3));
        CHECK(Layer::pooling(12, {14, 14}, {2, 2}) != Layer::conv(12, 12, {14, 14}, {2, 2}));
    }
}

TEST_SUITE("layer.input") {
    TEST_CASE("data loops") {
        auto dls = Layer::input(3, {227, 227}).data_loops();
        CHECK(dls == nndf::input_data_loops());
        CHECK(dls[de::FIL] == DataDimLoops());
        CHECK(dls[de::IFM] == DataDimLoops());
        CHECK(dls[de::OFM] == DataDimLoops({le::OFM, le::BAT}));
    }

    TEST_CASE("no input fmaps") {
        // The reference's input_layer() is None; asking for its shape is a bug.
        Layer i = Layer::input(3, {227, 227});
        CHECK(i.is_input());
        CHECK_THROWS_AS(i.nifm(), nndf::InternalError);
        CHECK_THROWS_AS(i.hifm(), nndf::InternalError);
        CHECK_THROWS_AS(i.wifm(), nndf::InternalError);
    }

    TEST_CASE("ops") {
        Layer i = Layer::input(3, {227, 227});
        CHECK(i.ops_per_neuron() == 0);
        CHECK(i.total_ops() == 0);
    }
}

TEST_SUITE("layer.conv") {
    TEST_CASE("data loops") {
        auto dls = nndf::conv_data_loops();
        CHECK(dls[de::FIL] == DataDimLoops({le::IFM, le::OFM}));
        CHECK(dls[de::IFM] == DataDimLoops({le::IFM, le::BAT}));
        CHECK(dls[de::OFM] == DataDimLoops({le::OFM, le::BAT}));

        CHECK(Layer::conv(3, 64, {28, 14}, {3, 3}, {2, 2}).data_loops() == dls);
        CHECK(Layer::fc(2048, 4096, {2, 2}).data_loops() == dls);
    }

    TEST_CASE("input layer") {
        Layer c = Layer::conv(3, 64, {28, 14}, {3, 3}, {2, 2});
        CHECK(c.nifm() == 3);
        CHECK(c.hifm() == (28 - 1) * 2 + 3);
        CHECK(c.wifm() == (14 - 1) * 2 + 3);
    }

    TEST_CASE("ops") {
        Layer c = Layer::conv(3, 64, {28, 14}, {3, 3}, {2, 2});
        CHECK(c.ops_per_neuron() == 3 * 3 * 3);
        CHECK(c.total_ops() == 3 * 3 * 28 * 14 * 3 * 64);
        CHECK(c.total_ops(4) == 3 * 3 * 28 * 14 * 3 * 64 * 4);
    }

    TEST_CASE("filter size") {
        Layer c = Layer::conv(3, 64, {28, 14}, {3, 3});
        CHECK(c.filter_size(2) == 3 * 3 * 2);
        CHECK(c.total_filter_size(2) == 3 * 3 * 3 * 64 * 2);
        c = Layer::conv(3, 64, {28, 14}, {3, 1});
        CHECK(c.filter_size(2) == 3 * 1 * 2);
        CHECK(c.total_filter_size(2) == 3 * 1 * 3 * 64 * 2);
    }

    TEST_CASE("fc layer") {
        Layer f = Layer::fc(2048, 4096, {2, 2});
        CHECK(f.kind == LayerKind::FC);
        CHECK(f.is_conv());
        CHECK(f.hofm == 1);
        CHECK(f.wofm == 1);
        CHECK(f.htrd == 1);
        CHECK(f.wtrd == 1);
        CHECK(f.total_ofmap_size() == 4096);
        CHECK(f.filter_size() == 4);
        CHECK(f.total_filter_size() == 2048 * 4096 * 4);
        // The input fmap is the filter size.
        CHECK(f.hifm() == 2);
        CHECK(f.wifm() == 2);
    }
}

TEST_SUITE("layer.local_region") {
    TEST_CASE("data loops") {
        auto dls = nndf::local_region_data_loops();
        CHECK(dls[de::FIL] == DataDimLoops());
        CHECK(dls[de::IFM] == DataDimLoops({le::OFM, le::BAT}));
        CHECK(dls[de::OFM] == DataDimLoops({le::OFM, le::BAT}));

        CHECK(Layer::local_region(64, {28, 28}, 2, {1, 1}).data_loops() == dls);
        CHECK(Layer::pooling(64, {28, 28}, {2, 2}).data_loops() == dls);
        CHECK(Layer::eltwise(64, {28, 28}, 2).data_loops() == dls);
    }

    TEST_CASE("ops") {
        CHECK(Layer::local_region(64, {28, 28}, 2, {1, 1}).ops_per_neuron() == 2);
        CHECK(Layer::local_region(64, {28, 28}, 1, {3, 3}).ops_per_neuron() == 9);
    }

    TEST_CASE("region size") {
        CHECK(Layer::local_region(64, {28, 28}, 2, {1, 1}).region_size() == 2);
        CHECK(Layer::local_region(64, {28, 28}, 1, {2, 4}).region_size() == 2 * 4);
    }

    TEST_CASE("mixed region") {
        CHECK_THROWS_WITH_AS(Layer::local_region(64, {28, 28}, 2, {2, 2}),
                             doctest::Contains("cannot span both"), nndf::InputError);
        CHECK_NOTHROW(Layer::local_region(64, {28, 28}, 2, {1, 1}));
        CHECK_NOTHROW(Layer::local_region(64, {28, 28}, 1, {2, 2}));
    }

    TEST_CASE("channel stride") {
        Layer l = Layer::local_region(64, {28, 28}, 1, {4, 4}, 7);
        CHECK(l.ntrd == 7);
        CHECK(l.nifm() == 64 * 7);
    }

    TEST_CASE("pooling layer") {
        Layer p = Layer::pooling(64, {28, 28}, {2, 2});
        CHECK(p.kind == LayerKind::Pooling);
        CHECK(p.nreg == 1);
        CHECK(p.ntrd == 1);
        // Stride defaults to the region size.
        CHECK(p.htrd == 2);
        CHECK(p.wtrd == 2);
        CHECK(p.ops_per_neuron() == 4);
        CHECK(p.total_ifmap_size() == p.total_ofmap_size() * 4);
        p = Layer::pooling(64, {28, 28}, {3, 3}, {2, 2});
        CHECK(p.ops_per_neuron() == 9);
        CHECK(p.htrd == 2);
    }

    TEST_CASE("eltwise layer") {
        Layer e = Layer::eltwise(64, {28, 28}, 3);
        CHECK(e.kind == LayerKind::Eltwise);
        CHECK(e.ops_per_neuron() == 3);
        CHECK(e.nifm() == 3 * e.nofm);
        CHECK(e.ifmap_size() == e.ofmap_size());
        CHECK(e.ntrd == 3);
        CHECK(e.hreg == 1);
        CHECK(e.wreg == 1);
    }

    TEST_CASE("class names") {
        CHECK(std::string(nndf::layer_kind_class_name(LayerKind::Input)) == "InputLayer");
        CHECK(std::string(nndf::layer_kind_class_name(LayerKind::Conv)) == "ConvLayer");
        CHECK(std::string(nndf::layer_kind_class_name(LayerKind::FC)) == "FCLayer");
        CHECK(std::string(nndf::layer_kind_class_name(LayerKind::LocalRegion)) ==
              "LocalRegionLayer");
        CHECK(std::string(nndf::layer_kind_class_name(LayerKind::Pooling)) == "PoolingLayer");
        CHECK(std::string(nndf::layer_kind_class_name(LayerKind::Eltwise)) == "EltwiseLayer");
    }
}
