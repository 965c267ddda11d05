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
    std::vector<std::vector<int>> gen_vseg(size_t max_len = static_cast<size_t>(-1)) const;

    /// All valid segments, without duplicates: every single layer, then per
    /// vertex segment its spatial and temporal forms as the options allow.
    /// max_util_drop must be in [0, 1] (InternalError otherwise).
    std::vector<PipelineSegment> gen_segment(i64 batch, const Resource& resource,
                                             const Option& options,
                                             double max_util_drop = 0.05) const;

  private:
    void calc_sched_dag();
    void topological_order(std::vector<std::vector<std::string>> vertex_set);

    const Network& net_;
    std::vector<std::vector<std::string>> vertex_list_;
    std::vector<std::set<int>> prev_, next_;
    std::set<int> input_next_;
};

}  // namespace nndf
