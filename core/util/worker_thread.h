// A thread of the worker pool, started where it can run at once.
//
// Linux starts a new thread on its creator's core. The creator is busy, so
// the thread waits there for the next tick and then shares that core in
// turns, while another core idles: `perf sched` showed a pool's worker on
// its creator's core for 4 to 12 ms on a 2-core VM, longer than a small
// search. So natively on Linux the pool's k-th worker starts on the k-th
// of its creator's cores after the creator's own, and allows them all
// again once it runs: a running thread stays where it is, and the
// scheduler keeps the rest of its say. Elsewhere (the wasm build) the
// thread starts as usual.
#pragma once

#if NNDF_THREADS
#include <pthread.h>
#include <functional>

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#define NNDF_PLACE_THREADS 1
#include <sched.h>
#endif

namespace nndf {

#if NNDF_PLACE_THREADS
/// The core the pool's `index`-th worker (from 1) starts on when its
/// creator runs on core `here`: the index-th of `allowed` after `here`,
/// going round and past `here` itself; -1 (leave it to Linux) when no
/// other core is allowed or `here` is unknown.
int worker_start_core(int index, int here, const cpu_set_t& allowed);
#endif

class WorkerThread {
  public:
    /// Runs body() on a new thread, the pool's `index`-th worker (from 1).
    /// Throws std::system_error when no thread can be made.
    WorkerThread(int index, std::function<void()> body);
    /// Joins the thread: the caller has made body() return.
    ~WorkerThread();
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

  private:
    static void* entry(void* self);
    std::function<void()> body_;
    pthread_t id_{};
#if NNDF_PLACE_THREADS
    cpu_set_t allowed_{};  ///< The creator's cores, which the thread gets back once it runs.
    bool placed_ = false;  ///< Whether it starts on one core of them.
#endif
};

}  // namespace nndf
#endif
