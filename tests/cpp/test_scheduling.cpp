// Mirrors the reference's tests/dataflow_test/test_scheduling.py.
//
// Not mirrored (Python-only mechanisms): TypeErrors for a non-layer, a
// non-Cost and a non-MapStrategy argument (the C++ types decide; there is
// one map strategy). Equivalents: the reference's module-level LRU caches
// are a per-instance cache here; test_pernode_sched_cache_key calls the
// private per-node search directly, which here is a second schedule_search
// with equal but distinct resource and option objects (all per-node hits).
#include <doctest/doctest.h>

#include <map>

#include "core/layer_search/scheduling.h"
#include "core/util/error.h"
#include "loop_blocking_fixture.h"
#include "support.h"

using namespace nndf;

namespace {

struct SchedulingFixture {
    std::map<std::string, Layer> layers;
    i64 batch_size = 4;
    Cost cost;
    SchedulingConstraint none_cstr, cstr;
    Resource resource;
    Option options;
    std::map<std::string, DataLayout> ifmap_layouts;
    std::array<i64, 3> sched_seq{2, 0, 1};

    SchedulingFixture() {
        layers["BASE"] = Layer::conv(8, 16, {28, 28}, {3, 3});
        layers["POOL"] = Layer::pooling(16, {28, 28}, {2, 2});
        layers["LR"] = Layer::local_region(16, {28, 28}, 3, {1, 1});
        cost.mac_op = 1;
        cost.mem_hier = {200, 6, 2, 1};
        cost.noc_hop = 50;
        cost.idl_unit = 50;
        cstr.topofm = 1;
        cstr.topbat = batch_size;
        const NodeRegion mem = NodeRegion::make({4, 1}, {0, 0}, NodeRegion::DRAM);
        resource = test::make_resource(NodeRegion::make({4, 4}, {0, 0}, NodeRegion::PROC), mem, mem,
                                       mem, {16, 16}, 65536, 64);
        options.partition_hybrid = true;
        options.partition_batch = true;
        options.partition_ifmaps = true;
        options.ntops = 10;
        const PartitionScheme part =
            PartitionScheme::make({pe::INPP, pe::BATP, pe::OUTP, pe::OFMP},
                                  {PhyDim2(1, 2), PhyDim2(2, 1), PhyDim2(1, 2), PhyDim2(2, 1)});
        for (const auto& [k, l] : layers) {
            ifmap_layouts[k] = DataLayout::make(
                {FmapRange({0, 0, 0, 0}, {batch_size, l.nifm(), l.hifm(), l.wifm()})},
                {resource.src_data_region}, {part.projection(resource.src_data_region, true)});
        }
    }

    SchedulingCondition condition(const std::string& wl, const SchedulingConstraint& c) const {
        return {resource, c, ifmap_layouts.at(wl), sched_seq};
    }
};

}  // namespace

TEST_SUITE("scheduling") {
    TEST_CASE_FIXTURE(SchedulingFixture, "valid arguments") {
        Scheduling schd(layers["BASE"], batch_size, cost);
        CHECK(schd.layer() == layers["BASE"]);
        CHECK(schd.cache_stats() == std::pair<i64, i64>(0, 0));
    }

    TEST_CASE_FIXTURE(SchedulingFixture, "schedule_search") {
        for (const auto& [wl, layer] : layers) {
            CAPTURE(wl);
            Scheduling schd(layer, batch_size, cost);
            const SchedulingCondition cond = condition(wl, cstr);
            const auto res = schd.schedule_search(cond, options);
            REQUIRE(!res.empty());
            // Top n, best first.
            CHECK(static_cast<i64>(res.size()) <= options.ntops);
            for (size_t i = 0; i + 1 < res.size(); ++i)
                CHECK(res[i]->total_cost() <= res[i + 1]->total_cost());
            for (const auto& r : res) {
                // Loop blocking combined with partitioning.
                CHECK(test::almost_equal(
                    r->total_cost(), r->cost_op + r->cost_access + r->cost_noc + r->cost_static));
                CHECK(r->ops == static_cast<double>(layer.total_ops(batch_size)));
                for (int d = 0; d < de::NUM; ++d)
                    CHECK(r->total_nhops[d] ==
                          static_cast<double>(r->unit_nhops[d] * r->lbs.fetch[0][d]));
                CHECK(r->num_nodes == resource.proc_region.dim.size());
                // Constraint.
                CHECK(r->lbs.bl_ts[0][le::OFM] == 1);
                // Ofmap layout.
                CHECK(r->ofmap_layout.complete_fmap_range().size() ==
                      layer.total_ofmap_size(batch_size));
                // Sequence number.
                CHECK(r->sched_seq == cond.sched_seq);
            }
        }
    }

    TEST_CASE_FIXTURE(SchedulingFixture,
                      "schedule_search refuses an ifmap layout that does not fit") {
        Scheduling schd(layers["BASE"], batch_size, cost);
        // Ifmaps moved out of the memory region.
        DataLayout shifted = ifmap_layouts["BASE"];
        for (auto& r : shifted.regions) r.origin = PhyDim2(-10, -10);
        CHECK_THROWS_AS(schd.schedule_search({resource, none_cstr, shifted, sched_seq}, options),
                        InternalError);
        // Ifmaps of another layer.
        CHECK_THROWS_AS(
            schd.schedule_search({resource, none_cstr, ifmap_layouts["POOL"], sched_seq}, options),
            InternalError);
    }

    TEST_CASE_FIXTURE(SchedulingFixture, "schedule_search with no valid loop blocking") {
        Scheduling schd(layers["BASE"], batch_size, cost);
        SchedulingCondition cond = condition("BASE", none_cstr);
        cond.resource.size_regf = 0;
        CHECK(schd.schedule_search(cond, options).empty());
    }

    TEST_CASE_FIXTURE(SchedulingFixture, "per-node scheduling cache") {
        Scheduling schd(layers["BASE"], batch_size, cost);
        CHECK(schd.cache_stats() == std::pair<i64, i64>(0, 0));
        const SchedulingCondition cond = condition("BASE", cstr);
        (void)schd.schedule_search(cond, options);
        const auto [h, m] = schd.cache_stats();
        CHECK(h == 0);
        CHECK(m > 0);
        // As the reference clears its outer cache: the per-node cache then answers.
        schd.clear_result_cache();
        (void)schd.schedule_search(cond, options);
        CHECK(schd.cache_stats() == std::pair<i64, i64>(m, m));
    }

    TEST_CASE_FIXTURE(SchedulingFixture, "per-node scheduling cache keys are contents") {
        Scheduling schd(layers["BASE"], batch_size, cost);
        (void)schd.schedule_search(condition("BASE", cstr), options);
        const auto [h, m] = schd.cache_stats();
        CHECK(h == 0);
        // Equal, distinct objects hit the cache.
        const Resource rsrc = resource;
        const Option opts = options;
        const SchedulingConstraint c = cstr;
        REQUIRE(&rsrc != &resource);
        schd.clear_result_cache();
        (void)schd.schedule_search({rsrc, c, ifmap_layouts["BASE"], sched_seq}, opts);
        CHECK(schd.cache_stats() == std::pair<i64, i64>(h + m, m));
    }

    TEST_CASE_FIXTURE(SchedulingFixture,
                      "per-node searches run ahead fill the cache, count nothing, change nothing") {
        const SchedulingCondition cond = condition("BASE", cstr);
        Scheduling plain(layers["BASE"], batch_size, cost);
        const auto expected = plain.schedule_search(cond, options);
        const auto [h, m] = plain.cache_stats();
        REQUIRE(m > 0);

        Scheduling ahead(layers["BASE"], batch_size, cost);
        ahead.prefetch_per_node(cond.resource, cond.constraint, options, nullptr);
        CHECK(ahead.cache_stats() == std::pair<i64, i64>(0, 0));
        const auto got = ahead.schedule_search(cond, options);
        // Every per-node search the search makes was made ahead.
        CHECK(ahead.cache_stats() == std::pair<i64, i64>(h + m, 0));
        REQUIRE(got.size() == expected.size());
        for (size_t i = 0; i < got.size(); ++i) {
            CHECK(got[i]->cost == expected[i]->cost);
            CHECK(got[i]->time == expected[i]->time);
            CHECK(got[i]->part == expected[i]->part);
            CHECK(got[i]->lbs.bl_ts == expected[i]->lbs.bl_ts);
        }
    }

}  // TEST_SUITE
