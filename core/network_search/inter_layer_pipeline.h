// The scheduling DAG of a network and its pipeline segments
// (inter_layer_pipeline.py). Layers without filters merge into the vertex of
// their only previous layer; vertices are ordered depth-first.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/model/network.h"
#include "core/model/option.h"
#include "core/network_search/pipeline_segment.h"

namespace nndf {

class InterLayerPipeline {
  public:
    explicit InterLayerPipeline(const Network& network);

    /// Layers in the scheduling order: the DAG vertices in topological order.
    std::vector<std::string> ordered_layer_list() const;
    /// The DAG vertices (layer name tuples) in topological order.
    const std::vector<std::vector<std::string>>& vertices() const { return vertex_list_; }
    /// Previous / next vertices of a vertex; -1 stands for the input.
    const std::set<int>& prevs(int v) const { return prev_.at(static_cast<size_t>(v)); }
    const std::set<int>& nexts(int v) const { return next_.at(static_cast<size_t>(v)); }
    const std::set<int>& input_nexts() const { return input_next_; }

    /// Vertex segments (tuples of consecutive vertex indices) in the
    /// reference's depth-first generation order; only those of at most
    /// `max_len` vertices.
    /// Stops once it has more than `limit`.
    std::vector<std::vector<int>> gen_vseg(size_t max_len = static_cast<size_t>(-1),
                                           size_t limit = static_cast<size_t>(-1)) const;

    /// The most vertex segments gen_segment searches for this network: 64
    /// a vertex, and at least 20,000. Real networks have fewer than 4 a layer
    /// (ResNet-152 and GPT-2 on 16x16 nodes: 635 and 553); a bounded
    /// pipeline degree D gives at most D. Only segments without a bound on
    /// their length (save-writeback, or a large grid) reach it: their number
    /// grows with the square of a chain's length and the search with its
    /// cube (docs/scaling.md).
    size_t vseg_limit() const;

    /// All valid segments, without duplicates: every single layer, then per
    /// vertex segment its spatial and temporal forms as the options allow.
    /// max_util_drop must be in [0, 1] (InternalError otherwise).
    /// More vertex segments than vseg_limit() is an InputError naming
    /// `layer_pipeline_max_degree`; `ctx` (may be null) is asked for cancel
    /// between segments.
    std::vector<PipelineSegment> gen_segment(i64 batch, const Resource& resource,
                                             const Option& options,
                                             double max_util_drop = kMaxUtilDrop,
                                             const SearchContext* ctx = nullptr) const;
    /// The search's utilization drop allowed in a segment (not a run field).
    static constexpr double kMaxUtilDrop = 0.05;

  private:
    void calc_sched_dag();
    void topological_order(std::vector<std::vector<std::string>> vertex_set);

    const Network& net_;
    std::vector<std::vector<std::string>> vertex_list_;
    std::vector<std::set<int>> prev_, next_;
    std::set<int> input_next_;
};

}  // namespace nndf
