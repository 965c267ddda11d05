// Timing of one pipeline segment (pipeline_segment_timing.py): when each layer
// can start and finish, given batch groups and fmap forwarding.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/layer_search/scheduling.h"
#include "core/model/network.h"

namespace nndf {

class PipelineSegmentTiming {
  public:
    struct LayerTiming {
        i64 time = 0, node_time = 0, dram_time = 0, num_nodes = 0, ngrp = 0;
        i64 ts_xb = 0, td_xb = 0;  ///< Start and done times, scaled by the batch groups.
    };

    explicit PipelineSegmentTiming(i64 seg_idx) : seg_idx_(seg_idx) {}

    /// Adds the next layer of the segment (in scheduling order).
    void add(const Network& net, const std::string& layer, const SchedulingResult& r);

    /// Total time: the longer of node processing and DRAM access.
    i64 time() const { return std::max(node_time_, dram_time_); }
    /// Time relative to running each layer alone, minus one.
    double time_overhead() const;
    i64 critical_time() const { return critical_time_; }
    i64 dram_time() const { return dram_time_; }
    i64 node_time() const { return node_time_; }
    const std::vector<std::vector<LayerTiming>>& timing_list() const { return timing_list_; }
    /// The (segment, spatial, temporal) index of the last layer added.
    const std::optional<std::array<i64, 3>>& last_sched_seq() const { return last_sched_seq_; }
    /// Batch groups shared by all layers so far (1 if they differ, 0 before any).
    i64 bat_ngrp() const { return bat_ngrp_; }

  private:
    LayerTiming make_layer_timing(const Network& net, const std::string& layer,
                                  const SchedulingResult& r);
    std::pair<int, int> index_of(const std::string& layer) const;

    i64 seg_idx_;
    std::optional<std::array<i64, 3>> last_sched_seq_;
    i64 dram_time_ = 0, node_time_ = 0, critical_time_ = 0;
    std::vector<std::pair<std::string, std::pair<int, int>>> layer2idx_;
    i64 bat_ngrp_ = 0;  ///< 0 until the first layer sets it.
    std::vector<std::vector<LayerTiming>> timing_list_;
};

}  // namespace nndf
