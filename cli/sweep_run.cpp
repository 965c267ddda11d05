#include "cli/sweep_run.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "core/api/run_rules.h"
#include "core/api/search.h"
#include "core/api/sweep_line.h"
#include "core/util/error.h"
#include "core/util/worker_thread.h"

namespace nndf::cli {

OJson run_sweep_point(const Sweep& sweep, size_t index, bool full, int search_threads) {
    const SweepPoint point = sweep.point(index);
    const OJson id = sweep_point_json(sweep, point, false);
    if (!point.problem.empty()) return sweep_line(id, nullptr, point.problem);
    RunConfig config = point.config;
    config.processes = search_threads;
    config.verbose = false;
    std::string error;
    try {
        // The line's totals come with the text; only --full needs the whole result parsed back.
        const SearchReport report =
            run_search(config, {}, OnNoDataflow::StatusOnly, sweep_line_result_keys());
        if (report.result_text.empty()) return sweep_line(id, nullptr, "");
        if (!full) return sweep_line(id, &report.kept, "");
        const OJson result = parse_json_text(report.result_text, "result");
        return sweep_line(id, &result, "", full);
    } catch (const InputError& e) {
        // A rule between fields, or a layer the point's hardware cannot run:
        // the point's own problem, in the run document's words.
        error = InputError(e.path(), render_field_refs(e.message(), FieldRefStyle::Name)).what();
    } catch (const std::exception& e) {
        error = e.what();
    }
    return sweep_line(id, nullptr, error);
}

namespace {

/// `-v`: points done of those to run, elapsed and an estimate, at most once
/// a second and at the end.
class SweepProgress {
  public:
    explicit SweepProgress(size_t total) : total_(total) {}
    void point_done() {
        ++done_;
        const auto now = std::chrono::steady_clock::now();
        if (done_ < total_ && now - last_ < std::chrono::seconds(1)) return;
        last_ = now;
        const double elapsed = std::chrono::duration<double>(now - start_).count();
        std::fprintf(stderr, "sweep: %zu of %zu points, %.1f s", done_, total_, elapsed);
        if (done_ < total_) {
            std::fprintf(
                stderr, ", about %.0f s left",
                elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_));
        }
        std::fprintf(stderr, "\n");
    }

  private:
    size_t total_, done_ = 0;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_;
};

}  // namespace

size_t run_sweep(const Sweep& sweep, const SweepRunOptions& o) {
    size_t total = 0;
    for (size_t i = 0; i < sweep.size(); ++i) total += o.wanted(i) ? 1 : 0;
    SweepProgress progress(total);
    // Points started ahead of the oldest unwritten one, at most: a slow point
    // holds back at most this many finished lines.
    const size_t window = 4 * static_cast<size_t>(o.threads) + 16;

    std::mutex m;
    std::condition_variable cv;
    size_t scan = 0;     // The next index to look at.
    size_t started = 0;  // Points handed out; a point's turn is its rank among them.
    size_t written = 0;  // Points written.
    std::map<size_t, std::string> finished;  // By turn, waiting for the ones before.
    std::exception_ptr failure;

    auto work = [&] {
        for (;;) {
            size_t index = 0, turn = 0;
            {
                std::unique_lock<std::mutex> lock(m);
                cv.wait(lock, [&] { return failure || started < written + window; });
                while (!failure && scan < sweep.size() && !o.wanted(scan)) ++scan;
                if (failure || scan >= sweep.size()) return;
                index = scan++;
                turn = started++;
            }
            std::string text;
            try {
                text = o.format(run_sweep_point(sweep, index, o.full, o.search_threads));
            } catch (...) {
                std::lock_guard<std::mutex> lock(m);
                if (!failure) failure = std::current_exception();
                cv.notify_all();
                return;
            }
            std::lock_guard<std::mutex> lock(m);
            finished.emplace(turn, std::move(text));
            try {
                for (auto it = finished.begin();
                     !failure && it != finished.end() && it->first == written;
                     it = finished.erase(it)) {
                    o.write(it->second);
                    ++written;
                    if (o.verbose) progress.point_done();
                }
            } catch (...) {
                if (!failure) failure = std::current_exception();
            }
            cv.notify_all();
        }
    };
    {
        std::vector<std::unique_ptr<WorkerThread>> threads;
        for (int t = 1; t < o.threads; ++t)
            threads.push_back(std::make_unique<WorkerThread>(t, work));
        work();
    }  // joins the threads
    if (failure) std::rethrow_exception(failure);
    return written;
}

}  // namespace nndf::cli
