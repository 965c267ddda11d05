// A half-open range of integers [beg, end).
#pragma once

#include <algorithm>

#include "core/util/error.h"
#include "core/util/math_util.h"

namespace nndf {

struct IntRange {
    i64 beg = 0;  ///< First value.
    i64 end = 0;  ///< One past the last value.

    IntRange() = default;
    IntRange(i64 b, i64 e) : beg(b), end(e) {
        NNDF_CHECK(b <= e, "IntRange: begin value > end value");
    }
    i64 size() const { return end - beg; }
    bool empty() const { return beg == end; }
    /// The common part of two ranges, or [0, 0) when they are disjoint.
    IntRange overlap(const IntRange& o) const {
        i64 b = std::max(beg, o.beg), e = std::min(end, o.end);
        if (b > e) return IntRange(0, 0);
        return IntRange(b, e);
    }
    IntRange offset(i64 v) const { return IntRange(beg + v, end + v); }
    friend bool operator==(const IntRange& a, const IntRange& b) {
        return a.beg == b.beg && a.end == b.end;
    }
    friend bool operator!=(const IntRange& a, const IntRange& b) { return !(a == b); }
    friend bool operator<(const IntRange& a, const IntRange& b) {
        return a.beg < b.beg || (a.beg == b.beg && a.end < b.end);
    }
};

}  // namespace nndf
