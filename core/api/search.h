// The one search entry: a checked run configuration in, the reference's
// result document out. The CLI, the wasm bindings, the tests and the
// benchmark all search through here.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/api/diagnose.h"
#include "core/api/run_config.h"
#include "core/formats/py_json.h"
#include "core/util/search_context.h"

namespace nndf {

struct SearchReport {
    /// The reference's document as the reference prints it (result_text in
    /// result_json.h), or empty when no dataflow is valid for the
    /// configuration. Printed directly: building it as an OJson first and
    /// printing that took longer than a small search.
    std::string result_text;
    /// The result's top-level members that run_search was asked to keep
    /// (a sweep line's totals, sweep_line.h), written in the same pass as
    /// the text; null when there is no result or none were asked for.
    OJson kept = nullptr;
    /// Seconds spent in the search itself (the reference's `elapsed`).
    double elapsed = 0;
    /// Choices the search made where the reference stops with an error
    /// (docs/reference-differences.md), in the order first met.
    std::vector<std::string> notes;
    /// With no valid dataflow: which layer has no schedule, why, and the
    /// smallest change that gives the run one (diagnose.h).
    std::optional<Diagnosis> diagnosis;
};

/// What a search without a valid dataflow reports. A diagnosis searches
/// again (tens of milliseconds and more); a sweep, which only records the
/// point's status, does without.
enum class OnNoDataflow { Diagnose, StatusOnly };

/// Checks `config` (InputError naming the field), loads its network (errors
/// under `network`), searches and builds the result document, or with no
/// valid dataflow the diagnosis (unless `on_none` says not to). Throws
/// SearchCancelled when `ctx` asks to stop.
/// `keep`: the result's top-level members to give in `kept` too.
SearchReport run_search(const RunConfig& config, const SearchContext& ctx = {},
                        OnNoDataflow on_none = OnNoDataflow::Diagnose,
                        const std::vector<std::string_view>& keep = {});

}  // namespace nndf
