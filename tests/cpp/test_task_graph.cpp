// Tasks that wait for tasks (core/util/task_graph.h): order, errors, cancel,
// and the help a waiting thread gives to the loops of a running task.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/util/task_graph.h"
#include "core/util/worker_pool.h"

using namespace nndf;

namespace {

/// A random graph of `n` tasks, each needing up to three earlier ones.
TaskGraph random_graph(size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    TaskGraph g(n);
    for (size_t t = 1; t < n; ++t) {
        std::set<size_t> needs;
        const int k = static_cast<int>(rng() % 4);
        for (int j = 0; j < k; ++j) needs.insert(rng() % t);
        for (size_t e : needs) g.add_edge(e, t);
    }
    return g;
}

struct TaskError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace

TEST_CASE("every task runs once, after the tasks it needs, on any number of threads") {
    const TaskGraph g = random_graph(200, 7);
    for (int threads : {1, 2, 3, 7}) {
        CAPTURE(threads);
        WorkerPool pool(threads);
        std::vector<std::atomic<int>> runs(g.size());
        std::vector<std::atomic<bool>> done(g.size());
        std::atomic<int> early{0};
        run_task_graph(&pool, g,
                       [&](size_t t) {
                           for (size_t e = 0; e < t; ++e)
                               for (size_t later : g.dependents[e])
                                   if (later == t && !done[e].load()) ++early;
                           ++runs[t];
                           done[t].store(true);
                       },
                       {});
        CHECK(early.load() == 0);
        for (size_t t = 0; t < g.size(); ++t) CHECK(runs[t].load() == 1);
    }
}

TEST_CASE("one thread runs the tasks in index order") {
    const TaskGraph g = random_graph(50, 3);
    for (WorkerPool* pool : {static_cast<WorkerPool*>(nullptr), new WorkerPool(1)}) {
        std::vector<size_t> order;
        run_task_graph(pool, g, [&](size_t t) { order.push_back(t); }, {});
        REQUIRE(order.size() == g.size());
        for (size_t t = 0; t < order.size(); ++t) CHECK(order[t] == t);
        delete pool;
    }
}

TEST_CASE("a task may only need a task ranked before it") {
    TaskGraph g(3);
    CHECK_THROWS(g.add_edge(2, 1));
    CHECK_THROWS(g.add_edge(1, 1));
    CHECK_THROWS(g.add_edge(1, 3));
}

TEST_CASE("the lowest-ranked failing task's error is rethrown, whichever failed first") {
    // Task 2 fails late, task 9 (which needs nothing) at once: with threads,
    // 9 usually fails first, and 2 must still run and win.
    TaskGraph g(12);
    for (size_t t = 3; t < 9; ++t) g.add_edge(t - 1, t);
    for (int threads : {1, 2, 3}) {
        CAPTURE(threads);
        WorkerPool pool(threads);
        std::mutex m;
        std::set<size_t> ran;
        const auto body = [&](size_t t) {
            {
                std::lock_guard<std::mutex> lock(m);
                ran.insert(t);
            }
            if (t == 2) {
                std::this_thread::sleep_for(std::chrono::milliseconds(30));
                throw TaskError("task 2");
            }
            if (t == 9) throw TaskError("task 9");
        };
        std::string what;
        try {
            run_task_graph(&pool, g, body, {});
        } catch (const TaskError& e) {
            what = e.what();
        }
        CHECK(what == "task 2");
        CHECK(ran.count(3) == 0);  // it needs task 2
        if (threads == 1) CHECK(ran == std::set<size_t>{0, 1, 2});
    }
}

TEST_CASE("an exception from poll stops the run and is the one rethrown") {
    // A chain: once task 1 asks to stop, nothing after it starts.
    TaskGraph g(10);
    for (size_t t = 1; t < 10; ++t) g.add_edge(t - 1, t);
    for (int threads : {1, 2}) {
        CAPTURE(threads);
        WorkerPool pool(threads);
        std::atomic<bool> stop{false};
        std::atomic<size_t> last{0};
        const auto body = [&](size_t t) {
            last = t;
            if (t == 1) stop = true;
            if (t == 5) throw TaskError("task 5");
        };
        bool cancelled = false;
        try {
            run_task_graph(&pool, g, body, [&] {
                if (stop) throw std::logic_error("cancelled");
            });
        } catch (const std::logic_error&) {
            cancelled = true;
        }
        CHECK(cancelled);
        CHECK(last.load() == 1);
    }
}

TEST_CASE("a waiting thread helps with the loops inside the running task") {
    // Task 1 needs task 0, so the second thread has nothing to start while
    // task 0 runs a loop of slow iterations.
    TaskGraph g(2);
    g.add_edge(0, 1);
    WorkerPool pool(2);
    std::mutex m;
    std::set<std::thread::id> loop_threads;
    run_task_graph(&pool, g,
                   [&](size_t t) {
                       if (t != 0) return;
                       pool.for_each(40, [&](size_t) {
                           std::this_thread::sleep_for(std::chrono::milliseconds(2));
                           std::lock_guard<std::mutex> lock(m);
                           loop_threads.insert(std::this_thread::get_id());
                       });
                   },
                   {});
    CHECK(loop_threads.size() == 2);
}

TEST_CASE("a waiting thread polls while it waits") {
    TaskGraph g(2);
    g.add_edge(0, 1);
    WorkerPool pool(2);
    std::atomic<int> polls{0};
    run_task_graph(
        &pool, g,
        [&](size_t t) {
            if (t == 0) std::this_thread::sleep_for(std::chrono::milliseconds(60));
        },
        [&] { ++polls; }, std::chrono::milliseconds(2));
    // Between tasks only, the two threads would poll 5 times or fewer.
    CHECK(polls.load() >= 10);
}
