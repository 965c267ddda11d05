#include "core/network_search/schedule_order.h"

#include "core/util/error.h"

namespace nndf {

ScheduleOrder::ScheduleOrder(const Network& net, std::vector<std::string> names)
    : net_(&net), names_(std::move(names)) {
    by_name_.reserve(names_.size() + net.ext_layers().size());
    const auto& ext = net.ext_layers();
    for (size_t k = 0; k < ext.size(); ++k) by_name_[ext[k]] = {Source::Ext, k};
    for (size_t pos = 0; pos < names_.size(); ++pos) {
        NNDF_CHECK(net.contains(names_[pos]) && !net.is_ext(names_[pos]),
                   "layer '" << names_[pos] << "' is not in the network");
        const bool added = by_name_.emplace(names_[pos], Source{Source::Layer, pos}).second;
        NNDF_CHECK(added, "layer '" << names_[pos] << "' is ordered twice");
    }
    sources_.resize(names_.size());
    for (size_t pos = 0; pos < names_.size(); ++pos) {
        for (const auto& p : net.prevs(names_[pos]))
            sources_[pos].push_back(p ? source_of(*p) : Source{Source::Input, 0});
    }
}

size_t ScheduleOrder::position(const std::string& layer) const {
    auto it = by_name_.find(layer);
    if (it == by_name_.end() || it->second.kind != Source::Layer) return npos;
    return it->second.index;
}

ScheduleOrder::Source ScheduleOrder::source_of(const std::string& name) const {
    if (name == Network::kInputKey) return {Source::Input, 0};
    auto it = by_name_.find(name);
    NNDF_CHECK(it != by_name_.end(), "layer '" << name << "' is not in the schedule order");
    return it->second;
}

}  // namespace nndf
