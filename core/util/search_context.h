// What a long search reports to its caller and how the caller stops it.
#pragma once

#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace nndf {

/// Where the search is: layer k of n (1-based), and the share of that layer's
/// space already explored.
struct SearchProgress {
    int layer_index = 0;
    int layer_count = 0;
    std::string layer_name;
    double layer_fraction = 0;
};

/// Thrown out of the search when the cancel callback asks to stop.
struct SearchCancelled {};

struct SearchContext {
    std::function<void(const SearchProgress&)> on_progress;  ///< May be empty.
    std::function<bool()> should_cancel;                     ///< May be empty.
    /// Receives notes (may be empty): choices the search made where the
    /// reference would have stopped with an error (docs/reference-differences.md).
    std::function<void(const std::string&)> on_note;

    /// Reports a note, once per distinct text over this context's life: a
    /// note names a kind of event, and the event may recur per candidate.
    void note(const std::string& text) const {
        if (!notes_seen_.insert(text).second) return;
        notes_.push_back(text);
        if (on_note) on_note(text);
    }
    /// Every note so far, in the order first reported.
    const std::vector<std::string>& notes() const { return notes_; }

    /// Throws SearchCancelled if the caller asked to stop.
    void check_cancel() const {
        if (should_cancel && should_cancel()) throw SearchCancelled{};
    }

    /// Starts layer k of n (1-based) and reports it.
    void begin_layer(int k, int n, const std::string& name) const {
        progress_.layer_index = k;
        progress_.layer_count = n;
        progress_.layer_name = name;
        progress_.layer_fraction = 0;
        last_report_ = std::chrono::steady_clock::now();
        if (on_progress) on_progress(progress_);
    }
    /// Reports the share of the current layer done, at most every 50 ms.
    void layer_fraction(double f) const {
        if (!on_progress) return;
        auto now = std::chrono::steady_clock::now();
        if (f < 1 && now - last_report_ < std::chrono::milliseconds(50)) return;
        last_report_ = now;
        progress_.layer_fraction = f;
        on_progress(progress_);
    }

  private:
    mutable std::set<std::string> notes_seen_;
    mutable std::vector<std::string> notes_;
    mutable SearchProgress progress_;
    mutable std::chrono::steady_clock::time_point last_report_;
};

/// Maps progress of a sub-task onto [begin, end) of its parent's fraction.
struct FractionSpan {
    const SearchContext* ctx = nullptr;
    double begin = 0, end = 1;
    void report(double f) const {
        if (ctx) ctx->layer_fraction(begin + (end - begin) * f);
    }
    FractionSpan sub(double b, double e) const {
        return {ctx, begin + (end - begin) * b, begin + (end - begin) * e};
    }
};

}  // namespace nndf
