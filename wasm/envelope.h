// The envelope of every call from JS: {"ok":true, ...fields} or
// {"ok":false,"error":{"message":...,"path":...}}; a bug in the engine (any
// failure but an InputError) adds "internal":true and "details" (the failed
// check and its source line), so the page can ask for a report without showing
// a source path in the message. An exception that crosses Embind reaches JS as
// a bare number (TOOLCHAIN.md), so `guarded` catches every one here and turns
// it into data.
#pragma once

#include <exception>
#include <string>
#include <utility>

#include "core/api/run_rules.h"
#include "core/formats/py_json.h"
#include "core/util/error.h"

namespace nndf::wasm {

/// Standard JSON text (NaN becomes null, bad UTF-8 is replaced), so that
/// JSON.parse always accepts it.
inline std::string json_text(const OJson& j) {
    return j.dump(-1, ' ', false, OJson::error_handler_t::replace);
}

/// The failure envelope; `path` names the field, or is empty for the whole input.
inline OJson error_envelope(const std::string& message, const std::string& path) {
    OJson out;
    out["ok"] = false;
    out["error"] = {{"message", message}, {"path", path}};
    return out;
}

/// The failure envelope of a bug: the message says it is one, the details
/// say where.
inline OJson internal_error_envelope(const InternalError& e) {
    OJson out;
    out["ok"] = false;
    out["error"] = {
        {"message", e.summary()}, {"path", ""}, {"internal", true}, {"details", e.details()}};
    return out;
}

/// Runs `fields()` (which returns a JSON object) and wraps its result as
/// {"ok":true, ...}, or any exception it throws as {"ok":false, ...}. For a
/// call within a call (a sweep point's search); `guarded` writes it as text.
template <class F>
OJson envelope_of(F&& fields) {
    try {
        OJson out;
        out["ok"] = true;
        out.update(fields());
        return out;
    } catch (const InputError& e) {
        return error_envelope(render_field_refs(e.message(), FieldRefStyle::Label), e.path());
    } catch (const InternalError& e) {
        return internal_error_envelope(e);
    } catch (const std::exception& e) {
        // Not the person's input either: a library's exception the engine
        // did not expect.
        return internal_error_envelope(InternalError(e.what(), "an unexpected exception"));
    } catch (...) {
        return internal_error_envelope(InternalError("an unknown exception", ""));
    }
}

/// envelope_of(fields) as JSON text, the answer of every call from JS.
template <class F>
std::string guarded(F&& fields) noexcept {
    try {
        return json_text(envelope_of(std::forward<F>(fields)));
    } catch (...) {
        // Building the error itself failed (e.g. out of memory).
        return R"({"ok":false,"error":{"message":"internal error while reporting an error","path":"","internal":true,"details":""}})";
    }
}

}  // namespace nndf::wasm
