// A physical 2D dimension or coordinate (height, width), element-wise arithmetic.
#pragma once

#include <cstdlib>
#include <tuple>

#include "core/util/math_util.h"

namespace nndf {

struct PhyDim2 {
    i64 h = 0;  ///< Height (rows).
    i64 w = 0;  ///< Width (columns).

    constexpr PhyDim2() = default;
    constexpr PhyDim2(i64 h_, i64 w_) : h(h_), w(w_) {}

    /// h * w.
    constexpr i64 size() const { return h * w; }
    /// Manhattan distance between two coordinates.
    i64 hop_dist(const PhyDim2& o) const { return std::llabs(h - o.h) + std::llabs(w - o.w); }
    constexpr i64 operator[](int i) const { return i == 0 ? h : w; }
    i64& operator[](int i) { return i == 0 ? h : w; }

    friend constexpr PhyDim2 operator+(PhyDim2 a, PhyDim2 b) { return {a.h + b.h, a.w + b.w}; }
    friend constexpr PhyDim2 operator-(PhyDim2 a, PhyDim2 b) { return {a.h - b.h, a.w - b.w}; }
    friend constexpr PhyDim2 operator*(PhyDim2 a, PhyDim2 b) { return {a.h * b.h, a.w * b.w}; }
    friend constexpr PhyDim2 operator+(PhyDim2 a, i64 s) { return {a.h + s, a.w + s}; }
    friend constexpr PhyDim2 operator-(PhyDim2 a, i64 s) { return {a.h - s, a.w - s}; }
    friend constexpr PhyDim2 operator*(PhyDim2 a, i64 s) { return {a.h * s, a.w * s}; }
    friend constexpr PhyDim2 operator*(i64 s, PhyDim2 a) { return a * s; }
    constexpr PhyDim2 operator-() const { return {-h, -w}; }

    friend constexpr bool operator==(PhyDim2 a, PhyDim2 b) { return a.h == b.h && a.w == b.w; }
    friend constexpr bool operator!=(PhyDim2 a, PhyDim2 b) { return !(a == b); }
    /// Tuple order, as Python compares namedtuples.
    friend constexpr bool operator<(PhyDim2 a, PhyDim2 b) {
        return a.h < b.h || (a.h == b.h && a.w < b.w);
    }
};

/// A 2D pair of floats, for average neighbour distances that may be infinite.
struct PhyDim2f {
    double h = 0;
    double w = 0;
};

}  // namespace nndf
