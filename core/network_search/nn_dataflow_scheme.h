// A (partial) schedule of a whole network (nn_dataflow_scheme.py): the layers
// scheduled so far, in the scheduling order, with the totals the search ranks
// by.
//
// A schedule is a persistent list: adding a layer makes one immutable node
// that points at the schedule it extends. The search makes many candidates
// from each kept schedule, and keeps the best of every layer until the end;
// they all share their common prefix, so copying a schedule costs O(1) and
// memory grows with layers x kept schedules, not with its square. The totals
// the ranking reads are kept per node; a previous layer is found by its
// position in the order, through jump pointers (O(log n), O(1) for the
// latest layers, which most layers read).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/network_search/pipeline_segment_timing.h"
#include "core/network_search/schedule_order.h"

namespace nndf {

class NNDataflowScheme {
  public:
    using ExtLayouts = std::vector<std::pair<std::string, DataLayout>>;

    /// A schedule of `net`'s layers in the network's order.
    NNDataflowScheme(const Network& net, DataLayout input_layout, ExtLayouts ext_layouts);
    /// A schedule of layers in `order`; `ext_layouts` are those of the
    /// network's external layers, in its order.
    NNDataflowScheme(std::shared_ptr<const ScheduleOrder> order, DataLayout input_layout,
                     ExtLayouts ext_layouts);

    /// Adds the result of the next layer in the order (InternalError for
    /// another layer); its previous layers are then in.
    void set(const std::string& layer, SchedulingResultPtr result);
    /// The layers and their results, in order (walks the schedule).
    std::vector<std::pair<std::string, SchedulingResultPtr>> results() const;
    const SchedulingResult& operator[](const std::string& layer) const;
    size_t size() const;
    /// Whether the first n layers of both are the same nodes in memory: a
    /// schedule extended from another shares its layers instead of copying.
    bool shares_layers_with(const NNDataflowScheme& other, size_t n) const;
    const Network& network() const { return root_->order->network(); }

    /// The layout of the given layers' ofmaps stacked (nullopt = the input).
    DataLayout fmap_layout(const std::vector<std::optional<std::string>>& layers) const;
    /// The ifmap layout of the next layer in the order: its prevs' ofmaps.
    DataLayout next_ifmap_layout() const;

    const DataLayout& input_layout() const { return root_->input_layout; }
    const ExtLayouts& ext_layouts() const { return root_->ext_layouts; }
    /// Every segment's timing, in order (walks the schedule).
    std::vector<PipelineSegmentTiming> segment_timing_list() const;
    /// The timing of the last segment; nullptr before the first layer.
    const PipelineSegmentTiming* last_segment_timing() const;
    i64 last_seg_idx() const;

    double total_cost() const;
    i64 total_time() const;
    /// Sums over the layers, in order (walk the schedule).
    double total_ops() const;
    std::array<double, me::NUM> total_accesses() const;
    double total_noc_hops() const;

  private:
    struct Root {
        std::shared_ptr<const ScheduleOrder> order;
        DataLayout input_layout;
        ExtLayouts ext_layouts;
    };
    struct Node;

    const Node* ancestor(size_t depth) const;
    const DataLayout& layout_of(ScheduleOrder::Source s) const;
    std::vector<const Node*> path() const;

    std::shared_ptr<const Root> root_;
    std::shared_ptr<const Node> tail_;  ///< nullptr: no layer yet.
};

/// The network-level comparison per goal: true if a ranks before b.
bool nndf_less(const NNDataflowScheme& a, const NNDataflowScheme& b, OptGoal goal);

}  // namespace nndf
