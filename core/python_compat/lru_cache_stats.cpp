#include "core/python_compat/lru_cache_stats.h"

namespace nndf {

bool LruCacheStats::lookup(uint64_t key) {
    auto it = where_.find(key);
    if (it != where_.end()) {
        ++hits_;
        recent_.splice(recent_.begin(), recent_, it->second);
        return true;
    }
    ++misses_;
    recent_.push_front(key);
    where_.emplace(key, recent_.begin());
    // lru_cache drops its least recently used entry when a new one overflows.
    if (recent_.size() > maxsize_) {
        where_.erase(recent_.back());
        recent_.pop_back();
    }
    return false;
}

}  // namespace nndf
