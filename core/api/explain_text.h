// A layer's explanation as text for a terminal: the loop nest the way
// Timeloop prints a mapping (one indented `for` line per loop, grouped by
// level, spatial loops marked), the node's share it multiplies back to, and
// the data-reuse table.
#pragma once

#include <string>

#include "core/api/explain.h"

namespace nndf {

/// The loop nest, level by level, with the layer's and the node's shapes.
std::string loop_nest_text(const LayerExplanation& e);
/// Accesses and reuse per level and data category, buffer occupancy, DRAM
/// traffic and the time split.
std::string reuse_text(const LayerExplanation& e);

}  // namespace nndf
