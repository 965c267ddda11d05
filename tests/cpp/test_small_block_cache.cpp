// The threaded wasm module's per-thread cache of small blocks
// (core/util/small_block_cache.h), tested natively.
#include "core/util/small_block_cache.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <vector>

using nndf::SmallBlockCache;

TEST_CASE("a small block freed is the next of its size class, on the same cache") {
    SmallBlockCache cache;
    void* a = cache.allocate(40);
    std::memset(a, 0xab, 40);
    cache.release(a);
    CHECK(cache.kept() == 1);
    // 33 to 48 bytes share a class; 40 and 48 get the block back, 49 does not.
    CHECK(cache.allocate(48) == a);
    CHECK(cache.kept() == 0);
    cache.release(a);
    void* b = cache.allocate(49);
    CHECK(b != a);
    CHECK(cache.kept() == 1);
    cache.release(b);
    CHECK(cache.kept() == 2);
}

TEST_CASE("blocks keep malloc's alignment and their whole size") {
    SmallBlockCache cache;
    std::vector<void*> blocks;
    for (size_t n : {1, 15, 16, 17, 100, 511, 512, 513, 5000}) {
        void* p = cache.allocate(n);
        REQUIRE(p != nullptr);
        CHECK(reinterpret_cast<uintptr_t>(p) % alignof(std::max_align_t) == 0);
        std::memset(p, 0x5a, n);
        blocks.push_back(p);
    }
    for (void* p : blocks) cache.release(p);
    // Large blocks (more than kMaxSize) are never kept.
    CHECK(cache.kept() == 7);
}

TEST_CASE("a class keeps at most kKeep blocks; the rest go back to free") {
    SmallBlockCache cache;
    std::vector<void*> blocks;
    for (uint32_t i = 0; i < SmallBlockCache::kKeep + 10; ++i) blocks.push_back(cache.allocate(64));
    for (void* p : blocks) cache.release(p);
    CHECK(cache.kept() == SmallBlockCache::kKeep);
}

TEST_CASE("a block moves between caches, and uncached blocks mix with cached ones") {
    SmallBlockCache one, other;
    void* a = one.allocate(24);
    other.release(a);  // freed on another thread: kept there
    CHECK(other.kept() == 1);
    CHECK(other.allocate(24) == a);
    void* u = SmallBlockCache::allocate_uncached(24);
    one.release(u);
    CHECK(one.allocate(20) == u);
    SmallBlockCache::release_uncached(u);
    other.release(a);
    CHECK(other.kept() == 1);
}
