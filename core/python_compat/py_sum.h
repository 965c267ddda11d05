// Python's built-in sum(): start from the int 0 and add left to right.
//
// The reference sums short lists of floats with sum() (accesses per data
// category, hops, costs). Floating-point addition is not associative, so an
// exact port adds in the same order from the same start; 0 + x also turns a
// -0.0 into 0.0, as Python does. This is the one place that says so: every
// such sum in the engine calls py_sum rather than writing it out.
#pragma once

#include <array>
#include <cstddef>

namespace nndf {

/// sum(values), in Python's order: ((0 + v[0]) + v[1]) + ...
template <typename T, size_t N>
constexpr T py_sum(const std::array<T, N>& values) {
    T s = 0;
    for (const T& v : values) s = s + v;
    return s;
}

}  // namespace nndf
