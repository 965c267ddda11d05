// Mirrors the reference's tests/unit_test/test_scheduling_constraint.py.
//
// Differences in mechanism:
// - The reference's update_dict maps previous layers to arbitrary Python
//   callables that refine the constraint; the only rule its pipelining uses
//   is "take topofm from that previous layer's scheme", which is our
//   `topofm_from`. A constraint with a pending rule must not be used
//   (is_valid_top_bl fails, as the reference's ValueError); applying the rule
//   happens in NNDataflow::layer_search, so update_by_prev is tested through
//   a pipeline segment whose constraints carry the rule, and the search
//   (its expected cost is the reference's, run on the same setup).
// - filter_gen_ts (filtered factor generators) is top_factor_ok, the
//   per-factor filter the search applies.
// - is_valid_part always answers True in the reference and has no
//   counterpart; __repr__ and hash() are Python-only (equality is mirrored).
// - SchedulingConstraintLayerPipeline is SchedulingConstraint::pipeline().
#include <doctest/doctest.h>

#include <set>

#include "core/layer_search/scheduling_constraint.h"
#include "core/network_search/nn_dataflow.h"
#include "core/network_search/pipeline_segment.h"
#include "core/util/error.h"
#include "support.h"

using namespace nndf;

namespace {

/// Every top blocking (factors 1..t_end-1) with every order.
template <typename F>
void for_each_bl(F f, i64 t_end = 9) {
    static const std::array<std::array<int, 3>, 6> perms = {
        {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}};
    for (i64 a = 1; a < t_end; ++a)
        for (i64 b = 1; b < t_end; ++b)
            for (i64 c = 1; c < t_end; ++c)
                for (const auto& o : perms) f(LoopTriple{a, b, c}, o);
}

SchedulingConstraint plain(i64 topbat, i64 topifm, i64 topofm) {
    SchedulingConstraint c;
    c.topbat = topbat;
    c.topifm = topifm;
    c.topofm = topofm;
    return c;
}

std::set<LoopTriple> filtered(const SchedulingConstraint& c, int lpe, i64 n) {
    std::set<LoopTriple> s;
    for (const auto& t : factorize<3>(n))
        if (c.top_factor_ok(lpe, t[0])) s.insert(t);
    return s;
}

std::set<LoopTriple> with_top(i64 top, i64 rest) {
    std::set<LoopTriple> s;
    for (const auto& t : factorize<2>(rest)) s.insert({top, t[0], t[1]});
    return s;
}

}  // namespace

TEST_SUITE("scheduling_constraint") {
    TEST_CASE("valid arguments") {
        SchedulingConstraint c = plain(2, 1, 4);
        CHECK(c.topbat == 2);
        CHECK(c.topifm == 1);
        CHECK(c.topofm == 4);
        CHECK_FALSE(c.has_pending_rule());

        c = plain(2, 0, 4);
        CHECK(c.topifm == 0);

        c = SchedulingConstraint::pipeline(0, 0, 4, false, false, "l1");
        CHECK(c.topbat == 0);
        CHECK(c.topifm == 0);
        CHECK(c.topofm == 4);
        CHECK(c.has_pending_rule());
        CHECK(c.topofm_from == "l1");

        const SchedulingConstraint none;
        CHECK(none.topbat == 0);
        CHECK(none.topifm == 0);
        CHECK(none.topofm == 0);
        CHECK_FALSE(none.has_pending_rule());
    }

    TEST_CASE("invalid arguments") {
        CHECK_THROWS_AS(SchedulingConstraint::pipeline(-1, 0, 2, false, false), InternalError);
    }

    TEST_CASE("null constraint") {
        const SchedulingConstraint c;
        CHECK(c.is_valid_top_bl({1, 1, 2}, {0, 1, 2}));
        CHECK(c.is_valid_top_bl({3, 4, 5}, {2, 1, 0}));
        CHECK(c.is_valid_top_bl({1, 1, 1}, {1, 2, 0}));
    }

    TEST_CASE("is_valid_top_bl") {
        SchedulingConstraint c = plain(2, 0, 4);
        for_each_bl([&](const LoopTriple& t, const std::array<int, 3>& o) {
            CHECK(c.is_valid_top_bl(t, o) == (t[le::BAT] == 2 && t[le::OFM] == 4));
        });
        c = plain(0, 4, 0);
        for_each_bl([&](const LoopTriple& t, const std::array<int, 3>& o) {
            CHECK(c.is_valid_top_bl(t, o) == (t[le::IFM] == 4));
        });
        c = SchedulingConstraint();
        for_each_bl([&](const LoopTriple& t, const std::array<int, 3>& o) {
            CHECK(c.is_valid_top_bl(t, o));
        });
    }

    TEST_CASE("a constraint with a pending rule cannot be used") {
        const SchedulingConstraint c = SchedulingConstraint::pipeline(0, 0, 0, false, false, "l1");
        CHECK_THROWS_AS(c.is_valid_top_bl({1, 1, 1}, {0, 1, 2}), InternalError);
    }

    TEST_CASE("filter the top factors") {
        const i64 ni = 36, no = 20, nb = 16;
        SchedulingConstraint c = plain(2, 0, 4);
        CHECK(filtered(c, le::IFM, ni) == filtered(SchedulingConstraint(), le::IFM, ni));
        CHECK(filtered(c, le::OFM, no) == with_top(4, 5));
        CHECK(filtered(c, le::BAT, nb) == with_top(2, 8));

        c = plain(0, 4, 0);
        CHECK(filtered(c, le::OFM, no).size() == factorize<3>(no).size());
        CHECK(filtered(c, le::BAT, nb).size() == factorize<3>(nb).size());
        CHECK(filtered(c, le::IFM, ni) == with_top(4, 9));

        c = SchedulingConstraint();
        CHECK(filtered(c, le::IFM, ni).size() == factorize<3>(ni).size());
        CHECK(filtered(c, le::OFM, no).size() == factorize<3>(no).size());
        CHECK(filtered(c, le::BAT, nb).size() == factorize<3>(nb).size());
    }

    TEST_CASE("update_by_prev: a pooling layer takes its conv layer's top OFM factor") {
        // A conv layer and a pooling layer fused in one temporal slot: the
        // pipeline segment turns the pooling layer's topofm into a rule, and
        // the search applies it with the conv layer's chosen scheme (a rule left
        // pending would make is_valid_top_bl throw during the search).
        Network net("lazy");
        net.set_input_layer(Layer::input(16, {8, 8}));
        net.add("0", Layer::conv(16, 128, {8, 8}, {3, 3}));
        net.add("0p", Layer::pooling(128, {4, 4}, {2, 2}));
        Resource r;
        r.proc_region = NodeRegion::make({1, 1}, {0, 0}, NodeRegion::PROC);
        r.dram_region = r.src_data_region = r.dst_data_region =
            NodeRegion::make({1, 1}, {0, 0}, NodeRegion::DRAM);
        r.dim_array = PhyDim2(16, 16);
        r.size_gbuf = 32768;
        r.size_regf = 256;
        r.array_bus_width = kInf;
        r.dram_bandwidth = kInf;
        const i64 batch = 1;

        // The generated constraints carry the rule, and the conv layer's own
        // topofm is left free.
        const PipelineSegment seg({{"0", "0p"}}, net, batch, r);
        REQUIRE(seg.valid());
        const auto cs = seg.gen_constraint(kInf);
        REQUIRE(!cs.empty());
        for (const auto& [c, hints] : cs) {
            CHECK(c[0][0].topofm == 0);
            CHECK_FALSE(c[0][0].has_pending_rule());
            CHECK(c[0][1].topofm_from == "0");
            CHECK(c[0][1].has_pending_rule());
        }

        Option o;
        o.hw_gbuf_save_writeback = true;
        NNDataflow nnd(net, batch, r, test::make_cost(1, {200, 6, 2, 1}, 0, 0));
        const SearchOutcome out = nnd.schedule_search(o);
        REQUIRE(!out.tops.empty());
        const NNDataflowScheme& top = out.tops.front();
        // As the reference: the fused segment wins, at this cost.
        CHECK(top.total_cost() == 7435136.0);
        REQUIRE(top["0p"].sched_seq == std::array<i64, 3>{0, 0, 1});
        CHECK(top["0p"].lbs.bl_ts[0][le::OFM] == top["0"].lbs.bl_ts[0][le::OFM]);
    }

    TEST_CASE("equality by content") {
        const SchedulingConstraint c1 = plain(2, 0, 0), c2 = plain(2, 0, 0);
        CHECK(&c1 != &c2);
        CHECK(c1 == c2);
        CHECK_FALSE(c1 == plain(1, 0, 0));
        // A constraint with a pending rule differs from one without.
        CHECK_FALSE(SchedulingConstraint::pipeline(0, 0, 0, false, false, "l1") ==
                    SchedulingConstraint::pipeline(0, 0, 0, false, false));
    }

    TEST_CASE("layer pipeline: valid arguments") {
        auto c = SchedulingConstraint::pipeline(2, 1, 4, true, false);
        CHECK(c.topbat == 2);
        CHECK(c.topifm == 1);
        CHECK(c.topofm == 4);
        c = SchedulingConstraint::pipeline(2, 0, 4, true, false);
        CHECK(c.topbat == 2);
        CHECK(c.topifm == 1);
        CHECK(c.topofm == 4);
        c = SchedulingConstraint::pipeline(0, 0, 0, false, false);
        CHECK(c.topbat == 0);
        CHECK(c.topifm == 0);
        CHECK(c.topofm == 0);
        c = SchedulingConstraint::pipeline(0, 0, 0, true, true);
        CHECK(c.topbat == 0);
        CHECK(c.topifm == 1);
        CHECK(c.topofm == 1);
    }

    TEST_CASE("layer pipeline: invalid arguments") {
        auto msg = [](auto f) {
            try {
                f();
            } catch (const InternalError& e) {
                return std::string(e.what());
            }
            return std::string();
        };
        CHECK(msg([] { SchedulingConstraint::pipeline(0, 2, 0, true, false); }).find("IFM") !=
              std::string::npos);
        CHECK(msg([] { SchedulingConstraint::pipeline(0, 0, 2, false, true); }).find("OFM") !=
              std::string::npos);
        const std::string both = msg([] { SchedulingConstraint::pipeline(0, 2, 2, false, false); });
        CHECK(both.find("topifm") != std::string::npos);
        CHECK(both.find("topofm") != std::string::npos);
    }

    TEST_CASE("layer pipeline: null constraint") {
        const auto c = SchedulingConstraint::pipeline(0, 0, 0, false, false);
        CHECK(c.is_valid_top_bl({1, 1, 2}, {0, 1, 2}));
        CHECK(c.is_valid_top_bl({3, 4, 5}, {2, 1, 0}));
        CHECK(c.is_valid_top_bl({1, 1, 1}, {1, 2, 0}));
    }

    TEST_CASE("layer pipeline: is_valid_top_bl") {
        auto c = SchedulingConstraint::pipeline(2, 0, 4, true, false);
        for_each_bl([&](const LoopTriple& t, const std::array<int, 3>& o) {
            const bool valid =
                t[le::BAT] == 2 && t[le::IFM] == 1 && t[le::OFM] == 4 && o[le::BAT] > o[le::OFM];
            CHECK(c.is_valid_top_bl(t, o) == valid);
        });
        c = SchedulingConstraint::pipeline(0, 4, 0, false, true);
        for_each_bl([&](const LoopTriple& t, const std::array<int, 3>& o) {
            const bool valid =
                t[le::IFM] == 4 && t[le::OFM] == 1 && (o[le::IFM] > o[le::BAT] || t[le::BAT] == 1);
            CHECK(c.is_valid_top_bl(t, o) == valid);
        });
        c = SchedulingConstraint::pipeline(0, 0, 4, false, false);
        for_each_bl([&](const LoopTriple& t, const std::array<int, 3>& o) {
            const bool valid = t[le::OFM] == 4 && (o[le::OFM] > o[le::BAT] || t[le::BAT] == 1) &&
                               (o[le::OFM] > o[le::IFM] || t[le::IFM] == 1);
            CHECK(c.is_valid_top_bl(t, o) == valid);
        });
        c = SchedulingConstraint::pipeline(0, 0, 0, true, false);
        for_each_bl([&](const LoopTriple& t, const std::array<int, 3>& o) {
            CHECK(c.is_valid_top_bl(t, o) == (t[le::IFM] == 1));
        });
        c = SchedulingConstraint::pipeline(0, 0, 0, false, false);
        for_each_bl([&](const LoopTriple& t, const std::array<int, 3>& o) {
            CHECK(c.is_valid_top_bl(t, o));
        });
    }

}  // TEST_SUITE
