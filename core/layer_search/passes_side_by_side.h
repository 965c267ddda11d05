// Several passes of a grouped convolution at once on one PE array
// (docs/extensions.md, "Groups side by side"). A pass of a depthwise layer
// has one input channel, so the row-stationary mapping has nothing to put on
// most of the copies of the PE set the array holds; the passes share no
// data, so idle copies can run other passes, each copy on its own group's
// input channel, filters and output channels.
#pragma once

#include <vector>

#include "core/layer_search/nested_loop_desc.h"
#include "core/model/layer.h"
#include "core/model/phy_dim2.h"

namespace nndf {

/// The passes of `layer` a round may hold side by side: a grouped conv's
/// groups. A matmul's passes (heads and samples) keep one a round: its unit
/// is a 1x1 conv whose channels already fill the copies.
i64 side_by_side_passes(const Layer& layer, i64 batch);

/// How many of `passes` passes run at once in copies of the PE set that a
/// description's replication split leaves idle: the largest divisor of
/// `passes` that fits (so every batch of passes is full), 1 if none.
i64 passes_that_fit(const NestedLoopDesc& nld, PhyDim2 repl, i64 passes);

/// `nlds` (one pass's descriptions, in the reference's order) followed by,
/// for each distinct one with room, its description for passes_that_fit
/// passes at once. Nothing is added when `passes` is 1.
std::vector<NestedLoopDesc> with_passes_side_by_side(std::vector<NestedLoopDesc> nlds, PhyDim2 repl,
                                                     i64 passes);

}  // namespace nndf
