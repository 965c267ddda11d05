#include "core/api/run_field_value.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/api/size_text.h"
#include "core/formats/builtin_networks.h"
#include "core/util/display_text.h"
#include "core/util/error.h"

namespace nndf {

namespace {

/// What was given, for a message: a short string as itself, else its kind.
std::string given_text(const OJson& v) {
    if (v.is_string() && v.get_ref<const std::string&>().size() <= 40) {
        return "\"" + display_text(v.get_ref<const std::string&>()) + "\"";
    }
    return json_kind(v);
}

/// JSON numbers that are whole count as integers (16.0 is 16, as in Python).
i64 as_integer(const OJson& v, const std::string& path) {
    if (v.is_number_integer()) return v.get<i64>();
    if (v.is_number_unsigned()) {
        throw InputError(path, "must be a whole number, got " + v.dump() + " (too large)");
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) {
            return static_cast<i64>(d);
        }
        throw InputError(path, "must be a whole number, got " + py_float_repr(d));
    }
    throw InputError(path, "must be a whole number, got " + given_text(v));
}

bool is_inf_word(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s == "inf" || s == "infinity";
}

double as_number(const RunField& f, const OJson& v, const std::string& path) {
    if (v.is_number() && !v.is_boolean()) {
        const double d = v.get<double>();
        if (std::isinf(d) && d > 0 && f.inf_allowed) return d;
        if (!std::isfinite(d)) throw InputError(path, "must be a finite number");
        return d;
    }
    if (v.is_string() && f.inf_allowed && is_inf_word(v.get<std::string>())) return kInf;
    throw InputError(path, std::string("must be a number") + (f.inf_allowed ? " or \"inf\"" : "") +
                               ", got " + given_text(v));
}

std::string choices_text(const RunField& f) {
    std::string s;
    for (size_t i = 0; i < f.choices.size(); ++i) {
        s += (i == 0 ? "" : i + 1 == f.choices.size() ? " or " : ", ") + f.choices[i].first;
    }
    return s;
}

/// A choice, matched without regard to case; stored as the table spells it.
std::string as_choice(const RunField& f, const OJson& v, const std::string& path) {
    if (v.is_string()) {
        std::string s = v.get<std::string>();
        for (const auto& [word, about] : f.choices) {
            const bool same = s.size() == word.size() &&
                              std::equal(s.begin(), s.end(), word.begin(), [](char a, char b) {
                                  return std::tolower(static_cast<unsigned char>(a)) ==
                                         std::tolower(static_cast<unsigned char>(b));
                              });
            if (same) return word;
        }
        throw InputError(path, "must be " + choices_text(f) + ", got \"" + display_text(s) + "\"");
    }
    throw InputError(path, "must be " + choices_text(f) + ", got " + json_kind(v));
}

/// Letters as a list (["i", "o"]) or one string ("io"); stored in table order.
std::string as_letters(const RunField& f, const OJson& v, const std::string& path) {
    std::vector<std::pair<std::string, std::string>> given;  // letter, its path
    if (v.is_string()) {
        for (char c : v.get<std::string>()) given.emplace_back(std::string(1, c), path);
    } else if (v.is_array()) {
        for (size_t i = 0; i < v.size(); ++i) {
            const std::string p = path + "[" + std::to_string(i) + "]";
            if (!v[i].is_string()) {
                throw InputError(p, "must be " + choices_text(f) + ", got " + json_kind(v[i]));
            }
            given.emplace_back(v[i].get<std::string>(), p);
        }
    } else {
        throw InputError(path, "must be a list of " + choices_text(f) + ", got " + json_kind(v));
    }
    // Structured bindings cannot be captured in C++17: plain loops.
    for (const auto& g : given) {
        bool known = false;
        for (const auto& c : f.choices) known = known || c.first == g.first;
        if (!known)
            throw InputError(
                g.second, "must be " + choices_text(f) + ", got \"" + display_text(g.first) + "\"");
    }
    std::string out;
    for (const auto& c : f.choices) {
        bool chosen = false;
        for (const auto& g : given) chosen = chosen || g.first == c.first;
        if (chosen) out += c.first;
    }
    return out;
}

NetworkChoice as_network(const OJson& v, const std::string& path) {
    NetworkChoice n;
    if (v.is_string()) {
        n.name = v.get<std::string>();
        if (!builtin_network_json(n.name)) {
            throw InputError(path, "unknown network '" + display_text(n.name) + "' (built-in: " +
                                       builtin_network_names() + "; or a network document)");
        }
        return n;
    }
    if (v.is_object()) {
        const auto it = v.find("name");
        n.name = it != v.end() && it->is_string() ? it->get<std::string>() : "custom";
        n.doc = v;
        return n;
    }
    throw InputError(path,
                     "must be a built-in network name or a network object, got " + json_kind(v));
}

}  // namespace

void read_field_value(const RunField& f, const OJson& v, const std::string& path, RunConfig& c) {
    switch (f.kind) {
        case FieldKind::Network:
            c.*std::get<NetworkChoice RunConfig::*>(f.slot) = as_network(v, path);
            break;
        case FieldKind::Integer:
            if (!f.auto_word.empty()) {
                auto& slot = c.*std::get<std::optional<i64> RunConfig::*>(f.slot);
                if (v.is_string() && v.get<std::string>() == f.auto_word) {
                    slot.reset();
                } else if (v.is_string()) {
                    throw InputError(path, "must be a whole number or \"" + f.auto_word +
                                               "\", got " + given_text(v));
                } else {
                    slot = as_integer(v, path);
                }
                break;
            }
            // A size may carry its unit: "128kB" (size_text.h).
            c.*std::get<i64 RunConfig::*>(f.slot) =
                f.unit == "bytes" && v.is_string()
                    ? parse_size_text(v.get_ref<const std::string&>(), path)
                    : as_integer(v, path);
            break;
        case FieldKind::Number:
            c.*std::get<double RunConfig::*>(f.slot) = as_number(f, v, path);
            break;
        case FieldKind::Pair: {
            if (!v.is_array() || v.size() != 2) {
                throw InputError(
                    path,
                    "must be a pair [" + f.parts.at(0) + ", " + f.parts.at(1) + "], got " +
                        (v.is_array() ? "a list of " + std::to_string(v.size()) : json_kind(v)));
            }
            c.*std::get<PhyDim2 RunConfig::*>(f.slot) =
                PhyDim2(as_integer(v[0], path + "[0]"), as_integer(v[1], path + "[1]"));
            break;
        }
        case FieldKind::Numbers: {
            auto& out = c.*std::get<std::array<double, 4> RunConfig::*>(f.slot);
            if (!v.is_array() || v.size() != out.size()) {
                std::string parts;
                for (const auto& p : f.parts) parts += (parts.empty() ? "" : ", ") + p;
                throw InputError(path, "must be a list of " + std::to_string(out.size()) +
                                           " numbers (" + parts + "), got " +
                                           (v.is_array() ? "a list of " + std::to_string(v.size())
                                                         : json_kind(v)));
            }
            for (size_t i = 0; i < out.size(); ++i)
                out[i] = as_number(f, v[i], path + "[" + std::to_string(i) + "]");
            break;
        }
        case FieldKind::Choice:
            c.*std::get<std::string RunConfig::*>(f.slot) = as_choice(f, v, path);
            break;
        case FieldKind::Letters:
            c.*std::get<std::string RunConfig::*>(f.slot) = as_letters(f, v, path);
            break;
        case FieldKind::Switch:
            if (!v.is_boolean())
                throw InputError(path, "must be true or false, got " + json_kind(v));
            c.*std::get<bool RunConfig::*>(f.slot) = v.get<bool>();
            break;
    }
}

OJson field_value_json(const RunField& f, const RunConfig& c) {
    auto number = [](double d) { return std::isinf(d) ? OJson("inf") : OJson(d); };
    switch (f.kind) {
        case FieldKind::Network: {
            const NetworkChoice& n = c.*std::get<NetworkChoice RunConfig::*>(f.slot);
            return n.doc ? *n.doc : OJson(n.name);
        }
        case FieldKind::Integer:
            if (!f.auto_word.empty()) {
                const auto& slot = c.*std::get<std::optional<i64> RunConfig::*>(f.slot);
                return slot ? OJson(*slot) : OJson(f.auto_word);
            }
            return c.*std::get<i64 RunConfig::*>(f.slot);
        case FieldKind::Number:
            return number(c.*std::get<double RunConfig::*>(f.slot));
        case FieldKind::Pair: {
            const PhyDim2 p = c.*std::get<PhyDim2 RunConfig::*>(f.slot);
            return OJson::array({p.h, p.w});
        }
        case FieldKind::Numbers: {
            OJson out = OJson::array();
            for (double d : c.*std::get<std::array<double, 4> RunConfig::*>(f.slot))
                out.push_back(number(d));
            return out;
        }
        case FieldKind::Choice:
            return c.*std::get<std::string RunConfig::*>(f.slot);
        case FieldKind::Letters: {
            OJson out = OJson::array();
            for (char l : c.*std::get<std::string RunConfig::*>(f.slot))
                out.push_back(std::string(1, l));
            return out;
        }
        case FieldKind::Switch:
            return c.*std::get<bool RunConfig::*>(f.slot);
    }
    return nullptr;
}

}  // namespace nndf
