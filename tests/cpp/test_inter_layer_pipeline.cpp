// Mirrors the reference's tests/pipeline_test/test_inter_layer_pipeline.py.
//
// Differences in mechanism:
// - InterLayerPipeline here holds only the network; the batch size, the
//   resource and max_util_drop are arguments of gen_segment(), which checks
//   max_util_drop (the reference's ValueError; an internal parameter here, so
//   a bad value is a bug: InternalError). TypeErrors for arguments of the
//   wrong type are Python-only.
// - dag_vertex_list / dag_prev_dict / dag_next_dict are vertices(), prevs(),
//   nexts() and input_nexts() (the reference's key -1).
// - Sets of segments are sets of their layer tuples (all segments compared
//   in one test share the network, batch, resource and options).
#include <doctest/doctest.h>
#include <algorithm>

#include <regex>

#include "core/util/error.h"
#include "pipeline_fixture.h"

using namespace nndf;
using test::PipelineFixture;

namespace {

using SegKey = PipelineSegment::Layers;
using SegSet = std::set<SegKey>;

/// The segments' layer tuples; checks there are no duplicates.
SegSet key_set(const std::vector<PipelineSegment>& segs) {
    SegSet s;
    for (const auto& seg : segs) s.insert(seg.layers());
    CHECK(s.size() == segs.size());
    return s;
}

bool subset(const SegSet& a, const SegSet& b) {
    return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

std::set<std::vector<int>> vseg_set(const InterLayerPipeline& ilp) {
    const auto v = ilp.gen_vseg();
    return std::set<std::vector<int>>(v.begin(), v.end());
}

/// The vertex holding a layer.
int vertex_of(const InterLayerPipeline& ilp, const std::string& layer) {
    const auto& vs = ilp.vertices();
    for (size_t i = 0; i < vs.size(); ++i)
        if (std::find(vs[i].begin(), vs[i].end(), layer) != vs[i].end()) return static_cast<int>(i);
    return -2;
}

/// Layers of `n` fed by the input or an external layer.
std::set<std::string> input_readers(const Network& n) {
    std::set<std::string> out;
    for (const auto& l : n.layer_names())
        for (const auto& p : n.prevs(l))
            if (!p || n.is_ext(*p)) out.insert(l);
    return out;
}

Option options_of(bool interlayer, bool savewb) {
    Option o;
    o.partition_interlayer = interlayer;
    o.hw_gbuf_save_writeback = savewb;
    return o;
}

}  // namespace

TEST_SUITE("inter_layer_pipeline") {
    TEST_CASE_FIXTURE(PipelineFixture, "valid arguments") {
        const Network& n = net.at("net1");
        const InterLayerPipeline ilp(n);
        const auto segs = ilp.gen_segment(batch_size, resource, Option(), 0.1);
        REQUIRE(!segs.empty());
        for (const auto& s : segs) {
            CHECK(&s.network() == &n);
            CHECK(s.batch_size() == batch_size);
            CHECK(s.resource() == resource);
            CHECK(s.max_util_drop() == 0.1);
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "invalid max_util_drop") {
        const InterLayerPipeline ilp(net.at("net1"));
        for (double d : {1.1, -0.1}) {
            CAPTURE(d);
            CHECK_THROWS_WITH_AS(ilp.gen_segment(batch_size, resource, Option(), d),
                                 doctest::Contains("InterLayerPipeline: max_util_drop"),
                                 InternalError);
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "topological order") {
        for (const auto& [name, n] : net) {
            if (!is_small_net(name)) continue;
            CAPTURE(name);
            const InterLayerPipeline ilp(n);
            for (const auto& l : n.layer_names()) {
                // Layers are named by their vertex in topological order.
                const int v = vertex_of(ilp, l);
                REQUIRE(v >= 0);
                CHECK(l.rfind(std::to_string(v), 0) == 0);
            }
            // A disjoint union of the layers.
            std::set<std::string> all;
            size_t count = 0;
            for (const auto& v : ilp.vertices()) {
                all.insert(v.begin(), v.end());
                count += v.size();
            }
            CHECK(count == all.size());
            CHECK(all == std::set<std::string>(n.layer_names().begin(), n.layer_names().end()));
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture,
                      "a local-region layer with no previous layer to merge with") {
        Network n("tmp_net");
        n.set_input_layer(Layer::input(30, {1, 1}));
        n.add("0", Layer::pooling(30, {1, 1}, {1, 1}));
        n.add("1", Layer::fc(30, 40));
        n.add("1p", Layer::pooling(40, {1, 1}, {1, 1}));
        const InterLayerPipeline ilp(n);
        for (const auto& l : n.layer_names()) {
            const int v = vertex_of(ilp, l);
            REQUIRE(v >= 0);
            CHECK(l.rfind(std::to_string(v), 0) == 0);
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "previous vertices") {
        for (const auto& [name, n] : net) {
            CAPTURE(name);
            const InterLayerPipeline ilp(n);
            for (size_t vi = 0; vi < ilp.vertices().size(); ++vi) {
                const auto& v = ilp.vertices()[vi];
                std::set<std::string> prev_layers;
                bool from_input = false;
                for (const auto& l : v) {
                    for (const auto& p : n.prevs(l)) {
                        if (!p || n.is_ext(*p))
                            from_input = true;
                        else
                            prev_layers.insert(*p);
                    }
                }
                for (const auto& l : v) prev_layers.erase(l);
                for (int pv : ilp.prevs(static_cast<int>(vi))) {
                    CHECK(pv < static_cast<int>(vi));
                    if (pv < 0) {
                        CHECK(from_input);
                    } else {
                        const auto& pl = ilp.vertices()[static_cast<size_t>(pv)];
                        CHECK(std::any_of(pl.begin(), pl.end(), [&](const std::string& l) {
                            return prev_layers.count(l);
                        }));
                    }
                }
            }
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "next vertices") {
        for (const auto& [name, n] : net) {
            CAPTURE(name);
            const InterLayerPipeline ilp(n);
            auto check_nexts = [&](int vi, const std::set<int>& nexts,
                                   const std::set<std::string>& next_layers) {
                for (int nv : nexts) {
                    CHECK(nv > vi);
                    const auto& nl = ilp.vertices()[static_cast<size_t>(nv)];
                    CHECK(std::any_of(nl.begin(), nl.end(),
                                      [&](const std::string& l) { return next_layers.count(l); }));
                }
            };
            check_nexts(-1, ilp.input_nexts(), input_readers(n));
            for (size_t vi = 0; vi < ilp.vertices().size(); ++vi) {
                const auto& v = ilp.vertices()[vi];
                std::set<std::string> next_layers;
                for (const auto& l : v)
                    for (const auto& x : n.nexts(l))
                        if (x) next_layers.insert(*x);
                for (const auto& l : v) next_layers.erase(l);
                check_nexts(static_cast<int>(vi), ilp.nexts(static_cast<int>(vi)), next_layers);
            }
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "previous and next vertices match") {
        for (const auto& [name, n] : net) {
            CAPTURE(name);
            const InterLayerPipeline ilp(n);
            const int nv = static_cast<int>(ilp.vertices().size());
            for (int v = 0; v < nv; ++v) {
                for (int p : ilp.prevs(v))
                    CHECK((p < 0 ? ilp.input_nexts() : ilp.nexts(p)).count(v) == 1);
                for (int x : ilp.nexts(v)) {
                    // A matmul reads its right operand's vertex without it
                    // being a prev (not its ifmap): network.h, add with rhs.
                    bool reads_rhs = false;
                    for (const auto& l : ilp.vertices()[x]) {
                        const auto rhs = n.rhs(l);
                        const auto& from = ilp.vertices()[v];
                        reads_rhs = reads_rhs || (rhs && std::find(from.begin(), from.end(),
                                                                   *rhs) != from.end());
                    }
                    CHECK((ilp.prevs(x).count(v) == 1 || reads_rhs));
                }
            }
            for (int x : ilp.input_nexts()) CHECK(ilp.prevs(x).count(-1) == 1);
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_vseg") {
        // Simple and linear: 1 + ... + n.
        for (const char* name : {"net1", "net2"}) {
            const InterLayerPipeline ilp(net.at(name));
            const size_t num = ilp.vertices().size();
            CHECK(ilp.gen_vseg().size() == (num + 1) * num / 2);
        }

        // Fork.
        {
            const InterLayerPipeline ilp(net.at("net4"));
            const auto vs = vseg_set(ilp);
            CHECK(ilp.gen_vseg().size() == 39);
            // One of several previous vertices on-chip.
            CHECK(vs.count({9, 10}));
            CHECK(vs.count({13, 14}));
            // Only one next vertex off-chip.
            CHECK(vs.count({7, 8}));
            CHECK_FALSE(vs.count({4, 5, 6}));
        }

        // Several first layers.
        {
            CHECK(net.at("net3").firsts().size() > 1);
            const auto vs = vseg_set(InterLayerPipeline(net.at("net3")));
            CHECK(vs.count({0}));
            CHECK(vs.count({1}));
        }

        // The rules.
        {
            const auto vs = vseg_set(InterLayerPipeline(net.at("net5")));
            // No shared dependencies.
            CHECK_FALSE(vs.count({2, 3, 4}));
            CHECK_FALSE(vs.count({8, 9}));
            // Several previous vertices.
            CHECK_FALSE(vs.count({5, 6, 7}));
            CHECK_FALSE(vs.count({8, 9, 10}));
            CHECK_FALSE(vs.count({10, 11, 12}));
            // Several next vertices.
            CHECK_FALSE(vs.count({0, 1, 2, 3}));
            CHECK(vs.count({3, 4}));
            CHECK(vs.count({3, 4, 5}));
            CHECK(vs.count({10, 11}));
        }

        // No duplicates.
        for (const auto& [name, n] : net) {
            CAPTURE(name);
            const InterLayerPipeline ilp(n);
            CHECK(ilp.gen_vseg().size() == vseg_set(ilp).size());
        }

        // Real networks.
        {
            const InterLayerPipeline ilp(net.at("zfnet"));
            CHECK(ilp.vertices().size() == 8);
            CHECK(ilp.gen_vseg().size() == 36);
        }
        {
            const InterLayerPipeline ilp(net.at("vgg_net"));
            CHECK(ilp.vertices().size() == 16);
            CHECK(ilp.gen_vseg().size() == 136);
        }
        // Large networks with forks: between one and eight per layer.
        for (const char* name : {"googlenet", "resnet152"}) {
            CAPTURE(name);
            const Network& n = net.at(name);
            const InterLayerPipeline ilp(n);
            const auto v = ilp.gen_vseg();
            CHECK(v.size() == vseg_set(ilp).size());
            CHECK(v.size() > n.size());
            CHECK(v.size() <= n.size() * 8);
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_vseg twice") {
        for (const auto& [name, n] : net) {
            if (!is_small_net(name)) continue;
            const InterLayerPipeline ilp(n);
            CHECK(ilp.gen_vseg() == ilp.gen_vseg());
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "ordered layer list") {
        // Natural order of the names: numbers by value, then the rest.
        auto nat_key = [](const std::string& s) {
            std::vector<std::pair<int, std::string>> key;
            const std::regex num("([0-9]+)");
            auto it = std::sregex_token_iterator(s.begin(), s.end(), num, {-1, 0});
            for (; it != std::sregex_token_iterator(); ++it) {
                const std::string part = *it;
                if (part.empty()) continue;
                if (std::isdigit(static_cast<unsigned char>(part[0])))
                    key.push_back({std::stoi(part), ""});
                else
                    key.push_back({-1, part});
            }
            return key;
        };
        for (const char* name : {"net1", "net2", "net3", "net4", "net5"}) {
            CAPTURE(name);
            const auto ord = InterLayerPipeline(net.at(name)).ordered_layer_list();
            for (size_t i = 0; i + 1 < ord.size(); ++i)
                CHECK(nat_key(ord[i]) < nat_key(ord[i + 1]));
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_segment") {
        for (const auto& [name, n] : net) {
            CAPTURE(name);
            const InterLayerPipeline ilp(n);

            // No pipelining.
            const SegSet segs_n =
                key_set(ilp.gen_segment(batch_size, resource, options_of(false, false)));
            for (const auto& s : segs_n) {
                REQUIRE(s.size() == 1);
                REQUIRE(s[0].size() == 1);
                CHECK(n.contains(s[0][0]));
            }

            // Spatial pipelining: at most one layer with filters per slot.
            const SegSet segs_sp =
                key_set(ilp.gen_segment(batch_size, resource, options_of(true, false)));
            for (const auto& s : segs_sp) {
                for (const auto& ltpl : s) {
                    CHECK(std::count_if(ltpl.begin(), ltpl.end(),
                                        [&](const std::string& l) { return n[l].is_conv(); }) <= 1);
                }
            }
            CHECK(subset(segs_n, segs_sp));

            // Temporal pipelining: one slot.
            const SegSet segs_tp =
                key_set(ilp.gen_segment(batch_size, resource, options_of(false, true)));
            for (const auto& s : segs_tp) CHECK(s.size() == 1);
            CHECK(subset(segs_n, segs_tp));

            // Both.
            const SegSet segs_stp =
                key_set(ilp.gen_segment(batch_size, resource, options_of(true, true)));
            SegSet uni = segs_tp;
            uni.insert(segs_sp.begin(), segs_sp.end());
            CHECK(segs_stp == uni);
            // Only single layers and single vertices are both spatial and temporal.
            SegSet singles = segs_n;
            for (const auto& v : ilp.vertices()) singles.insert({v});
            for (const auto& s : segs_tp)
                if (segs_sp.count(s)) CHECK(singles.count(s));
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_segment with a maximum degree") {
        const Network& n = net.at("vgg_net");
        Option o = options_of(true, true);
        o.layer_pipeline_max_degree = 4;
        for (const auto& seg : InterLayerPipeline(n).gen_segment(batch_size, resource, o)) {
            int convs = 0;
            for (const auto& ltpl : seg.layers())
                for (const auto& l : ltpl) convs += n[l].is_conv();
            CHECK(convs <= 4);
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_segment gives segments of vertex segments") {
        for (const auto& [name, n] : net) {
            if (!is_small_net(name)) continue;
            CAPTURE(name);
            const SegSet segs = key_set(
                InterLayerPipeline(n).gen_segment(batch_size, resource, options_of(true, false)));
            CHECK(!segs.empty());
            SegSet all;
            for (const auto& s : gen_all_segment(n)) all.insert(s.layers());
            CHECK(subset(segs, all));
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_segment with several previous vertices") {
        const Network& n = net.at("net4");
        const InterLayerPipeline ilp(n);
        const auto vs = vseg_set(ilp);
        CHECK(vs.count({9, 10}));
        CHECK(vs.count({13, 14}));
        const auto segs = ilp.gen_segment(batch_size, resource, options_of(true, false));
        auto has = [&](const PipelineSegment& s) {
            return std::find(segs.begin(), segs.end(), s) != segs.end();
        };
        // 10 has only the neighbour source 9; 10p the local source 10 and the
        // memory source 8: valid.
        CHECK(has(make_segment({9, 10}, n)));
        // 14 has the neighbour source 13 and memory sources: invalid.
        CHECK_FALSE(has(make_segment({13, 14}, n)));
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_segment with one next vertex left out") {
        const Network& n = net.at("net4");
        const InterLayerPipeline ilp(n);
        const auto vs = vseg_set(ilp);
        CHECK(vs.count({7, 8}));
        CHECK_FALSE(vs.count({4, 5, 6}));
        const auto segs = ilp.gen_segment(batch_size, resource, options_of(true, false));
        auto has = [&](const PipelineSegment& s) {
            return std::find(segs.begin(), segs.end(), s) != segs.end();
        };
        CHECK(has(make_segment({7, 8}, n)));
        CHECK_FALSE(has(make_segment({4, 5, 6}, n)));
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_segment without the optimizations") {
        Option with_opt = options_of(true, true);
        Option not_opt = with_opt;
        not_opt.layer_pipeline_opt = false;
        auto segs = [&](const Network& n, const Option& o) {
            return key_set(InterLayerPipeline(n).gen_segment(batch_size, resource, o));
        };
        // Linear networks: the same.
        for (const char* name : {"net1", "net2", "zfnet"}) {
            CAPTURE(name);
            CHECK(segs(net.at(name), with_opt) == segs(net.at(name), not_opt));
        }
        // Others: more with the optimizations.
        for (const char* name : {"net3", "net4", "net5", "net6", "net7", "googlenet"}) {
            CAPTURE(name);
            CHECK(subset(segs(net.at(name), not_opt), segs(net.at(name), with_opt)));
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_segment with ResNet") {
        const Network& n = net.at("resnet152");
        // One residual module fits.
        const PipelineSegment seg =
            make_seg({{"conv3_2_a"}, {"conv3_2_b"}, {"conv3_2_c", "conv3_2_res"}}, n);
        CHECK(n.prevs("conv3_2_res") == std::vector<std::optional<std::string>>{
                                            std::string("conv3_1_res"), std::string("conv3_2_c")});
        CHECK(seg.valid());
        const SegSet segs = key_set(
            InterLayerPipeline(n).gen_segment(batch_size, resource, options_of(true, false)));
        CHECK(segs.count(seg.layers()));
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_segment with an LSTM cell") {
        const Network& n = net.at("lstm_phoneme");
        std::string cname;
        for (const auto& l : n.layer_names()) {
            if (l.size() > 6 && l.compare(l.size() - 6, 6, "_igate") == 0)
                cname = l.substr(0, l.size() - 6);
        }
        REQUIRE(!cname.empty());
        // One LSTM cell fits.
        const PipelineSegment seg =
            make_seg({{cname + "_cand"},
                      {cname + "_igate", cname + "_cout_i"},
                      {cname + "_fgate", cname + "_cout_f", cname + "_cout"},
                      {cname + "_ogate", cname + "_hout"}},
                     n);
        CHECK(seg.valid());
        const SegSet segs = key_set(
            InterLayerPipeline(n).gen_segment(batch_size, resource, options_of(true, false)));
        CHECK(segs.count(seg.layers()));
    }

}  // TEST_SUITE
