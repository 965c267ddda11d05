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

#include "core/util/worker_thread.h"
#endif

namespace nndf {

#if NNDF_THREADS

/// One running for_each: its iterations are claimed by index, by its
/// caller and by any thread with nothing better to do.
struct Job {
    const std::function<void(size_t)>* body = nullptr;
    const Job* parent = nullptr;  ///< The job whose iteration posted this one.
    size_t n = 0;
    uint64_t seq = 0;                 ///< Order of posting: newer jobs are nested deeper.
    std::atomic<size_t> next{0};      ///< The next index to claim.
    std::atomic<size_t> finished{0};  ///< Iterations run or skipped.
    std::atomic<bool> failed{false};
    bool lanes = false;  ///< Iterations left here are not work for idle threads.
    size_t users = 0;    ///< Helpers holding this job (under the pool's mutex).
    size_t error_index = SIZE_MAX;
    std::exception_ptr error;
};

/// The job whose iteration this thread is running, if any.
thread_local const Job* tls_job = nullptr;

/// Whether a job around this thread's iteration still has iterations to
/// claim: the threads then have work enough, and a loop inside is cheaper
/// run on this thread than shared.
bool outer_work_left() {
    for (const Job* j = tls_job; j; j = j->parent)
        if (!j->lanes && j->next.load(std::memory_order_relaxed) < j->n) return true;
    return false;
}

struct WorkerPool::Shared {
    std::mutex m;
    std::condition_variable wake;  ///< A job was posted, finished, or the pool stops.
    bool stopping = false;
    uint64_t posted = 0;
    std::atomic<uint64_t> posted_seen{0};  ///< `posted`, readable without the mutex.
    std::vector<Job*> jobs;                ///< Jobs with iterations to claim, oldest first.
    std::vector<std::unique_ptr<WorkerThread>> workers;

    /// Claims and runs iterations of `job` until none are left.
    void run(Job& job) {
        for (;;) {
            const size_t i = job.next.fetch_add(1, std::memory_order_relaxed);
            if (i >= job.n) return;
            if (!job.failed.load(std::memory_order_relaxed)) {
                const Job* saved = tls_job;
                tls_job = &job;
                try {
                    (*job.body)(i);
                    tls_job = saved;
                } catch (...) {
                    tls_job = saved;
                    std::lock_guard<std::mutex> lock(m);
                    if (i < job.error_index) {
                        job.error_index = i;
                        job.error = std::current_exception();
                    }
                    job.failed.store(true, std::memory_order_relaxed);
                }
            }
            if (job.finished.fetch_add(1, std::memory_order_acq_rel) + 1 == job.n) {
                std::lock_guard<std::mutex> lock(m);
                wake.notify_all();
            }
        }
    }

    /// The newest job with iterations left and posted after `after`, held
    /// for the caller (users + 1); null if none. A lane left to start comes
    /// first: it takes whole tasks, where a loop inside one of them gives
    /// only its iterations. Under the mutex.
    Job* pick(uint64_t after) {
        for (auto it = jobs.rbegin(); it != jobs.rend(); ++it) {
            Job* j = *it;
            if (j->seq <= after) break;
            if (j->lanes && j->next.load(std::memory_order_relaxed) < j->n) {
                ++j->users;
                return j;
            }
        }
        for (auto it = jobs.rbegin(); it != jobs.rend(); ++it) {
            Job* j = *it;
            if (j->seq <= after) break;
            if (j->next.load(std::memory_order_relaxed) < j->n) {
                ++j->users;
                return j;
            }
        }
        return nullptr;
    }

    /// Helps with a job posted after `after`, if any: true if it did.
    bool help(std::unique_lock<std::mutex>& lock, uint64_t after) {
        Job* j = pick(after);
        if (!j) return false;
        lock.unlock();
        run(*j);
        lock.lock();
        if (--j->users == 0) wake.notify_all();
        return true;
    }

    void worker_main() {
        std::unique_lock<std::mutex> lock(m);
        for (;;) {
            if (stopping) return;
            if (help(lock, 0)) continue;
            // Loops come in quick succession (a layer search makes several):
            // watch for the next one briefly before sleeping, since waking a
            // sleeping thread costs more than many short loops.
            const uint64_t seen = posted;
            lock.unlock();
            bool more = false;
            for (int k = 0; k < kSpins && !more; ++k) {
                more = posted_seen.load(std::memory_order_acquire) != seen;
                if (!more) std::this_thread::yield();
            }
            lock.lock();
            if (!more && posted == seen && !stopping) wake.wait(lock);
        }
    }
    static constexpr int kSpins = 64;
};

WorkerPool::WorkerPool(int threads)
    : threads_(std::max(1, threads)), shared_(std::make_unique<Shared>()) {
    for (int t = 1; t < threads_; ++t)
        shared_->workers.push_back(
            std::make_unique<WorkerThread>(t, [s = shared_.get()] { s->worker_main(); }));
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard<std::mutex> lock(shared_->m);
        shared_->stopping = true;
    }
    shared_->wake.notify_all();
    shared_->workers.clear();  // joins them
}

int WorkerPool::machine_threads() {
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

void WorkerPool::for_each(size_t n, const std::function<void(size_t)>& body) {
    run_loop(n, body, false);
}

void WorkerPool::for_each_lane(const std::function<void()>& lane) {
    run_loop(
        static_cast<size_t>(threads_), [&](size_t) { lane(); }, true);
}

void WorkerPool::run_loop(size_t n, const std::function<void(size_t)>& body, bool lanes) {
    if (n == 1) return body(0);
    if (threads_ == 1 || n == 0 || outer_work_left()) {
        for (size_t i = 0; i < n; ++i) body(i);
        return;
    }
    Shared& s = *shared_;
    Job job;
    job.body = &body;
    job.parent = tls_job;
    job.n = n;
    job.lanes = lanes;
    {
        std::lock_guard<std::mutex> lock(s.m);
        job.seq = ++s.posted;
        s.posted_seen.store(s.posted, std::memory_order_release);
        s.jobs.push_back(&job);
    }
    s.wake.notify_all();
    s.run(job);
    {
        // While others finish this job's iterations, help with the loops
        // inside them (posted later); never with older ones, which could
        // hold this thread long after its own loop is done.
        std::unique_lock<std::mutex> lock(s.m);
        while (job.finished.load(std::memory_order_acquire) < n || job.users > 0) {
            if (!s.help(lock, job.seq)) s.wake.wait(lock);
        }
        s.jobs.erase(std::find(s.jobs.begin(), s.jobs.end(), &job));
    }
    if (job.error) std::rethrow_exception(job.error);
}

void WorkerPool::help_until(const std::function<bool()>& done, std::chrono::milliseconds poll) {
    Shared& s = *shared_;
    const uint64_t after = tls_job ? tls_job->seq : 0;
    std::unique_lock<std::mutex> lock(s.m);
    while (!done()) {
        if (s.help(lock, after)) continue;
        if (s.wake.wait_for(lock, poll) == std::cv_status::timeout) return;
    }
}

void WorkerPool::notify() {
    std::lock_guard<std::mutex> lock(shared_->m);
    shared_->wake.notify_all();
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

void WorkerPool::for_each_lane(const std::function<void()>& lane) {
    lane();
}

// One thread: nothing else can make `done` true.
void WorkerPool::help_until(const std::function<bool()>&, std::chrono::milliseconds) {}

void WorkerPool::notify() {}

#endif

}  // namespace nndf
