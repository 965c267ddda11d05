#include "core/network_search/search_work.h"

#include <algorithm>

#include "core/util/math_util.h"

namespace nndf {

namespace {

/// Ways to split n into three ordered factors: loop blocking tries each for
/// the input-channel, output-channel and batch loops (one per memory level).
double blockings(i64 n) {
    return static_cast<double>(factorize<3>(std::max<i64>(n, 1)).size());
}

/// What a repeated layer costs next to its first search: its results come
/// from the caches, and only the layouts of its neighbours are new.
constexpr double kRepeatShare = 0.02;

}  // namespace

double layer_search_work(const Layer& layer, i64 batch, size_t segments, bool first_of_kind) {
    // A local-region layer (pooling, eltwise) maps each output channel from
    // its own inputs: its input-channel loop has one iteration.
    const i64 ifm_loop = layer.is_conv() ? layer.nifm() : 1;
    // Output fmaps split over nodes in as many ways as their height divides.
    const double splits = static_cast<double>(factorize<2>(std::max<i64>(layer.hofm, 1)).size());
    const double space = blockings(ifm_loop) * blockings(layer.nofm) * blockings(batch) * splits;
    const double work = space * static_cast<double>(std::max<size_t>(segments, 1));
    return first_of_kind ? work : work * kRepeatShare;
}

}  // namespace nndf
