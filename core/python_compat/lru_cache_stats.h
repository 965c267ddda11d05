// The hit and miss counts of CPython's functools.lru_cache(maxsize).
//
// The reference caches its per-condition and per-node layer searches in
// lru_cache(maxsize=1024) and prints the per-node cache's counts. Our caches
// never evict (a recomputation would give the same result), so on large
// searches the reference misses where we hit. This replays only the
// bookkeeping, on integer keys, to report the reference's counts.
#pragma once

#include <cstdint>
#include <list>
#include <unordered_map>

#include "core/util/math_util.h"

namespace nndf {

class LruCacheStats {
  public:
    explicit LruCacheStats(size_t maxsize) : maxsize_(maxsize) {}

    /// One call with `key`. True (a hit) if `key` is among the `maxsize`
    /// most recently used keys; either way it becomes the most recent one.
    bool lookup(uint64_t key);

    i64 hits() const { return hits_; }
    i64 misses() const { return misses_; }

  private:
    size_t maxsize_;
    std::list<uint64_t> recent_;  // most recent first
    std::unordered_map<uint64_t, std::list<uint64_t>::iterator> where_;
    i64 hits_ = 0, misses_ = 0;
};

}  // namespace nndf
