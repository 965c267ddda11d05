// The pool's threads start on a core of their own (core/util/worker_thread.h).
#include "core/util/worker_thread.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

using namespace nndf;

#if NNDF_PLACE_THREADS
namespace {

cpu_set_t cores(std::initializer_list<int> list) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int c : list) CPU_SET(c, &set);
    return set;
}

}  // namespace

TEST_CASE("worker k starts on the k-th allowed core after its creator's, going round") {
    const cpu_set_t four = cores({0, 1, 2, 3});
    CHECK(worker_start_core(1, 0, four) == 1);
    CHECK(worker_start_core(3, 0, four) == 3);
    CHECK(worker_start_core(1, 2, four) == 3);
    CHECK(worker_start_core(2, 2, four) == 0);
    // More workers than other cores: round again, never the creator's core.
    CHECK(worker_start_core(4, 2, four) == 3);
    CHECK(worker_start_core(6, 2, four) == 1);

    const cpu_set_t sparse = cores({1, 5, 9});
    CHECK(worker_start_core(1, 5, sparse) == 9);
    CHECK(worker_start_core(2, 5, sparse) == 1);
    // The creator on a core outside the set (its mask changed since).
    CHECK(worker_start_core(1, 6, sparse) == 9);
    CHECK(worker_start_core(3, 6, sparse) == 5);
}

TEST_CASE(
    "a worker is left to Linux when no other core is allowed or the creator's core is unknown") {
    CHECK(worker_start_core(1, 3, cores({3})) == -1);
    CHECK(worker_start_core(1, -1, cores({0, 1})) == -1);
    CHECK(worker_start_core(0, 0, cores({0, 1})) == -1);
}

TEST_CASE(
    "a worker runs on another core than its creator's, then may run on all of its creator's "
    "cores") {
    cpu_set_t mine;
    REQUIRE(pthread_getaffinity_np(pthread_self(), sizeof mine, &mine) == 0);
    if (CPU_COUNT(&mine) < 2) {
        MESSAGE("one core allowed: nothing to place");
        return;
    }
    // The creator may move between reading its core and the thread's start;
    // rare, so most of the tries must see the worker elsewhere.
    int elsewhere = 0;
    for (int i = 0; i < 5; ++i) {
        const int here = sched_getcpu();
        std::atomic<int> there{-2};
        cpu_set_t after;
        CPU_ZERO(&after);
        {
            WorkerThread worker(1, [&] {
                there = sched_getcpu();
                pthread_getaffinity_np(pthread_self(), sizeof after, &after);
            });
        }
        if (there != here) ++elsewhere;
        CHECK(CPU_EQUAL(&after, &mine));
    }
    CHECK(elsewhere >= 3);
}
#endif

TEST_CASE("a worker runs its body once, and the destructor waits for it") {
    std::atomic<int> runs{0};
    {
        WorkerThread worker(1, [&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            ++runs;
        });
    }
    CHECK(runs == 1);
}
