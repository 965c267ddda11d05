// The whole-network search (nn_dataflow.py): layers in DAG order, each
// extended from the best partial schedules of the layers before it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/network_search/inter_layer_pipeline.h"
#include "core/network_search/nn_dataflow_scheme.h"
#include "core/network_search/pipeline_segment.h"
#include "core/util/search_context.h"
#include "core/util/worker_pool.h"

namespace nndf {

struct SearchOutcome {
    std::vector<NNDataflowScheme> tops;  ///< Best first; empty if nothing is valid.
    std::pair<i64, i64> cache_stats;     ///< (hits, misses), reported as the reference does.
    /// The first layer in search order that has no schedule (empty if every
    /// layer has one): where a failed search stopped being valid.
    std::string first_unscheduled;
    size_t first_unscheduled_position = 0;  ///< Its 0-based position in the search order.
};

/// A layout of fmaps as a layer that gets them forwarded from `region`
/// (PipelineSegment::forward_regions) reads them: the same ranges, each
/// spread over that region as its partition projects onto it.
DataLayout forwarded_layout(const DataLayout& layout, const NodeRegion& region);

class NNDataflow {
  public:
    NNDataflow(const Network& net, i64 batch, const Resource& resource, const Cost& cost);

    SearchOutcome schedule_search(const Option& options, const SearchContext* ctx = nullptr);
    const std::vector<std::string>& ordered_layers() const { return order_->names(); }

  private:
    /// The per-node searches of the segment's first layer under its first
    /// constraint, ahead of the segment: they need no earlier layer
    /// (docs/parallel-search.md, "Per-node searches ahead").
    void search_ahead(const PipelineSegment& seg, const Option& options, const SearchContext* ctx);
    std::vector<NNDataflowScheme> segment_search(const PipelineSegment& seg, const Option& options,
                                                 const SearchContext* ctx);
    std::vector<NNDataflowScheme> layer_search(size_t pos, const Resource& resource,
                                               SchedulingConstraint constraint, int sp_idx,
                                               int tm_idx, const NodeRegion* fwd_region,
                                               const std::vector<NNDataflowScheme>& prev_tops,
                                               const Option& options, const SearchContext* ctx);
    std::vector<NNDataflowScheme> gen_input_layouts(const Option& options) const;
    /// Each ordered layer's expected share of the search (search_work.h),
    /// given the segments that start at each position (searched at it).
    std::vector<double> layer_work(const std::vector<std::vector<size_t>>& starting) const;
    void make_schedulings();
    void sort_keep(std::vector<NNDataflowScheme>& v, const Option& options) const;

    const Network& net_;
    i64 batch_;
    Resource resource_;
    Cost cost_;
    std::unique_ptr<WorkerPool> pool_;                 // for one search
    std::vector<std::unique_ptr<Scheduling>> scheds_;  // distinct layers
    std::unique_ptr<ReferenceCacheStats> ref_cache_stats_;
    std::vector<Scheduling*> sched_at_;  // by position in the order
    InterLayerPipeline ilp_;
    std::shared_ptr<const ScheduleOrder> order_;
    std::vector<std::vector<NNDataflowScheme>> tops_;  // by position of the last layer
    std::vector<NNDataflowScheme> input_tops_;
};

}  // namespace nndf
