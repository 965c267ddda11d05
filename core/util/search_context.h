// What a long search reports to its caller and how the caller stops it.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
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
        if (on_owner()) cancelled_.store(should_cancel && should_cancel());
        if (cancelled_.load(std::memory_order_relaxed)) throw SearchCancelled{};
    }

    /// Starts layer k of n (1-based) and reports it. Owner's thread only.
    void begin_layer(int k, int n, const std::string& name) const {
        progress_.layer_index = k;
        progress_.layer_count = n;
        progress_.layer_name = name;
        progress_.layer_fraction = 0;
        last_report_ = std::chrono::steady_clock::now();
        deliver_notes();
        if (on_progress) on_progress(progress_);
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
        progress_.layer_fraction = f;
        on_progress(progress_);
    }

  private:
    bool on_owner() const { return std::this_thread::get_id() == owner_; }
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
