// Free lists of small blocks kept by one thread, in front of malloc.
//
// The threaded wasm module's allocator (Emscripten 3.1.6's dlmalloc) has
// one lock for every thread, and a search allocates small objects all the
// time (docs/parallel-search.md, "The threaded wasm build"). With two
// threads searching, the lock ran alex_b16_tangram_8x8 slower on two
// threads than on one in Chromium. A cache per thread serves most small
// blocks without the lock: a block freed goes onto the freeing thread's
// list of its size class, and the next allocation of that class on that
// thread takes it back. Only the module's operator new uses it
// (wasm/mt/thread_cached_new.cpp); natively glibc already keeps blocks per
// thread.
#pragma once

#include <cstddef>
#include <cstdint>

namespace nndf {

class SmallBlockCache {
  public:
    /// Sizes are rounded up to a multiple of kGranule; a block of more than
    /// kMaxSize goes to malloc and back to free every time.
    static constexpr size_t kGranule = 16;
    static constexpr size_t kMaxSize = 512;
    static constexpr size_t kClasses = kMaxSize / kGranule;
    /// Blocks kept per size class; more go back to free.
    static constexpr uint32_t kKeep = 128;
    /// Bytes before each block's memory: its size class. A multiple of
    /// malloc's alignment, so blocks keep it.
    static constexpr size_t kHeader = 16;

    SmallBlockCache() = default;
    /// Frees every block kept.
    ~SmallBlockCache();
    SmallBlockCache(const SmallBlockCache&) = delete;
    SmallBlockCache& operator=(const SmallBlockCache&) = delete;

    /// A block of at least `n` bytes, or null when malloc has none.
    void* allocate(size_t n);
    /// Takes back a block from allocate() or from allocate_uncached(), of
    /// this cache or of any other.
    void release(void* block) noexcept;

    /// A block like allocate()'s, straight from malloc (a thread whose
    /// cache is gone); release() or release_uncached() takes it back.
    static void* allocate_uncached(size_t n);
    /// Frees a block of any cache without keeping it.
    static void release_uncached(void* block) noexcept;

    /// Blocks kept now, for tests.
    size_t kept() const;

  private:
    struct FreeBlock {
        FreeBlock* next;
    };
    static size_t size_class(size_t n) { return n == 0 ? 0 : (n - 1) / kGranule; }
    FreeBlock* heads_[kClasses] = {};
    uint32_t counts_[kClasses] = {};
};

}  // namespace nndf
