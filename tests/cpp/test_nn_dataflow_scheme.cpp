// Mirrors the reference's tests/unit_test/test_nn_dataflow_scheme.py.
//
// Differences in mechanism:
// - `df[name] = result` is set(name, result); errors the reference raises as
//   KeyError/ValueError (unknown or repeated layer, missing previous layer,
//   out-of-order segment index) are InternalErrors: the search never makes
//   them. Deleting a layer has no counterpart (there is no delete).
// - TypeErrors for arguments of the wrong type are Python-only.
// - perlayer_stats('active_node_pes' / 'dram_bandwidth') is computed where
//   the result document is made (result_json), so it is checked there.
#include <doctest/doctest.h>

#include "core/formats/result_json.h"
#include "core/network_search/nn_dataflow_scheme.h"
#include "core/util/error.h"
#include "support.h"

using namespace nndf;
using test::almost_equal;

namespace {

struct DataflowSchemeFixture {
    Network network{"test_net"};
    i64 batch_size = 4;
    DataLayout input_layout;
    std::shared_ptr<SchedulingResult> c1res, p1res, p2res;

    static DataLayout layout_of(const Layer& l, i64 batch, PhyDim2 region_dim) {
        return DataLayout::make({FmapRange({0, 0, 0, 0}, {batch, l.nofm, l.hofm, l.wofm})},
                                {NodeRegion::make(region_dim, {0, 0}, NodeRegion::DRAM)},
                                {PartitionScheme()});
    }

    static std::shared_ptr<SchedulingResult> make_result(double cost, double time, double ops,
                                                         i64 num_nodes, double cost_op,
                                                         double cost_access,
                                                         std::array<double, 3> acc3,
                                                         std::array<double, 3> nhops) {
        auto r = std::make_shared<SchedulingResult>();
        r->cost = cost;
        r->time = time;
        r->ops = ops;
        r->num_nodes = num_nodes;
        r->cost_op = cost_op;
        r->cost_access = cost_access;
        r->cost_noc = 0;
        r->cost_static = 0;
        r->proc_time = static_cast<i64>(time);
        r->bus_time = 0;
        r->dram_time = 0;
        for (auto& m : r->lbs.access) m = acc3;
        r->lbs.remote_gbuf_access = {0, 0, 0};
        r->total_nhops = nhops;
        r->lbs.fetch = {{{1, 1, 1}, {2, 2, 2}}};
        r->lbs.bl_ts = {LoopTriple{2, 1, 1}, LoopTriple{2, 2, 2}, LoopTriple{3, 3, 3}};
        r->lbs.bl_ords = {std::array<int, 3>{0, 1, 2}, std::array<int, 3>{0, 1, 2}};
        return r;
    }

    /// A copy of a result with another sequence number (namedtuple _replace).
    static SchedulingResultPtr with_seq(const SchedulingResultPtr& r, std::array<i64, 3> seq) {
        auto c = std::make_shared<SchedulingResult>(*r);
        c->sched_seq = seq;
        return c;
    }

    DataflowSchemeFixture() {
        network.set_input_layer(Layer::input(3, {224, 224}));
        network.add("c1", Layer::conv(3, 64, {224, 224}, {3, 3}));
        network.add("p1", Layer::pooling(64, {7, 7}, {32, 32}), {"c1"});
        network.add("p2", Layer::pooling(64, {7, 7}, {32, 32}), {"c1"});
        network.add("f1", Layer::fc(128, 1000, {7, 7}), {"p1", "p2"});

        input_layout = layout_of(network.input_layer(), batch_size, {2, 1});

        c1res = make_result(1.5, 200., 4., 4, 0.5, 1., {7, 8, 9}, {4, 5, 6});
        c1res->ofmap_layout = layout_of(network["c1"], batch_size, {1, 2});
        c1res->sched_seq = {0, 0, 0};
        p1res = make_result(0.6, 5, 0.1, 2, 0.1, 0.5, {.7, .8, .9}, {.4, .5, .6});
        p1res->ofmap_layout = layout_of(network["p1"], batch_size, {1, 2});
        p1res->sched_seq = {0, 1, 0};
        p2res = std::make_shared<SchedulingResult>(*p1res);
        p2res->sched_seq = {0, 2, 0};
    }

    NNDataflowScheme dtfl() const {
        NNDataflowScheme df(network, input_layout, {});
        df.set("c1", c1res);
        df.set("p1", p1res);
        df.set("p2", p2res);
        return df;
    }

    /// dtfl() with two external layers e0, e1 shaped like the input.
    NNDataflowScheme dtfl_with_ext() {
        network.add_ext("e0", network.input_layer());
        network.add_ext("e1", network.input_layer());
        NNDataflowScheme df(network, input_layout, {{"e0", input_layout}, {"e1", input_layout}});
        df.set("c1", c1res);
        df.set("p1", p1res);
        df.set("p2", p2res);
        return df;
    }

    /// Adds the static cost of idl_unit per cycle, taken out of the access cost.
    static std::shared_ptr<SchedulingResult> with_static(const SchedulingResultPtr& r,
                                                         double idl_unit) {
        auto c = std::make_shared<SchedulingResult>(*r);
        const double s = c->time * idl_unit;
        c->cost_static += s;
        c->cost_access -= s;
        return c;
    }
};

}  // namespace

TEST_SUITE("nn_dataflow_scheme") {
    TEST_CASE_FIXTURE(DataflowSchemeFixture, "initial") {
        const NNDataflowScheme df(network, input_layout, {});
        CHECK(df.input_layout() == input_layout);
        CHECK(df.ext_layouts().empty());
        CHECK(df.total_cost() == 0);
        CHECK(df.total_time() == 0);
        CHECK(df.size() == 0);
        CHECK(df.results().empty());
        CHECK(df.total_ops() == 0);
        CHECK(df.total_accesses() == std::array<double, 4>{0, 0, 0, 0});
        CHECK(df.total_noc_hops() == 0);
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "initial with external layers") {
        network.add_ext("e0", Layer::input(3, {224, 224}));
        network.add_ext("e1", Layer::input(6, {224, 224}));
        const DataLayout e0 = layout_of(network["e0"], batch_size, {2, 1});
        const DataLayout e1 = layout_of(network["e1"], batch_size, {2, 1});
        const NNDataflowScheme df(network, input_layout, {{"e0", e0}, {"e1", e1}});
        REQUIRE(df.ext_layouts().size() == 2);
        CHECK(df.ext_layouts()[0].first == "e0");
        CHECK(df.ext_layouts()[0].second == e0);
        CHECK(df.ext_layouts()[1].first == "e1");
        CHECK(df.ext_layouts()[1].second == e1);
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "external layouts must match the external layers") {
        CHECK_THROWS_AS(NNDataflowScheme(network, input_layout, {{"e0", input_layout}}),
                        InternalError);
        network.add_ext("e0", Layer::input(3, {224, 224}));
        CHECK_THROWS_AS(NNDataflowScheme(network, input_layout, {}), InternalError);
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "set and get") {
        NNDataflowScheme df(network, input_layout, {});
        df.set("c1", c1res);
        CHECK(&df["c1"] == c1res.get());
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "get a layer not scheduled") {
        const NNDataflowScheme df(network, input_layout, {});
        CHECK_THROWS_AS(df["c1"], InternalError);
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "set a layer not in the network") {
        NNDataflowScheme df(network, input_layout, {});
        CHECK_THROWS(df.set("cc", c1res));
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "set a layer twice") {
        NNDataflowScheme df(network, input_layout, {});
        df.set("c1", c1res);
        CHECK_THROWS_AS(df.set("c1", with_seq(c1res, {1, 0, 0})), InternalError);
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "set a layer before its previous layer") {
        NNDataflowScheme df(network, input_layout, {});
        CHECK_THROWS_AS(df.set("p1", p1res), InternalError);
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture,
                      "previous layers may be the input or external layers") {
        NNDataflowScheme df(network, input_layout, {});
        df.set("c1", c1res);
        CHECK(almost_equal(df.total_cost(), c1res->total_cost()));

        network.add_ext("e0", Layer::input(3, {224, 224}));
        network.add("c2", network["c1"], {"e0"});
        // A schedule of c2 alone: layers are added in the order given.
        NNDataflowScheme df2(
            std::make_shared<const ScheduleOrder>(network, std::vector<std::string>{"c2"}),
            input_layout, {{"e0", input_layout}});
        df2.set("c2", c1res);
        CHECK(almost_equal(df2.total_cost(), c1res->total_cost()));
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "segment indices must be in order") {
        NNDataflowScheme df(network, input_layout, {});
        CHECK_THROWS_AS(df.set("c1", with_seq(c1res, {1, 0, 0})), InternalError);

        NNDataflowScheme df2(network, input_layout, {});
        df2.set("c1", c1res);
        df2.set("p1", with_seq(p1res, {1, 0, 0}));
        CHECK_THROWS_AS(df2.set("p2", with_seq(p2res, {0, 0, 0})), InternalError);
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "iterate and count") {
        const NNDataflowScheme df = dtfl();
        CHECK(df.size() == 3);
        std::vector<std::string> names;
        for (const auto& [n, _] : df.results()) names.push_back(n);
        CHECK(names == std::vector<std::string>{"c1", "p1", "p2"});
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "copy") {
        const NNDataflowScheme df = dtfl();
        const NNDataflowScheme df2 = df;
        CHECK(almost_equal(df.total_cost(), df2.total_cost()));
        CHECK(df.total_time() == df2.total_time());
        // Shallow: the copies share the results.
        for (const auto& [n, _] : df.results()) CHECK(&df[n] == &df2[n]);
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "copy with external layers") {
        const NNDataflowScheme df1 = dtfl_with_ext();
        const NNDataflowScheme df2 = df1;
        CHECK(almost_equal(df1.total_cost(), df2.total_cost()));
        CHECK(df1.total_time() == df2.total_time());
        CHECK(df1.ext_layouts() == df2.ext_layouts());
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "fmap_layout") {
        const NNDataflowScheme df = dtfl();
        DataLayout fl = df.fmap_layout({std::string("c1")});
        CHECK(fl.is_in({c1res->ofmap_layout.regions[0]}));
        CHECK(fl.complete_fmap_range() == c1res->ofmap_layout.frngs[0]);

        fl = df.fmap_layout({std::nullopt});
        CHECK(fl.is_in({input_layout.regions[0]}));
        CHECK(fl.complete_fmap_range() == input_layout.frngs[0]);

        fl = df.fmap_layout({std::string("p1"), std::string("p2")});
        CHECK(fl.complete_fmap_range().size_dim(1) == network["p1"].nofm + network["p2"].nofm);

        fl = df.fmap_layout({std::nullopt, std::string("c1")});
        CHECK(fl.complete_fmap_range().size_dim(1) ==
              network.input_layer().nofm + network["c1"].nofm);
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "fmap_layout of external layers") {
        const NNDataflowScheme df = dtfl_with_ext();
        CHECK(df.fmap_layout({std::string("e0")}) == input_layout);
        const DataLayout fl = df.fmap_layout({std::string("e1"), std::nullopt});
        CHECK(fl.is_in({input_layout.regions[0]}));
        CHECK(fl.complete_fmap_range().size_dim(1) ==
              network["e1"].nofm + network.input_layer().nofm);
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "totals") {
        const NNDataflowScheme df = dtfl();
        CHECK(almost_equal(df.total_cost(), 1.5 + 0.6 * 2));
        CHECK(df.total_time() == 200 + 5);
        CHECK(almost_equal(df.total_ops(), 4 + 0.1 * 2));
        for (double a : df.total_accesses())
            CHECK(almost_equal(a, (7 + 8 + 9) + (.7 + .8 + .9) * 2));
        CHECK(almost_equal(df.total_noc_hops(), (4 + 5 + 6) + (.4 + .5 + .6) * 2));
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "time of the whole network in one segment") {
        NNDataflowScheme df(network, input_layout, {});
        df.set("c1", c1res);
        df.set("p1", with_seq(p1res, {0, 1, 0}));
        df.set("p2", with_seq(p2res, {0, 2, 0}));
        df.set("f1", with_seq(c1res, {0, 3, 0}));
        CHECK(df.total_time() == 200);
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "static cost adjusted to the pipelined time") {
        const double idl = 1e-3;
        const auto c1s = with_static(c1res, idl);
        const auto p1s = with_static(p1res, idl);
        const double sum_cost = 1.5 + 0.6 + 0.6 + 1.5;
        const double sum_time = 200 + 5 + 5 + 200;

        // No adjustment.
        NNDataflowScheme df(network, input_layout, {});
        df.set("c1", c1s);
        df.set("p1", with_seq(p1s, {1, 0, 0}));
        df.set("p2", with_seq(p1s, {2, 0, 0}));
        df.set("f1", with_seq(c1s, {3, 0, 0}));
        CHECK(almost_equal(df.total_cost(), sum_cost));
        CHECK(df.total_time() == sum_time);

        // With adjustment.
        NNDataflowScheme df2(network, input_layout, {});
        df2.set("c1", c1s);
        df2.set("p1", with_seq(p1s, {0, 1, 0}));
        df2.set("p2", with_seq(p1s, {0, 2, 0}));
        df2.set("f1", with_seq(c1s, {1, 0, 0}));
        double diff = (sum_time - static_cast<double>(df2.total_time())) * idl;
        CHECK(diff > 0);
        CHECK(almost_equal(df2.total_cost(), sum_cost - diff));

        // All in one segment.
        NNDataflowScheme df3(network, input_layout, {});
        df3.set("c1", c1s);
        df3.set("p1", with_seq(p1s, {0, 1, 0}));
        df3.set("p2", with_seq(p1s, {0, 2, 0}));
        df3.set("f1", with_seq(c1s, {0, 3, 0}));
        diff = (sum_time - static_cast<double>(df3.total_time())) * idl;
        CHECK(diff > 0);
        CHECK(almost_equal(df3.total_cost(), sum_cost - diff));
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "segment times") {
        NNDataflowScheme df(network, input_layout, {});
        df.set("c1", c1res);
        df.set("p1", p1res);
        df.set("p2", with_seq(p2res, {1, 0, 0}));
        std::vector<i64> t;
        for (const auto& s : df.segment_timing_list()) t.push_back(s.time());
        CHECK(t == std::vector<i64>{205, 5});
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture, "segment DRAM times") {
        auto c1 = std::make_shared<SchedulingResult>(*c1res);
        c1->dram_time = 180;
        auto p1 = std::make_shared<SchedulingResult>(*p1res);
        p1->dram_time = 5;
        auto p2 = std::make_shared<SchedulingResult>(*p2res);
        p2->dram_time = 10;
        p2->sched_seq = {1, 0, 0};
        NNDataflowScheme df(network, input_layout, {});
        df.set("c1", c1);
        df.set("p1", p1);
        df.set("p2", p2);
        std::vector<i64> t, dt;
        for (const auto& s : df.segment_timing_list()) {
            t.push_back(s.time());
            dt.push_back(s.dram_time());
        }
        CHECK(dt == std::vector<i64>{185, 10});
        CHECK(t == std::vector<i64>{205, 10});
    }

    TEST_CASE_FIXTURE(DataflowSchemeFixture,
                      "per-layer stats: active node PEs and DRAM bandwidth") {
        // Pooling layers touch no filters in the buffers: the document writes
        // those accesses as the int 0, after checking that they are 0.
        for (const auto& r : {p1res, p2res}) r->lbs.access[me::GBUF][de::FIL] = 0;
        for (const auto& r : {p1res, p2res}) r->lbs.access[me::ITCN][de::FIL] = 0;
        const NNDataflowScheme df = dtfl();
        // Costs chosen so the document's cost breakdown adds up to total_cost:
        // only NoC hops cost (18 hops x 0.15 = 2.7).
        ResultRun cfg;
        cfg.net = "test_net";
        cfg.batch = batch_size;
        cfg.cost = Cost{0, {0, 0, 0, 0}, 0.15, 0};
        Resource res;
        res.proc_region = NodeRegion::make({2, 2}, {0, 0}, NodeRegion::PROC);
        res.dram_region = res.src_data_region = res.dst_data_region = input_layout.regions[0];
        const OJson doc = result_json(cfg, res, Option(), df, {0, 0}, 0.0);
        const OJson& pes = doc["active_node_pes"];
        CHECK(pes.size() == df.size());
        CHECK(almost_equal(pes["c1"].get<double>(), 0.005));
        CHECK(almost_equal(pes["p1"].get<double>(), 0.01));
        CHECK(almost_equal(pes["p2"].get<double>(), 0.01));
        const OJson& bw = doc["dram_bandwidth"];
        CHECK(bw.size() == df.size());
        CHECK(almost_equal(bw["c1"].get<double>(), (7. + 8. + 9.) / 200));
        CHECK(almost_equal(bw["p1"].get<double>(), (.7 + .8 + .9) / 5));
        CHECK(almost_equal(bw["p2"].get<double>(), (.7 + .8 + .9) / 5));
        // The text the CLI prints is written directly, and is this document printed.
        CHECK(result_text(cfg, res, Option(), df, {0, 0}, 0.0) == py_json_dump(doc, 2));
    }

}  // TEST_SUITE
