// The order in which a search schedules a network's layers, and where each
// layer's input fmaps come from, by position in that order. Built once per
// search and shared by all its partial schedules, so a schedule finds a
// previous layer by position instead of by comparing names.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/model/network.h"

namespace nndf {

class ScheduleOrder {
  public:
    /// Where an input fmap comes from: the network input, an external layer
    /// (its index in Network::ext_layers()) or a layer (its position).
    struct Source {
        enum Kind { Input, Ext, Layer } kind = Input;
        size_t index = 0;
    };
    static constexpr size_t npos = static_cast<size_t>(-1);

    /// `names` are distinct layers of `net` (every layer, for a search).
    ScheduleOrder(const Network& net, std::vector<std::string> names);

    const Network& network() const { return *net_; }
    size_t size() const { return names_.size(); }
    const std::vector<std::string>& names() const { return names_; }
    const std::string& name(size_t pos) const { return names_[pos]; }
    /// Position of a layer, or npos if it is not in the order.
    size_t position(const std::string& layer) const;
    /// The source a layer, an external layer or the input key stands for;
    /// InternalError for a name the network does not have.
    Source source_of(const std::string& name) const;
    /// The sources of the layer at `pos`, in the order of its prevs.
    const std::vector<Source>& sources(size_t pos) const { return sources_[pos]; }

  private:
    const Network* net_;
    std::vector<std::string> names_;
    std::unordered_map<std::string, Source> by_name_;
    std::vector<std::vector<Source>> sources_;
};

}  // namespace nndf
