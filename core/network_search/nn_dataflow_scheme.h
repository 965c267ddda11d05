// A (partial) schedule of a whole network (nn_dataflow_scheme.py): the layers
// scheduled so far, in order, with the totals the search ranks by.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/network_search/pipeline_segment_timing.h"

namespace nndf {

class NNDataflowScheme {
  public:
    NNDataflowScheme(const Network& net, DataLayout input_layout,
                     std::vector<std::pair<std::string, DataLayout>> ext_layouts);

    /// Adds the result of the next layer; its previous layers must be in.
    void set(const std::string& layer, SchedulingResultPtr result);
    const std::vector<std::pair<std::string, SchedulingResultPtr>>& results() const { return res_; }
    const SchedulingResult& operator[](const std::string& layer) const;
    size_t size() const { return res_.size(); }
    const Network& network() const { return *net_; }

    /// The layout of the given layers' ofmaps stacked (nullopt = the input).
    DataLayout fmap_layout(const std::vector<std::optional<std::string>>& layers) const;

    const DataLayout& input_layout() const { return input_layout_; }
    const std::vector<std::pair<std::string, DataLayout>>& ext_layouts() const {
        return ext_layouts_;
    }
    const std::vector<PipelineSegmentTiming>& segment_timing_list() const { return timing_; }
    i64 last_seg_idx() const { return last_seg_idx_; }

    double total_cost() const;
    i64 total_time() const;
    double total_ops() const;
    std::array<double, me::NUM> total_accesses() const;
    double total_noc_hops() const;

  private:
    const Network* net_;
    DataLayout input_layout_;
    std::vector<std::pair<std::string, DataLayout>> ext_layouts_;
    std::vector<std::pair<std::string, SchedulingResultPtr>> res_;
    double sum_cost_ = 0, sum_static_cost_ = 0;
    i64 sum_time_ = 0;
    std::vector<PipelineSegmentTiming> timing_;
    i64 last_seg_idx_ = -1;
};

/// The network-level comparison per goal: true if a ranks before b.
bool nndf_less(const NNDataflowScheme& a, const NNDataflowScheme& b, OptGoal goal);

}  // namespace nndf
