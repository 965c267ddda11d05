// Mirrors the reference's tests/map_strategy_test (test_map_strategy.py and
// test_map_strategy_eyeriss.py).
//
// Not mirrored (Python-only mechanisms): the abstract MapStrategy base class
// (NotImplementedError for utilization and gen_nested_loop_desc) and
// TypeErrors for non-layer or non-PhyDim2 arguments. Equivalents: an
// occupancy outside (0, 1] and an input layer are refused (InternalError:
// the search never passes them).
#include <doctest/doctest.h>

#include <map>
#include <vector>

#include "core/layer_search/map_strategy.h"
#include "core/util/error.h"
#include "support.h"

using namespace nndf;
using test::almost_equal;

namespace {

struct MapStrategyFixture {
    std::vector<std::pair<std::string, Layer>> convlayers, fclayers, lrlayers, fake_layers;
    PhyDim2 dim_array{12, 14};  // Eyeriss ISSCC'16, JSSC'17.

    MapStrategyFixture() {
        // AlexNet.
        convlayers = {{"conv1", Layer::conv(3, 96, {55, 55}, {11, 11}, {4, 4})},
                      {"conv2", Layer::conv(48, 256, {27, 27}, {5, 5})},
                      {"conv3", Layer::conv(256, 384, {13, 13}, {3, 3})},
                      {"conv4", Layer::conv(192, 384, {13, 13}, {3, 3})},
                      {"conv5", Layer::conv(192, 256, {13, 13}, {3, 3})}};
        fclayers = {{"fc1", Layer::fc(256, 4096, {6, 6})},
                    {"fc2", Layer::fc(4096, 4096)},
                    {"fc3", Layer::fc(4096, 1000)}};
        lrlayers = {{"pool1", Layer::pooling(64, {7, 7}, {2, 2})},
                    {"pool2", Layer::pooling(29, {13, 13}, {3, 3})},
                    {"pool3", Layer::pooling(32, {7, 7}, {2, 2}, {3, 3})},
                    {"lr1", Layer::local_region(32, {7, 7}, 5, {1, 1})},
                    {"lr2", Layer::local_region(32, {7, 7}, 5, {1, 1}, 1, {2, 2})}};
        // Irregular nifm/nofm, small numbers of fmaps, a large filter height.
        fake_layers = {{"IRR", Layer::conv(255, 383, {13, 13}, {3, 3})},
                       {"SM", Layer::conv(5, 3, {13, 13}, {3, 3})},
                       {"LGFIL", Layer::conv(64, 64, {13, 13}, {22, 22})}};
    }

    std::vector<std::pair<std::string, Layer>> all_layers() const {
        std::vector<std::pair<std::string, Layer>> v;
        for (const auto* g : {&convlayers, &fclayers, &lrlayers, &fake_layers})
            v.insert(v.end(), g->begin(), g->end());
        return v;
    }

    Layer get(const std::string& name) const {
        for (const auto& [n, l] : all_layers())
            if (n == name) return l;
        throw std::out_of_range(name);
    }
};

}  // namespace

TEST_SUITE("map_strategy") {
    TEST_CASE_FIXTURE(MapStrategyFixture, "invalid occupancy and layer") {
        const Layer conv1 = get("conv1");
        CHECK_NOTHROW(MapStrategyEyeriss(conv1, 4, 1, dim_array));
        CHECK_THROWS_AS(MapStrategyEyeriss(conv1, 4, -.1, dim_array), InternalError);
        CHECK_THROWS_AS(MapStrategyEyeriss(conv1, 4, 1.1, dim_array), InternalError);
        CHECK_THROWS_AS(MapStrategyEyeriss(Layer::input(1, {1, 1}), 4, 1, dim_array),
                        InternalError);
    }

    TEST_CASE_FIXTURE(MapStrategyFixture, "nested loop description sanity") {
        const i64 batch = 4;
        for (const auto& [name, layer] : all_layers()) {
            CAPTURE(name);
            const MapStrategyEyeriss ms(layer, batch, 1, dim_array);
            const auto nlds = ms.gen_nested_loop_desc();
            CHECK(!nlds.empty());
            for (const auto& nld : nlds) {
                const double lprod =
                    static_cast<double>(nld.loopcnt[0] * nld.loopcnt[1] * nld.loopcnt[2]);
                const double ops = static_cast<double>(layer.total_ops(batch));
                // Replication reduces the numbers of IFM/OFM.
                CHECK(layer.nifm() >= nld.loopcnt[le::IFM]);
                CHECK(layer.nofm >= nld.loopcnt[le::OFM]);
                // Folding increases the batch.
                CHECK(nld.loopcnt[le::BAT] % batch == 0);
                // Total and unit ops.
                CHECK(almost_equal(nld.total_ops(), ops));
                CHECK(almost_equal(nld.unit_ops * lprod, ops));
                // Unit time and ops: loop occupancy is not in the utilization.
                CHECK(static_cast<double>(nld.unit_time) * ms.utilization() *
                          static_cast<double>(dim_array.size()) >=
                      nld.unit_ops);
                // Total DRAM accesses.
                CHECK(almost_equal(
                    nld.total_access_at_of(me::DRAM, de::FIL),
                    layer.is_conv() ? static_cast<double>(layer.total_filter_size()) : 0));
                // Ifmaps may be refetched because of folding.
                CHECK(nld.total_access_at_of(me::DRAM, de::IFM) + 1e-7 >=
                      static_cast<double>(layer.total_ifmap_size(batch)));
                CHECK(almost_equal(nld.total_access_at_of(me::DRAM, de::OFM),
                                   static_cast<double>(layer.total_ofmap_size(batch))));
                // Unit REGF accesses.
                CHECK(almost_equal(nld.unit_access[me::REGF][de::FIL] * lprod,
                                   layer.is_conv() ? ops : 0));
                CHECK(almost_equal(nld.unit_access[me::REGF][de::IFM] * lprod, ops));
                CHECK(almost_equal(nld.unit_access[me::REGF][de::OFM] * lprod, ops));
                // Unit GBUF size and unit DRAM access.
                for (int d = 0; d < de::NUM; ++d)
                    CHECK(static_cast<double>(nld.usize_gbuf[d]) >= nld.unit_access[me::DRAM][d]);
                // Unit REGF size (JSSC'17, IV.A, dimensions beyond 2-D, 1).
                if (layer.is_conv()) {
                    CHECK(nld.usize_regf[de::FIL] == layer.wfil);
                    CHECK(nld.usize_regf[de::IFM] == layer.wfil);
                    CHECK(nld.usize_regf[de::OFM] == 1);
                    CHECK(nld.data_loops[de::FIL] == DataDimLoops{le::IFM, le::OFM});
                    CHECK(nld.data_loops[de::IFM] == DataDimLoops{le::IFM, le::BAT});
                    CHECK(nld.data_loops[de::OFM] == DataDimLoops{le::OFM, le::BAT});
                } else {
                    CHECK(nld.data_loops[de::FIL] == DataDimLoops{});
                    CHECK(nld.data_loops[de::IFM] == DataDimLoops{le::OFM, le::BAT});
                    CHECK(nld.data_loops[de::OFM] == DataDimLoops{le::OFM, le::BAT});
                }
            }
        }
    }

    TEST_CASE_FIXTURE(MapStrategyFixture, "nested loop description with occupancy") {
        const i64 batch = 4;
        const double occ0 = 1, occ1 = 0.8;
        for (const auto& [name, layer] : all_layers()) {
            CAPTURE(name);
            const auto v0 =
                MapStrategyEyeriss(layer, batch, occ0, dim_array).gen_nested_loop_desc();
            const auto v1 =
                MapStrategyEyeriss(layer, batch, occ1, dim_array).gen_nested_loop_desc();
            REQUIRE(v0.size() == v1.size());
            for (size_t k = 0; k < v0.size(); ++k) {
                const auto &n0 = v0[k], &n1 = v1[k];
                CHECK(n0.unit_time == n1.unit_time);
                CHECK(n0.usize_gbuf == n1.usize_gbuf);
                CHECK(n0.usize_regf == n1.usize_regf);
                CHECK(almost_equal(n0.unit_ops * occ1, n1.unit_ops * occ0));
                for (int m = 0; m < me::NUM; ++m)
                    for (int d = 0; d < de::NUM; ++d) {
                        if (m == me::REGF) {
                            CHECK(almost_equal(n0.unit_access[m][d] * occ1,
                                               n1.unit_access[m][d] * occ0));
                        } else {
                            CHECK(almost_equal(n0.unit_access[m][d], n1.unit_access[m][d]));
                        }
                    }
            }
        }
    }

    TEST_CASE_FIXTURE(MapStrategyFixture, "folding the width") {
        const Layer layer = get("conv1");
        const i64 batch = 4;
        const MapStrategyEyeriss ms(layer, batch, 1, dim_array);
        CHECK(ms.repl() == PhyDim2(1, 1));
        CHECK(ms.fold().h == 1);
        CHECK(ms.fold().w > 1);
        // Only one possible description.
        const auto nlds = ms.gen_nested_loop_desc();
        REQUIRE(nlds.size() == 1);
        const auto& nld = nlds[0];
        // Folded into the batch.
        const i64 fold_w = ms.fold().w;
        const Layer folded =
            Layer::conv(layer.nifm(), layer.nofm, {idivc(layer.hofm, fold_w), layer.wofm},
                        {layer.hfil, layer.wfil}, {layer.htrd, layer.wtrd});
        const i64 folded_batch = batch * fold_w;
        const double locc = static_cast<double>(layer.total_ops(batch)) /
                            static_cast<double>(folded.total_ops(folded_batch));
        CHECK(locc <= 1);
        CHECK(nld.loopcnt[le::IFM] == folded.nifm());
        CHECK(nld.loopcnt[le::OFM] == folded.nofm);
        CHECK(nld.loopcnt[le::BAT] == folded_batch);
        CHECK(nld.usize_gbuf[de::FIL] == folded.filter_size());
        CHECK(nld.usize_gbuf[de::IFM] == folded.ifmap_size());
        CHECK(nld.usize_gbuf[de::OFM] == folded.ofmap_size());
        // DRAM and GBUF accesses are equal.
        CHECK(nld.unit_access[me::DRAM] == nld.unit_access[me::GBUF]);
    }

    TEST_CASE_FIXTURE(MapStrategyFixture, "folding the height") {
        const Layer layer = get("LGFIL");
        const i64 batch = 4;
        const MapStrategyEyeriss ms(layer, batch, 1, dim_array);
        CHECK(ms.repl() == PhyDim2(1, 1));
        CHECK(ms.fold().h > 1);
        CHECK(ms.fold().w == 1);
        const auto nlds = ms.gen_nested_loop_desc();
        REQUIRE(nlds.size() == 1);
        const auto& nld = nlds[0];
        // Folded within the processing pass.
        const double fold_h = static_cast<double>(ms.fold().h);
        CHECK(nld.loopcnt[le::IFM] == layer.nifm());
        CHECK(nld.loopcnt[le::OFM] == layer.nofm);
        CHECK(nld.loopcnt[le::BAT] == batch);
        CHECK(nld.usize_gbuf[de::FIL] == layer.filter_size());
        CHECK(nld.usize_gbuf[de::IFM] == layer.ifmap_size());
        CHECK(nld.usize_gbuf[de::OFM] == layer.ofmap_size());
        // GBUF accesses are a multiple of DRAM accesses.
        CHECK(nld.unit_access[me::DRAM][de::FIL] == nld.unit_access[me::GBUF][de::FIL]);
        CHECK(nld.unit_access[me::DRAM][de::IFM] * fold_h == nld.unit_access[me::GBUF][de::IFM]);
        CHECK(nld.unit_access[me::DRAM][de::OFM] * fold_h == nld.unit_access[me::GBUF][de::OFM]);
    }

    TEST_CASE_FIXTURE(MapStrategyFixture, "AlexNet mapping of JSSC'17 Tables III and V") {
        // Replication is r x t in Table III; the physical PE set width is e.
        // Table III has t = 2 and e = 7 for CONV1; simplified here to t = 1,
        // e = 14.
        const std::map<std::string, i64> repl_size{{"conv1", 1 * 1},
                                                   {"conv2", 1 * 1},
                                                   {"conv3", 1 * 4},
                                                   {"conv4", 2 * 2},
                                                   {"conv5", 2 * 2}};
        const std::map<std::string, i64> ppeset_width{
            {"conv1", 14}, {"conv2", 27}, {"conv3", 13}, {"conv4", 13}, {"conv5", 13}};
        // Active PEs of Table V.
        const std::map<std::string, i64> active_pes{
            {"conv1", 154}, {"conv2", 135}, {"conv3", 156}, {"conv4", 156}, {"conv5", 156}};
        for (const auto& [name, layer] : convlayers) {
            CAPTURE(name);
            const MapStrategyEyeriss ms(layer, 4, 1, dim_array);
            // Peak (physical PE set) or average (utilization) active PEs.
            const i64 max_pes = ms.dim_ppeset().size();
            const double avg_pes = ms.utilization() * static_cast<double>(dim_array.size());
            CHECK((max_pes == active_pes.at(name) ||
                   avg_pes == static_cast<double>(active_pes.at(name))));
            CHECK(ms.repl().size() == repl_size.at(name));
            // The width before scheduling fold.w into repl.h.
            CHECK(ms.dim_flpeset().w == ppeset_width.at(name));
        }
    }

}  // TEST_SUITE
