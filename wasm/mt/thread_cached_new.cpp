// The threaded module's operator new and delete: small blocks come from a
// cache per thread (core/util/small_block_cache.h), so two threads that
// allocate do not wait for dlmalloc's one lock. Linked into nndf-mt only.
#include <new>

#include "core/util/small_block_cache.h"

namespace {

using nndf::SmallBlockCache;

/// This thread's cache while it lives. A thread's last deletes can come
/// after its cache is gone (other thread_local destructors); they free
/// directly.
struct ThreadCache {
    SmallBlockCache cache;
    ThreadCache() { live = &cache; }
    ~ThreadCache() { live = nullptr; }
    static thread_local SmallBlockCache* live;
};
thread_local SmallBlockCache* ThreadCache::live = nullptr;

SmallBlockCache* cache() {
    static thread_local ThreadCache holder;
    return ThreadCache::live;
}

/// A block, or null when there is no memory.
void* try_allocate(std::size_t n) noexcept {
    SmallBlockCache* c = cache();
    return c ? c->allocate(n) : SmallBlockCache::allocate_uncached(n);
}

void* allocate(std::size_t n) {
    void* p = try_allocate(n);
    if (!p) throw std::bad_alloc();
    return p;
}

void release(void* p) noexcept {
    if (SmallBlockCache* c = ThreadCache::live)
        c->release(p);
    else
        SmallBlockCache::release_uncached(p);
}

}  // namespace

void* operator new(std::size_t n) {
    return allocate(n);
}
void* operator new[](std::size_t n) {
    return allocate(n);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    return try_allocate(n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
    return try_allocate(n);
}
void operator delete(void* p) noexcept {
    release(p);
}
void operator delete[](void* p) noexcept {
    release(p);
}
void operator delete(void* p, std::size_t) noexcept {
    release(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    release(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    release(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    release(p);
}
