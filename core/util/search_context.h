// What a long search reports to its caller and how the caller stops it.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace nndf {

/// Where the search is: layer k of n (1-based), the share of that layer's
/// space already explored, and the share of the whole search's estimated
/// work done (docs/progress.md).
struct SearchProgress {
    int layer_index = 0;
    int layer_count = 0;
    std::string layer_name;
    double layer_fraction = 0;
    /// Share of the whole search's work done, from 0 to 1; never decreases.
    double work_fraction = 0;
    /// Seconds since the search began.
    double elapsed = 0;
    /// Estimated seconds left; negative while too little is done to tell.
    double remaining = -1;
    /// Total cost of the best schedule of the layers before this one;
    /// negative before the first layer is done or when none was valid.
    double best_cost = -1;
};

/// Thrown out of the search when the cancel callback asks to stop.
struct SearchCancelled {};

/// What a search reports and how it is stopped. The callbacks run on the
/// thread that owns the context (the one that made it): a search on several
/// threads reports from its other threads through this context, which hands
/// the reports on only from the owner's thread.
struct SearchContext {
    std::function<void(const SearchProgress&)> on_progress;  ///< May be empty.
    std::function<bool()> should_cancel;                     ///< May be empty.
    /// Receives notes (may be empty): choices the search made where the
    /// reference would have stopped with an error (docs/reference-differences.md).
    std::function<void(const std::string&)> on_note;

    SearchContext() : owner_(std::this_thread::get_id()) {}
    SearchContext(const SearchContext&) = delete;
    SearchContext& operator=(const SearchContext&) = delete;

    /// Reports a note, once per distinct text over this context's life: a
    /// note names a kind of event, and the event may recur per candidate.
    /// Any thread; notes from other threads reach on_note at the owner's
    /// next report.
    void note(const std::string& text) const {
        {
            std::lock_guard<std::mutex> lock(notes_mutex_);
            if (!notes_seen_.insert(text).second) return;
            notes_.push_back(text);
        }
        deliver_notes();
    }
    /// Every note so far, in the order first reported.
    std::vector<std::string> notes() const {
        std::lock_guard<std::mutex> lock(notes_mutex_);
        return notes_;
    }

    /// Throws SearchCancelled if the caller asked to stop. Any thread: the
    /// owner asks should_cancel, the others see what it answered.
    void check_cancel() const {
        // Written only when the answer changes: the other threads read the
        // flag between small pieces of work, and a store on every check
        // moved its cache line between the cores each time. Only the owner
        // writes it, so the compare cannot race.
        if (on_owner()) {
            const bool asked = should_cancel && should_cancel();
            if (asked != cancelled_.load(std::memory_order_relaxed))
                cancelled_.store(asked, std::memory_order_relaxed);
        }
        if (cancelled_.load(std::memory_order_relaxed)) throw SearchCancelled{};
    }

    /// Starts a search whose layers (in search order) are expected to take
    /// `layer_work` each, in any unit. Owner's thread only. Without it,
    /// every layer weighs the same.
    void begin_search(const std::vector<double>& layer_work) const {
        // A cancel answered in an earlier search on this context is not this
        // one's: another thread could see it before the owner asks again.
        cancelled_.store(should_cancel && should_cancel());
        work_before_.assign(1, 0.0);
        for (double w : layer_work) work_before_.push_back(work_before_.back() + w);
        start_ = std::chrono::steady_clock::now();
        progress_ = SearchProgress{};
    }
    /// Starts layer k of n (1-based) and reports it, with the total cost of
    /// the best schedule so far (negative if none). Owner's thread only.
    void begin_layer(int k, int n, const std::string& name, double best_cost = -1) const {
        if (work_before_.size() != static_cast<size_t>(n) + 1) {
            work_before_.resize(static_cast<size_t>(n) + 1);
            for (size_t i = 0; i < work_before_.size(); ++i)
                work_before_[i] = static_cast<double>(i);
        }
        progress_.layer_index = k;
        progress_.layer_count = n;
        progress_.layer_name = name;
        progress_.best_cost = best_cost;
        last_report_ = std::chrono::steady_clock::now();
        deliver_notes();
        if (on_progress) on_progress(advance(0, last_report_));
    }
    /// Reports the share of the current layer done, at most every 50 ms.
    /// Reports from other threads than the owner's are dropped.
    void layer_fraction(double f) const {
        if (!on_owner()) return;
        deliver_notes();
        if (!on_progress) return;
        auto now = std::chrono::steady_clock::now();
        if (f < 1 && now - last_report_ < std::chrono::milliseconds(50)) return;
        last_report_ = now;
        on_progress(advance(f, now));
    }

    /// Whether this is the thread that made the context, the one that
    /// reports.
    bool on_owner() const { return std::this_thread::get_id() == owner_; }

  private:
    /// The progress at share `f` of the current layer: the work before it
    /// and that share of its own, never less than reported before (a
    /// layer's share may step back when another thread's part is counted).
    const SearchProgress& advance(double f, std::chrono::steady_clock::time_point now) const {
        const auto k = static_cast<size_t>(progress_.layer_index);
        const double total = work_before_.back();
        const double done = work_before_[k - 1] + (work_before_[k] - work_before_[k - 1]) * f;
        const double share = total > 0 ? done / total : 1;
        progress_.layer_fraction = std::max(f, f > 0 ? progress_.layer_fraction : 0.0);
        progress_.work_fraction = std::min(1.0, std::max(progress_.work_fraction, share));
        progress_.elapsed = std::chrono::duration<double>(now - start_).count();
        // Too early an estimate swings wildly; wait for 1% of the work.
        const double w = progress_.work_fraction;
        progress_.remaining = w >= 0.01 ? progress_.elapsed * (1 - w) / w : -1;
        return progress_;
    }
    /// Hands the notes not yet delivered to on_note, on the owner's thread.
    void deliver_notes() const {
        if (!on_note || !on_owner()) return;
        std::vector<std::string> fresh;
        {
            std::lock_guard<std::mutex> lock(notes_mutex_);
            fresh.assign(notes_.begin() + static_cast<long>(notes_delivered_), notes_.end());
            notes_delivered_ = notes_.size();
        }
        for (const auto& n : fresh) on_note(n);
    }

    std::thread::id owner_;
    mutable std::atomic<bool> cancelled_{false};
    mutable std::mutex notes_mutex_;
    mutable std::set<std::string> notes_seen_;
    mutable std::vector<std::string> notes_;
    mutable size_t notes_delivered_ = 0;
    mutable SearchProgress progress_;
    mutable std::vector<double> work_before_;  ///< Work of the layers before layer k, at k - 1.
    mutable std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    mutable std::chrono::steady_clock::time_point last_report_;
};

/// Maps progress of a sub-task onto [begin, end) of its parent's fraction.
struct FractionSpan {
    const SearchContext* ctx = nullptr;  ///< Also for cancel and notes.
    double begin = 0, end = 1;
    bool reports = true;  ///< False: work done ahead of its layer, which reports nothing.
    void report(double f) const {
        if (ctx && reports) ctx->layer_fraction(begin + (end - begin) * f);
    }
    FractionSpan sub(double b, double e) const {
        return {ctx, begin + (end - begin) * b, begin + (end - begin) * e, reports};
    }
};

}  // namespace nndf
