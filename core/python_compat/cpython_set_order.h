// The iteration order CPython 3.11 gives a set of int 3-tuples built by
// adding items one by one: the buffer-sharing subgroup sizes, a hot loop, so
// this form needs no heap. The general form is CPythonSet (cpython_set.h).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/python_compat/cpython_hash.h"

namespace nndf {

/// The distinct items of `items[0..n)` (inserted in order into a new set),
/// written to `out` in the order CPython 3.11 iterates that set; returns how
/// many. At most 8 items (the table then stays within 32 slots), no heap.
int cpython_set_order(const std::array<long long, 3>* items, int n, std::array<long long, 3>* out);

/// Convenience form for tests.
std::vector<std::array<long long, 3>> cpython_set_order(
    const std::vector<std::array<long long, 3>>& items);

}  // namespace nndf
