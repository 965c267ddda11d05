// functools.lru_cache's hit and miss counts (core/python_compat/lru_cache_stats.h).
#include <doctest/doctest.h>

#include <vector>

#include "core/python_compat/lru_cache_stats.h"

using nndf::LruCacheStats;

TEST_SUITE("lru_cache_stats") {
    TEST_CASE("hits and evictions as CPython's lru_cache(maxsize=2)") {
        // CPython 3.11: calls of an lru_cache(maxsize=2) function with these
        // arguments hit only at the 3rd and 7th call; cache_info() then says
        // hits=2, misses=8.
        const std::vector<size_t> keys{1, 2, 1, 3, 2, 1, 1, 4, 3, 1};
        const std::vector<bool> hit{false, false, true,  false, false,
                                    false, true,  false, false, false};
        LruCacheStats lru(2);
        for (size_t i = 0; i < keys.size(); ++i) {
            CAPTURE(i);
            CHECK(lru.lookup(keys[i]) == hit[i]);
        }
        CHECK(lru.hits() == 2);
        CHECK(lru.misses() == 8);
    }

    TEST_CASE("a hit makes the key the most recent") {
        LruCacheStats lru(2);
        lru.lookup(1);
        lru.lookup(2);
        CHECK(lru.lookup(1));
        lru.lookup(3);  // evicts 2, not 1
        CHECK(lru.lookup(1));
        CHECK_FALSE(lru.lookup(2));
    }
}
