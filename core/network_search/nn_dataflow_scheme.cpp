#include "core/network_search/nn_dataflow_scheme.h"

#include <algorithm>

#include "core/util/error.h"

namespace nndf {

struct NNDataflowScheme::Node {
    /// Mutable only so that the destructor can unlink a long chain without
    /// recursing once per layer.
    mutable std::shared_ptr<const Node> parent;
    /// An ancestor (alive through `parent`): skew-binary jumps, so finding
    /// the ancestor at a depth takes O(log depth) steps.
    const Node* jump = nullptr;
    size_t depth = 0;  ///< Layers scheduled, this one included.
    SchedulingResultPtr result;
    /// This layer's segment, up to and including this layer.
    std::shared_ptr<const PipelineSegmentTiming> timing;
    i64 seg_idx = -1;
    i64 num_segs = 0;
    i64 done_seg_time = 0;  ///< Time of the segments before this layer's.
    double sum_cost = 0, sum_static_cost = 0;
    i64 sum_time = 0;
    i64 total_time = 0;
    double total_cost = 0;

    Node() = default;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    ~Node() {
        std::shared_ptr<const Node> p = std::move(parent);
        while (p && p.use_count() == 1) {
            std::shared_ptr<const Node> next = std::move(p->parent);
            p.reset();
            p = std::move(next);
        }
    }
};

namespace {

template <typename N>
size_t depth_of(const N* n) {
    return n ? n->depth : 0;
}

template <typename N>
const N* jump_of(const N* n) {
    return n ? n->jump : nullptr;
}

}  // namespace

NNDataflowScheme::NNDataflowScheme(const Network& net, DataLayout input_layout,
                                   ExtLayouts ext_layouts)
    : NNDataflowScheme(std::make_shared<const ScheduleOrder>(net, net.layer_names()),
                       std::move(input_layout), std::move(ext_layouts)) {}

NNDataflowScheme::NNDataflowScheme(std::shared_ptr<const ScheduleOrder> order,
                                   DataLayout input_layout, ExtLayouts ext_layouts) {
    const auto& ext = order->network().ext_layers();
    NNDF_CHECK(ext_layouts.size() == ext.size(), "external layouts do not match");
    for (size_t k = 0; k < ext.size(); ++k)
        NNDF_CHECK(ext_layouts[k].first == ext[k], "external layouts do not match");
    root_ = std::make_shared<const Root>(
        Root{std::move(order), std::move(input_layout), std::move(ext_layouts)});
}

size_t NNDataflowScheme::size() const {
    return depth_of(tail_.get());
}

const NNDataflowScheme::Node* NNDataflowScheme::ancestor(size_t depth) const {
    NNDF_CHECK(depth >= 1 && depth <= size(), "no layer at depth " << depth);
    const Node* n = tail_.get();
    while (n->depth > depth) n = depth_of(n->jump) >= depth ? n->jump : n->parent.get();
    return n;
}

bool NNDataflowScheme::shares_layers_with(const NNDataflowScheme& other, size_t n) const {
    if (n == 0) return true;
    if (n > size() || n > other.size()) return false;
    return ancestor(n) == other.ancestor(n);
}

std::vector<const NNDataflowScheme::Node*> NNDataflowScheme::path() const {
    std::vector<const Node*> nodes(size());
    for (const Node* n = tail_.get(); n; n = n->parent.get()) nodes[n->depth - 1] = n;
    return nodes;
}

void NNDataflowScheme::set(const std::string& layer, SchedulingResultPtr r) {
    const ScheduleOrder& order = *root_->order;
    const size_t pos = size();
    NNDF_CHECK(pos < order.size() && order.name(pos) == layer,
               "layer '" << layer << "' is not the next layer in the schedule order");
    for (const auto& s : order.sources(pos)) {
        NNDF_CHECK(s.kind != ScheduleOrder::Source::Layer || s.index < pos,
                   "a previous layer is not scheduled yet");
    }
    const Node* p = tail_.get();
    auto n = std::make_shared<Node>();
    n->depth = pos + 1;
    // Skew-binary jumps: skip as far as the parent's jump when its two last
    // jumps span equal distances, else point at the parent.
    const Node* pj = jump_of(p);
    const bool equal_spans =
        p && depth_of(p) - depth_of(pj) == depth_of(pj) - depth_of(jump_of(pj));
    n->jump = equal_spans ? jump_of(pj) : p;
    n->sum_cost = (p ? p->sum_cost : 0) + r->total_cost();
    n->sum_static_cost = (p ? p->sum_static_cost : 0) + r->cost_static;
    n->sum_time = (p ? p->sum_time : 0) + static_cast<i64>(r->total_time());

    const i64 seg = r->sched_seq[0];
    std::shared_ptr<PipelineSegmentTiming> timing;
    if (seg == (p ? p->seg_idx : -1) + 1) {
        timing = std::make_shared<PipelineSegmentTiming>(seg);
        n->num_segs = (p ? p->num_segs : 0) + 1;
        n->done_seg_time = p ? p->done_seg_time + p->timing->time() : 0;
    } else {
        NNDF_CHECK(p && seg == p->seg_idx, "segment index out of order");
        timing = std::make_shared<PipelineSegmentTiming>(*p->timing);
        n->num_segs = p->num_segs;
        n->done_seg_time = p->done_seg_time;
    }
    timing->add(network(), layer, *r);
    n->seg_idx = seg;
    // One segment over the whole network has no pipeline fill or drain.
    n->total_time = n->num_segs == 1 && n->depth == network().size()
                        ? timing->critical_time()
                        : n->done_seg_time + timing->time();
    n->timing = std::move(timing);
    if (n->sum_time == 0) {
        n->total_cost = n->sum_cost;
    } else {
        const double over = n->sum_static_cost * (1 - 1. * static_cast<double>(n->total_time) /
                                                          static_cast<double>(n->sum_time));
        n->total_cost = n->sum_cost - over;
    }
    n->result = std::move(r);
    n->parent = std::move(tail_);
    tail_ = std::move(n);
}

std::vector<std::pair<std::string, SchedulingResultPtr>> NNDataflowScheme::results() const {
    std::vector<std::pair<std::string, SchedulingResultPtr>> out;
    out.reserve(size());
    for (const Node* n : path()) out.emplace_back(root_->order->name(n->depth - 1), n->result);
    return out;
}

const SchedulingResult& NNDataflowScheme::operator[](const std::string& layer) const {
    const size_t pos = root_->order->position(layer);
    NNDF_CHECK(pos != ScheduleOrder::npos && pos < size(),
               "layer " << layer << " is not scheduled");
    return *ancestor(pos + 1)->result;
}

const DataLayout& NNDataflowScheme::layout_of(ScheduleOrder::Source s) const {
    switch (s.kind) {
        case ScheduleOrder::Source::Input:
            return root_->input_layout;
        case ScheduleOrder::Source::Ext:
            return root_->ext_layouts[s.index].second;
        case ScheduleOrder::Source::Layer:
            break;
    }
    NNDF_CHECK(s.index < size(), "layer " << root_->order->name(s.index) << " is not scheduled");
    return ancestor(s.index + 1)->result->ofmap_layout;
}

DataLayout NNDataflowScheme::fmap_layout(
    const std::vector<std::optional<std::string>>& layers) const {
    std::vector<const DataLayout*> parts;
    parts.reserve(layers.size());
    for (const auto& l : layers) {
        parts.push_back(l ? &layout_of(root_->order->source_of(*l)) : &root_->input_layout);
    }
    return DataLayout::concat(parts);
}

DataLayout NNDataflowScheme::next_ifmap_layout() const {
    const size_t pos = size();
    NNDF_CHECK(pos < root_->order->size(), "every layer is scheduled");
    const auto& sources = root_->order->sources(pos);
    std::vector<const DataLayout*> parts;
    parts.reserve(sources.size());
    for (const auto& s : sources) parts.push_back(&layout_of(s));
    return DataLayout::concat(parts);
}

std::vector<PipelineSegmentTiming> NNDataflowScheme::segment_timing_list() const {
    std::vector<PipelineSegmentTiming> out;
    const auto nodes = path();
    for (size_t k = 0; k < nodes.size(); ++k) {
        // A segment's timing is complete at its last layer.
        if (k + 1 == nodes.size() || nodes[k + 1]->num_segs != nodes[k]->num_segs)
            out.push_back(*nodes[k]->timing);
    }
    return out;
}

const PipelineSegmentTiming* NNDataflowScheme::last_segment_timing() const {
    return tail_ ? tail_->timing.get() : nullptr;
}

i64 NNDataflowScheme::last_seg_idx() const {
    return tail_ ? tail_->seg_idx : -1;
}

double NNDataflowScheme::total_cost() const {
    return tail_ ? tail_->total_cost : 0;
}

i64 NNDataflowScheme::total_time() const {
    return tail_ ? tail_->total_time : 0;
}

double NNDataflowScheme::total_ops() const {
    double s = 0;
    for (const Node* n : path()) s += n->result->ops;
    return s;
}

std::array<double, me::NUM> NNDataflowScheme::total_accesses() const {
    std::array<double, me::NUM> a{};
    for (const Node* n : path()) {
        const auto ra = n->result->total_accesses();
        for (int m = 0; m < me::NUM; ++m) a[m] = a[m] + ra[m];
    }
    return a;
}

double NNDataflowScheme::total_noc_hops() const {
    double s = 0;
    for (const Node* n : path()) s += n->result->total_noc_hops();
    return s;
}

bool nndf_less(const NNDataflowScheme& a, const NNDataflowScheme& b, OptGoal goal) {
    switch (goal) {
        case OptGoal::E: {
            double ca = a.total_cost(), cb = b.total_cost();
            if (ca != cb) return ca < cb;
            return a.total_time() < b.total_time();
        }
        case OptGoal::D: {
            i64 ta = a.total_time(), tb = b.total_time();
            if (ta != tb) return ta < tb;
            return a.total_cost() < b.total_cost();
        }
        case OptGoal::ED:
            return a.total_cost() * static_cast<double>(a.total_time()) <
                   b.total_cost() * static_cast<double>(b.total_time());
    }
    return false;
}

}  // namespace nndf
