// Scheduling one layer (scheduling.py): over every partition scheme, the best
// row-stationary mapping and loop blocking per node, with NoC hop costs.
#pragma once

#include <array>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/layer_search/loop_blocking_scheme.h"
#include "core/layer_search/reference_cache_stats.h"
#include "core/layer_search/scheduling_constraint.h"
#include "core/model/cost.h"
#include "core/model/data_layout.h"
#include "core/python_compat/py_sum.h"
#include "core/util/search_context.h"
#include "core/util/short_mutex.h"
#include "core/util/value_hash.h"

namespace nndf {

class WorkerPool;

/// The situation a layer is scheduled in.
struct SchedulingCondition {
    Resource resource;
    SchedulingConstraint constraint;
    DataLayout ifmap_layout;
    std::array<i64, 3> sched_seq{};  ///< (segment, spatial, temporal) indices.
    /// A matmul's right operand (its producer's ofmap layout); empty otherwise.
    DataLayout rhs_layout;
};

/// One layer's schedule: the reference's scheme dict, as typed fields.
struct SchedulingResult {
    double cost = 0;
    double time = 0;  ///< Cycles (an integer).
    double ops = 0;
    i64 num_nodes = 1;
    std::array<bool, 2> is_dram{true, true};
    double cost_op = 0, cost_access = 0, cost_noc = 0, cost_static = 0;
    i64 proc_time = 0, bus_time = 0, dram_time = 0;
    LoopBlockingScheme lbs;  ///< Blocking, orders, fetches, sizes, sharing (stats final).
    std::array<std::array<i64, de::NUM>, bl::NUM> size{};  ///< Buffered words per level.
    std::array<double, de::NUM> total_nhops{};
    PartitionScheme part;
    std::array<i64, de::NUM> mem_nhops{};
    std::array<double, de::NUM> node_nhops{};
    std::array<i64, de::NUM> unit_nhops{};
    DataLayout ofmap_layout;
    std::array<i64, 3> sched_seq{};
    /// Passes of the per-pass schedule `lbs` (Layer::passes): the counts and
    /// times above are the passes' sums; lbs's blocking, fetches and sizes
    /// are one round's, a round being `passes_together` passes run at once
    /// side by side on the PE array (docs/extensions.md).
    i64 passes = 1;
    i64 passes_together = 1;
    /// A matmul in a segment that pipelines the batch in groups runs its
    /// passes a group of samples at a time (every head of those samples), so
    /// each group's ofmaps are complete in turn; 1 otherwise.
    i64 sample_groups = 1;

    double total_cost() const { return cost; }
    double total_time() const { return time; }
    i64 total_node_time() const { return std::max(proc_time, bus_time); }
    i64 total_dram_time() const { return dram_time; }
    /// Accesses per level; remote GBUF accesses count as GBUF.
    std::array<double, me::NUM> total_accesses() const;
    double total_noc_hops() const { return py_sum(total_nhops); }
};

using SchedulingResultPtr = std::shared_ptr<const SchedulingResult>;

/// Schedules one layer; equal layers share one instance and its cache.
/// Searches of several conditions may run at once on different threads.
class Scheduling {
  public:
    Scheduling(const Layer& layer, i64 batch, const Cost& cost);
    ~Scheduling();
    Scheduling(const Scheduling&) = delete;
    Scheduling& operator=(const Scheduling&) = delete;

    /// The best `options.ntops` results; throws InternalError for a condition
    /// that does not fit the layer (an ifmap layout of another shape or
    /// outside the source region: the search never builds one).
    std::vector<SchedulingResultPtr> schedule_search(const SchedulingCondition& condition,
                                                     const Option& options,
                                                     const SearchContext* ctx = nullptr);
    const Layer& layer() const { return layer_; }
    /// Hits and misses of the per-node cache (read it when no search runs).
    std::pair<i64, i64> cache_stats() const { return {hits_, misses_}; }
    /// Also counts every cache use in `stats` (shared by the instances of a
    /// search), as the reference's caches would. Set before the first search.
    void count_like_reference(ReferenceCacheStats* stats) { ref_stats_ = stats; }
    /// Runs the per-node searches and hop counts of a layer on `pool` (null:
    /// serially). The results do not depend on it.
    void use_pool(WorkerPool* pool) { pool_ = pool; }
    /// Runs ahead the per-node searches that a search of this layer on
    /// `resource` under `constraint` looks up, and keeps them in the cache.
    /// They do not depend on the ifmap layout, so they can run before the
    /// layers before this one are scheduled (docs/parallel-search.md,
    /// "Per-node searches ahead"). Counts no cache use and reports no
    /// progress; checks for cancel and gives notes as the search would.
    void prefetch_per_node(const Resource& resource, const SchedulingConstraint& constraint,
                           const Option& options, const SearchContext* ctx);
    /// Forgets the per-condition results, so the next search of a condition
    /// runs again (and consults the per-node cache).
    void clear_result_cache() {
        std::lock_guard<ShortMutex> lock(mutex_);
        results_.clear();
    }

  private:
    struct PerNodeEntry;
    struct ResultEntry {
        std::vector<SchedulingResultPtr> tops;
        size_t key = 0;                     // in ReferenceCacheStats
        std::vector<size_t> per_node_keys;  // the per-node searches it made, in order
    };
    // The caches' keys are hashed before their lock is taken: two threads
    // searching the same layer (every segment that starts at a layer
    // searches it) waited on the lock while the other hashed resources and
    // layouts under it.
    struct PerNodeKey {
        PartitionScheme part;
        Resource resource;
        SchedulingConstraint constraint;
        size_t hash;  ///< per_node_hash of the three
        bool operator==(const PerNodeKey& o) const {
            return hash == o.hash && part == o.part && resource == o.resource &&
                   constraint == o.constraint;
        }
    };
    struct PerNodeKeyHash {
        size_t operator()(const PerNodeKey& k) const { return k.hash; }
    };
    /// A PerNodeKey's hash, from its resource's and constraint's hashes.
    static size_t per_node_hash(const PartitionScheme& part, size_t resource_hash,
                                size_t constraint_hash);
    /// A searched condition's results, found by the condition's hash.
    struct ConditionEntry {
        SchedulingCondition cond;
        ResultEntry result;
    };
    static size_t condition_hash(const SchedulingCondition& c);
    static bool same_condition(const SchedulingCondition& a, const SchedulingCondition& b);
    /// The entry of `cond` (whose hash is `hash`), or null; under `mutex_`.
    ConditionEntry* find_condition(const SchedulingCondition& cond, size_t hash);

    /// The NoC hops of every partition searched for one resource, ifmap
    /// layout and rhs layout. The ofmap layout, also an input of the hops,
    /// follows from the partition and the resource. Found once per layer
    /// search from the condition's own values, so a hit copies no layout.
    struct NhopsEntry {
        Resource resource;
        DataLayout ifmap_layout, rhs_layout;
        std::unordered_map<PartitionScheme, std::array<i64, de::NUM>, ValueHash> by_part;
    };
    static size_t nhops_hash(size_t resource_hash, const DataLayout& ifmap_layout,
                             const DataLayout& rhs_layout);
    /// The entry of these three (whose nhops_hash is `hash`), made empty if
    /// new; under `mutex_`.
    NhopsEntry& nhops_entry(size_t hash, const Resource& resource, const DataLayout& ifmap_layout,
                            const DataLayout& rhs_layout);

    /// The per-node search of one partition (the row-stationary mapping and
    /// the loop blocking of each of its nested loops). Reads only the layer.
    std::unique_ptr<PerNodeEntry> compute_per_node(const PartitionScheme& part,
                                                   const Resource& resource,
                                                   const SchedulingConstraint& constraint,
                                                   const Option& options, FractionSpan progress,
                                                   WorkerPool* pool) const;
    /// The per-node entry of each of `parts` on `resource` under
    /// `constraint`, in order: the cache's, or searched (on the pool) and
    /// stored. Counts the look-ups as hits and misses if `count`.
    std::vector<const PerNodeEntry*> per_node_entries(const std::vector<PartitionScheme>& parts,
                                                      const Resource& resource,
                                                      size_t resource_hash,
                                                      const SchedulingConstraint& constraint,
                                                      const Option& options, FractionSpan progress,
                                                      bool count);
    std::vector<SchedulingResultPtr> search_uncached(const SchedulingCondition& condition,
                                                     const Option& options,
                                                     const SearchContext* ctx,
                                                     std::vector<size_t>* per_node_keys);

    /// The constraint one pass's search gets: a matmul's pass has one
    /// sample, so a segment's batch groups are groups of its passes
    /// (SchedulingResult::sample_groups), not a loop of the pass.
    SchedulingConstraint pass_constraint(const SchedulingConstraint& layer) const;
    /// Where a multi-pass layer's passes leave its ofmaps.
    DataLayout passes_ofmap_layout(const PartitionScheme& part, const Resource& resource) const;

    Layer layer_;
    i64 batch_;
    // What one pass searches: the layer itself, or its unit layer and batch.
    Layer unit_;
    i64 unit_batch_;
    i64 passes_;
    Cost cost_;
    // Caches keyed by full values: a hit is always the same computation.
    std::unordered_map<PerNodeKey, std::unique_ptr<PerNodeEntry>, PerNodeKeyHash> per_node_;
    // By condition_hash; entries keep their addresses (a reference-lookup
    // log points at their per-node keys).
    std::unordered_map<size_t, std::vector<std::unique_ptr<ConditionEntry>>> results_;
    // By the hash of an entry's three keys; entries keep their addresses.
    std::unordered_map<size_t, std::vector<std::unique_ptr<NhopsEntry>>> nhops_;
    // Partition schemes per node-grid shape (options are fixed per search),
    // without those that replicate data unevenly.
    struct PartCandidates {
        PhyDim2 dim_nodes;
        std::vector<PartitionScheme> parts;
        bool dropped_uneven = false;
    };
    const std::vector<PartitionScheme>& part_candidates(const Option& options, PhyDim2 dim_nodes,
                                                        const SearchContext* ctx);
    /// Counts a search of `e` as the reference's caches would.
    void count_reference_lookup(const ResultEntry& e);

    // Guards the caches and counts; never held while searching.
    ShortMutex mutex_;
    std::deque<PartCandidates> parts_;  // a deque: references stay valid as it grows
    i64 hits_ = 0, misses_ = 0;
    ReferenceCacheStats* ref_stats_ = nullptr;
    WorkerPool* pool_ = nullptr;
};

}  // namespace nndf
