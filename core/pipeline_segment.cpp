#include "core/pipeline_segment.h"

#include "core/error.h"

namespace nndf {

PipelineSegment::PipelineSegment(Layers seg, const Network& net, i64 batch, const Resource& resource,
                                 double max_util_drop, bool with_opt)
    : seg_(std::move(seg)),
      net_(&net),
      batch_(batch),
      resource_(resource),
      max_util_drop_(max_util_drop),
      with_opt_(with_opt) {
    if (seg_.size() != 1 || seg_[0].size() != 1) {
        throw InputError("--interlayer-partition", "multi-layer pipeline segments are not yet supported");
    }
    valid_ = init_deps() && alloc_resource();
}

bool PipelineSegment::init_deps() {
    // A single-layer segment reads from and writes to memory.
    src_ = {{{std::nullopt}}};
    dst_ = {{{std::nullopt}}};
    return true;
}

bool PipelineSegment::alloc_resource() {
    // The whole network in one segment with one filtered layer per slot keeps
    // its filters on chip (no time multiplexing).
    const bool no_time_mux = net_->size() == 1;
    Resource r = resource_;
    r.no_time_mux = no_time_mux;
    alloc_ = {{r}};
    return true;
}

std::vector<std::pair<PipelineSegment::Constraints, std::vector<i64>>> PipelineSegment::gen_constraint(
    double) const {
    // A single layer has nothing to match: one free constraint, hint (1,).
    Constraints c{{SchedulingConstraint::pipeline(0, 0, 0, false, false)}};
    return {{c, {1}}};
}

}  // namespace nndf
