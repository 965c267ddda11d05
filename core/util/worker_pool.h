// A fixed set of threads that runs the iterations of a loop, the caller's
// thread among them (for_each). A search gives the same answer on any number
// of threads because nothing depends on which thread runs an iteration: each
// writes to its own slot, and the caller merges the slots in index order.
//
// Built without threads (NNDF_THREADS=0: the single-threaded wasm module),
// every loop runs on the caller's thread.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

namespace nndf {

class WorkerPool {
  public:
    /// `threads` in all, the caller's included; at least 1 (1 runs everything
    /// on the caller's thread). Capped at what the build supports.
    explicit WorkerPool(int threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// The threads that run loops, the caller's included.
    int threads() const { return threads_; }

    /// Calls body(i) for every i in [0, n), spread over the threads, and
    /// returns when all are done. Once an iteration throws, no new ones start,
    /// and the exception of the lowest index is rethrown here. Loops nest:
    /// a loop inside an iteration runs on its thread while an outer loop
    /// still has iterations to hand out, and is shared otherwise (idle
    /// threads take the newest loops first; a thread waiting for its loop's
    /// last iterations helps with the loops inside them).
    void for_each(size_t n, const std::function<void(size_t)>& body);

    /// The cores of this machine (at least 1).
    static int machine_threads();

  private:
    struct Shared;
    int threads_ = 1;
    std::unique_ptr<Shared> shared_;
};

/// Runs body(i) for i in [0, n) on `pool`, or serially when it is null.
inline void for_each_index(WorkerPool* pool, size_t n, const std::function<void(size_t)>& body) {
    if (pool) {
        pool->for_each(n, body);
    } else {
        for (size_t i = 0; i < n; ++i) body(i);
    }
}

}  // namespace nndf
