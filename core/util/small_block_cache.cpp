#include "core/util/small_block_cache.h"

#include <cstdlib>
#include <cstring>

namespace nndf {

namespace {

/// A block's class, in its header; kLarge for a block of more than kMaxSize.
constexpr uint32_t kLarge = UINT32_MAX;

void* with_header(void* raw, uint32_t cls) {
    if (!raw) return nullptr;
    std::memcpy(raw, &cls, sizeof cls);
    return static_cast<char*>(raw) + SmallBlockCache::kHeader;
}

char* raw_of(void* block) {
    return static_cast<char*>(block) - SmallBlockCache::kHeader;
}

uint32_t class_of(void* block) {
    uint32_t cls;
    std::memcpy(&cls, raw_of(block), sizeof cls);
    return cls;
}

}  // namespace

SmallBlockCache::~SmallBlockCache() {
    for (size_t c = 0; c < kClasses; ++c) {
        while (FreeBlock* b = heads_[c]) {
            heads_[c] = b->next;
            std::free(raw_of(b));
        }
        counts_[c] = 0;
    }
}

void* SmallBlockCache::allocate_uncached(size_t n) {
    if (n > kMaxSize)
        return n > SIZE_MAX - kHeader ? nullptr : with_header(std::malloc(kHeader + n), kLarge);
    const size_t c = size_class(n);
    return with_header(std::malloc(kHeader + (c + 1) * kGranule), static_cast<uint32_t>(c));
}

void* SmallBlockCache::allocate(size_t n) {
    if (n <= kMaxSize) {
        const size_t c = size_class(n);
        if (FreeBlock* b = heads_[c]) {
            heads_[c] = b->next;
            --counts_[c];
            return b;
        }
    }
    return allocate_uncached(n);
}

void SmallBlockCache::release_uncached(void* block) noexcept {
    if (block) std::free(raw_of(block));
}

void SmallBlockCache::release(void* block) noexcept {
    if (!block) return;
    const uint32_t c = class_of(block);
    if (c == kLarge || counts_[c] >= kKeep) return release_uncached(block);
    auto* b = static_cast<FreeBlock*>(block);
    b->next = heads_[c];
    heads_[c] = b;
    ++counts_[c];
}

size_t SmallBlockCache::kept() const {
    size_t n = 0;
    for (uint32_t c : counts_) n += c;
    return n;
}

}  // namespace nndf
