#include "core/model/network.h"

#include <algorithm>

#include "core/util/display_text.h"

namespace nndf {

namespace {
std::string shape(i64 h, i64 w) {
    return "[" + std::to_string(h) + ", " + std::to_string(w) + "]";
}
}  // namespace

void Network::set_input_layer(const Layer& input) {
    if (has_input_) throw InputError("input", "only one input layer is allowed");
    if (!input.is_input()) throw InputError("input", "the input layer must be an input layer");
    input_ = input;
    has_input_ = true;
}

const Layer& Network::input_layer() const {
    // A network from a file always has one (network_json.cpp requires it).
    NNDF_CHECK(has_input_, "the network has no input layer");
    return input_;
}

bool Network::contains(const std::string& name) const {
    return layers_.count(name) > 0 || ext_.count(name) > 0;
}

const Layer& Network::operator[](const std::string& name) const {
    if (name == kInputKey) return input_layer();
    auto it = layers_.find(name);
    if (it != layers_.end()) return it->second;
    auto et = ext_.find(name);
    if (et != ext_.end()) return et->second;
    // The engine looks layers up by the names the network gave it; code
    // that takes a name from a person checks contains() first.
    NNDF_FAIL("layer '" << name << "' not found");
}

size_t Network::index_of(const std::string& name) const {
    auto it = index_.find(name);
    NNDF_CHECK(it != index_.end(), "layer '" << name << "' not found");
    return it->second;
}

void Network::add(const std::string& name, const Layer& layer, std::vector<std::string> prevs) {
    if (!has_input_) throw InputError("", "the input layer must be set before adding layers");
    if (name.empty()) throw InputError("name", "a layer needs a non-empty name");
    if (name == kInputKey || layers_.count(name) || ext_.count(name)) {
        throw InputError("name", "layer '" + display_text(name) + "' is defined twice");
    }
    if (layer.is_input())
        throw InputError("type", "layer '" + display_text(name) + "' cannot be an input layer");
    if (layer.is_matmul() && !rhs_.count(name)) {
        throw InputError("rhs",
                         "matmul '" + display_text(name) + "' needs its right operand (rhs)");
    }
    if (prevs.empty()) {
        prevs.push_back(order_.empty() ? std::string(kInputKey) : order_.back());
    } else {
        for (const auto& p : prevs) {
            if (p != kInputKey && !contains(p)) {
                throw InputError("prevs", "layer '" + display_text(name) + "' reads '" +
                                              display_text(p) +
                                              "', which is not defined before it");
            }
        }
    }
    check_prevs(name, layer, prevs);
    index_[name] = order_.size();
    order_.push_back(name);
    layers_[name] = layer;
    for (const auto& p : prevs) nexts_[p].push_back(name);
    prevs_[name] = std::move(prevs);
}

void Network::add_matmul(const std::string& name, const Layer& layer,
                         std::vector<std::string> prevs, const std::string& rhs) {
    if (!layer.is_matmul()) throw InputError("rhs", "only a matmul has a right operand (rhs)");
    if (rhs != kInputKey && (!contains(rhs) || rhs == name)) {
        throw InputError("rhs", "matmul '" + name + "' reads '" + rhs +
                                    "' as its right operand, which is not defined before it");
    }
    const Layer& r = (*this)[rhs];
    const i64 positions = r.hofm * r.wofm;
    const i64 h = layer.heads;
    // Per head: lhs [S x nifm/h] times rhs_h [positions x r.nofm/h] (or its transpose).
    const i64 want_ch = layer.transpose_rhs ? layer.nifm() : layer.nofm;
    const i64 want_pos = layer.transpose_rhs ? layer.nofm / h : layer.nifm() / h;
    const std::string what = "matmul '" + name + "' with rhs '" + rhs + "'" +
                             (layer.transpose_rhs ? " (transposed)" : "");
    if (r.nofm != want_ch) {
        throw InputError("rhs", what + " needs " + std::to_string(want_ch) + " rhs channels (" +
                                    (layer.transpose_rhs ? "nifm" : "nofm") + "), but '" + rhs +
                                    "' has " + std::to_string(r.nofm));
    }
    if (positions != want_pos) {
        throw InputError(
            "rhs", what + " needs " + std::to_string(want_pos) + " rhs positions per head (" +
                       (layer.transpose_rhs ? "nofm" : "nifm") + " / heads), but '" + rhs +
                       "' has " + std::to_string(positions) + " (" + shape(r.hofm, r.wofm) + ")");
    }
    rhs_[name] = rhs;
    try {
        add(name, layer, std::move(prevs));
    } catch (...) {
        rhs_.erase(name);
        throw;
    }
    auto& rn = nexts_[rhs];
    if (std::find(rn.begin(), rn.end(), name) == rn.end()) rn.push_back(name);
}

std::optional<std::string> Network::rhs(const std::string& name) const {
    auto it = rhs_.find(name);
    if (it == rhs_.end()) return std::nullopt;
    return it->second;
}

void Network::add_ext(const std::string& name, const Layer& input) {
    if (name.empty()) throw InputError("name", "an external layer needs a non-empty name");
    if (name == kInputKey || ext_.count(name) || layers_.count(name)) {
        throw InputError("name", "external layer '" + display_text(name) + "' is defined twice");
    }
    if (!input.is_input()) {
        throw InputError("", "external layer '" + display_text(name) + "' must be an input layer");
    }
    ext_order_.push_back(name);
    ext_[name] = input;
}

void Network::check_prevs(const std::string& name, const Layer& layer,
                          const std::vector<std::string>& prevs) const {
    i64 sum_nfmaps = 0;
    for (const auto& p : prevs) {
        const Layer& pl = (*this)[p];
        if (!layer.is_valid_padding_sifm(pl.hofm, pl.wofm)) {
            throw InputError("prevs",
                             "layer '" + display_text(name) + "' expects input fmaps of " +
                                 shape(layer.hifm(), layer.wifm()) + " (output " +
                                 shape(layer.hofm, layer.wofm) + ", stride " +
                                 shape(layer.htrd, layer.wtrd) + "), but '" +
                                 (p == kInputKey ? std::string("input") : display_text(p)) +
                                 "' gives " + shape(pl.hofm, pl.wofm));
        }
        sum_nfmaps += pl.nofm;
    }
    if (sum_nfmaps != layer.nifm()) {
        std::string names;
        // A fan-in of thousands would make a line of thousands of names.
        const size_t shown = std::min<size_t>(prevs.size(), 8);
        for (size_t i = 0; i < shown; ++i) {
            const std::string& p = prevs[i];
            names += (names.empty() ? "'" : " + '") +
                     (p == kInputKey ? std::string("input") : display_text(p)) + "'";
        }
        if (shown < prevs.size()) names += " + " + std::to_string(prevs.size() - shown) + " more";
        throw InputError("nifm", "layer '" + display_text(name) + "' has nifm " +
                                     std::to_string(layer.nifm()) + ", but its previous layers " +
                                     names + " give " + std::to_string(sum_nfmaps) + " channels");
    }
}

std::vector<std::optional<std::string>> Network::prevs(const std::string& name) const {
    auto it = prevs_.find(name);
    NNDF_CHECK(it != prevs_.end(), "layer '" << name << "' has no previous layers");
    std::vector<std::optional<std::string>> out;
    for (const auto& p : it->second) {
        if (p == kInputKey) {
            out.push_back(std::nullopt);
        } else {
            out.push_back(p);
        }
    }
    return out;
}

std::vector<std::optional<std::string>> Network::nexts(const std::string& name) const {
    auto it = nexts_.find(name);
    if (it == nexts_.end()) return {std::nullopt};
    return {it->second.begin(), it->second.end()};
}

std::vector<std::string> Network::firsts() const {
    std::vector<std::string> out;
    for (const auto& l : order_) {
        bool first = true;
        for (const auto& p : prevs_.at(l)) {
            if (p != kInputKey && !ext_.count(p)) first = false;
        }
        if (first) out.push_back(l);
    }
    return out;
}

std::vector<std::string> Network::lasts() const {
    std::vector<std::string> out;
    for (const auto& l : order_) {
        if (!nexts_.count(l)) out.push_back(l);
    }
    return out;
}

}  // namespace nndf
