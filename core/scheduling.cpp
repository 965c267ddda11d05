#include "core/scheduling.h"

#include <algorithm>
#include <deque>

#include "core/error.h"
#include "core/loop_blocking.h"
#include "core/map_strategy.h"
#include "core/partition.h"
#include "core/value_hash.h"

namespace nndf {

struct Scheduling::PerNodeEntry {
    std::deque<NestedLoopDesc> nlds;  // stable addresses for the schemes
    std::vector<LoopBlockingScheme> tops;
};

size_t Scheduling::PerNodeKeyHash::operator()(const PerNodeKey& k) const {
    size_t h = hash_value(k.part);
    hash_mix(h, hash_value(k.resource));
    hash_mix(h, hash_value(k.constraint));
    return h;
}

size_t Scheduling::ConditionHash::operator()(const SchedulingCondition& c) const {
    size_t h = hash_value(c.resource);
    hash_mix(h, hash_value(c.constraint));
    hash_mix(h, hash_value(c.ifmap_layout));
    for (i64 v : c.sched_seq) hash_mix(h, v);
    return h;
}

bool Scheduling::ConditionEq::operator()(const SchedulingCondition& a,
                                         const SchedulingCondition& b) const {
    return a.resource == b.resource && a.constraint == b.constraint &&
           a.ifmap_layout == b.ifmap_layout && a.sched_seq == b.sched_seq;
}

size_t Scheduling::NhopsKeyHash::operator()(const NhopsKey& k) const {
    size_t h = hash_value(k.part);
    hash_mix(h, hash_value(k.resource));
    hash_mix(h, hash_value(k.ifmap_layout));
    hash_mix(h, hash_value(k.ofmap_layout));
    return h;
}

std::array<double, me::NUM> SchedulingResult::total_accesses() const {
    std::array<double, me::NUM> a{};
    for (int m = 0; m < me::NUM; ++m)
        a[m] = ((0 + lbs.access[m][0]) + lbs.access[m][1]) + lbs.access[m][2];
    const auto& r = lbs.remote_gbuf_access;
    a[me::GBUF] += ((0 + r[0]) + r[1]) + r[2];
    return a;
}

bool result_less(const SchedulingResult& a, const SchedulingResult& b, OptGoal goal) {
    switch (goal) {
        case OptGoal::E:
            if (a.cost != b.cost) return a.cost < b.cost;
            return a.time < b.time;
        case OptGoal::D:
            if (a.time != b.time) return a.time < b.time;
            return a.cost < b.cost;
        case OptGoal::ED: return a.cost * a.time < b.cost * b.time;
    }
    return false;
}

Scheduling::Scheduling(const Layer& layer, i64 batch, const Cost& cost)
    : layer_(layer), batch_(batch), cost_(cost) {}

Scheduling::~Scheduling() = default;

const Scheduling::PerNodeEntry& Scheduling::search_per_node(const PartitionScheme& part,
                                                            const Resource& resource,
                                                            const SchedulingConstraint& constraint,
                                                            const Option& options,
                                                            FractionSpan progress) {
    PerNodeKey key{part, resource, constraint};
    auto it = per_node_.find(key);
    if (it != per_node_.end()) {
        ++hits_;
        return *it->second;
    }
    ++misses_;
    auto entry = std::make_unique<PerNodeEntry>();
    const PartitionedLayer pl = part.part_layer(layer_, batch_);
    MapStrategyEyeriss ms(pl.layer, pl.batch, pl.occupancy, resource.dim_array);
    const BufShrScheme bufshr(resource.proc_region, part, pl.layer.data_loops());
    const auto nlds = ms.gen_nested_loop_desc();
    for (size_t k = 0; k < nlds.size(); ++k) {
        entry->nlds.push_back(nlds[k]);
        const double n = static_cast<double>(nlds.size());
        for (auto& lbs : gen_loopblocking(entry->nlds.back(), resource, bufshr, constraint, cost_,
                                          options, progress.sub(k / n, (k + 1) / n))) {
            if (lbs.is_valid()) entry->tops.push_back(lbs);
        }
    }
    return *per_node_.emplace(std::move(key), std::move(entry)).first->second;
}

std::vector<SchedulingResultPtr> Scheduling::schedule_search(const SchedulingCondition& cond,
                                                             const Option& options,
                                                             const SearchContext* ctx) {
    auto it = results_.find(cond);
    if (it != results_.end()) return it->second;
    auto tops = search_uncached(cond, options, ctx);
    results_.emplace(cond, tops);
    return tops;
}

std::vector<SchedulingResultPtr> Scheduling::search_uncached(const SchedulingCondition& cond,
                                                             const Option& options,
                                                             const SearchContext* ctx) {
    const Resource& resource = cond.resource;
    const NodeRegion& proc_region = resource.proc_region;
    const DataLayout& ifmap_layout = cond.ifmap_layout;
    NNDF_CHECK(ifmap_layout.is_in({resource.src_data_region, proc_region}),
               "ifmap layout is not in the source data region");
    const FmapRange ifrng = ifmap_layout.complete_fmap_range();
    NNDF_CHECK(batch_ == ifrng.size_dim(0) && layer_.nifm() == ifrng.size_dim(1) &&
                   layer_.is_valid_padding_sifm(ifrng.size_dim(2), ifrng.size_dim(3)),
               "ifmap layout does not match the layer");

    // Filters can come from any memory node.
    std::vector<PhyDim2> filter_nodes;
    for (const auto& c : resource.dram_region.iter_node())
        if (std::find(filter_nodes.begin(), filter_nodes.end(), c) == filter_nodes.end())
            filter_nodes.push_back(c);

    std::vector<SchedulingResultPtr> tops;
    const FmapRange ofmap_range({0, 0, 0, 0}, {batch_, layer_.nofm, layer_.hofm, layer_.wofm});
    const auto parts = gen_partition(layer_, batch_, proc_region.dim, options, true);
    for (size_t ip = 0; ip < parts.size(); ++ip) {
        const PartitionScheme& part = parts[ip];
        if (ctx) ctx->check_cancel();
        const double np = static_cast<double>(parts.size());
        const PerNodeEntry& pn = search_per_node(part, resource, cond.constraint, options,
                                                 FractionSpan{ctx, ip / np, (ip + 1) / np});
        if (pn.tops.empty()) continue;
        const DataLayout ofmap_layout =
            DataLayout::make({ofmap_range}, {resource.dst_data_region},
                             {part.projection(resource.dst_data_region, true)});
        NhopsKey nkey{part, resource, ifmap_layout, ofmap_layout};
        auto nit = nhops_.find(nkey);
        if (nit == nhops_.end()) {
            const auto nh = unit_nhops_to_proc_region(layer_, batch_, proc_region, part, filter_nodes,
                                                      ifmap_layout, ofmap_layout, options);
            nit = nhops_.emplace(std::move(nkey), nh).first;
        }
        const auto unit_nhops = nit->second;
        for (const auto& lbs0 : pn.tops) {
            auto r = std::make_shared<SchedulingResult>();
            LoopBlockingScheme lbs = lbs0;
            r->cost_access = lbs.get_access_cost(cost_);
            for (int d = 0; d < de::NUM; ++d) {
                r->node_nhops[d] = lbs.noc_access[d];
                r->mem_nhops[d] = unit_nhops[d] * lbs.fetch[bl::GBUF][d];
                r->total_nhops[d] = r->node_nhops[d] + static_cast<double>(r->mem_nhops[d]);
                r->unit_nhops[d] = unit_nhops[d];
            }
            r->cost_noc = cost_.noc_hop * r->total_noc_hops();
            r->cost_op = cost_.mac_op * lbs.ops;
            r->cost_static = cost_.idl_unit * lbs.time;
            r->cost = r->cost_op + r->cost_access + r->cost_noc + r->cost_static;
            NNDF_CHECK(!std::isnan(r->cost), "NaN cost");
            r->time = lbs.time;
            r->ops = lbs.ops;
            r->num_nodes = lbs.num_nodes;
            r->is_dram = {lbs.src_is_dram, lbs.dst_is_dram};
            r->proc_time = lbs.proc_time;
            r->bus_time = lbs.bus_time;
            r->dram_time = lbs.dram_time;
            for (int b = 0; b < bl::NUM; ++b)
                for (int d = 0; d < de::NUM; ++d) r->size[b][d] = lbs.data_size(b, d);
            r->lbs = lbs;
            r->lbs.nld = nullptr;  // the description lives in the cache only
            r->part = part;
            r->ofmap_layout = ofmap_layout;
            r->sched_seq = cond.sched_seq;
            tops.push_back(r);
        }
    }
    std::stable_sort(tops.begin(), tops.end(), [&](const auto& a, const auto& b) {
        return result_less(*a, *b, options.opt_goal);
    });
    if (tops.size() > static_cast<size_t>(options.ntops)) tops.resize(static_cast<size_t>(options.ntops));

    const double layer_ops = static_cast<double>(layer_.total_ops(batch_));
    for (const auto& t : tops) {
        NNDF_CHECK(isclose(layer_ops, t->ops, 1e-4), "scheduled ops differ from the layer's");
    }
    return tops;
}

}  // namespace nndf
