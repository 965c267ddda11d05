// The hit and miss counts of CPython's functools.lru_cache(maxsize).
//
// The reference caches its per-condition and per-node layer searches in
// lru_cache(maxsize=1024) and prints the per-node cache's counts. Our caches
// never evict (a recomputation would give the same result), so on large
// searches the reference misses where we hit. This replays only the
// bookkeeping, on integer keys, to report the reference's counts.
#pragma once

#include <cstddef>
#include <vector>

#include "core/util/math_util.h"

namespace nndf {

class LruCacheStats {
  public:
    explicit LruCacheStats(size_t maxsize);

    /// One call with `key`. True (a hit) if `key` is among the `maxsize`
    /// most recently used keys; either way it becomes the most recent one.
    /// Keys index a table: use small consecutive integers (0, 1, 2, ...).
    bool lookup(size_t key);

    i64 hits() const { return hits_; }
    i64 misses() const { return misses_; }

  private:
    // The cached keys in a doubly linked list of slots, most recent first;
    // slot 0 is the list's head. No allocation once the cache is full.
    struct Slot {
        size_t key = 0;
        size_t prev = 0, next = 0;
    };
    void unlink(size_t s);
    void push_front(size_t s);

    size_t maxsize_;
    std::vector<Slot> slots_;
    std::vector<size_t> slot_of_;  // key -> slot, 0 if not cached
    i64 hits_ = 0, misses_ = 0;
};

}  // namespace nndf
