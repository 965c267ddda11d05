#include "core/api/run_schema_export.h"

#include <cmath>

#include "core/api/run_document.h"
#include "core/api/run_schema.h"

namespace nndf {

namespace {

OJson number_json(double v) {
    if (v == std::floor(v) && std::fabs(v) < 9e15) return static_cast<i64>(v);
    return v;
}

bool has_range(const RunField& f) {
    return f.kind == FieldKind::Integer || f.kind == FieldKind::Number ||
           f.kind == FieldKind::Pair || f.kind == FieldKind::Numbers;
}

/// A JSON value as the docs write it: `16`, `"2D"`, `[200, 6, 2, 1]`.
std::string code(const OJson& v) {
    std::string s = v.dump();
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) out += s[i] == ',' ? ", " : std::string(1, s[i]);
    return "`" + out + "`";
}

std::string values_text(const RunField& f) {
    switch (f.kind) {
        case FieldKind::Network:
            return "a built-in name or a network object";
        case FieldKind::Switch:
            return "`true` / `false`";
        case FieldKind::Choice:
        case FieldKind::Letters: {
            std::string s = f.kind == FieldKind::Letters ? "a list of: " : "";
            for (size_t i = 0; i < f.choices.size(); ++i) {
                s += (i ? ", " : "") + std::string("`\"") + f.choices[i].first + "\"` " +
                     f.choices[i].second;
            }
            return s;
        }
        default: {
            std::string what = f.kind == FieldKind::Pair
                                   ? "`[" + f.parts[0] + ", " + f.parts[1] + "]`, each "
                               : f.kind == FieldKind::Numbers
                                   ? "a list of " + std::to_string(f.parts.size()) + " ("
                                   : "";
            if (f.kind == FieldKind::Numbers) {
                for (size_t i = 0; i < f.parts.size(); ++i) what += (i ? ", " : "") + f.parts[i];
                what += "), each ";
            }
            std::string s = what + number_text(f.min) + " to " + number_text(f.max);
            if (f.inf_allowed) s += " or `\"inf\"`";
            if (!f.auto_word.empty()) s += " or `\"" + f.auto_word + "\"` (" + f.auto_means + ")";
            return s;
        }
    }
}

}  // namespace

OJson run_schema_json() {
    OJson fields = OJson::array();
    for (const auto& f : run_fields()) {
        OJson j;
        j["name"] = f.name;
        j["flag"] = f.flag();
        j["aliases"] = f.aliases;
        j["kind"] = field_kind_name(f.kind);
        j["scope"] = f.scope == FieldScope::Run ? "run" : "invocation";
        j["group"] = field_group_name(f.group);
        j["label"] = f.label;
        j["help"] = f.help;
        j["unit"] = f.unit;
        j["required"] = f.required();
        j["default"] = f.default_value;
        if (has_range(f)) {
            j["min"] = number_json(f.min);
            j["max"] = number_json(f.max);
            j["inf"] = f.inf_allowed;
        }
        if (!f.auto_word.empty()) j["auto"] = {{"word", f.auto_word}, {"means", f.auto_means}};
        if (!f.choices.empty()) {
            OJson c = OJson::array();
            for (const auto& [value, about] : f.choices) c.push_back({value, about});
            j["choices"] = c;
        }
        if (!f.parts.empty()) j["parts"] = f.parts;
        fields.push_back(j);
    }
    return {{"format", "nndf-run-schema/1"},
            {"document_format", kRunDocumentFormat},
            {"fields", fields}};
}

std::string run_schema_markdown() {
    std::string s =
        "| key | flag | values | unit | default | meaning |\n"
        "| --- | --- | --- | --- | --- | --- |\n";
    for (const auto& f : run_fields()) {
        std::string flag =
            "`" + f.flag() +
            (f.metavar.empty() || f.kind == FieldKind::Network ? "" : " " + f.metavar) + "`";
        for (const auto& a : f.aliases) flag += ", `" + a + "`";
        std::string key = "`" + f.name + "`";
        if (f.scope == FieldScope::Invocation) key += " (CLI only)";
        s += "| " + key + " | " + flag + " | " + values_text(f) + " | " + f.unit + " | " +
             (f.required() ? std::string("required") : code(f.default_value)) + " | " + f.help +
             " |\n";
    }
    return s;
}

}  // namespace nndf
