// Positions and ranges in a batched fmap (batch, channel, height, width).
#pragma once

#include <array>
#include <vector>

#include "core/model/int_range.h"

namespace nndf {

/// A position in a batched fmap: index 0..3 = b, n, h, w.
struct FmapPosition {
    i64 b = 0, n = 0, h = 0, w = 0;
    i64 operator[](int i) const { return i == 0 ? b : i == 1 ? n : i == 2 ? h : w; }
    i64& operator[](int i) { return i == 0 ? b : i == 1 ? n : i == 2 ? h : w; }
    friend bool operator==(const FmapPosition& x, const FmapPosition& y) {
        return x.b == y.b && x.n == y.n && x.h == y.h && x.w == y.w;
    }
    friend bool operator!=(const FmapPosition& x, const FmapPosition& y) { return !(x == y); }
    /// Lexicographic (tuple) order.
    friend bool operator<(const FmapPosition& x, const FmapPosition& y) {
        for (int i = 0; i < 4; ++i) {
            if (x[i] != y[i]) return x[i] < y[i];
        }
        return false;
    }
};

/// A box [fp_beg, fp_end) in a batched fmap.
///
/// Comparison follows the reference: identical or both-empty ranges are equal,
/// empty ranges sort first, disjoint ranges sort by their begin points, and
/// comparing two overlapping different ranges is a bug (`compare` fails with
/// InternalError; `==` answers false).
struct FmapRange {
    FmapPosition fp_beg;  ///< Inclusive begin.
    FmapPosition fp_end;  ///< Exclusive end.

    FmapRange() = default;
    FmapRange(const FmapPosition& beg, const FmapPosition& end);

    /// The range along one dimension (0..3 = b, n, h, w).
    IntRange beg_end(int dim) const { return IntRange(fp_beg[dim], fp_end[dim]); }
    i64 size() const;
    /// The size along the dimensions in `dims` (0..3).
    i64 size_of(std::initializer_list<int> dims) const;
    i64 size_dim(int dim) const { return fp_end[dim] - fp_beg[dim]; }
    FmapRange overlap(const FmapRange& other) const;
    i64 overlap_size(const FmapRange& other) const {
        // Inline, by field: the hop counts call it for every piece of a
        // layout that a range may overlap, a sixth of a large grid's search.
        auto extent = [](i64 b0, i64 e0, i64 b1, i64 e1) {
            const i64 b = b0 > b1 ? b0 : b1, e = e0 < e1 ? e0 : e1;
            return b < e ? e - b : 0;
        };
        const i64 eb = extent(fp_beg.b, fp_end.b, other.fp_beg.b, other.fp_end.b);
        if (eb == 0) return 0;
        const i64 en = extent(fp_beg.n, fp_end.n, other.fp_beg.n, other.fp_end.n);
        if (en == 0) return 0;
        const i64 eh = extent(fp_beg.h, fp_end.h, other.fp_beg.h, other.fp_end.h);
        if (eh == 0) return 0;
        return eb * en * eh * extent(fp_beg.w, fp_end.w, other.fp_beg.w, other.fp_end.w);
    }
    bool contains(const FmapPosition& p) const;
    /// -1, 0 or 1; InternalError for two overlapping ranges that are not identical.
    int compare(const FmapRange& other) const;

    /// Exact identity of the two corners (hashing key equality).
    bool identical(const FmapRange& o) const { return fp_beg == o.fp_beg && fp_end == o.fp_end; }
    friend bool operator==(const FmapRange& a, const FmapRange& b);
    friend bool operator!=(const FmapRange& a, const FmapRange& b) { return !(a == b); }
    friend bool operator<(const FmapRange& a, const FmapRange& b) { return a.compare(b) < 0; }
};

/// A map from fmap ranges to values; all positions in a range share the value.
/// Used by tests and layouts, not by the search.
template <typename V>
class FmapRangeMap {
  public:
    void add(const FmapRange& frng, const V& val);
    /// The whole covered range; the map must be a full box from 0 (a bug if not).
    FmapRange complete_fmap_range() const;
    bool is_complete() const;
    const V& get(const FmapPosition& pos) const;
    const std::vector<std::pair<FmapRange, V>>& items() const { return keyvals_; }
    /// How many positions of `frng` map to each value, in first-seen order.
    std::vector<std::pair<V, i64>> rget_counter(const FmapRange& frng) const;
    /// The one value all of `frng` maps to; a bug if there are several.
    V rget_single(const FmapRange& frng) const;

  private:
    /// The smallest box around every added range.
    FmapRange bounding_range() const;

    std::vector<std::pair<FmapRange, V>> keyvals_;
    std::array<i64, 4> min_{};
    std::array<i64, 4> max_{};
};

}  // namespace nndf

#include "core/model/fmap_range_map_impl.h"
