// The reference's cache counts, kept apart from our caches (which never
// evict) and replayed in the reference's serial order even when layer
// searches run side by side.
#pragma once

#include <atomic>
#include <cstddef>
#include <vector>

#include "core/python_compat/lru_cache_stats.h"

namespace nndf {

/// The reference's two lru_cache(1024) layers, shared by all its Scheduling
/// instances: per condition (a hit there skips the per-node searches) and per
/// node (whose counts it reports). Replayed to report the same counts.
struct ReferenceCacheStats {
    LruCacheStats per_condition{1024};
    LruCacheStats per_node{1024};
    /// Keys of cache entries, unique across instances; any thread takes one.
    std::atomic<size_t> next_key{0};

    /// One layer search's use of the caches: its condition, then (where the
    /// reference misses it) the per-node searches that condition made.
    void lookup_condition(size_t key, const std::vector<size_t>& per_node_keys) {
        if (per_condition.lookup(key)) return;
        for (size_t k : per_node_keys) per_node.lookup(k);
    }
};

/// Layer searches of one piece of work, in the order it made them. Pieces
/// run on several threads each fill their own log, and the caller replays
/// the logs in the order a serial search would have made the searches, so
/// the counts (which depend on order: the caches evict) do not depend on
/// the threads.
class ReferenceLookupLog {
  public:
    /// `per_node_keys` must outlive the replay (it lives in a cache entry).
    void add(ReferenceCacheStats* stats, size_t key, const std::vector<size_t>* per_node_keys) {
        entries_.push_back({stats, key, per_node_keys});
    }
    void replay() const {
        for (const Entry& e : entries_) e.stats->lookup_condition(e.key, *e.per_node_keys);
    }

  private:
    struct Entry {
        ReferenceCacheStats* stats;
        size_t key;
        const std::vector<size_t>* per_node_keys;
    };
    std::vector<Entry> entries_;
};

/// Sends this thread's layer searches to `log` while it lives; without one,
/// they count at once.
class ReferenceLookupScope {
  public:
    explicit ReferenceLookupScope(ReferenceLookupLog* log) : saved_(current_) { current_ = log; }
    ~ReferenceLookupScope() { current_ = saved_; }
    ReferenceLookupScope(const ReferenceLookupScope&) = delete;
    ReferenceLookupScope& operator=(const ReferenceLookupScope&) = delete;
    static ReferenceLookupLog* current() { return current_; }

  private:
    ReferenceLookupLog* saved_;
    static thread_local ReferenceLookupLog* current_;
};

}  // namespace nndf
