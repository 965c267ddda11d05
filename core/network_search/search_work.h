// How much of a whole-network search each layer is expected to take, so that
// progress can be a share of the work rather than of the layers
// (docs/progress.md). Only an estimate: it orders and weighs layers, it never
// changes what is searched.
#pragma once

#include <cstddef>

#include "core/model/layer.h"

namespace nndf {

/// The expected work of searching `layer` in each of the `segments` pipeline
/// segments that start at it (the search takes them at that layer). A layer equal to one searched
/// before (`first_of_kind` false) mostly hits the search's caches and weighs a small share of its
/// work.
double layer_search_work(const Layer& layer, i64 batch, size_t segments, bool first_of_kind);

}  // namespace nndf
