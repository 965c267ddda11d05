// The layer family of the reference (layer.py) as one value type: the kind
// decides which fields are meaningful. Conv and FC layers are "conv-like";
// LocalRegion, Pooling and Eltwise are "local-region", and so are Softmax,
// LayerNorm and GELU, which map onto that machinery (docs/extensions.md,
// core/model/norm_layers.cpp).
#pragma once

#include <string>

#include "core/model/data_dim_loops.h"
#include "core/model/phy_dim2.h"
#include "core/util/math_util.h"

namespace nndf {

// Matmul is appended (docs/extensions.md): the kinds before it keep their values.
enum class LayerKind {
    Input,
    Conv,
    FC,
    LocalRegion,
    Pooling,
    Eltwise,
    Softmax,
    LayerNorm,
    GELU,
    Matmul
};

/// The reference's class name of a kind ("ConvLayer", ...).
const char* layer_kind_class_name(LayerKind k);

struct Layer {
    LayerKind kind = LayerKind::Input;
    i64 nofm = 0;  ///< Output channels.
    i64 hofm = 0;  ///< Output height.
    i64 wofm = 0;  ///< Output width.
    i64 htrd = 1;  ///< Stride, height.
    i64 wtrd = 1;  ///< Stride, width.
    // Input fmap shape, derived for every kind but Input.
    i64 nifm_ = 0;
    i64 hifm_ = 0;
    i64 wifm_ = 0;
    // Conv-like only.
    i64 hfil = 0;  ///< Filter height.
    i64 wfil = 0;  ///< Filter width.
    // Local-region only.
    i64 nreg = 0;  ///< Region depth in channels.
    i64 hreg = 0;  ///< Region height.
    i64 wreg = 0;  ///< Region width.
    i64 ntrd = 0;  ///< Channel stride.
    // Grouped convolution and matmul (docs/extensions.md). Both run as
    // passes of one unit layer (unit_layer()): a conv of `groups` groups runs
    // `groups` passes; a matmul runs one pass per head and per sample.
    i64 groups = 1;              ///< Conv: channel groups (nifm and nofm are multiples).
    i64 heads = 1;               ///< Matmul: heads (nifm and nofm are multiples).
    bool transpose_rhs = false;  ///< Matmul: multiply by the right operand transposed.

    /// Named constructors; each validates its arguments (InputError).
    static Layer input(i64 nofm, PhyDim2 sofm, PhyDim2 strd = {1, 1});
    static Layer conv(i64 nifm, i64 nofm, PhyDim2 sofm, PhyDim2 sfil, PhyDim2 strd = {1, 1},
                      i64 groups = 1);
    /// lhs [positions x nifm/heads] x rhs per head and sample (format_v12.md);
    /// the right operand's shape is checked by the network, which knows it.
    static Layer matmul(i64 nifm, i64 nofm, PhyDim2 sofm, i64 heads = 1,
                        bool transpose_rhs = false);
    static Layer fc(i64 nifm, i64 nofm, PhyDim2 sfil = {1, 1});
    static Layer local_region(i64 nofm, PhyDim2 sofm, i64 nreg, PhyDim2 sreg, i64 ntrd = 1,
                              PhyDim2 strd = {1, 1});
    /// Stride defaults to the region size.
    static Layer pooling(i64 nofm, PhyDim2 sofm, PhyDim2 sreg);
    static Layer pooling(i64 nofm, PhyDim2 sofm, PhyDim2 sreg, PhyDim2 strd);
    static Layer eltwise(i64 nofm, PhyDim2 sofm, i64 nreg);
    /// Softmax over groups of `nreg` consecutive channels (nofm a multiple
    /// of nreg), layer normalization over all channels at each position,
    /// and element-wise GELU; each is the local-region layer it maps onto
    /// (norm_layers.cpp) with its own kind.
    static Layer softmax(i64 nofm, PhyDim2 sofm, i64 nreg);
    static Layer layernorm(i64 nofm, PhyDim2 sofm);
    static Layer gelu(i64 nofm, PhyDim2 sofm);

    bool is_input() const { return kind == LayerKind::Input; }
    /// Conv-like: conv, fc and matmul (a matmul maps like a 1x1 conv whose
    /// filters are its right operand).
    bool is_conv() const {
        return kind == LayerKind::Conv || kind == LayerKind::FC || kind == LayerKind::Matmul;
    }
    bool is_matmul() const { return kind == LayerKind::Matmul; }
    /// Whether the layer runs as several passes of unit_layer().
    bool is_multi_pass() const { return groups > 1 || is_matmul(); }
    /// The layer one pass computes: a grouped conv's per-group conv, a
    /// matmul's per-head 1x1 conv; other layers are their own unit.
    Layer unit_layer() const;
    /// Passes of unit_layer() at a batch: groups, or heads x batch for a
    /// matmul (its right operand differs per sample); 1 for other layers.
    i64 passes(i64 batch) const;
    /// The batch of one pass: a matmul's pass is one sample.
    i64 unit_batch(i64 batch) const { return is_matmul() ? 1 : batch; }
    bool is_local_region() const {
        return kind == LayerKind::LocalRegion || kind == LayerKind::Pooling ||
               kind == LayerKind::Eltwise || is_norm_or_activation();
    }
    /// Softmax, LayerNorm or GELU: the kinds the reference does not have.
    bool is_norm_or_activation() const {
        return kind == LayerKind::Softmax || kind == LayerKind::LayerNorm ||
               kind == LayerKind::GELU;
    }

    i64 nifm() const;
    i64 hifm() const;
    i64 wifm() const;

    i64 ofmap_size(i64 batch = 1, i64 word = 1) const { return hofm * wofm * batch * word; }
    i64 total_ofmap_size(i64 batch = 1, i64 word = 1) const {
        return nofm * ofmap_size(batch, word);
    }
    i64 ifmap_size(i64 batch = 1, i64 word = 1) const { return hifm() * wifm() * batch * word; }
    i64 total_ifmap_size(i64 batch = 1, i64 word = 1) const {
        return nifm() * ifmap_size(batch, word);
    }
    i64 ops_per_neuron() const;
    i64 total_ops(i64 batch = 1) const { return total_ofmap_size() * ops_per_neuron() * batch; }
    /// Whether an input of this height/width fits, allowing padding.
    bool is_valid_padding_sifm(i64 hifm, i64 wifm) const;
    /// Conv-like: one filter's size; total filter size over all channel pairs.
    i64 filter_size(i64 word = 1) const { return hfil * wfil * word; }
    /// A group's filters see nifm/groups channels; a matmul has no weights.
    i64 total_filter_size(i64 word = 1) const {
        return is_matmul() ? 0 : nifm() / groups * nofm * filter_size(word);
    }
    /// Words that must cross DRAM at least once per batch when every input
    /// and weight is read once and every output written once.
    i64 dram_lower_bound(i64 batch = 1) const {
        return total_ifmap_size(batch) + total_filter_size() + total_ofmap_size(batch);
    }
    /// Local-region: points merged into one output.
    i64 region_size() const { return nreg * hreg * wreg; }
    /// Trained parameters: conv-like layers' filters, LayerNorm's scale and
    /// shift (2 * nofm, which the search does not fetch: docs/extensions.md).
    i64 param_count() const;

    DataLoops data_loops() const;

    /// Content equality of the reference: the kind is not compared, so an FC
    /// layer equals the matching Conv layer and Pooling the matching LocalRegion.
    friend bool operator==(const Layer& a, const Layer& b);
    friend bool operator!=(const Layer& a, const Layer& b) { return !(a == b); }
};

/// Data loops of conv-like layers (FIL: IFM,OFM; IFM: IFM,BAT; OFM: OFM,BAT).
DataLoops conv_data_loops();
/// Data loops of local-region layers (FIL: none; IFM and OFM: OFM,BAT).
DataLoops local_region_data_loops();
/// Data loops of input layers (OFM: OFM,BAT only).
DataLoops input_data_loops();

}  // namespace nndf
