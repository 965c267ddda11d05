// Template definitions of FmapRangeMap (included from fmap_range.h).
#pragma once

#include <algorithm>

namespace nndf {

template <typename V>
void FmapRangeMap<V>::add(const FmapRange& frng, const V& val) {
    if (frng.size() == 0) return;
    size_t idx = 0;
    for (const auto& kv : keyvals_) {
        NNDF_CHECK(kv.first.overlap_size(frng) == 0,
                   "FmapRangeMap: added FmapRange overlaps with existing ranges");
        if (kv.first < frng) ++idx;
    }
    if (keyvals_.empty()) {
        for (int i = 0; i < 4; ++i) {
            min_[i] = frng.fp_beg[i];
            max_[i] = frng.fp_end[i];
        }
    } else {
        for (int i = 0; i < 4; ++i) {
            min_[i] = std::min(min_[i], frng.fp_beg[i]);
            max_[i] = std::max(max_[i], frng.fp_end[i]);
        }
    }
    keyvals_.insert(keyvals_.begin() + static_cast<long>(idx), {frng, val});
}

template <typename V>
FmapRange FmapRangeMap<V>::complete_fmap_range() const {
    NNDF_CHECK(is_complete(), "FmapRangeMap: not a complete map");
    return bounding_range();
}

template <typename V>
FmapRange FmapRangeMap<V>::bounding_range() const {
    return FmapRange({min_[0], min_[1], min_[2], min_[3]}, {max_[0], max_[1], max_[2], max_[3]});
}

template <typename V>
bool FmapRangeMap<V>::is_complete() const {
    if (keyvals_.empty()) return false;
    const FmapRange c = bounding_range();
    i64 covered = 0;
    for (const auto& kv : keyvals_) covered += c.overlap_size(kv.first);
    return c.fp_beg == FmapPosition{0, 0, 0, 0} && c.size() == covered;
}

template <typename V>
const V& FmapRangeMap<V>::get(const FmapPosition& pos) const {
    for (const auto& kv : keyvals_) {
        if (kv.first.contains(pos)) return kv.second;
    }
    NNDF_FAIL("FmapRangeMap: key is not found");
}

template <typename V>
std::vector<std::pair<V, i64>> FmapRangeMap<V>::rget_counter(const FmapRange& frng) const {
    std::vector<std::pair<V, i64>> counts;
    for (const auto& kv : keyvals_) {
        i64 s = frng.overlap_size(kv.first);
        auto it = std::find_if(counts.begin(), counts.end(),
                               [&](const auto& c) { return c.first == kv.second; });
        if (it == counts.end()) {
            counts.push_back({kv.second, s});
        } else {
            it->second += s;
        }
    }
    return counts;
}

template <typename V>
V FmapRangeMap<V>::rget_single(const FmapRange& frng) const {
    for (const auto& c : rget_counter(frng)) {
        if (c.second == frng.size()) return c.first;
    }
    NNDF_FAIL("FmapRangeMap: given fmap range does not correspond to a single value");
}

}  // namespace nndf
