// Why a run has no valid dataflow, and the smallest change that gives it
// one (docs/diagnosis.md): the first layer in search order without a
// schedule, the buffer its data need against what the node has, and the
// run fields to change, found by searching that layer alone at candidate
// sizes and checked by searching the whole network again.
#pragma once

#include <string>
#include <vector>

#include "core/api/run_config.h"
#include "core/formats/py_json.h"
#include "core/util/search_context.h"

namespace nndf {

/// One run field to set, in the run schema's name, as run-document values.
struct FieldChange {
    std::string field;  ///< "gbuf", "regf" (bytes) or "solve_loopblocking".
    OJson from;         ///< The run's value.
    OJson to;           ///< The value to set: for a size, the smallest that gives a schedule.
};

struct Diagnosis {
    std::string layer;       ///< The first layer in search order without a schedule.
    size_t position = 0;     ///< Its place in the search order, 1-based.
    size_t layer_count = 0;  ///< Layers in the search order.
    /// "regf": no mapping fits the register file; "gbuf": none fits the
    /// global buffer; "solver": the loop-blocking solver needs two data
    /// categories to bypass the global buffer and the run forbids it;
    /// "context": the layer has schedules alone but none in the pipeline
    /// segments tried (no change is computed); "unknown": no size helps.
    std::string cause;
    std::string reason;  ///< One sentence with numbers and units.
    i64 word_bits = 0;
    i64 gbuf_have = 0, regf_have = 0;  ///< Bytes the run gives.
    /// Bytes the layer needs at least (-1: not known): the least over its
    /// mappings (regf), and over those that fit the register file (gbuf).
    i64 gbuf_need = -1, regf_need = -1;
    /// The smallest change found, to apply together; empty if none.
    std::vector<FieldChange> change;
    /// The layers the change was sized for, in the order found: the first,
    /// then any that still had no schedule with the change so far.
    std::vector<std::string> sized_for;
    bool verified = false;      ///< The whole network has a dataflow with the change.
    std::string still_failing;  ///< Not verified: the layer still without a schedule.
};

/// Diagnoses a run whose search found no dataflow, `first` being the first
/// layer in search order without a schedule (SearchOutcome). The work is
/// bounded (a few searches of one layer per field, at most three more of
/// the network); throws SearchCancelled when `ctx` asks to stop.
Diagnosis diagnose_no_dataflow(const RunConfig& config, const Network& net,
                               const std::string& first, const SearchContext& ctx);

/// The diagnosis as JSON (the wasm answer's `diagnosis`, docs/diagnosis.md).
OJson diagnosis_json(const Diagnosis& d);

/// The diagnosis as lines for a person, with the change as CLI flags.
std::vector<std::string> diagnosis_lines(const Diagnosis& d);

}  // namespace nndf
