// What a long search reports to its caller and how the caller stops it.
#pragma once

#include <functional>
#include <string>

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

    /// Throws SearchCancelled if the caller asked to stop.
    void check_cancel() const {
        if (should_cancel && should_cancel()) throw SearchCancelled{};
    }
};

}  // namespace nndf
