// Softmax, layer normalization and GELU (issue 12). Each is built as the
// local-region layer whose reads and op count it has (docs/extensions.md,
// "Softmax, layer normalization, GELU"), so the search, partitioning and
// layouts treat it exactly as that layer; only the kind differs.
#include "core/model/norm_layers.h"

#include "core/model/layer.h"
#include "core/util/error.h"

namespace nndf {

namespace {

Layer with_kind(Layer l, LayerKind kind) {
    l.kind = kind;
    return l;
}

}  // namespace

Layer Layer::softmax(i64 nofm, PhyDim2 sofm, i64 nreg) {
    // One output reads its group's nreg inputs: a channel region, no window.
    Layer l = local_region(nofm, sofm, nreg, {1, 1}, 1, {1, 1});
    if (nofm % nreg != 0) {
        throw InputError("nreg", "must divide nofm (the channels are groups of nreg): nofm " +
                                     std::to_string(nofm) + " is not a multiple of nreg " +
                                     std::to_string(nreg));
    }
    return with_kind(l, LayerKind::Softmax);
}

Layer Layer::layernorm(i64 nofm, PhyDim2 sofm) {
    // One output reads every channel at its position.
    return with_kind(local_region(nofm, sofm, nofm, {1, 1}, 1, {1, 1}), LayerKind::LayerNorm);
}

Layer Layer::gelu(i64 nofm, PhyDim2 sofm) {
    // One output reads its own input.
    return with_kind(local_region(nofm, sofm, 1, {1, 1}, 1, {1, 1}), LayerKind::GELU);
}

i64 Layer::param_count() const {
    if (is_conv()) return total_filter_size();
    if (kind == LayerKind::LayerNorm) return 2 * nofm;
    return 0;
}

std::string norm_layer_summary(const Layer& l) {
    switch (l.kind) {
        case LayerKind::Softmax:
            return "softmax over groups of " + std::to_string(l.nreg) + " channels";
        case LayerKind::LayerNorm:
            return "layer normalization over all " + std::to_string(l.nofm) + " channels (" +
                   std::to_string(l.param_count()) + " parameters)";
        case LayerKind::GELU:
            return "GELU, element-wise";
        default:
            return "";
    }
}

}  // namespace nndf
