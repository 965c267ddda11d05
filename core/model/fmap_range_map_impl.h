// Template definitions of FmapRangeMap (included from fmap_range.h).
#pragma once

#include <algorithm>

namespace nndf {

template <typename V>
void FmapRangeMap<V>::add(const FmapRange& frng, const V& val) {
    if (frng.size() == 0) return;
    size_t idx = 0;
    for (const auto& kv : keyvals_) {
        try {
            if (kv.first < frng) ++idx;
        } catch (const InputError&) {
            throw InputError("", "FmapRangeMap: added FmapRange overlaps with existing ranges");
        }
    }
    if (idx < keyvals_.size()) {
        try {
            if (!(frng < keyvals_[idx].first)) {
                throw InputError("", "FmapRangeMap: added FmapRange overlaps with existing ranges");
            }
        } catch (const InputError&) {
            throw InputError("", "FmapRangeMap: added FmapRange overlaps with existing ranges");
        }
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
    if (keyvals_.empty()) throw InputError("", "FmapRangeMap: not a complete map");
    FmapRange c({min_[0], min_[1], min_[2], min_[3]}, {max_[0], max_[1], max_[2], max_[3]});
    i64 covered = 0;
    for (const auto& kv : keyvals_) covered += c.overlap_size(kv.first);
    if (c.fp_beg != FmapPosition{0, 0, 0, 0} || c.size() != covered) {
        throw InputError("", "FmapRangeMap: not a complete map");
    }
    return c;
}

template <typename V>
bool FmapRangeMap<V>::is_complete() const {
    try {
        complete_fmap_range();
        return true;
    } catch (const InputError&) {
        return false;
    }
}

template <typename V>
const V& FmapRangeMap<V>::get(const FmapPosition& pos) const {
    for (const auto& kv : keyvals_) {
        if (kv.first.contains(pos)) return kv.second;
    }
    throw InputError("", "FmapRangeMap: key is not found");
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
    throw InputError("", "FmapRangeMap: given fmap range does not correspond to a single value");
}

}  // namespace nndf
