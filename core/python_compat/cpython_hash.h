// CPython 3.11's hash() of the values the reference keeps in sets: ints,
// strings and tuples of them.
//
// Set iteration order follows from these hashes (cpython_set.h). Ints and
// tuples of ints hash the same in every process. Strings are salted per
// process unless PYTHONHASHSEED is fixed; the golden data of this project is
// made with PYTHONHASHSEED=0, where the salt is all zero bits, so that is the
// string hash reproduced here (SipHash-1-3, the 3.11 default).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nndf {

/// hash(n) for a Python int n (reduced modulo 2**61 - 1; -1 becomes -2).
int64_t cpython_int_hash(long long n);

/// hash(t) for a tuple whose items hash to `item_hashes[0..n)`.
int64_t cpython_tuple_hash(const int64_t* item_hashes, size_t n);

/// hash() of a tuple of ints.
int64_t cpython_tuple_hash(const std::array<long long, 3>& t);
int64_t cpython_int_tuple_hash(const std::vector<int>& t);

/// hash(s) of a Python str under PYTHONHASHSEED=0; `utf8` holds its text.
/// CPython hashes the string's internal form: one byte per character when
/// all code points are below 256, else two, else four (little endian).
int64_t cpython_str_hash_seed0(const std::string& utf8);

/// hash() of a tuple of str, and of a tuple of such tuples.
int64_t cpython_str_tuple_hash_seed0(const std::vector<std::string>& t);
int64_t cpython_str_tuple_tuple_hash_seed0(const std::vector<std::vector<std::string>>& t);

}  // namespace nndf
