// A network: a DAG of named layers with one input layer and optional external
// input layers (network.py). Insertion order is the iteration order and the
// search depends on it.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/model/layer.h"

namespace nndf {

class Network {
  public:
    /// The name that stands for the input layer in `prevs`.
    static constexpr const char* kInputKey = "__INPUT__";

    explicit Network(std::string name = "") : name_(std::move(name)) {}

    const std::string& name() const { return name_; }
    void set_input_layer(const Layer& input);
    bool has_input_layer() const { return has_input_; }
    const Layer& input_layer() const;

    /// Adds a layer after its `prevs` (names, kInputKey or ext layers); an
    /// empty `prevs` means the last added layer (or the input). Throws
    /// InputError naming the layer for unknown prevs or mismatched shapes.
    void add(const std::string& name, const Layer& layer, std::vector<std::string> prevs = {});
    /// Adds a matmul: `rhs` (a layer, an external layer or kInputKey, added
    /// before it) gives its right operand. The matmul is one of rhs's nexts
    /// (it reads rhs's output) but rhs is not one of its prevs (not its ifmap).
    void add_matmul(const std::string& name, const Layer& layer, std::vector<std::string> prevs,
                    const std::string& rhs);
    /// A matmul's right operand; std::nullopt for other layers.
    std::optional<std::string> rhs(const std::string& name) const;
    void add_ext(const std::string& name, const Layer& input);

    /// Number of layers, not counting the input and external layers.
    size_t size() const { return order_.size(); }
    /// Layer names in insertion order.
    const std::vector<std::string>& layer_names() const { return order_; }
    const std::vector<std::string>& ext_layers() const { return ext_order_; }
    bool contains(const std::string& name) const;
    bool is_ext(const std::string& name) const { return ext_.count(name) > 0; }
    /// A layer, an external layer or (by kInputKey) the input layer. The
    /// lookups below ask by names the network gave; an unknown name is a bug
    /// (InternalError), so check contains() first with a person's name.
    const Layer& operator[](const std::string& name) const;
    /// Previous layers; the input layer is std::nullopt.
    std::vector<std::optional<std::string>> prevs(const std::string& name) const;
    /// Next layers; a layer nothing reads gives {std::nullopt}.
    std::vector<std::optional<std::string>> nexts(const std::string& name) const;
    /// Layers fed only by the input or external layers.
    std::vector<std::string> firsts() const;
    /// Layers nothing reads.
    std::vector<std::string> lasts() const;
    /// Index of a layer in insertion order.
    size_t index_of(const std::string& name) const;

  private:
    void check_prevs(const std::string& name, const Layer& layer,
                     const std::vector<std::string>& prevs) const;

    std::string name_;
    bool has_input_ = false;
    Layer input_;
    std::vector<std::string> order_;
    std::unordered_map<std::string, Layer> layers_;
    std::unordered_map<std::string, std::vector<std::string>> prevs_;
    std::unordered_map<std::string, std::vector<std::string>> nexts_;
    std::vector<std::string> ext_order_;
    std::unordered_map<std::string, Layer> ext_;
    std::unordered_map<std::string, size_t> index_;
    std::unordered_map<std::string, std::string> rhs_;
};

}  // namespace nndf
