// Mirrors the reference's tests/pipeline_test/test_pipeline_segment.py.
//
// Differences in mechanism:
// - TypeErrors for arguments of the wrong type, and __repr__, are
//   Python-only. The reference's allocation() of an invalid segment is None;
//   here it is empty.
// - The private _alloc_proc is seen through allocation(): the processing
//   regions of a valid segment's slots (a segment whose allocation fails is
//   invalid).
// - cstr_symargs is symbolic_args(): a missing argument is null, a literal
//   argument a constant.
// - gen_constraint() takes the time-overhead limit; the reference's default
//   is infinite.
#include <doctest/doctest.h>

#include "pipeline_fixture.h"

using namespace nndf;
using test::PipelineFixture;

namespace {

/// The processing-node counts of the slots.
std::vector<i64> slot_nodes(const PipelineSegment& s) {
    std::vector<i64> v;
    for (const auto& rtpl : s.allocation()) v.push_back(rtpl[0].proc_region.dim.size());
    return v;
}

/// A literal boolean argument of the symbolic constraints; absent is false.
bool sym_flag(const PipelineSegment& s, size_t sp, size_t tm, PipelineSegment::ArgKey k) {
    const auto& a = s.symbolic_args().at(sp).at(tm);
    if (!a.has(k)) return false;
    REQUIRE(a.v[k]->is_const());
    return a.v[k]->value() != 0;
}

}  // namespace

TEST_SUITE("pipeline_segment") {
    TEST_CASE_FIXTURE(PipelineFixture, "valid arguments") {
        const PipelineSegment s = make_seg({{"0"}, {"1", "1p"}}, net.at("net1"));
        CHECK(s.valid());
        CHECK(s.layers() == PipelineSegment::Layers{{"0"}, {"1", "1p"}});
        CHECK(&s.network() == &net.at("net1"));
        CHECK(s.batch_size() == batch_size);
        CHECK(s.resource() == resource);
    }

    TEST_CASE_FIXTURE(PipelineFixture, "invalid by dependencies") {
        // Local data not used.
        PipelineSegment s = make_segment({0, 1}, net.at("net3"), true);
        CHECK_FALSE(s.valid());
        CHECK(s.allocation().empty());
        // Local data not available.
        s = make_segment({10, 11, 12}, net.at("net5"), true);
        CHECK_FALSE(s.valid());
        CHECK(s.allocation().empty());
        // Several neighbour sources in one slot.
        s = make_segment({1, 2}, net.at("net8"));
        CHECK_FALSE(s.valid());
        CHECK(s.allocation().empty());
        // Both memory and neighbour sources.
        s = make_segment({13, 14}, net.at("net4"));
        CHECK_FALSE(s.valid());
        CHECK(s.allocation().empty());
        // Valid: both memory and neighbour destinations.
        CHECK(make_segment({7, 8}, net.at("net4")).valid());
    }

    TEST_CASE_FIXTURE(PipelineFixture, "dependencies without the optimizations") {
        // Several on-chip sources.
        CHECK(make_segment({3, 4}, net.at("net8")).valid());
        CHECK_FALSE(make_segment({3, 4}, net.at("net8"), false, 0.05, false).valid());
        // Several on-chip destinations.
        CHECK(make_segment({4, 5, 6}, net.at("net4")).valid());
        CHECK_FALSE(make_segment({4, 5, 6}, net.at("net4"), false, 0.05, false).valid());
        // Several linear chains.
        CHECK(make_segment({5, 6}, net.at("net4")).valid());
        CHECK_FALSE(make_segment({5, 6}, net.at("net4"), false, 0.05, false).valid());
    }

    TEST_CASE_FIXTURE(PipelineFixture, "invalid by allocation") {
        CHECK_FALSE(make_segment({0, 1}, net.at("net1"), false, 0.01).valid());
    }

    TEST_CASE_FIXTURE(PipelineFixture, "layers as a sequence") {
        const PipelineSegment s = make_segment({0, 1}, net.at("net1"));
        CHECK(s.valid());
        for (const auto& ltpl : s.layers())
            for (const auto& l : ltpl) CHECK(net.at("net1").contains(l));
    }

    TEST_CASE_FIXTURE(PipelineFixture, "equality") {
        const Network& n = net.at("net1");
        const PipelineSegment s1 = make_segment({0, 1}, n, false, 0.1);
        const PipelineSegment s2 = make_segment({0, 1}, n, false, 0.01);
        const PipelineSegment s3 = make_segment({0, 1}, n, true);
        CHECK(s1 != s2);
        CHECK(s1 != s3);
        CHECK(s1 == make_segment({0, 1}, n, false, 0.1));
        // Generating twice gives equal segments.
        const auto a = gen_all_segment(n), b = gen_all_segment(n);
        REQUIRE(a.size() == b.size());
        for (size_t i = 0; i < a.size(); ++i) CHECK(a[i] == b[i]);
    }

    TEST_CASE_FIXTURE(PipelineFixture, "processing regions") {
        const Network& n = net.at("net1");
        std::vector<i64> ops;
        for (const auto& l : n.layer_names()) ops.push_back(n[l].total_ops());
        CHECK(ops == std::vector<i64>{200, 600, 30, 1200, 2000});

        const InterLayerPipeline ilp(n);
        // Single vertex: the whole region.
        for (size_t v = 0; v < ilp.vertices().size(); ++v) {
            const PipelineSegment s = make_segment({static_cast<int>(v)}, n);
            REQUIRE(s.valid());
            REQUIRE(s.allocation().size() == 1);
            const NodeRegion& r = s.allocation()[0][0].proc_region;
            CHECK(r.origin == PhyDim2(0, 0));
            CHECK(r.dim == resource.proc_region.dim);
            CHECK(r.type == NodeRegion::PROC);
        }

        // Several vertices.
        CHECK(slot_nodes(make_segment({0, 1}, n)) == std::vector<i64>{16, 48});
        CHECK(slot_nodes(make_segment({2, 3}, n)) == std::vector<i64>{24, 40});
        const auto n12 = slot_nodes(make_segment({1, 2}, n));
        CHECK((n12 == std::vector<i64>{24, 40} || n12 == std::vector<i64>{22, 42}));
        const auto n123 = slot_nodes(make_segment({1, 2, 3}, n));
        CHECK((n123 == std::vector<i64>{12, 20, 32} || n123 == std::vector<i64>{10, 20, 34}));

        // Every vertex segment: utilization at least 90%.
        for (const char* name : {"net1", "zfnet", "net3"}) {
            CAPTURE(name);
            const Network& nn = net.at(name);
            for (const auto& vseg : InterLayerPipeline(nn).gen_vseg()) {
                const PipelineSegment s = make_segment(vseg, nn);
                if (!s.valid()) continue;
                const auto nodes = slot_nodes(s);
                std::vector<double> sops;
                for (const auto& ltpl : s.layers()) {
                    double o = 0;
                    for (const auto& l : ltpl) o += static_cast<double>(nn[l].total_ops());
                    sops.push_back(o);
                }
                REQUIRE(nodes.size() == sops.size());
                double time = 0, real = 0, total_nodes = 0;
                for (size_t i = 0; i < nodes.size(); ++i) {
                    time = std::max(time, sops[i] / static_cast<double>(nodes[i]));
                    real += sops[i];
                    total_nodes += static_cast<double>(nodes[i]);
                }
                CHECK(real / (time * total_nodes) >= 0.9);
            }
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "allocation") {
        // Single vertex.
        {
            const Network& n = net.at("net1");
            const InterLayerPipeline ilp(n);
            for (size_t v = 0; v < ilp.vertices().size(); ++v) {
                const PipelineSegment s = make_segment({static_cast<int>(v)}, n);
                REQUIRE(!s.allocation().empty());
                validate_allocation(s);
            }
        }
        // Linear networks: sources from the previous slot, destinations local,
        // but at the ends.
        for (const char* name : {"net1", "net2"}) {
            CAPTURE(name);
            for (const auto& s : gen_all_segment(net.at(name))) {
                if (s.allocation().empty()) continue;
                validate_allocation(s);
                std::vector<Resource> rlist;
                for (const auto& rtpl : s.allocation())
                    rlist.insert(rlist.end(), rtpl.begin(), rtpl.end());
                for (size_t i = 1; i < rlist.size(); ++i)
                    CHECK(rlist[i].src_data_region.type == NodeRegion::PROC);
                for (size_t i = 0; i + 1 < rlist.size(); ++i)
                    CHECK(rlist[i].dst_data_region.type == NodeRegion::PROC);
            }
        }
        // Every other network.
        for (const auto& [name, n] : net) {
            if (name == "net1" || name == "net2") continue;
            CAPTURE(name);
            for (const auto& s : gen_all_segment(n)) {
                if (s.allocation().empty()) continue;
                validate_allocation(s);
            }
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "allocation with a shared memory source") {
        struct Case {
            const char* net;
            std::vector<int> vseg;
            size_t reader, fetcher;
        };
        // net3: 0 and 3 share; net5: 0 and 2; net4: 0 and 1.
        for (const Case& c : {Case{"net3", {6, 7, 8, 9}, 3, 0}, Case{"net5", {1, 2, 3}, 2, 0},
                              Case{"net4", {8, 9}, 1, 0}}) {
            CAPTURE(c.net);
            const PipelineSegment s = make_segment(c.vseg, net.at(c.net));
            REQUIRE(s.valid());
            CHECK(s.allocation()[c.reader][0].src_data_region ==
                  s.allocation()[c.fetcher][0].proc_region);
            CHECK_FALSE(make_segment(c.vseg, net.at(c.net), false, 0.05, false).valid());
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "allocation of temporal segments") {
        for (const auto& [name, n] : net) {
            CAPTURE(name);
            for (const auto& s : gen_all_segment(n, true)) {
                if (s.allocation().empty()) continue;
                validate_allocation(s);
            }
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "allocation without time multiplexing") {
        const Network& n = net.at("net2");
        auto all_of = [](const PipelineSegment& s, bool v) {
            for (const auto& rtpl : s.allocation())
                for (const auto& r : rtpl)
                    if (r.no_time_mux != v) return false;
            return true;
        };
        std::vector<int> all16(16), first8(8);
        for (int i = 0; i < 16; ++i) all16[static_cast<size_t>(i)] = i;
        for (int i = 0; i < 8; ++i) first8[static_cast<size_t>(i)] = i;

        PipelineSegment s = make_segment(all16, n);
        REQUIRE(s.valid());
        CHECK(all_of(s, true));
        s = make_segment(first8, n);
        REQUIRE(s.valid());
        CHECK(all_of(s, false));
        s = make_segment(all16, n, true);
        REQUIRE(s.valid());
        CHECK(all_of(s, false));
    }

    TEST_CASE_FIXTURE(PipelineFixture, "allocation of an invalid segment") {
        const PipelineSegment s = make_segment({0, 1}, net.at("net3"), true);
        CHECK_FALSE(s.valid());
        CHECK(s.allocation().empty());
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_constraint") {
        // Single vertex.
        for (const auto& [name, n] : net) {
            CAPTURE(name);
            const InterLayerPipeline ilp(n);
            for (size_t v = 0; v < ilp.vertices().size(); ++v) {
                const PipelineSegment s = make_segment({static_cast<int>(v)}, n);
                REQUIRE(s.valid());
                for (const auto& [c, hints] : s.gen_constraint(kInf)) {
                    validate_constraint(s, c);
                    // No top loop constraint for a single-layer segment.
                    if (c.size() == 1 && c[0].size() == 1) {
                        CHECK(c[0][0].topifm == 0);
                        CHECK(c[0][0].topofm == 0);
                        CHECK(c[0][0].topbat == 0);
                    }
                }
            }
        }
        // Spatial pipelining.
        for (const auto& [name, n] : net) {
            if (!is_small_net(name) && name != "zfnet") continue;
            CAPTURE(name);
            for (const auto& s : gen_all_segment(n)) {
                if (!s.valid()) continue;
                for (const auto& [c, hints] : s.gen_constraint(kInf)) validate_constraint(s, c);
            }
        }
        // A special case.
        const PipelineSegment s = make_seg({{"0", "1"}, {"2", "3"}}, net.at("net2"));
        for (const auto& [c, hints] : s.gen_constraint(kInf)) validate_constraint(s, c);
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_constraint with a limit gives the first ones") {
        const PipelineSegment s = make_seg({{"0", "1"}, {"2", "3"}}, net.at("net2"));
        const auto all = s.gen_constraint(kInf);
        REQUIRE(all.size() > 2);
        for (size_t limit : {size_t{1}, size_t{2}, all.size(), all.size() + 1}) {
            CAPTURE(limit);
            const auto first = s.gen_constraint(kInf, nullptr, limit);
            REQUIRE(first.size() == std::min(limit, all.size()));
            for (size_t k = 0; k < first.size(); ++k) {
                CHECK(first[k].first == all[k].first);
                CHECK(first[k].second == all[k].second);
            }
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_constraint deciding fbofm_init") {
        constexpr auto FBIFM = PipelineSegment::FBIFM, FBOFM = PipelineSegment::FBOFM;
        struct Flag {
            size_t sp, tm;
            PipelineSegment::ArgKey key;
            bool value;
        };
        struct Case {
            PipelineSegment::Layers seg;
            std::vector<Flag> flags;
        };
        const Case cases[] = {
            // Two slots, fbofm_init false.
            {{{"fc2"}, {"fc3"}}, {{0, 0, FBOFM, false}, {1, 0, FBIFM, false}}},
            {{{"conv5", "pool3"}, {"fc1"}},
             {{0, 0, FBOFM, false}, {0, 1, FBOFM, false}, {1, 0, FBIFM, false}}},
            // Four slots, fbofm_init false.
            {{{"conv1", "pool1"}, {"conv2", "pool2"}, {"conv3"}, {"conv4"}},
             {{0, 0, FBOFM, false},
              {0, 1, FBOFM, false},
              {1, 0, FBIFM, false},
              {1, 0, FBOFM, true},
              {1, 1, FBOFM, true},
              {2, 0, FBIFM, true},
              {2, 0, FBOFM, false},
              {3, 0, FBIFM, false}}},
            // Three slots, fbofm_init false.
            {{{"conv4"}, {"conv5", "pool3"}, {"fc1"}},
             {{0, 0, FBOFM, false},
              {1, 0, FBIFM, false},
              {1, 0, FBOFM, true},
              {1, 1, FBOFM, true},
              {2, 0, FBIFM, true}}},
            {{{"conv2", "pool2"}, {"conv3"}, {"conv4"}},
             {{0, 0, FBOFM, false},
              {0, 1, FBOFM, false},
              {1, 0, FBIFM, false},
              {1, 0, FBOFM, true},
              {2, 0, FBIFM, true}}},
            // Three slots, fbofm_init true.
            {{{"conv3"}, {"conv4"}, {"conv5", "pool3"}},
             {{0, 0, FBOFM, true},
              {1, 0, FBIFM, true},
              {1, 0, FBOFM, false},
              {2, 0, FBIFM, false}}},
        };
        for (const Case& c : cases) {
            const PipelineSegment s = make_seg(c.seg, net.at("zfnet"));
            CAPTURE(s.first_layer());
            REQUIRE(s.valid());
            for (const Flag& f : c.flags) {
                CAPTURE(f.sp);
                CAPTURE(f.tm);
                CAPTURE(f.key == FBIFM ? "fbifm" : "fbofm");
                CHECK(sym_flag(s, f.sp, f.tm, f.key) == f.value);
            }
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_constraint with a shared memory source") {
        // net3: slots 0 and 3 share.
        {
            const PipelineSegment s = make_segment({6, 7, 8, 9}, net.at("net3"));
            REQUIRE(s.valid());
            const auto cs = s.gen_constraint(kInf);
            CHECK(!cs.empty());
            for (const auto& [c, hints] : cs) {
                validate_constraint(s, c);
                CHECK(c[3][0].topifm == c[0][0].topifm);
                CHECK((c[3][0].topifm <= 1 || c[3][0].topofm <= 1));
                CHECK((c[0][0].topifm <= 1 || c[0][0].topofm <= 1));
            }
        }
        // net5: slots 0 and 2 share; 0 constrains topofm, both fully buffer ifmaps.
        {
            const PipelineSegment s = make_segment({1, 2, 3}, net.at("net5"));
            REQUIRE(s.valid());
            const auto cs = s.gen_constraint(kInf);
            CHECK(!cs.empty());
            for (const auto& [c, hints] : cs) {
                validate_constraint(s, c);
                CHECK(c[0][0].topofm != 0);
                CHECK(c[2][0].topifm == 1);
                CHECK(c[0][0].topifm == 1);
            }
        }
        // net4: slots 0 and 1 share, with no topofm constraint.
        {
            const PipelineSegment s = make_segment({8, 9}, net.at("net4"));
            REQUIRE(s.valid());
            const auto cs = s.gen_constraint(kInf);
            CHECK(!cs.empty());
            for (const auto& [c, hints] : cs) {
                validate_constraint(s, c);
                CHECK(c[0][0].topofm == 0);
                CHECK(c[1][0].topofm == 0);
                CHECK(c[1][0].topifm == c[0][0].topifm);
            }
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_constraint of temporal segments") {
        for (const auto& [name, n] : net) {
            CAPTURE(name);
            for (const auto& s : gen_all_segment(n, true)) {
                if (!s.valid()) continue;
                for (const auto& [c, hints] : s.gen_constraint(kInf)) validate_constraint(s, c);
            }
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_constraint pruning hints") {
        // ZFNet for real fmap sizes.
        for (const auto& s : gen_all_segment(net.at("zfnet"))) {
            if (!s.valid()) continue;
            std::vector<std::vector<i64>> seen;
            for (const auto& [c, hints] : s.gen_constraint(kInf)) {
                CAPTURE(hints);
                for (i64 h : hints) CHECK(h > 0);
                // No earlier hints are larger in every position.
                for (const auto& ph : seen) {
                    bool all_smaller = true;
                    for (size_t k = 0; k < hints.size(); ++k)
                        all_smaller = all_smaller && hints[k] < ph[k];
                    CHECK_FALSE(all_smaller);
                }
                // From small to large.
                if (!seen.empty()) CHECK(hints > seen.back());
                seen.push_back(hints);
            }
        }
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_constraint with a maximum time overhead") {
        using Key = std::vector<std::array<i64, 3>>;
        auto key_of = [](const PipelineSegment::Constraints& c) {
            Key k;
            for (const auto& ctpl : c)
                for (const auto& x : ctpl) k.push_back({x.topifm, x.topofm, x.topbat});
            return k;
        };
        const Network& n = net.at("zfnet");
        size_t nseg = 0;
        for (const auto& s : gen_all_segment(n)) {
            if (!s.valid()) continue;
            ++nseg;
            std::set<Key> set_1, set_5;
            for (const auto& [c, hints] : s.gen_constraint(kInf)) {
                PipelineSegmentTiming timing(0);
                const auto& seg = s.layers();
                for (size_t sp = 0; sp < seg.size(); ++sp) {
                    for (size_t tm = 0; tm < seg[sp].size(); ++tm) {
                        const SchedulingConstraint& x = c[sp][tm];
                        timing.add(n, seg[sp][tm],
                                   make_sched_res({0, static_cast<i64>(sp), static_cast<i64>(tm)},
                                                  65536 / static_cast<i64>(seg[sp].size()),
                                                  x.topifm, x.topofm, x.topbat));
                    }
                }
                if (timing.time_overhead() <= 0.1) set_1.insert(key_of(c));
                if (timing.time_overhead() <= 0.5) set_5.insert(key_of(c));
            }
            for (const auto& [c, hints] : s.gen_constraint(0.1)) set_1.erase(key_of(c));
            CHECK(set_1.empty());
            for (const auto& [c, hints] : s.gen_constraint(0.5)) set_5.erase(key_of(c));
            CHECK(set_5.empty());
        }
        CHECK(nseg > 10);
    }

    TEST_CASE_FIXTURE(PipelineFixture, "gen_constraint without the optimizations") {
        for (const auto& [name, n] : net) {
            CAPTURE(name);
            for (const auto& s : gen_all_segment(n, false, false)) {
                if (!s.valid()) continue;
                std::map<std::string, std::pair<size_t, size_t>> idx;
                const auto& seg = s.layers();
                for (size_t sp = 0; sp < seg.size(); ++sp)
                    for (size_t tm = 0; tm < seg[sp].size(); ++tm) idx[seg[sp][tm]] = {sp, tm};
                for (const auto& [c, hints] : s.gen_constraint(kInf)) {
                    // Layers with filters fully buffer on-chip fmaps, in and out.
                    for (const auto& [l, at] : idx) {
                        if (!n[l].is_conv()) continue;
                        bool onchip = false;
                        for (const auto& p : n.prevs(l)) {
                            if (!p || !idx.count(*p)) continue;
                            onchip = true;
                            const auto [psp, ptm] = idx.at(*p);
                            CHECK(c[psp][ptm].topofm == 1);
                        }
                        if (onchip) CHECK(c[at.first][at.second].topifm == 1);
                    }
                }
            }
        }
    }

}  // TEST_SUITE
