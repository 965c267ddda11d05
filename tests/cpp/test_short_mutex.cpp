// ShortMutex (core/util/short_mutex.h) excludes like the mutex it wraps.
#include "core/util/short_mutex.h"

#include <doctest/doctest.h>

#include <thread>
#include <vector>

using nndf::ShortMutex;

TEST_CASE("ShortMutex: threads that meet at the lock all count, none twice") {
    ShortMutex m;
    long counter = 0;  // not atomic: only the lock keeps the increments whole
    constexpr int kThreads = 4, kEach = 100000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kEach; ++i) {
                std::lock_guard<ShortMutex> lock(m);
                // A read and a write apart, so a lock that lets two in loses counts.
                const long seen = counter;
                counter = seen + 1;
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(counter == static_cast<long>(kThreads) * kEach);
}

TEST_CASE("ShortMutex: try_lock fails while it is held and succeeds once it is free") {
    ShortMutex m;
    m.lock();
    bool got = true;
    std::thread([&] { got = m.try_lock(); }).join();
    CHECK_FALSE(got);
    m.unlock();
    std::thread([&] {
        got = m.try_lock();
        if (got) m.unlock();
    }).join();
    CHECK(got);
}
