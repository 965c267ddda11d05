#include "core/util/worker_pool.h"

#include <algorithm>
#include <cstdint>
#include <exception>

#if NNDF_THREADS
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#endif

namespace nndf {

#if NNDF_THREADS

namespace {

/// Set while the thread runs an iteration of a loop: loops inside it run
/// serially, so that no thread ever waits for a pool it is part of.
thread_local bool tls_in_loop = false;

struct InLoop {
    bool saved;
    InLoop() : saved(tls_in_loop) { tls_in_loop = true; }
    ~InLoop() { tls_in_loop = saved; }
};

}  // namespace

struct WorkerPool::Shared {
    std::mutex m;
    std::condition_variable wake, finished;
    bool stopping = false;
    uint64_t generation = 0;
    // The loop being run.
    const std::function<void(size_t)>* body = nullptr;
    size_t n = 0;
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    size_t error_index = SIZE_MAX;
    std::exception_ptr error;
    size_t busy = 0;  ///< Workers not yet done with the loop.
    std::vector<std::thread> workers;

    /// Runs iterations of the current loop until there are none left.
    void work() {
        InLoop in_loop;
        while (!failed.load(std::memory_order_relaxed)) {
            const size_t i = next.fetch_add(1, std::memory_order_relaxed);
            if (i >= n) return;
            try {
                (*body)(i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(m);
                if (i < error_index) {
                    error_index = i;
                    error = std::current_exception();
                }
                failed.store(true, std::memory_order_relaxed);
            }
        }
    }

    void worker_main() {
        uint64_t seen = 0;
        for (;;) {
            {
                std::unique_lock<std::mutex> lock(m);
                wake.wait(lock, [&] { return stopping || generation != seen; });
                if (stopping) return;
                seen = generation;
            }
            work();
            std::lock_guard<std::mutex> lock(m);
            if (--busy == 0) finished.notify_one();
        }
    }
};

WorkerPool::WorkerPool(int threads)
    : threads_(std::max(1, threads)), shared_(std::make_unique<Shared>()) {
    for (int t = 1; t < threads_; ++t)
        shared_->workers.emplace_back([s = shared_.get()] { s->worker_main(); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard<std::mutex> lock(shared_->m);
        shared_->stopping = true;
    }
    shared_->wake.notify_all();
    for (auto& w : shared_->workers) w.join();
}

int WorkerPool::machine_threads() {
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

void WorkerPool::for_each(size_t n, const std::function<void(size_t)>& body) {
    if (n == 1) return body(0);
    if (threads_ == 1 || tls_in_loop || n == 0) {
        for (size_t i = 0; i < n; ++i) body(i);
        return;
    }
    Shared& s = *shared_;
    {
        std::lock_guard<std::mutex> lock(s.m);
        s.body = &body;
        s.n = n;
        s.next.store(0, std::memory_order_relaxed);
        s.failed.store(false, std::memory_order_relaxed);
        s.error_index = SIZE_MAX;
        s.error = nullptr;
        s.busy = s.workers.size();
        ++s.generation;
    }
    s.wake.notify_all();
    s.work();
    std::exception_ptr error;
    {
        std::unique_lock<std::mutex> lock(s.m);
        s.finished.wait(lock, [&] { return s.busy == 0; });
        error = s.error;
        s.error = nullptr;
        s.body = nullptr;
    }
    if (error) std::rethrow_exception(error);
}

#else

struct WorkerPool::Shared {};

WorkerPool::WorkerPool(int) : threads_(1) {}

WorkerPool::~WorkerPool() = default;

int WorkerPool::machine_threads() {
    return 1;
}

void WorkerPool::for_each(size_t n, const std::function<void(size_t)>& body) {
    for (size_t i = 0; i < n; ++i) body(i);
}

#endif

}  // namespace nndf
