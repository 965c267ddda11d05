// The iteration order CPython 3.11 gives a set of small-int tuples.
//
// In one tie-break (buffer-sharing subgroup sizes) the reference iterates a
// Python set. Tuples of ints hash the same in every CPython 3.8+ process (no
// hash randomization for ints), so the order is a fact we can reproduce:
// xxHash-style tuple hash, then the set's open-addressing table.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace nndf {

/// CPython's hash() of a tuple of non-negative small ints.
int64_t cpython_tuple_hash(const std::array<long long, 3>& t);

/// The distinct items of `items[0..n)` (inserted in order into a new set),
/// written to `out` in the order CPython 3.11 iterates that set; returns how
/// many. At most 8 items (the table then stays within 32 slots), no heap.
int cpython_set_order(const std::array<long long, 3>* items, int n, std::array<long long, 3>* out);

/// Convenience form for tests.
std::vector<std::array<long long, 3>> cpython_set_order(
    const std::vector<std::array<long long, 3>>& items);

}  // namespace nndf
