// Tasks that wait for other tasks, run on a WorkerPool as soon as what they
// need is done. A whole-network search is such a graph: a segment needs the
// tops of the layer before it, and a layer's tops need every segment that
// ends at it (docs/parallel-search.md, "Segments by dependency").
//
// A task's index is its rank: one thread runs the tasks in index order, so
// every task's prerequisites must have lower indices. Several threads run
// the lowest-ranked ready task first. What a task computes must not depend
// on which thread ran it or when; only the order of prerequisites is kept.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

namespace nndf {

class WorkerPool;

struct TaskGraph {
    /// The tasks that need task t, for each t; each above t.
    std::vector<std::vector<size_t>> dependents;

    explicit TaskGraph(size_t n) : dependents(n) {}
    size_t size() const { return dependents.size(); }
    /// Task `later` needs task `earlier` (earlier < later).
    void add_edge(size_t earlier, size_t later);
};

/// Runs body(t) once for every task of `graph`, each after the tasks it
/// needs, on the threads of `pool` (null: in index order on this thread).
///
/// `poll` (may be empty) is called on every thread between tasks and at
/// least every `poll_every` while a thread waits; it may throw to stop the
/// run (a cancel request). When a task throws, no task ranked after it
/// starts, and those ranked before it still run: the exception rethrown is
/// that of the lowest-ranked task that threw (or the first from `poll`), the
/// same on any number of threads.
void run_task_graph(WorkerPool* pool, const TaskGraph& graph,
                    const std::function<void(size_t)>& body, const std::function<void()>& poll,
                    std::chrono::milliseconds poll_every = std::chrono::milliseconds(20));

}  // namespace nndf
