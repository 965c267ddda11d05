#include "core/python_compat/lru_cache_stats.h"

#include <algorithm>

namespace nndf {

LruCacheStats::LruCacheStats(size_t maxsize) : maxsize_(maxsize), slots_(1) {}

void LruCacheStats::unlink(size_t s) {
    slots_[slots_[s].prev].next = slots_[s].next;
    slots_[slots_[s].next].prev = slots_[s].prev;
}

void LruCacheStats::push_front(size_t s) {
    slots_[s].prev = 0;
    slots_[s].next = slots_[0].next;
    slots_[slots_[0].next].prev = s;
    slots_[0].next = s;
}

bool LruCacheStats::lookup(size_t key) {
    if (key >= slot_of_.size()) slot_of_.resize(std::max(key + 1, 2 * slot_of_.size()), 0);
    size_t s = slot_of_[key];
    if (s != 0) {
        ++hits_;
        unlink(s);
        push_front(s);
        return true;
    }
    ++misses_;
    if (slots_.size() <= maxsize_) {
        s = slots_.size();
        slots_.emplace_back();
    } else {
        // lru_cache drops its least recently used entry for the new one.
        s = slots_[0].prev;
        slot_of_[slots_[s].key] = 0;
        unlink(s);
    }
    slots_[s].key = key;
    slot_of_[key] = s;
    push_front(s);
    return false;
}

}  // namespace nndf
