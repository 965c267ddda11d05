// Mirrors the reference's tests/pipeline_test/test_pipeline_segment_timing.py.
//
// Differences in mechanism:
// - PipelineSegmentTiming holds only the segment index; add() takes the
//   network. The TypeError for a bad network is Python-only.
// - Results out of sequence or added twice are broken invariants of the
//   search (InternalError), the reference's ValueErrors; the messages name
//   the same problems.
#include <doctest/doctest.h>

#include "core/util/error.h"
#include "pipeline_fixture.h"

using namespace nndf;
using test::PipelineFixture;

namespace {

struct TimingFixture : PipelineFixture {
    Network netlr{"net1"};
    const Network& net1 = net.at("net1");
    const Network& net4 = net.at("net4");

    TimingFixture() {
        netlr.set_input_layer(Layer::input(10, {1, 1}));
        netlr.add("0p1", Layer::pooling(10, {1, 1}, {1, 1}));
        netlr.add("0p2", Layer::pooling(10, {1, 1}, {1, 1}));
        netlr.add("0p3", Layer::pooling(10, {1, 1}, {1, 1}));
        netlr.add("1", Layer::fc(10, 20));
    }

    /// make_sched_res with keyword-like arguments.
    struct R {
        std::array<i64, 3> seq;
        i64 time;
        i64 ti = 1, to = 1, tb = 1, dram_time = 0, num_nodes = 4;
    };
    SchedulingResult res(const R& r) const {
        return make_sched_res(r.seq, r.time, r.ti, r.to, r.tb, {0, 1, 2}, r.dram_time, r.num_nodes);
    }
    /// The timing of segment `seg` after adding the layers in turn.
    PipelineSegmentTiming run(const Network& n, i64 seg,
                              std::initializer_list<std::pair<const char*, R>> adds) const {
        PipelineSegmentTiming t(seg);
        for (const auto& [layer, r] : adds) t.add(n, layer, res(r));
        return t;
    }
};

/// assertAlmostEqual of the reference: equal to 7 decimal places.
doctest::Approx approx7(double x) {
    return doctest::Approx(x).epsilon(5e-8);
}

/// Critical time, total time, and the overhead against `indv`, the time
/// of running each layer alone on the nodes of its slot.
void check_time(const PipelineSegmentTiming& t, i64 critical, i64 time, double indv) {
    CHECK(t.critical_time() == critical);
    CHECK(t.time() == time);
    CHECK(t.time_overhead() == approx7(static_cast<double>(t.time()) / indv - 1));
}

i64 last_ngrp(const PipelineSegmentTiming& t) {
    return t.timing_list().back().back().ngrp;
}

}  // namespace

TEST_SUITE("pipeline_segment_timing") {
    TEST_CASE_FIXTURE(TimingFixture, "add") {
        struct Step {
            const char* layer;
            R r;
            i64 ngrp;  ///< The OFM groups of the layer's timing.
        };
        auto add_all = [&](PipelineSegmentTiming& t, std::initializer_list<Step> steps) {
            for (const Step& s : steps) {
                CAPTURE(s.layer);
                t.add(net1, s.layer, res(s.r));
                CHECK(t.last_sched_seq() == std::optional<std::array<i64, 3>>(s.r.seq));
                CHECK(last_ngrp(t) == s.ngrp);
            }
        };
        // Not fused.
        {
            PipelineSegmentTiming t(3);
            add_all(t, {{"0", {{3, 0, 0}, 123, 1, 3, 2}, 3},
                        {"1", {{3, 1, 0}, 141, 3, 1, 2}, 1},
                        {"1p", {{3, 1, 1}, 12, 3, 1, 2}, 1}});
            CHECK(t.bat_ngrp() == 2);
            REQUIRE(t.timing_list().size() == 2);
            CHECK(t.timing_list()[0].size() == 1);
            CHECK(t.timing_list()[1].size() == 2);
        }
        // Fused.
        {
            PipelineSegmentTiming t(3);
            add_all(t, {{"0", {{3, 0, 0}, 123, 1, 1, 2}, 1},
                        {"1", {{3, 1, 0}, 141, 1, 3, 2}, 3},
                        {"1p", {{3, 1, 1}, 12, 1, 3, 2}, 3}});
            // An unmatched BAT group number.
            CHECK(t.bat_ngrp() == 2);
            t.add(net1, "2", res({{3, 2, 0}, 123, 1, 1, 4}));
            CHECK(t.bat_ngrp() == 1);
        }
    }

    TEST_CASE_FIXTURE(TimingFixture, "add local-region layers only") {
        PipelineSegmentTiming t(2);
        for (const auto& [layer, r] :
             std::initializer_list<std::pair<const char*, R>>{{"0p1", {{2, 0, 0}, 40, 1, 4}},
                                                              {"0p2", {{2, 0, 1}, 80, 1, 4}},
                                                              {"0p3", {{2, 0, 2}, 60, 1, 4}},
                                                              {"1", {{2, 1, 0}, 800, 1, 4}}}) {
            t.add(netlr, layer, res(r));
            CHECK(last_ngrp(t) == 4);
        }
    }

    TEST_CASE_FIXTURE(TimingFixture, "add out of sequence") {
        PipelineSegmentTiming t(3);
        t.add(net1, "0", res({{3, 0, 0}, 123}));
        CHECK_THROWS_WITH_AS(t.add(net1, "1", res({{2, 1, 0}, 123})),
                             doctest::Contains("belong to"), InternalError);
        CHECK_THROWS_WITH_AS(t.add(net1, "1p", res({{3, 1, 1}, 123})),
                             doctest::Contains("out of order"), InternalError);
    }

    TEST_CASE_FIXTURE(TimingFixture, "add a layer twice") {
        PipelineSegmentTiming t(3);
        t.add(net1, "0", res({{3, 0, 0}, 123}));
        CHECK_THROWS_WITH_AS(t.add(net1, "0", res({{3, 1, 0}, 123})),
                             doctest::Contains("layer added twice"), InternalError);
    }

    TEST_CASE_FIXTURE(TimingFixture, "time with BAT groups") {
        PipelineSegmentTiming t = run(net1, 3,
                                      {{"0", {{3, 0, 0}, 120, 1, 1, 4}},
                                       {"1", {{3, 1, 0}, 130, 1, 1, 4}},
                                       {"1p", {{3, 1, 1}, 20, 1, 1, 4}},
                                       {"2", {{3, 2, 0}, 136, 1, 1, 4}}});
        check_time(t, 150, 120 / 4 + 130 + 20 + 136 / 4, (120 + 130 + 20 + 136) / 3.);

        // An unmatched BAT group number.
        t.add(net1, "3", res({{3, 3, 0}, 100, 1, 1, 2}));
        CHECK(t.time() == 120 + 130 + 20 + 136 + 100);
        CHECK(t.time_overhead() == approx7(t.time() / ((120 + 130 + 20 + 136 + 100) / 4.) - 1));
    }

    TEST_CASE_FIXTURE(TimingFixture, "time with IFM and OFM groups") {
        // Waiting for one group, the first layer critical.
        {
            const PipelineSegmentTiming t =
                run(net1, 3, {{"0", {{3, 0, 0}, 120, 1, 3, 2}}, {"1", {{3, 1, 0}, 90, 3, 1, 2}}});
            // Layer 0's last BAT group starts at 120 - 120 // 2; layer 1's
            // 120 // 2 // 3 later, and takes 90 // 2.
            check_time(t, 120, 120 - 120 / 2 + 120 / 2 / 3 + 90 / 2, (120 + 90) / 2.);
        }
        // Waiting for one group, the second layer critical.
        {
            const PipelineSegmentTiming t =
                run(net1, 3, {{"0", {{3, 0, 0}, 120, 1, 3, 2}}, {"1", {{3, 1, 0}, 150, 3, 1, 2}}});
            // Layer 1's first BAT group starts at 120 // 2 // 3; all take 150.
            check_time(t, 150, 120 / 2 / 3 + 150, (120 + 150) / 2.);
        }
        // Waiting for all groups, the first layer critical.
        {
            const PipelineSegmentTiming t =
                run(net1, 3, {{"0", {{3, 0, 0}, 120, 1, 3, 2}}, {"1", {{3, 1, 0}, 90, 1, 3, 2}}});
            check_time(t, 120, 120 + 90 / 2, (120 + 90) / 2.);
        }
        // Waiting for all groups, the second layer critical.
        {
            const PipelineSegmentTiming t =
                run(net1, 3, {{"0", {{3, 0, 0}, 120, 3, 1, 2}}, {"1", {{3, 1, 0}, 150, 3, 1, 2}}});
            check_time(t, 150, 120 / 2 + 150, (120 + 150) / 2.);
        }
    }

    TEST_CASE_FIXTURE(TimingFixture, "time of a linear segment") {
        const PipelineSegmentTiming t = run(net1, 3,
                                            {{"0", {{3, 0, 0}, 120, 3, 1, 2}},
                                             {"1", {{3, 1, 0}, 129, 1, 3, 2}},
                                             {"1p", {{3, 1, 1}, 21, 1, 3, 2}},
                                             {"2", {{3, 2, 0}, 138, 3, 1, 2}}});
        // Layer 1 is critical: 1 and 1p start at 120 // 2, their last BAT group
        // 150 // 2 later; layer 2's last group 150 // 2 // 3 after, for 138 // 2.
        check_time(t, 150, 120 / 2 + 150 / 2 + 150 / 2 / 3 + 138 / 2, (120 + 129 + 21 + 138) / 3.);
    }

    TEST_CASE_FIXTURE(TimingFixture, "time of a branch") {
        // Waiting for one group.
        {
            const PipelineSegmentTiming t = run(net4, 3,
                                                {{"6", {{3, 0, 0}, 120, 3, 1, 2}},
                                                 {"7", {{3, 1, 0}, 150, 1, 3, 2}},
                                                 {"8", {{3, 2, 0}, 144, 3, 1, 2}},
                                                 {"9", {{3, 3, 0}, 168, 3, 1, 2}}});
            // Layer 9 is critical: 7 starts at 120 // 2, 8 and 9 150 // 2 // 3
            // later, and 9 takes 168.
            check_time(t, 168, 120 / 2 + 150 / 2 / 3 + 168, (120 + 150 + 144 + 168) / 4.);
        }
        // Waiting for all groups.
        {
            const PipelineSegmentTiming t = run(net4, 3,
                                                {{"6", {{3, 0, 0}, 120, 1, 1, 2}},
                                                 {"7", {{3, 1, 0}, 150, 1, 1, 2}},
                                                 {"8", {{3, 2, 0}, 144, 1, 1, 2}},
                                                 {"9", {{3, 3, 0}, 132, 1, 1, 2}}});
            // Layer 7 is critical: it starts at 120 // 2 and ends 150 later, when
            // 8 and 9 start their last group, 144 // 2 long.
            check_time(t, 150, 120 / 2 + 150 + 144 / 2, (120 + 150 + 144 + 132) / 4.);
        }
    }

    TEST_CASE_FIXTURE(TimingFixture, "time of local-region layers only") {
        const PipelineSegmentTiming t = run(netlr, 2,
                                            {{"0p1", {{2, 0, 0}, 40, 1, 5, 2}},
                                             {"0p2", {{2, 0, 1}, 80, 1, 5, 2}},
                                             {"0p3", {{2, 0, 2}, 60, 1, 5, 2}},
                                             {"1", {{2, 1, 0}, 800, 5, 1, 2}}});
        // Layer 1 is critical: it starts at (40 + 80 + 60) // 2 // 5 and takes 800.
        check_time(t, 800, (40 + 80 + 60) / 2 / 5 + 800, (40 + 80 + 60 + 800) / 2.);
    }

    TEST_CASE_FIXTURE(TimingFixture, "time of single-slot segments") {
        size_t nseg = 0;
        for (const auto& [name, n] : net) {
            if (!is_small_net(name)) continue;
            CAPTURE(name);
            for (const auto& s : gen_all_segment(n, true)) {
                if (!s.valid()) continue;
                REQUIRE(s.layers().size() == 1);
                ++nseg;
                PipelineSegmentTiming t(0);
                const auto& ltpl = s.layers()[0];
                for (size_t i = 0; i < ltpl.size(); ++i) {
                    const i64 idx = static_cast<i64>(i);
                    t.add(n, ltpl[i], res({{0, 0, idx}, (40 + idx * 7 % 3) * 16, 4, 4, 4}));
                }
                CHECK(t.critical_time() == t.time());
                CHECK(t.time_overhead() == approx7(0.));
            }
        }
        CHECK(nseg > 0);
    }

    TEST_CASE_FIXTURE(TimingFixture, "time dominated by DRAM") {
        const PipelineSegmentTiming t = run(net1, 3,
                                            {{"0", {{3, 0, 0}, 120, 3, 1, 4, 100}},
                                             {"1", {{3, 1, 0}, 130, 1, 3, 4, 140}},
                                             {"1p", {{3, 1, 1}, 20, 1, 3, 4, 10}},
                                             {"2", {{3, 2, 0}, 138, 3, 1, 4, 100}}});
        CHECK(t.critical_time() == 160);
        CHECK(t.time() == 100 + 140 + 10 + 100);
        CHECK(t.dram_time() == t.time());
        CHECK(t.node_time() < t.time());
    }

    TEST_CASE_FIXTURE(TimingFixture, "time overhead") {
        PipelineSegmentTiming t(3);
        t.add(net1, "0", res({{3, 0, 0}, 120, 3, 1, 4, 0, 4}));
        t.add(net1, "1", res({{3, 1, 0}, 130, 1, 3, 4, 0, 6}));
        t.add(net1, "1p", res({{3, 1, 1}, 20, 1, 3, 4, 0, 6}));
        t.add(net1, "2", res({{3, 2, 0}, 138, 3, 1, 4, 0, 3}));
        const double indv = 120 * 4 / 13. + (130 + 20) * 6 / 13. + 138 * 3 / 13.;
        CHECK(t.time_overhead() == approx7(t.time() / indv - 1));
    }

}  // TEST_SUITE
