// A fixed set of threads that runs the iterations of a loop, the caller's
// thread among them (for_each). A search gives the same answer on any number
// of threads because nothing depends on which thread runs an iteration: each
// writes to its own slot, and the caller merges the slots in index order.
//
// Built without threads (NNDF_THREADS=0: the single-threaded wasm module),
// every loop runs on the caller's thread.
#pragma once

#include <chrono>
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

    /// Calls lane() once on each of the threads (as a loop of threads()
    /// iterations) and returns when all have returned. Unlike for_each's,
    /// a lane that no thread has started yet does not keep the loops inside
    /// the others on their own threads: lanes take work from each other
    /// (run_task_graph), and a late one only finds less of it.
    void for_each_lane(const std::function<void()>& lane);

    /// From inside an iteration of a loop: runs iterations of the loops
    /// posted inside that loop's iterations (never older ones) until `done()`
    /// is true or `poll` passes with nothing to run. `done` is read under
    /// the pool's lock; whoever changes what it reads calls notify() after.
    void help_until(const std::function<bool()>& done, std::chrono::milliseconds poll);
    /// Wakes the threads waiting in help_until to read their `done` again.
    void notify();

    /// The cores of this machine (at least 1).
    static int machine_threads();

  private:
    struct Shared;
    void run_loop(size_t n, const std::function<void(size_t)>& body, bool lanes);
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
