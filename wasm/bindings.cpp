// The JS interface of the wasm module, and the only code that knows about JS.
// Every function takes and returns text; failures come back as data (see
// envelope.h), never as exceptions. The calls are thin: each reads its
// input and asks core/api.
#include <chrono>
#include <cmath>
#include <sstream>
#include <string>

#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include "core/api/alternatives.h"
#include "core/api/explain.h"
#include "core/api/run_document.h"
#include "core/api/run_rules.h"
#include "core/api/run_schema_export.h"
#include "core/api/search.h"
#include "core/api/sweep.h"
#include "core/api/sweep_line.h"
#include "core/api/version.h"
#include "core/formats/builtin_networks.h"
#include "core/formats/network_json.h"
#include "wasm/envelope.h"

// The page's cancel flag (an Int32Array on a SharedArrayBuffer that the
// worker sets as Module.nndfCancelFlag, web/worker.js), non-zero once the
// page cancels. Read on the search's own thread only: the JS of the other
// threads has no such property, and they see the answer in SearchContext.
EM_JS(int, nndf_cancel_requested, (), {
    var flag = Module['nndfCancelFlag'];
    return flag ? Atomics.load(flag, 0) : 0;
});

namespace nndf::wasm {

namespace {

/// A JS number that must be a whole number that fits an int; `field` names it in errors.
i64 positive_int(double value, const char* field) {
    if (!std::isfinite(value) || value != std::floor(value) || value < 1 || value > 2147483647.0) {
        throw InputError(field, "must be a whole number from 1 to 2147483647");
    }
    return static_cast<i64>(value);
}

std::string version() {
    return kVersion;
}

/// [{"name": "alex_net", "json": "<the file's text>"}, ...], sorted by name.
std::string builtin_networks_json() noexcept {
    return guarded([] {
        OJson list = OJson::array();
        for (const auto& n : builtin_networks())
            list.push_back({{"name", n.name}, {"json", n.json}});
        return OJson{{"networks", list}};
    });
}

/// {"ok":true,"schema":{...}}: every run field (run_schema_export.h).
std::string run_schema() noexcept {
    return guarded([] { return OJson{{"schema", run_schema_json()}}; });
}

/// {"ok":true,"problems":[{"path","message"}...]} for a run document's text:
/// every field at fault, by the engine's own rules. An empty list: it can run.
std::string validate(const std::string& run_json) noexcept {
    return guarded([&] {
        const RunConfig cfg = read_run_document(parse_json_text(run_json, ""));
        OJson problems = OJson::array();
        for (const auto& e : run_config_problems(cfg, false)) {
            problems.push_back({{"path", e.path()},
                                {"message", render_field_refs(e.message(), FieldRefStyle::Label)}});
        }
        return OJson{{"problems", problems}};
    });
}

/// {"ok":true,"layers":[...]} for a network's JSON text, as `nndf layers --json`.
std::string network_layers(const std::string& network_json, double batch, double word_bits) {
    return guarded([&] {
        i64 b = positive_int(batch, "batch");
        i64 w = positive_int(word_bits, "word");
        // Parsed in two steps so that error paths name the field alone
        // (`layers[4] "conv2".nifm`), with no file name in front.
        Network net = network_from_json(parse_json_text(network_json, ""));
        return OJson{{"layers", network_layers_json(net, b, w)}};
    });
}

/// The threads of this module's searches: 0 for every core (the run
/// schema's processes "all"), else at most that many. Like the CLI's `-p`,
/// an invocation setting, not part of the run document; the page takes it
/// from its `threads` URL parameter (web/threads.js). Capped at the
/// machine's cores, and at 1 in the single-threaded module.
i64 g_threads = 0;

/// Sets g_threads: 0 (every core) or a whole number from 1 to 2147483647.
std::string set_threads(double threads) noexcept {
    return guarded([&] {
        g_threads = threads == 0 ? 0 : positive_int(threads, "processes");
        return OJson::object();
    });
}

/// Searches a run document. {"ok":true,"result_text":"...","elapsed":s,
/// "notes":[...]}: the result document as the CLI prints it (Python's JSON
/// spelling, so a string here), or null when no dataflow is valid, and the
/// search's notes (search.h), and with no dataflow its diagnosis
/// (diagnosis_json in diagnose.h, else null). `on_progress({layerIndex, layerCount,
/// layerName, fraction, work, elapsed, remaining, bestCost})` is called as
/// the search advances (SearchProgress in search_context.h). `diagnose`
/// false skips the diagnosis (a sweep point records only its status).
std::string search(const std::string& run_json, emscripten::val on_progress,
                   bool diagnose) noexcept {
    return guarded([&] {
        RunConfig cfg = read_checked_run_document(parse_json_text(run_json, ""));
        if (g_threads > 0) cfg.processes = g_threads;
        SearchContext ctx;
        // Terminating the worker alone lets the search run on for up to 2 s
        // (Chromium's grace period for a busy worker), on every thread; the
        // flag stops it at its next check.
        ctx.should_cancel = [] { return nndf_cancel_requested() != 0; };
        if (on_progress.typeOf().as<std::string>() == "function") {
            ctx.on_progress = [&](const SearchProgress& p) {
                emscripten::val v = emscripten::val::object();
                v.set("layerIndex", p.layer_index);
                v.set("layerCount", p.layer_count);
                v.set("layerName", p.layer_name);
                v.set("fraction", p.layer_fraction);
                v.set("work", p.work_fraction);
                v.set("elapsed", p.elapsed);
                v.set("remaining", p.remaining);
                v.set("bestCost", p.best_cost);
                on_progress(v);
            };
        }
        SearchReport report;
        try {
            report =
                run_search(cfg, ctx, diagnose ? OnNoDataflow::Diagnose : OnNoDataflow::StatusOnly);
        } catch (const SearchCancelled&) {
            throw InputError("", "the search was cancelled");
        }
        return OJson{
            {"result_text",
             report.result_text.empty() ? OJson(nullptr) : OJson(report.result_text)},
            {"elapsed", report.elapsed},
            {"notes", report.notes},
            {"diagnosis", report.diagnosis ? diagnosis_json(*report.diagnosis) : OJson(nullptr)}};
    });
}

/// {"ok":true,"explanation":{...}} for one layer of a result (explain.h):
/// the network's JSON text, the result's text, the layer's name and the
/// run's word size in bits (results do not record it).
std::string explain(const std::string& network_json, const std::string& result_text,
                    const std::string& layer, int word_bits) noexcept {
    return guarded([&] {
        const Network net = network_from_json(parse_json_text(network_json, ""));
        const ResultSummary result = read_result_summary(parse_json_text(result_text, "result"));
        if (word_bits < 1) throw InputError("word", "must be positive");
        return OJson{
            {"explanation", explanation_json(explain_layer(net, result, layer, word_bits))}};
    });
}

/// {"ok":true,"alternatives":{...}} (alternatives.h): the `n` best schedules
/// of one layer of a result. It runs on the page's tools worker, which has
/// no cancel flag and must stay free for quick calls: the search stops
/// after `seconds` with an error that says so (docs/alternatives.md).
std::string alternatives(const std::string& network_json, const std::string& result_text,
                         const std::string& layer, double n, double seconds) noexcept {
    return guarded([&] {
        const Network net = network_from_json(parse_json_text(network_json, ""));
        const OJson result = parse_json_text(result_text, "result");
        const i64 count = positive_int(n, "n");
        const double limit = std::isfinite(seconds) && seconds > 0 ? seconds : 30;
        SearchContext ctx;
        const auto t0 = std::chrono::steady_clock::now();
        ctx.should_cancel = [&] {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() >
                   limit;
        };
        try {
            const int threads = g_threads > 0 ? static_cast<int>(g_threads) : 1;
            return OJson{{"alternatives", alternatives_json(layer_alternatives(
                                              net, result, layer, count, ctx, threads))}};
        } catch (const SearchCancelled&) {
            std::ostringstream text;
            text << "the layer's search took longer than " << limit
                 << " s here; `nndf alternatives` runs it natively";
            throw InputError("", text.str());
        }
    });
}

/// {"ok":true,"sweep":fingerprint,"count":n,"points":[{"sweep","index",
/// "values","run"}...]} for a sweep document's text (sweep.h,
/// docs/sweep.md): every point in the sweep's order, each with its run
/// document for `search`. A bad sweep: {"ok":false} naming the axis and field.
std::string sweep_points(const std::string& sweep_json) noexcept {
    return guarded([&] {
        const Sweep sweep = Sweep::read(parse_json_text(sweep_json, ""));
        OJson points = OJson::array();
        for (size_t i = 0; i < sweep.size(); ++i)
            points.push_back(sweep_point_json(sweep, sweep.point(i)));
        return OJson{{"sweep", sweep.fingerprint()}, {"count", sweep.size()}, {"points", points}};
    });
}

/// {"ok":true,"line":{...},"text":"..."}: a point's line (sweep_line.h) for
/// a point of sweepPoints (its text), the result text of its search ("" when
/// none) and the error of its search ("" when none). `text` is the line as
/// `nndf sweep` prints it, byte for byte.
std::string sweep_line_of(const std::string& point_json, const std::string& result_text,
                          const std::string& error_message) noexcept {
    return guarded([&] {
        const OJson point = parse_json_text(point_json, "point");
        OJson result = nullptr;
        if (!result_text.empty()) result = parse_json_text(result_text, "result");
        const OJson line = sweep_line(point, &result, error_message);
        return OJson{{"line", line}, {"text", sweep_line_text(line)}};
    });
}

/// {"ok":true,"line":{...},"text":"...","result_text":"..." | null} for a
/// point of sweepPoints (its text): its search on this module's threads
/// and its line, as `search` and then sweepLine give them, but with the
/// line's totals kept as the result is written instead of parsed back from
/// its text (parsing every point's result was a sixth of a point's time
/// here, and made the JSON reader hot enough for V8 to recompile it). A
/// search that fails makes an error line with the message `search` answers.
std::string sweep_point(const std::string& point_json) noexcept {
    return guarded([&] {
        const OJson point = parse_json_text(point_json, "point");
        SearchReport report;
        std::string message;
        if (!point.contains("problem")) {
            const OJson answer = envelope_of([&] {
                RunConfig cfg = read_checked_run_document(point.at("run"));
                if (g_threads > 0) cfg.processes = g_threads;
                report = run_search(cfg, {}, OnNoDataflow::StatusOnly, sweep_line_result_keys());
                return OJson::object();
            });
            if (!answer.at("ok").get<bool>()) message = answer.at("error").at("message");
        }
        const bool found = message.empty() && !report.result_text.empty();
        const OJson line = sweep_line(point, found ? &report.kept : nullptr, message);
        return OJson{{"line", line},
                     {"text", sweep_line_text(line)},
                     {"result_text", found ? OJson(report.result_text) : OJson(nullptr)}};
    });
}

}  // namespace

}  // namespace nndf::wasm

EMSCRIPTEN_BINDINGS(nndf) {
    emscripten::function("version", &nndf::wasm::version);
    emscripten::function("builtinNetworks", &nndf::wasm::builtin_networks_json);
    emscripten::function("runSchema", &nndf::wasm::run_schema);
    emscripten::function("validate", &nndf::wasm::validate);
    emscripten::function("networkLayers", &nndf::wasm::network_layers);
    emscripten::function("setThreads", &nndf::wasm::set_threads);
    emscripten::function("search", &nndf::wasm::search);
    emscripten::function("explain", &nndf::wasm::explain);
    emscripten::function("alternatives", &nndf::wasm::alternatives);
    emscripten::function("sweepPoints", &nndf::wasm::sweep_points);
    emscripten::function("sweepLine", &nndf::wasm::sweep_line_of);
    emscripten::function("sweepPoint", &nndf::wasm::sweep_point);
}
