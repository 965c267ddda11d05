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

enum class LayerKind { Input, Conv, FC, LocalRegion, Pooling, Eltwise, Softmax, LayerNorm, GELU };

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

    /// Named constructors; each validates its arguments (InputError).
    static Layer input(i64 nofm, PhyDim2 sofm, PhyDim2 strd = {1, 1});
    static Layer conv(i64 nifm, i64 nofm, PhyDim2 sofm, PhyDim2 sfil, PhyDim2 strd = {1, 1});
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
    bool is_conv() const { return kind == LayerKind::Conv || kind == LayerKind::FC; }
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
    i64 total_filter_size(i64 word = 1) const { return nifm() * nofm * filter_size(word); }
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
