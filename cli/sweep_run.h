// Running a sweep's points on several threads (docs/sweep.md): a point is
// the unit of work, each searched on its own thread, and the lines come out
// in point order whatever finishes first (a finished line waits in a small
// buffer for the ones before it; a thread does not start a point too far
// ahead of the last written, so memory stays flat in the number of points).
#pragma once

#include <functional>
#include <string>

#include "core/api/sweep.h"

namespace nndf::cli {

/// The line of one point (sweep_line.h): the point searched with
/// `search_threads` threads; an error of the point's run is its line's
/// message, never an exception.
OJson run_sweep_point(const Sweep& sweep, size_t index, bool full, int search_threads);

struct SweepRunOptions {
    int threads = 1;         ///< Points run at once.
    int search_threads = 1;  ///< Threads of each point's search.
    bool full = false;       ///< Lines carry the whole result.
    bool verbose = false;    ///< Progress on stderr.
    /// Whether a point is to run (its shard, not done before).
    std::function<bool(size_t)> wanted = [](size_t) { return true; };
    /// The text of a line as written (a JSON line, a CSV row), made on the
    /// point's thread.
    std::function<std::string(const OJson&)> format;
    /// Writes a line's text; called in point order, one call at a time.
    std::function<void(const std::string&)> write;
};

/// Runs every wanted point and writes their lines in order. Returns how
/// many ran. An exception in writing stops the run and is rethrown.
size_t run_sweep(const Sweep& sweep, const SweepRunOptions& options);

}  // namespace nndf::cli
