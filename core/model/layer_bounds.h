// Bounds on the sizes of a network, so that every product the model forms
// fits 64 bits: a layer's data and MACs times the batch (at most 65536 =
// 2^16, run_schema.cpp) times the word (at most 8 bytes), times the
// refetches and hops of a schedule, summed over up to 20,000 layers. Without
// them `nofm` 2^62 or `sofm` 2^40 overflowed silently (docs/run-config.md,
// "Bounds").
#pragma once

#include <string>

#include "core/model/layer.h"

namespace nndf {

/// Any one size of a layer: channels, height, width, filter, region, stride.
constexpr i64 kMaxLayerExtent = i64{1} << 20;
/// A layer's data (ifmaps, ofmaps, filters, in words) and MACs for one input.
constexpr i64 kMaxLayerVolume = i64{1} << 36;
/// A network's MACs for one input, summed over its layers.
constexpr i64 kMaxNetworkOps = i64{1} << 40;

/// What is wrong with a size beyond kMaxLayerExtent, `given` as the file
/// wrote it ("must be at most 2^20 = 1048576 (...), got 4611686018427387904").
std::string layer_extent_message(const std::string& given);

/// The first of a layer's volumes beyond kMaxLayerVolume, as a message
/// ("MACs per input ... exceed ..."), or "" if the layer is within bounds.
/// Works for any layer, even one whose products overflow.
std::string layer_volume_problem(const Layer& layer);

/// A layer's MACs for one input, or kMaxNetworkOps + 1 if larger.
i64 layer_ops_bounded(const Layer& layer);

}  // namespace nndf
