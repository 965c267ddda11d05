#include "core/api/run_rules.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "core/formats/py_json.h"

namespace nndf {

namespace {

std::string range_text(const RunField& f) {
    const bool whole = f.kind == FieldKind::Integer || f.kind == FieldKind::Pair;
    std::string s = std::string(whole ? "a whole number" : "a number") + " from " +
                    number_text(f.min) + " to " + number_text(f.max);
    if (!f.unit.empty()) s += " " + f.unit;
    if (f.inf_allowed) s += ", or inf";
    if (!f.auto_word.empty()) s += ", or " + f.auto_word;
    return s;
}

/// One number of a field, checked against the field's range.
void check_number(const RunField& f, double v, const std::string& path,
                  std::vector<InputError>& out) {
    if (std::isinf(v) && v > 0 && f.inf_allowed) return;
    if (!(v >= f.min && v <= f.max)) {
        out.emplace_back(path, "must be " + range_text(f) + ", got " + number_text(v));
    }
}

void check_range(const RunField& f, const RunConfig& c, std::vector<InputError>& out) {
    switch (f.kind) {
        case FieldKind::Integer:
            if (!f.auto_word.empty()) {
                const auto& slot = c.*std::get<std::optional<i64> RunConfig::*>(f.slot);
                if (slot) check_number(f, static_cast<double>(*slot), f.name, out);
                break;
            }
            check_number(f, static_cast<double>(c.*std::get<i64 RunConfig::*>(f.slot)), f.name,
                         out);
            break;
        case FieldKind::Number:
            check_number(f, c.*std::get<double RunConfig::*>(f.slot), f.name, out);
            break;
        case FieldKind::Pair: {
            const PhyDim2 p = c.*std::get<PhyDim2 RunConfig::*>(f.slot);
            check_number(f, static_cast<double>(p.h), f.name + "[0]", out);
            check_number(f, static_cast<double>(p.w), f.name + "[1]", out);
            break;
        }
        case FieldKind::Numbers: {
            const auto& a = c.*std::get<std::array<double, 4> RunConfig::*>(f.slot);
            for (size_t i = 0; i < a.size(); ++i)
                check_number(f, a[i], f.name + "[" + std::to_string(i) + "]", out);
            break;
        }
        default:
            break;  // Networks, choices, letters and switches are checked when read.
    }
}

/// A rule between fields: when `broken`, the message goes to `field`.
struct Rule {
    const char* field;
    std::function<bool(const RunConfig&)> broken;
    const char* message;
};

i64 word_bytes(const RunConfig& c) {
    return (c.word + 7) / 8;
}

const std::vector<Rule>& rules() {
    // The reference's Option rules, each blamed on the field a person would
    // turn off, and the buffers that must hold at least one word.
    static const std::vector<Rule> all = {
        {"regf", [](const RunConfig& c) { return c.regf < word_bytes(c); },
         "must hold at least one word of {word} bits"},
        {"gbuf", [](const RunConfig& c) { return c.gbuf < word_bytes(c); },
         "must hold at least one word of {word} bits"},
        {"enable_gbuf_sharing",
         [](const RunConfig& c) { return c.enable_gbuf_sharing && c.solve_loopblocking; },
         "cannot be combined with {solve_loopblocking}: turn one of them off"},
        {"enable_gbuf_sharing",
         [](const RunConfig& c) { return c.enable_gbuf_sharing && c.enable_access_forwarding; },
         "already implies {enable_access_forwarding}: turn that off"},
        {"enable_save_writeback",
         [](const RunConfig& c) { return c.enable_save_writeback && c.solve_loopblocking; },
         "cannot be combined with {solve_loopblocking}: turn one of them off"},
        {"ifmaps_partition",
         [](const RunConfig& c) { return c.ifmaps_partition && !c.hybrid_partition; },
         "needs {hybrid_partition}: turn that on"},
    };
    return all;
}

}  // namespace

std::vector<InputError> field_problems(const RunField& f, const RunConfig& c) {
    std::vector<InputError> out;
    if (f.required() && !c.was_given(f.name)) {
        out.emplace_back(f.name, "is required");
    } else {
        check_range(f, c, out);
    }
    return out;
}

std::vector<InputError> run_config_problems(const RunConfig& c, bool with_invocation) {
    std::vector<InputError> out;
    for (const auto& f : run_fields()) {
        if (f.scope == FieldScope::Invocation && !with_invocation) continue;
        const auto mine = field_problems(f, c);
        out.insert(out.end(), mine.begin(), mine.end());
    }
    // A rule reads its own field and those its message names; it is judged
    // only when they are all valid, so that one mistake gives one message.
    const auto is_bad = [&](const std::string& name) {
        return std::any_of(out.begin(), out.end(), [&](const InputError& e) {
            return run_field_of_path(e.path()) == find_run_field(name);
        });
    };
    std::vector<InputError> broken;
    for (const auto& r : rules()) {
        std::vector<std::string> reads = field_refs(r.message);
        reads.emplace_back(r.field);
        if (std::none_of(reads.begin(), reads.end(), is_bad) && r.broken(c)) {
            broken.emplace_back(r.field, r.message);
        }
    }
    out.insert(out.end(), broken.begin(), broken.end());
    return out;
}

void check_run_config(const RunConfig& c, bool with_invocation) {
    const auto problems = run_config_problems(c, with_invocation);
    if (!problems.empty()) throw problems.front();
}

namespace {

/// Calls `on_text(piece)` for the plain text and `on_ref(name)` for each
/// `{name}` of a message (a name is lower case letters and underscores).
template <class OnText, class OnRef>
void scan_field_refs(const std::string& message, OnText on_text, OnRef on_ref) {
    size_t i = 0;
    while (i < message.size()) {
        const size_t open = message.find('{', i);
        const size_t close = open == std::string::npos ? open : message.find('}', open);
        const bool is_ref = close != std::string::npos && close > open + 1 &&
                            std::all_of(message.begin() + static_cast<long>(open) + 1,
                                        message.begin() + static_cast<long>(close),
                                        [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
        if (!is_ref) {
            const size_t end = open == std::string::npos ? message.size() : open + 1;
            on_text(message.substr(i, end - i));
            i = end;
            continue;
        }
        on_text(message.substr(i, open - i));
        on_ref(message.substr(open + 1, close - open - 1));
        i = close + 1;
    }
}

}  // namespace

std::vector<std::string> field_refs(const std::string& message) {
    std::vector<std::string> names;
    scan_field_refs(
        message, [](const std::string&) {}, [&](const std::string& n) { names.push_back(n); });
    return names;
}

std::string render_field_refs(const std::string& message, FieldRefStyle style) {
    std::string out;
    scan_field_refs(
        message, [&](const std::string& t) { out += t; },
        [&](const std::string& name) {
            const RunField* f = find_run_field(name);
            if (!f) {
                out += "{" + name + "}";
            } else if (style == FieldRefStyle::Flag) {
                out += f->flag();
            } else if (style == FieldRefStyle::Label) {
                out += f->label;
            } else {
                out += f->name;
            }
        });
    return out;
}

}  // namespace nndf
