#include "core/network_search/nn_dataflow_scheme.h"

#include <algorithm>

#include "core/util/error.h"

namespace nndf {

NNDataflowScheme::NNDataflowScheme(const Network& net, DataLayout input_layout,
                                   std::vector<std::pair<std::string, DataLayout>> ext_layouts)
    : net_(&net), input_layout_(std::move(input_layout)), ext_layouts_(std::move(ext_layouts)) {
    NNDF_CHECK(ext_layouts_.size() == net.ext_layers().size(), "external layouts do not match");
}

const SchedulingResult& NNDataflowScheme::operator[](const std::string& layer) const {
    for (const auto& [n, r] : res_)
        if (n == layer) return *r;
    NNDF_FAIL("layer " << layer << " is not scheduled");
}

void NNDataflowScheme::set(const std::string& layer, SchedulingResultPtr r) {
    for (const auto& [n, _] : res_) NNDF_CHECK(n != layer, "layer scheduled twice");
    for (const auto& p : net_->prevs(layer)) {
        if (!p || net_->is_ext(*p)) continue;
        bool found = false;
        for (const auto& [n, _] : res_) found = found || n == *p;
        NNDF_CHECK(found, "a previous layer is not scheduled yet");
    }
    sum_cost_ += r->total_cost();
    sum_static_cost_ += r->cost_static;
    sum_time_ += static_cast<i64>(r->total_time());
    const i64 seg = r->sched_seq[0];
    if (seg == last_seg_idx_ + 1) {
        timing_.emplace_back(seg);
        ++last_seg_idx_;
    } else {
        NNDF_CHECK(seg == last_seg_idx_, "segment index out of order");
    }
    timing_.back().add(*net_, layer, *r);
    res_.emplace_back(layer, std::move(r));
}

DataLayout NNDataflowScheme::fmap_layout(
    const std::vector<std::optional<std::string>>& layers) const {
    std::vector<const DataLayout*> parts;
    for (const auto& l : layers) {
        if (!l) {
            parts.push_back(&input_layout_);
            continue;
        }
        const DataLayout* found = nullptr;
        for (const auto& [n, dl] : ext_layouts_)
            if (n == *l) found = &dl;
        if (!found) found = &(*this)[*l].ofmap_layout;
        parts.push_back(found);
    }
    return DataLayout::concat(parts);
}

double NNDataflowScheme::total_cost() const {
    if (sum_time_ == 0) return sum_cost_;
    const double over = sum_static_cost_ * (1 - 1. * static_cast<double>(total_time()) /
                                                    static_cast<double>(sum_time_));
    return sum_cost_ - over;
}

i64 NNDataflowScheme::total_time() const {
    // One segment over the whole network has no pipeline fill or drain.
    if (timing_.size() == 1 && res_.size() == net_->size()) return timing_[0].critical_time();
    i64 t = 0;
    for (const auto& s : timing_) t += s.time();
    return t;
}

double NNDataflowScheme::total_ops() const {
    double s = 0;
    for (const auto& [_, r] : res_) s += r->ops;
    return s;
}

std::array<double, me::NUM> NNDataflowScheme::total_accesses() const {
    std::array<double, me::NUM> a{};
    for (const auto& [_, r] : res_) {
        auto ra = r->total_accesses();
        for (int m = 0; m < me::NUM; ++m) a[m] = a[m] + ra[m];
    }
    return a;
}

double NNDataflowScheme::total_noc_hops() const {
    double s = 0;
    for (const auto& [_, r] : res_) s += r->total_noc_hops();
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
