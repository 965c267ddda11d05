// A mutex for critical sections of a few microseconds that threads often
// meet at once: it tries for a while before it sleeps.
//
// Scheduling's caches are looked up under one lock per layer, a few
// hundred keys at a time, by every thread searching segments of that
// layer. With std::mutex a thread that finds the lock held sleeps in the
// kernel and is woken when it is free: on alex_b16_tangram_8x8 at -p 2,
// about 5,300 futex calls and 700 context switches, and 20% more CPU time
// than at -p 1 (perf stat). The holder is done sooner than a sleep and a
// wake-up take, so a waiter first retries.
#pragma once

#include <mutex>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace nndf {

class ShortMutex {
  public:
    void lock() {
        for (int i = 0; i < kTries; ++i) {
            if (m_.try_lock()) return;
            relax();
        }
        m_.lock();
    }
    bool try_lock() { return m_.try_lock(); }
    void unlock() { m_.unlock(); }

  private:
    static void relax() {
#if defined(__x86_64__) || defined(__i386__)
        _mm_pause();
#endif
    }
    /// About 10 to 40 microseconds of retries (a pause is 10 to 140 cycles).
    static constexpr int kTries = 1000;
    std::mutex m_;
};

}  // namespace nndf
