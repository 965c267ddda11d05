// Words for the kinds beyond the reference (Softmax, LayerNorm, GELU): what
// each computes over which inputs, for explanations (docs/extensions.md).
#pragma once

#include <string>

#include "core/model/layer.h"

namespace nndf {

/// "softmax over groups of 16 channels", "layer normalization over all 64
/// channels (128 parameters)", "GELU, element-wise"; empty for other kinds.
std::string norm_layer_summary(const Layer& l);

}  // namespace nndf
