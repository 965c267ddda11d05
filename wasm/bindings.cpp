// The JS interface of the wasm module, and the only code that knows about JS.
// Every function returns plain values; failures come back as data (see
// result_json.h), never as exceptions.
#include <cmath>
#include <string>

#include <chrono>

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include "core/api/run_config.h"
#include "core/api/version.h"
#include "core/formats/builtin_networks.h"
#include "core/formats/network_json.h"
#include "core/formats/result_json.h"
#include "core/network_search/nn_dataflow.h"
#include "core/util/error.h"
#include "wasm/result_json.h"

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
    try {
        OJson list = OJson::array();
        for (const auto& n : builtin_networks())
            list.push_back({{"name", n.name}, {"json", n.json}});
        return json_text(list);
    } catch (...) {
        return "[]";  // Only running out of memory can get here.
    }
}

/// {"ok":true,"layers":[...]} for a network's JSON text, as `nndf layers --json`.
std::string network_layers(const std::string& network_json, double batch, double word_bits) {
    return guarded([&] {
        i64 b = positive_int(batch, "batch");
        i64 w = positive_int(word_bits, "wordBits");
        // Parsed in two steps so that error paths name the field alone
        // (`layers[4] "conv2".nifm`), with no file name in front.
        Network net = network_from_json(parse_json_text(network_json, ""));
        return OJson{{"layers", network_layers_json(net, b, w)}};
    });
}

/// Runs the search of a run document (the JSON of `nndf search --config`).
/// Returns {"ok":true,"result":{...the CLI's output...}} in Python's JSON
/// spelling (Infinity/NaN as bare tokens), {"ok":true,"result":null} when no
/// dataflow is valid, or the error envelope. `on_progress(layerIndex,
/// layerCount, layerName, fraction)` is called as the search advances.
std::string search(const std::string& run_json, emscripten::val on_progress) {
    std::string out;
    std::string err = guarded([&] {
        RunConfig cfg = run_config_from_json(parse_json_text(run_json, ""));
        Network net = cfg.load_network();
        const Resource resource = cfg.resource();
        const Option options = cfg.options();
        SearchContext ctx;
        if (on_progress.typeOf().as<std::string>() == "function") {
            ctx.on_progress = [&](const SearchProgress& p) {
                on_progress(p.layer_index, p.layer_count, p.layer_name, p.layer_fraction);
            };
        }
        NNDataflow nnd(net, cfg.batch, resource, cfg.cost());
        const auto t0 = std::chrono::steady_clock::now();
        SearchOutcome outcome = nnd.schedule_search(options, &ctx);
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        OJson env;
        env["ok"] = true;
        env["result"] = outcome.tops.empty()
                            ? OJson(nullptr)
                            : result_json(cfg, resource, options, outcome.tops.front(),
                                          outcome.cache_stats, elapsed);
        out = py_json_dump(env, -1);
        return OJson::object();
    });
    return out.empty() ? err : out;
}

}  // namespace

}  // namespace nndf::wasm

EMSCRIPTEN_BINDINGS(nndf) {
    emscripten::function("version", &nndf::wasm::version);
    emscripten::function("builtinNetworks", &nndf::wasm::builtin_networks_json);
    emscripten::function("networkLayers", &nndf::wasm::network_layers);
    emscripten::function("search", &nndf::wasm::search);
}
