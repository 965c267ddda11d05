#include "core/util/task_graph.h"

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <queue>

#include "core/util/error.h"
#include "core/util/worker_pool.h"

namespace nndf {

void TaskGraph::add_edge(size_t earlier, size_t later) {
    NNDF_CHECK(earlier < later && later < size(), "a task needs a task ranked after it");
    dependents[earlier].push_back(later);
}

namespace {

/// One run of a graph, shared by the threads that run its tasks.
class GraphRun {
  public:
    GraphRun(WorkerPool* pool, const TaskGraph& graph, const std::function<void(size_t)>& body,
             const std::function<void()>& poll, std::chrono::milliseconds poll_every)
        : pool_(pool),
          graph_(graph),
          body_(body),
          poll_(poll),
          poll_every_(poll_every),
          missing_(graph.size(), 0) {
        for (const auto& later : graph.dependents)
            for (size_t t : later) ++missing_[t];
        for (size_t t = 0; t < graph.size(); ++t)
            if (missing_[t] == 0) ready_.push(t);
    }

    /// Takes ready tasks, lowest rank first, until none is ready or running.
    void lane() {
        for (;;) {
            if (poll_) {
                try {
                    poll_();
                } catch (...) {
                    stop(std::current_exception());
                }
            }
            size_t task = kNone;
            uint64_t seen = 0;
            {
                std::lock_guard<std::mutex> lock(m_);
                // A min-heap: once its top ranks after a failed task, all do.
                if (!ready_.empty() && ready_.top() > fail_rank_) ready_ = {};
                if (!ready_.empty()) {
                    task = ready_.top();
                    ready_.pop();
                    ++running_;
                } else if (running_ == 0) {
                    return;
                } else {
                    seen = events_.load(std::memory_order_relaxed);
                }
            }
            if (task == kNone) {
                // Another thread's task is running: help with the loops
                // inside it until something changes, polling meanwhile.
                pool_->help_until([&] { return events_.load(std::memory_order_acquire) != seen; },
                                  poll_every_);
                continue;
            }
            std::exception_ptr error;
            try {
                body_(task);
            } catch (...) {
                error = std::current_exception();
            }
            finish(task, error);
        }
    }

    /// After every lane has returned: rethrows the run's exception, if any.
    void end() {
        if (error_) std::rethrow_exception(error_);
        NNDF_CHECK(finished_ == graph_.size(), "a task graph ended with tasks not run");
    }

  private:
    static constexpr size_t kNone = SIZE_MAX;

    void finish(size_t task, const std::exception_ptr& error) {
        {
            std::lock_guard<std::mutex> lock(m_);
            --running_;
            if (error) {
                if (task < fail_rank_) {
                    fail_rank_ = task;
                    error_ = error;
                }
            } else {
                ++finished_;
                for (size_t t : graph_.dependents[task])
                    if (--missing_[t] == 0) ready_.push(t);
            }
            events_.fetch_add(1, std::memory_order_release);
        }
        if (pool_) pool_->notify();
    }

    /// `poll` threw: no task starts any more, and its exception wins.
    void stop(const std::exception_ptr& error) {
        std::lock_guard<std::mutex> lock(m_);
        if (!stopped_) error_ = error;
        stopped_ = true;
        fail_rank_ = 0;
        ready_ = {};
    }

    WorkerPool* pool_;
    const TaskGraph& graph_;
    const std::function<void(size_t)>& body_;
    const std::function<void()>& poll_;
    const std::chrono::milliseconds poll_every_;

    std::mutex m_;                 // guards what follows but events_; never held in a task
    std::vector<size_t> missing_;  ///< Prerequisites not yet done, per task.
    std::priority_queue<size_t, std::vector<size_t>, std::greater<size_t>> ready_;
    size_t running_ = 0;
    size_t finished_ = 0;
    size_t fail_rank_ = kNone;  ///< Tasks ranked after it never start.
    bool stopped_ = false;
    std::exception_ptr error_;
    std::atomic<uint64_t> events_{0};  ///< Tasks finished: what waiting threads watch.
};

}  // namespace

void run_task_graph(WorkerPool* pool, const TaskGraph& graph,
                    const std::function<void(size_t)>& body, const std::function<void()>& poll,
                    std::chrono::milliseconds poll_every) {
    GraphRun run(pool, graph, body, poll, poll_every);
    if (pool) {
        pool->for_each_lane([&] { run.lane(); });
    } else {
        run.lane();
    }
    run.end();
}

}  // namespace nndf
