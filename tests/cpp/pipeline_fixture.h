// The setting the reference's pipeline tests share
// (tests/pipeline_test/test_pipeline_fixture.py): small networks with the
// shapes that matter (linear, forks, corner cases), the real networks, an
// 8 x 8 node resource, segment and scheduling-result builders, and the
// validation of a segment's allocation and constraints.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/formats/builtin_networks.h"
#include "core/layer_search/scheduling.h"
#include "core/network_search/inter_layer_pipeline.h"
#include "core/network_search/pipeline_segment.h"
#include "core/network_search/pipeline_segment_timing.h"

namespace nndf::test {

inline std::vector<std::string> names(std::initializer_list<const char*> l) {
    return std::vector<std::string>(l.begin(), l.end());
}

struct PipelineFixture {
    std::map<std::string, Network> net;
    i64 batch_size = 16;
    Resource resource;
    DataLayout ofmap_layout;

    PipelineFixture() {
        const std::string in = Network::kInputKey;
        {
            // Linear.
            Network n("net1");
            n.set_input_layer(Layer::input(10, {1, 1}));
            n.add("0", Layer::fc(10, 20));
            n.add("1", Layer::fc(20, 30));
            n.add("1p", Layer::pooling(30, {1, 1}, {1, 1}));
            n.add("2", Layer::fc(30, 40));
            n.add("3", Layer::fc(40, 50));
            net.emplace(n.name(), n);
        }
        {
            // Long linear.
            Network n("net2");
            n.set_input_layer(Layer::input(1, {1, 1}));
            for (int i = 0; i < 16; ++i) n.add(std::to_string(i), Layer::fc(1, 1));
            net.emplace(n.name(), n);
        }
        {
            /* Fork.
               /0-2\   /6- 7- 8\
                 x  4-5         12
               \1-3/   \9-10-11/ */
            Network n("net3");
            n.set_input_layer(Layer::input(1, {1, 1}));
            n.add("0", Layer::fc(1, 1), {in});
            n.add("1", Layer::fc(1, 1), {in});
            n.add("2", Layer::fc(2, 1), {"0", "1"});
            n.add("2p", Layer::pooling(1, {1, 1}, {1, 1}));
            n.add("3", Layer::fc(2, 1), {"0", "1"});
            n.add("4", Layer::fc(2, 1), {"2p", "3"});
            n.add("5", Layer::fc(1, 1));
            n.add("5p", Layer::pooling(1, {1, 1}, {1, 1}));
            n.add("6", Layer::fc(1, 1), {"5p"});
            n.add("7", Layer::fc(1, 1));
            n.add("8", Layer::fc(1, 1));
            n.add("9", Layer::fc(1, 1), {"5p"});
            n.add("10", Layer::fc(1, 1));
            n.add("11", Layer::fc(1, 1));
            n.add("12", Layer::fc(2, 1), {"8", "11"});
            net.emplace(n.name(), n);
        }
        {
            /* Complex fork.
                        /5       \
               0-1-2-3-4-6-7-8-10-14
                            \9/
                        \11-12   /
                        \13      / */
            Network n("net4");
            n.set_input_layer(Layer::input(1, {1, 1}));
            for (const char* l : {"0", "1", "2", "3", "4"}) n.add(l, Layer::fc(1, 1));
            n.add("5", Layer::fc(1, 1), {"4"});
            n.add("6", Layer::fc(1, 1), {"4"});
            n.add("7", Layer::fc(1, 1));
            n.add("8", Layer::fc(1, 1), {"7"});
            n.add("9", Layer::fc(1, 1), {"7"});
            n.add("10", Layer::fc(1, 1));
            n.add("10p", Layer::pooling(2, {1, 1}, {1, 1}), {"8", "10"});
            n.add("11", Layer::pooling(1, {1, 1}, {1, 1}), {"4"});
            n.add("12", Layer::fc(1, 1));
            n.add("13", Layer::pooling(1, {1, 1}, {1, 1}), {"4"});
            n.add("14", Layer::fc(5, 1), {"5", "10p", "12", "13"});
            net.emplace(n.name(), n);
        }
        {
            /* Corner cases.
                ----\
               //1-2\ 7-8\
               0-3-4-x   10-11-12
                \ \5/ 9 /  \__/
                 6--/ */
            Network n("net5");
            n.set_input_layer(Layer::input(1, {1, 1}));
            n.add("0", Layer::fc(1, 1));
            n.add("1", Layer::fc(1, 1), {"0"});
            n.add("2", Layer::fc(1, 1));
            n.add("3", Layer::fc(1, 1), {"0"});
            n.add("4", Layer::fc(1, 1), {"3"});
            n.add("5", Layer::fc(1, 1), {"3"});
            n.add("6", Layer::fc(1, 1), {"0"});
            n.add("7", Layer::fc(5, 1), {"0", "2", "4", "5", "6"});
            n.add("8", Layer::fc(1, 1));
            n.add("9", Layer::fc(5, 1), {"0", "2", "4", "5", "6"});
            n.add("10", Layer::fc(2, 1), {"8", "9"});
            n.add("11", Layer::fc(1, 1));
            n.add("12", Layer::fc(2, 1), {"10", "11"});
            net.emplace(n.name(), n);
        }
        {
            // Fmap sizes.
            Network n("net6");
            n.set_input_layer(Layer::input(1, {24, 24}));
            n.add("0", Layer::conv(1, 1, {24, 24}, {3, 3}));
            n.add("1", Layer::conv(1, 1, {12, 12}, {3, 3}, {2, 2}));
            n.add("1p", Layer::pooling(1, {6, 6}, {2, 2}));
            n.add("2", Layer::conv(1, 1, {6, 6}, {3, 3}));
            n.add("3", Layer::conv(1, 1, {6, 6}, {3, 3}, {4, 4}), {"0"});
            net.emplace(n.name(), n);
        }
        {
            /* Topological order: see a visited vertex again.
                /---
               0-1-\\
                \2--2p */
            Network n("net7");
            n.set_input_layer(Layer::input(1, {1, 1}));
            n.add("0", Layer::fc(1, 1));
            n.add("1", Layer::fc(1, 1), {"0"});
            n.add("2", Layer::fc(1, 1), {"0"});
            n.add("2p", Layer::pooling(3, {1, 1}, {1, 1}), {"0", "1", "2"});
            net.emplace(n.name(), n);
        }
        {
            /* Forward to the middle.
                  /-\
               0-1-2-2p-4-4p
                \-3------/ */
            Network n("net8");
            n.set_input_layer(Layer::input(1, {1, 1}));
            n.add("0", Layer::fc(1, 1));
            n.add("1", Layer::fc(1, 1), {"0"});
            n.add("2", Layer::fc(1, 1), {"1"});
            n.add("2p", Layer::pooling(2, {1, 1}, {1, 1}), {"1", "2"});
            n.add("3", Layer::fc(1, 1), {"0"});
            n.add("4", Layer::fc(2, 1), {"2p"});
            n.add("4p", Layer::pooling(2, {1, 1}, {1, 1}), {"3", "4"});
            net.emplace(n.name(), n);
        }
        {
            // Previous layers include the input and others.
            Network n("net9");
            n.set_input_layer(Layer::input(1, {1, 1}));
            n.add("0", Layer::fc(1, 1));
            n.add("1", Layer::fc(2, 1), {in, "0"});
            net.emplace(n.name(), n);
        }
        // Real networks.
        for (const auto& b : builtin_networks()) net.emplace(b.name, load_builtin_network(b.name));

        resource.proc_region = NodeRegion::make({8, 8}, {0, 0}, NodeRegion::PROC);
        resource.dram_region = NodeRegion::make({8, 8}, {0, 0}, NodeRegion::DRAM);
        resource.src_data_region = NodeRegion::make({8, 4}, {0, 0}, NodeRegion::DRAM);
        resource.dst_data_region = NodeRegion::make({8, 4}, {0, 4}, NodeRegion::DRAM);
        resource.dim_array = PhyDim2(16, 16);
        resource.size_gbuf = 65536;
        resource.size_regf = 64;
        resource.array_bus_width = kInf;
        resource.dram_bandwidth = kInf;
        resource.no_time_mux = false;

        ofmap_layout = DataLayout::make({FmapRange({0, 0, 0, 0}, {2, 4, 16, 16})},
                                        {NodeRegion::make({1, 1}, {0, 0}, NodeRegion::DRAM)},
                                        {PartitionScheme()});
    }

    static bool is_small_net(const std::string& name) { return name.rfind("net", 0) == 0; }

    /// A segment of the given DAG vertices: each vertex a spatial slot, or
    /// all in one slot (temporal).
    PipelineSegment make_segment(const std::vector<int>& vseg, const Network& n,
                                 bool temporal = false, double max_util_drop = 0.05,
                                 bool with_opt = true) const {
        const InterLayerPipeline ilp(n);
        PipelineSegment::Layers seg;
        for (int v : vseg) seg.push_back(ilp.vertices().at(static_cast<size_t>(v)));
        if (temporal) {
            std::vector<std::string> all;
            for (const auto& v : seg) all.insert(all.end(), v.begin(), v.end());
            seg = {all};
        }
        return PipelineSegment(seg, n, batch_size, resource, max_util_drop, with_opt);
    }

    PipelineSegment make_seg(PipelineSegment::Layers seg, const Network& n) const {
        return PipelineSegment(std::move(seg), n, batch_size, resource);
    }

    /// A scheduling result with the given top blocking factors and times.
    SchedulingResult make_sched_res(std::array<i64, 3> sched_seq, i64 time, i64 top_ti = 1,
                                    i64 top_to = 1, i64 top_tb = 1,
                                    std::array<int, le::NUM> top_ord = {0, 1, 2}, i64 dram_time = 0,
                                    i64 num_nodes = 4) const {
        SchedulingResult r;
        r.cost = 1.234 + 9.876;
        r.time = static_cast<double>(std::max(time, dram_time));
        r.num_nodes = num_nodes;
        r.proc_time = time;
        r.bus_time = 0;
        r.dram_time = dram_time;
        r.lbs.bl_ts = {LoopTriple{top_ti, top_to, top_tb}, LoopTriple{1, 1, 1},
                       LoopTriple{1, 1, 1}};
        r.lbs.bl_ords = {top_ord, std::array<int, le::NUM>{0, 1, 2}};
        r.ofmap_layout = ofmap_layout;
        r.sched_seq = sched_seq;
        return r;
    }

    /// Every single-layer segment, then one per vertex segment that is not
    /// a single layer.
    std::vector<PipelineSegment> gen_all_segment(const Network& n, bool temporal = false,
                                                 bool with_opt = true) const {
        std::vector<PipelineSegment> out;
        for (const auto& l : n.layer_names()) out.push_back(make_seg({{l}}, n));
        const InterLayerPipeline ilp(n);
        for (const auto& vseg : ilp.gen_vseg()) {
            PipelineSegment s = make_segment(vseg, n, temporal, 0.05, with_opt);
            if (s.layers().size() == 1 && s.layers()[0].size() == 1) continue;
            out.push_back(std::move(s));
        }
        return out;
    }

    static bool has(const std::vector<std::optional<std::string>>& v, const std::string& l) {
        return std::find(v.begin(), v.end(), std::optional<std::string>(l)) != v.end();
    }

    /// The reference fixture's _validate_allocation.
    void validate_allocation(const PipelineSegment& segment) const {
        const auto& seg = segment.layers();
        const auto& alloc = segment.allocation();
        const Network& n = segment.network();
        REQUIRE(alloc.size() == seg.size());
        for (size_t sp = 0; sp < seg.size(); ++sp) REQUIRE(alloc[sp].size() == seg[sp].size());

        // Number of nodes.
        i64 nodes = 0;
        for (const auto& rtpl : alloc) nodes += rtpl[0].proc_region.dim.size();
        CHECK(nodes == resource.proc_region.dim.size());

        // Temporal layers share a region; spatial slots do not overlap.
        std::set<std::pair<i64, i64>> used;
        for (const auto& rtpl : alloc) {
            const NodeRegion& pr = rtpl[0].proc_region;
            for (const auto& r : rtpl) CHECK(r.proc_region == pr);
            for (const auto& node : pr.iter_node()) {
                CHECK(resource.proc_region.contains_node(node));
                CHECK(used.insert({node.h, node.w}).second);
            }
        }

        // Data liveness.
        std::map<std::string, NodeRegion> data_regions;
        for (size_t sp = 0; sp < seg.size(); ++sp) {
            for (size_t tm = 0; tm < seg[sp].size(); ++tm) {
                const std::string& l = seg[sp][tm];
                const Resource& r = alloc[sp][tm];
                CAPTURE(l);
                for (const auto& pl : n.prevs(l)) {
                    auto it = pl ? data_regions.find(*pl) : data_regions.end();
                    if (it == data_regions.end()) {
                        // From memory; maybe fetched by another slot that shares it.
                        size_t sh = alloc.size();
                        for (size_t i = 0; i < alloc.size() && sh == alloc.size(); ++i)
                            if (alloc[i][0].proc_region == r.src_data_region) sh = i;
                        if (sh == alloc.size()) {
                            CHECK(r.src_data_region == resource.src_data_region);
                        } else {
                            CHECK(n.prevs(l) == n.prevs(seg[sh][0]));
                        }
                    } else if (!(it->second == r.proc_region)) {
                        // On-chip in a neighbour.
                        CHECK(r.src_data_region == it->second);
                    }
                }
                // Local, or back to memory.
                CHECK((r.dst_data_region == r.proc_region ||
                       r.dst_data_region == resource.dst_data_region));
                // This slot's data overwrite what was there.
                const auto local = r.proc_region.iter_node();
                for (auto it = data_regions.begin(); it != data_regions.end();) {
                    bool overlap = false;
                    for (const auto& a : it->second.iter_node())
                        for (const auto& b : local) overlap = overlap || (a == b);
                    it = overlap ? data_regions.erase(it) : std::next(it);
                }
                data_regions.insert_or_assign(l, r.proc_region);
            }
        }
    }

    /// How a layer's output may be read: any way, only after all is written
    /// (double-buffered), in a number of sequential groups, or as decided
    /// later by the named layer's top OFM factor (lazy). NONE: not recorded.
    struct Oap {
        enum Kind { NONE, ANY, DBF, SEQ, LAZY } kind = ANY;
        i64 groups = 0;
        std::string layer;
        static Oap of_int(i64 v) {
            if (v == 0) return {ANY, 0, ""};
            if (v == -1) return {DBF, 0, ""};
            return {SEQ, v, ""};
        }
        bool is_seq_or_lazy() const { return kind == SEQ || kind == LAZY; }
        friend bool operator==(const Oap& a, const Oap& b) {
            return a.kind == b.kind && a.groups == b.groups && a.layer == b.layer;
        }
    };

    /// The reference fixture's _validate_constraint.
    void validate_constraint(const PipelineSegment& segment,
                             const PipelineSegment::Constraints& constraint) const {
        const auto& seg = segment.layers();
        const Network& n = segment.network();
        REQUIRE(constraint.size() == seg.size());
        for (size_t sp = 0; sp < seg.size(); ++sp) REQUIRE(constraint[sp].size() == seg[sp].size());

        // The same top BAT factor, a factor of the batch.
        const i64 top_tb = constraint[0][0].topbat;
        for (const auto& ctpl : constraint)
            for (const auto& c : ctpl) CHECK(c.topbat == top_tb);
        if (top_tb) CHECK(batch_size % top_tb == 0);

        std::set<std::string> seg_layers;
        for (const auto& ltpl : seg) seg_layers.insert(ltpl.begin(), ltpl.end());
        auto in_seg = [&](const std::optional<std::string>& l) {
            return l && seg_layers.count(*l);
        };

        std::vector<std::pair<std::optional<std::string>, Oap>> avail(seg.size(),
                                                                      {std::nullopt, Oap{}});

        // Groups of slots whose first layers read the same memory data.
        std::vector<std::pair<std::vector<std::optional<std::string>>, std::vector<std::string>>>
            prevs2layers;
        for (const auto& ltpl : seg) {
            const auto p = n.prevs(ltpl[0]);
            auto it = std::find_if(prevs2layers.begin(), prevs2layers.end(),
                                   [&](const auto& e) { return e.first == p; });
            if (it == prevs2layers.end())
                prevs2layers.push_back({p, {ltpl[0]}});
            else
                it->second.push_back(ltpl[0]);
        }
        std::vector<std::vector<std::string>> sh_groups;
        for (const auto& [ps, ls] : prevs2layers) {
            if (ls.size() > 1 && std::none_of(ps.begin(), ps.end(), in_seg))
                sh_groups.push_back(ls);
        }
        std::vector<std::optional<i64>> sh_topifm(sh_groups.size());

        bool fb_out = false;
        for (size_t sp = 0; sp < seg.size(); ++sp) {
            CHECK_FALSE(fb_out);
            for (size_t tm = 0; tm < seg[sp].size(); ++tm) {
                const std::string& layer = seg[sp][tm];
                const SchedulingConstraint& c = constraint[sp][tm];
                CAPTURE(layer);
                const auto prevs = n.prevs(layer);
                std::vector<Oap> prev_oaps;
                bool local_src = false;
                for (const auto& pl : prevs) {
                    if (!in_seg(pl)) {
                        prev_oaps.push_back(Oap{});  // off-chip: any
                    } else if (std::find(seg[sp].begin(), seg[sp].end(), *pl) != seg[sp].end()) {
                        local_src = true;
                        CHECK(avail[sp].first == pl);
                        prev_oaps.push_back(avail[sp].second);
                    } else {
                        std::optional<Oap> poap;
                        for (size_t p = 0; p < sp && !poap; ++p)
                            if (avail[p].first == pl) poap = avail[p].second;
                        REQUIRE(poap);
                        prev_oaps.push_back(*poap);
                    }
                }
                const bool has_src = std::any_of(prevs.begin(), prevs.end(), in_seg);
                std::optional<Oap> seq;
                for (const auto& o : prev_oaps) {
                    if (!o.is_seq_or_lazy()) continue;
                    CHECK_FALSE(seq);  // a single sequential source
                    seq = o;
                }
                const auto nexts = n.nexts(layer);
                const bool has_dst = std::any_of(nexts.begin(), nexts.end(), in_seg);

                bool grouped = false;
                for (size_t g = 0; g < sh_groups.size() && !grouped; ++g) {
                    if (std::find(sh_groups[g].begin(), sh_groups[g].end(), layer) ==
                        sh_groups[g].end())
                        continue;
                    grouped = true;
                    if (!sh_topifm[g]) sh_topifm[g] = c.topifm;
                    CHECK(*sh_topifm[g] == c.topifm);
                }
                if (!grouped && !has_src) CHECK(c.topifm == 0);

                Oap oap{Oap::NONE, 0, ""};
                if (n[layer].is_conv()) {
                    CHECK_FALSE(fb_out);
                    if (local_src) {
                        const Oap::Kind k = avail[sp].second.kind;
                        CHECK((k == Oap::DBF || k == Oap::ANY));
                    }
                    if (std::any_of(prev_oaps.begin(), prev_oaps.end(),
                                    [](const Oap& o) { return o.kind == Oap::DBF; })) {
                        CHECK(c.topifm == 1);
                    }
                    if (seq && has_dst) {
                        CHECK(seq->kind != Oap::LAZY);
                        CHECK(c.topifm == seq->groups);
                        CHECK(c.topofm == 1);
                        fb_out = true;
                    }
                    if (c.topofm == 1) {
                        oap = Oap::of_int(c.topifm == 1 ? 0 : -1);
                    } else if (has_dst && c.topofm > 0) {
                        oap = Oap::of_int(c.topofm);
                        if (has_src) CHECK(c.topifm == 1);
                    } else if (has_dst) {
                        oap = Oap{Oap::LAZY, 0, layer};
                    }
                } else {
                    if (seq && has_dst) {
                        const bool match = seq->kind == Oap::SEQ ? c.topofm == seq->groups
                                                                 : c.topofm_from == seq->layer;
                        CHECK((match || c.topofm == 1));
                    }
                    if (c.topofm == 1)
                        oap = Oap::of_int(-1);
                    else if (seq && seq->kind == Oap::LAZY)
                        oap = *seq;
                    else
                        oap = Oap::of_int(c.topofm);
                }
                if (c.topofm == 1) fb_out = false;
                avail[sp] = {layer, oap};
            }
        }
    }
};

}  // namespace nndf::test
