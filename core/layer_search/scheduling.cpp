#include "core/layer_search/scheduling.h"

#include "core/python_compat/py_sum.h"
#include "core/util/worker_pool.h"

#include <algorithm>

#include "core/layer_search/loop_blocking.h"
#include "core/layer_search/map_strategy.h"
#include "core/layer_search/partition.h"
#include "core/layer_search/passes_side_by_side.h"
#include "core/util/error.h"
#include "core/util/value_hash.h"

namespace nndf {

struct Scheduling::PerNodeEntry {
    // The schemes point into it: filled once, never grown.
    std::vector<NestedLoopDesc> nlds;
    std::vector<LoopBlockingScheme> tops;
    size_t key = 0;  // in ReferenceCacheStats
};

size_t Scheduling::per_node_hash(const PartitionScheme& part, size_t resource_hash,
                                 size_t constraint_hash) {
    size_t h = hash_value(part);
    hash_mix(h, resource_hash);
    hash_mix(h, constraint_hash);
    return h;
}

size_t Scheduling::condition_hash(const SchedulingCondition& c) {
    size_t h = hash_value(c.resource);
    hash_mix(h, hash_value(c.constraint));
    hash_mix(h, hash_value(c.ifmap_layout));
    for (i64 v : c.sched_seq) hash_mix(h, v);
    if (!c.rhs_layout.frngs.empty()) hash_mix(h, hash_value(c.rhs_layout));
    return h;
}

bool Scheduling::same_condition(const SchedulingCondition& a, const SchedulingCondition& b) {
    return a.resource == b.resource && a.constraint == b.constraint &&
           a.ifmap_layout == b.ifmap_layout && a.sched_seq == b.sched_seq &&
           a.rhs_layout == b.rhs_layout;
}

namespace {
/// The entry `same` accepts in the bucket of `hash`, or null (the caches
/// found by a hash computed outside their lock).
template <typename Entry, typename Same>
Entry* find_in_bucket(
    const std::unordered_map<size_t, std::vector<std::unique_ptr<Entry>>>& buckets, size_t hash,
    Same same) {
    auto bucket = buckets.find(hash);
    if (bucket == buckets.end()) return nullptr;
    for (const auto& e : bucket->second)
        if (same(*e)) return e.get();
    return nullptr;
}
}  // namespace

Scheduling::ConditionEntry* Scheduling::find_condition(const SchedulingCondition& cond,
                                                       size_t hash) {
    return find_in_bucket(results_, hash,
                          [&](const ConditionEntry& e) { return same_condition(e.cond, cond); });
}

size_t Scheduling::nhops_hash(size_t resource_hash, const DataLayout& ifmap_layout,
                              const DataLayout& rhs_layout) {
    size_t h = resource_hash;
    hash_mix(h, hash_value(ifmap_layout));
    if (!rhs_layout.frngs.empty()) hash_mix(h, hash_value(rhs_layout));
    return h;
}

Scheduling::NhopsEntry& Scheduling::nhops_entry(size_t hash, const Resource& resource,
                                                const DataLayout& ifmap_layout,
                                                const DataLayout& rhs_layout) {
    NhopsEntry* found = find_in_bucket(nhops_, hash, [&](const NhopsEntry& e) {
        return e.resource == resource && e.ifmap_layout == ifmap_layout &&
               e.rhs_layout == rhs_layout;
    });
    if (found) return *found;
    auto& bucket = nhops_[hash];
    bucket.push_back(
        std::make_unique<NhopsEntry>(NhopsEntry{resource, ifmap_layout, rhs_layout, {}}));
    return *bucket.back();
}

std::array<double, me::NUM> SchedulingResult::total_accesses() const {
    std::array<double, me::NUM> a{};
    for (int m = 0; m < me::NUM; ++m) a[m] = py_sum(lbs.access[m]);
    a[me::GBUF] += py_sum(lbs.remote_gbuf_access);
    return a;
}

Scheduling::Scheduling(const Layer& layer, i64 batch, const Cost& cost)
    : layer_(layer),
      batch_(batch),
      unit_(layer.unit_layer()),
      unit_batch_(layer.unit_batch(batch)),
      passes_(layer.passes(batch)),
      cost_(cost) {}

Scheduling::~Scheduling() = default;

std::unique_ptr<Scheduling::PerNodeEntry> Scheduling::compute_per_node(
    const PartitionScheme& part, const Resource& resource, const SchedulingConstraint& constraint,
    const Option& options, FractionSpan progress, WorkerPool* pool) const {
    auto entry = std::make_unique<PerNodeEntry>();
    const PartitionedLayer pl = part.part_layer(unit_, unit_batch_);
    MapStrategyEyeriss ms(pl.layer, pl.batch, pl.occupancy, resource.dim_array);
    const BufShrScheme bufshr(resource.proc_region, part, pl.layer.data_loops());
    entry->nlds = with_passes_side_by_side(
        ms.gen_nested_loop_desc(), ms.repl(),
        options.passes_side_by_side ? side_by_side_passes(layer_, batch_) : 1);
    const auto& nlds = entry->nlds;
    for (size_t k = 0; k < nlds.size(); ++k) {
        const double n = static_cast<double>(nlds.size());
        auto found = gen_loopblocking(nlds[k], resource, bufshr, constraint, cost_, options,
                                      progress.sub(k / n, (k + 1) / n), pool);
        entry->tops.reserve(entry->tops.size() + found.size());
        for (auto& lbs : found) {
            if (lbs.is_valid()) entry->tops.push_back(std::move(lbs));
        }
    }
    return entry;
}

thread_local ReferenceLookupLog* ReferenceLookupScope::current_ = nullptr;

void Scheduling::count_reference_lookup(const ResultEntry& e) {
    if (!ref_stats_) return;
    if (ReferenceLookupLog* log = ReferenceLookupScope::current()) {
        log->add(ref_stats_, e.key, &e.per_node_keys);
    } else {
        ref_stats_->lookup_condition(e.key, e.per_node_keys);
    }
}

std::vector<SchedulingResultPtr> Scheduling::schedule_search(const SchedulingCondition& cond,
                                                             const Option& options,
                                                             const SearchContext* ctx) {
    // Where the reference's cache has evicted a condition, it searches
    // again, with the same per-node searches (count_reference_lookup).
    const size_t hash = condition_hash(cond);
    {
        std::lock_guard<ShortMutex> lock(mutex_);
        if (ConditionEntry* found = find_condition(cond, hash)) {
            count_reference_lookup(found->result);
            return found->result.tops;
        }
    }
    auto fresh = std::make_unique<ConditionEntry>(ConditionEntry{cond, {}});
    ResultEntry& e = fresh->result;
    e.tops = search_uncached(cond, options, ctx, ref_stats_ ? &e.per_node_keys : nullptr);
    std::lock_guard<ShortMutex> lock(mutex_);
    // Another thread may have searched the same condition meanwhile: the
    // same computation, so either entry serves; the first one stays.
    ConditionEntry* kept = find_condition(cond, hash);
    if (!kept) {
        if (ref_stats_) e.key = ref_stats_->next_key++;
        auto& bucket = results_[hash];
        bucket.push_back(std::move(fresh));
        kept = bucket.back().get();
    }
    count_reference_lookup(kept->result);
    return kept->result.tops;
}

const std::vector<PartitionScheme>& Scheduling::part_candidates(const Option& options,
                                                                PhyDim2 dim_nodes,
                                                                const SearchContext* ctx) {
    std::lock_guard<ShortMutex> lock(mutex_);
    auto pit = std::find_if(parts_.begin(), parts_.end(),
                            [&](const auto& e) { return e.dim_nodes == dim_nodes; });
    if (pit == parts_.end()) {
        PartCandidates pc;
        pc.dim_nodes = dim_nodes;
        for (auto& part : gen_partition(unit_, unit_batch_, dim_nodes, options, true)) {
            // Dropped before the per-node search, which it would only waste.
            if (replicates_data_evenly(unit_, unit_batch_, part)) {
                pc.parts.push_back(std::move(part));
            } else {
                pc.dropped_uneven = true;
            }
        }
        parts_.push_back(std::move(pc));
        pit = parts_.end() - 1;
    }
    if (pit->dropped_uneven && ctx) {
        ctx->note(
            "partitioning: schemes that give some pieces of a layer's data to more nodes than "
            "others (the output channels of a local-region layer split across nodes) are "
            "skipped (the reference stops with an AssertionError, 'ifm val len')");
    }
    return pit->parts;
}

namespace {
/// The share of a layer's progress given to its per-node searches; the NoC
/// hop counts of the partitions take the rest (docs/progress.md).
constexpr double kPerNodeShare = 0.9;

/// One round's scheme (a pass, or passes side by side) with its counts and
/// times summed over `rounds` equal rounds; blocking, fetches and buffer
/// sizes stay one round's.
LoopBlockingScheme scaled_by_passes(const LoopBlockingScheme& one, i64 rounds) {
    LoopBlockingScheme s = one;
    const double p = static_cast<double>(rounds);
    s.ops *= p;
    s.time *= p;
    s.proc_time *= rounds;
    s.bus_time *= rounds;
    s.dram_time *= rounds;
    for (auto& level : s.access)
        for (auto& a : level) a *= p;
    for (auto* arr : {&s.noc_access, &s.bufshr_rotation_access, &s.bufshr_wide_fetch_access,
                      &s.remote_gbuf_access}) {
        for (auto& a : *arr) a *= p;
    }
    return s;
}

}  // namespace

DataLayout Scheduling::passes_ofmap_layout(const PartitionScheme& part,
                                           const Resource& resource) const {
    // Every pass writes its channel slice (and sample) as the unit's
    // partition places it: the unit's pattern over the whole batch, once per
    // group or head; one slice when the pattern does not split channels,
    // which places every element on the same node.
    const PartitionScheme proj = part.projection(resource.dst_data_region, true);
    const i64 nslices = layer_.is_matmul() ? layer_.heads : layer_.groups;
    const i64 co = unit_.nofm;
    if (proj.size_of({pe::OUTP}) == 1) {
        return DataLayout::make(
            {FmapRange({0, 0, 0, 0}, {batch_, layer_.nofm, layer_.hofm, layer_.wofm})},
            {resource.dst_data_region}, {proj});
    }
    std::vector<FmapRange> frngs;
    for (i64 g = 0; g < nslices; ++g) {
        frngs.emplace_back(FmapPosition{0, g * co, 0, 0},
                           FmapPosition{batch_, (g + 1) * co, layer_.hofm, layer_.wofm});
    }
    return DataLayout::make(
        std::move(frngs),
        std::vector<NodeRegion>(static_cast<size_t>(nslices), resource.dst_data_region),
        std::vector<PartitionScheme>(static_cast<size_t>(nslices), proj));
}

std::vector<const Scheduling::PerNodeEntry*> Scheduling::per_node_entries(
    const std::vector<PartitionScheme>& parts, const Resource& resource, size_t resource_hash,
    const SchedulingConstraint& constraint, const Option& options, FractionSpan progress,
    bool count) {
    const size_t np = parts.size();
    // The cache's hits, and a fresh entry for each miss. The counts follow
    // the partition order, as the reference's cache sees the same lookups
    // one after another.
    std::vector<const PerNodeEntry*> entries(np, nullptr);
    std::vector<std::unique_ptr<PerNodeEntry>> fresh(np);
    // Keys made and room taken before the lock: under it, only look-ups.
    std::vector<size_t> misses;
    misses.reserve(np);
    std::vector<PerNodeKey> keys;
    keys.reserve(np);
    {
        const size_t constraint_hash = hash_value(constraint);
        for (size_t ip = 0; ip < np; ++ip) {
            keys.push_back(PerNodeKey{parts[ip], resource, constraint,
                                      per_node_hash(parts[ip], resource_hash, constraint_hash)});
        }
    }
    {
        std::lock_guard<ShortMutex> lock(mutex_);
        for (size_t ip = 0; ip < np; ++ip) {
            auto it = per_node_.find(keys[ip]);
            if (it != per_node_.end()) {
                if (count) ++hits_;
                entries[ip] = it->second.get();
            } else {
                if (count) ++misses_;
                misses.push_back(ip);
            }
        }
    }
    // The misses' searches, on the pool; each fills its own entry.
    const double nm = static_cast<double>(misses.size());
    for_each_index(pool_, misses.size(), [&](size_t m) {
        const size_t ip = misses[m];
        fresh[ip] = compute_per_node(parts[ip], resource, constraint, options,
                                     progress.sub(m / nm, (m + 1) / nm), pool_);
    });
    {
        // An entry another thread made meanwhile is the same computation;
        // the first one stays, so a per-node search has one key.
        std::lock_guard<ShortMutex> lock(mutex_);
        for (size_t ip : misses) {
            auto [it, inserted] = per_node_.emplace(std::move(keys[ip]), std::move(fresh[ip]));
            if (inserted && ref_stats_) it->second->key = ref_stats_->next_key++;
            entries[ip] = it->second.get();
        }
    }
    return entries;
}

void Scheduling::prefetch_per_node(const Resource& resource, const SchedulingConstraint& constraint,
                                   const Option& options, const SearchContext* ctx) {
    const auto& parts = part_candidates(options, resource.proc_region.dim, ctx);
    // Cancel and notes as in the search, but no progress: the layer whose
    // share this is has not begun.
    per_node_entries(parts, resource, hash_value(resource), pass_constraint(constraint), options,
                     FractionSpan{ctx, 0, 0, false}, false);
}

SchedulingConstraint Scheduling::pass_constraint(const SchedulingConstraint& layer) const {
    SchedulingConstraint c = layer;
    if (layer_.is_matmul() && c.topbat > 1) c.topbat = 1;
    return c;
}

std::vector<SchedulingResultPtr> Scheduling::search_uncached(const SchedulingCondition& cond,
                                                             const Option& options,
                                                             const SearchContext* ctx,
                                                             std::vector<size_t>* per_node_keys) {
    const Resource& resource = cond.resource;
    const NodeRegion& proc_region = resource.proc_region;
    const DataLayout& ifmap_layout = cond.ifmap_layout;
    NNDF_CHECK(ifmap_layout.is_in({resource.src_data_region, proc_region}),
               "ifmap layout is not in the source data region");
    const FmapRange ifrng = ifmap_layout.complete_fmap_range();
    NNDF_CHECK(batch_ == ifrng.size_dim(0) && layer_.nifm() == ifrng.size_dim(1) &&
                   layer_.is_valid_padding_sifm(ifrng.size_dim(2), ifrng.size_dim(3)),
               "ifmap layout does not match the layer");
    NNDF_CHECK(layer_.is_matmul() != cond.rhs_layout.frngs.empty(),
               "a right operand's layout goes with a matmul only");
    const DataLayout* rhs_layout = layer_.is_matmul() ? &cond.rhs_layout : nullptr;

    // Filters can come from any memory node.
    std::vector<PhyDim2> filter_nodes;
    for (const auto& c : resource.dram_region.iter_node())
        if (std::find(filter_nodes.begin(), filter_nodes.end(), c) == filter_nodes.end())
            filter_nodes.push_back(c);

    // Rank light candidates first; build full results for the winners only.
    struct Candidate {
        double cost, time;
        double cost_op, cost_access, cost_noc, cost_static;
        const LoopBlockingScheme* lbs;
        i64 rounds;  ///< The layer's rounds: its passes over those a round runs at once.
        size_t part_idx;
        std::array<i64, de::NUM> unit_nhops;
    };
    std::vector<Candidate> cands;
    const FmapRange ofmap_range({0, 0, 0, 0}, {unit_batch_, unit_.nofm, unit_.hofm, unit_.wofm});
    const std::vector<PartitionScheme>& parts = part_candidates(options, proc_region.dim, ctx);
    const size_t np = parts.size();
    if (ctx) ctx->check_cancel();

    // 1-2. The per-node searches, in partition order (the counts follow it).
    const size_t resource_hash = hash_value(resource);
    const std::vector<const PerNodeEntry*> entries =
        per_node_entries(parts, resource, resource_hash, pass_constraint(cond.constraint), options,
                         FractionSpan{ctx, 0, kPerNodeShare}, true);
    if (per_node_keys) {
        per_node_keys->reserve(np);
        for (size_t ip = 0; ip < np; ++ip) per_node_keys->push_back(entries[ip]->key);
    }

    // 3. The NoC hops of the partitions that have schedules: the cache's
    // misses computed on the pool (one or two per call is usual; a loop of
    // one runs inline, so cheap calls never wait for another thread).
    auto ofmap_layout_of = [&](size_t ip) {
        return DataLayout::make({ofmap_range}, {resource.dst_data_region},
                                {parts[ip].projection(resource.dst_data_region, true)});
    };
    std::vector<std::array<i64, de::NUM>> unit_nhops(np);
    std::vector<size_t> nhops_misses;
    nhops_misses.reserve(np);
    NhopsEntry* known_nhops;
    const size_t hops_hash = nhops_hash(resource_hash, ifmap_layout, cond.rhs_layout);
    {
        std::lock_guard<ShortMutex> lock(mutex_);
        known_nhops = &nhops_entry(hops_hash, resource, ifmap_layout, cond.rhs_layout);
        for (size_t ip = 0; ip < np; ++ip) {
            if (entries[ip]->tops.empty()) continue;
            auto nit = known_nhops->by_part.find(parts[ip]);
            if (nit != known_nhops->by_part.end()) {
                unit_nhops[ip] = nit->second;
            } else {
                nhops_misses.push_back(ip);
            }
        }
    }
    // On a large node grid (64 x 64) these take most of a layer's time: they
    // report progress too, so a long layer is never silent.
    const FractionSpan hops_span{ctx, kPerNodeShare, 1};
    const double nh = static_cast<double>(nhops_misses.size());
    for_each_index(pool_, nhops_misses.size(), [&](size_t m) {
        // A cancel stops the pool's threads here too, not only the owner's.
        if (ctx) ctx->check_cancel();
        const size_t ip = nhops_misses[m];
        unit_nhops[ip] =
            unit_nhops_of_passes(layer_, batch_, proc_region, parts[ip], filter_nodes, ifmap_layout,
                                 rhs_layout, ofmap_layout_of(ip), options);
        hops_span.report(static_cast<double>(m + 1) / nh);
    });
    {
        // Another thread may have counted the same meanwhile: the same value.
        std::lock_guard<ShortMutex> lock(mutex_);
        for (size_t ip : nhops_misses) known_nhops->by_part.emplace(parts[ip], unit_nhops[ip]);
    }

    // A multi-pass layer whose ofmaps stay on its nodes (forwarded within a
    // pipeline segment) keeps the finished passes' ofmaps in their buffers
    // beside the running pass's data (docs/extensions.md).
    const bool keeps_ofmaps = passes_ > 1 && resource.dst_data_region == proc_region;
    // 4. The candidates, in partition order.
    for (size_t ip = 0; ip < np; ++ip) {
        const PerNodeEntry& pn = *entries[ip];
        if (pn.tops.empty()) continue;
        const i64 pass_ofmap = idivc(unit_.total_ofmap_size(unit_batch_),
                                     parts[ip].size_of({pe::OUTP, pe::OFMP, pe::BATP}));
        for (const auto& lbs : pn.tops) {
            // A multi-pass layer searches one pass (its unit layer), or a
            // round of passes side by side; its result sums all rounds
            // (docs/extensions.md).
            const i64 rounds = passes_ / lbs.nld->passes_together;
            const double nrounds = static_cast<double>(rounds);
            if (keeps_ofmaps) {
                i64 need = (passes_ - lbs.nld->passes_together) * pass_ofmap;
                for (int d = 0; d < de::NUM; ++d) need += lbs.data_size(bl::GBUF, d);
                if (need > resource.size_gbuf) continue;
            }
            Candidate c;
            c.lbs = &lbs;
            c.rounds = rounds;
            c.part_idx = ip;
            c.unit_nhops = unit_nhops[ip];
            // One round's counts times the rounds (exact for one pass); the
            // hops from memory are already the passes' sum.
            c.cost_access = nrounds * lbs.access_cost(cost_);
            double hops = 0;
            for (int d = 0; d < de::NUM; ++d) {
                hops += nrounds * lbs.noc_access[d] +
                        static_cast<double>(c.unit_nhops[d] * lbs.fetch[bl::GBUF][d]);
            }
            c.cost_noc = cost_.noc_hop * hops;
            c.cost_op = cost_.mac_op * (nrounds * lbs.ops);
            c.cost_static = cost_.idl_unit * (nrounds * lbs.time);
            c.cost = c.cost_op + c.cost_access + c.cost_noc + c.cost_static;
            NNDF_CHECK(!std::isnan(c.cost), "NaN cost");
            c.time = nrounds * lbs.time;
            cands.push_back(c);
        }
    }
    auto less = [&](const Candidate& a, const Candidate& b) {
        switch (options.opt_goal) {
            case OptGoal::E:
                return a.cost != b.cost ? a.cost < b.cost : a.time < b.time;
            case OptGoal::D:
                return a.time != b.time ? a.time < b.time : a.cost < b.cost;
            case OptGoal::ED:
                return a.cost * a.time < b.cost * b.time;
        }
        return false;
    };
    std::stable_sort(cands.begin(), cands.end(), less);
    if (cands.size() > static_cast<size_t>(options.ntops))
        cands.resize(static_cast<size_t>(options.ntops));

    std::vector<SchedulingResultPtr> tops;
    for (const Candidate& c : cands) {
        auto r = std::make_shared<SchedulingResult>();
        r->lbs = c.rounds == 1 ? *c.lbs : scaled_by_passes(*c.lbs, c.rounds);
        const LoopBlockingScheme& lbs = r->lbs;
        r->passes = passes_;
        r->passes_together = c.lbs->nld->passes_together;
        if (layer_.is_matmul()) r->sample_groups = std::max<i64>(1, cond.constraint.topbat);
        r->cost = c.cost;
        r->cost_op = c.cost_op;
        r->cost_access = c.cost_access;
        r->cost_noc = c.cost_noc;
        r->cost_static = c.cost_static;
        for (int d = 0; d < de::NUM; ++d) {
            r->node_nhops[d] = lbs.noc_access[d];
            r->mem_nhops[d] = c.unit_nhops[d] * lbs.fetch[bl::GBUF][d];
            r->total_nhops[d] = r->node_nhops[d] + static_cast<double>(r->mem_nhops[d]);
            r->unit_nhops[d] = c.unit_nhops[d];
        }
        NNDF_CHECK(r->cost_noc == cost_.noc_hop * r->total_noc_hops(), "hop sums disagree");
        r->time = lbs.time;
        r->ops = lbs.ops;
        r->num_nodes = lbs.num_nodes;
        r->is_dram = {lbs.src_is_dram, lbs.dst_is_dram};
        r->proc_time = lbs.proc_time;
        r->bus_time = lbs.bus_time;
        r->dram_time = lbs.dram_time;
        for (int b = 0; b < bl::NUM; ++b)
            for (int d = 0; d < de::NUM; ++d) r->size[b][d] = lbs.data_size(b, d);
        r->lbs.nld = nullptr;  // the description lives in the cache only
        r->part = parts[c.part_idx];
        r->ofmap_layout = passes_ == 1 ? ofmap_layout_of(c.part_idx)
                                       : passes_ofmap_layout(parts[c.part_idx], resource);
        r->sched_seq = cond.sched_seq;
        tops.push_back(r);
    }

    const double layer_ops = static_cast<double>(layer_.total_ops(batch_));
    for (const auto& t : tops) {
        NNDF_CHECK(isclose(layer_ops, t->ops, 1e-4), "scheduled ops differ from the layer's");
        NNDF_CHECK(t->ofmap_layout.complete_fmap_range().size() == layer_.total_ofmap_size(batch_),
                   "ofmap layout does not cover the layer's ofmaps");
    }
    return tops;
}

}  // namespace nndf
