#include "cli/run_flags.h"

#include <cmath>
#include <sstream>

#include "core/api/run_field_value.h"
#include "core/api/run_schema.h"
#include "core/formats/py_json.h"
#include "core/util/error.h"

namespace nndf::cli {

namespace {

int value_count(const RunField& f) {
    switch (f.kind) {
        case FieldKind::Switch:
            return 0;
        case FieldKind::Pair:
            return 2;
        case FieldKind::Numbers:
            return static_cast<int>(f.parts.size());
        case FieldKind::Letters:
            return -1;
        default:
            return 1;
    }
}

/// A default as the command line writes it: 16, inf, 200 6 2 1, none.
std::string default_text(const OJson& v) {
    if (v.is_array()) {
        if (v.empty()) return "none";
        std::string s;
        for (const auto& e : v) s += (s.empty() ? "" : " ") + default_text(e);
        return s;
    }
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "on" : "off";
    return v.dump();
}

std::string help_of(const RunField& f) {
    std::string h = f.help;
    if (f.kind == FieldKind::Switch) return h;
    std::ostringstream extra;
    if (!f.unit.empty()) extra << f.unit;
    // Sizes also take a unit (core/api/size_text.h).
    if (f.unit == "bytes") extra << " or with a unit: 128kB, 1.5 MiB";
    if (f.kind == FieldKind::Integer || f.kind == FieldKind::Number || f.kind == FieldKind::Pair ||
        f.kind == FieldKind::Numbers) {
        extra << (extra.tellp() > 0 ? ", " : "") << (f.kind == FieldKind::Pair ? "each " : "")
              << number_text(f.min) << " to " << number_text(f.max)
              << (f.inf_allowed ? " or inf" : "");
    }
    if (f.required()) {
        extra << (extra.tellp() > 0 ? "; " : "") << "required";
    } else {
        extra << (extra.tellp() > 0 ? "; " : "") << "default " << default_text(f.default_value);
    }
    return h + " (" + extra.str() + ")";
}

/// One word as a JSON number, or the word itself (the reader then says what
/// is wrong with it, naming the field).
OJson number_word(const std::string& w, bool whole) {
    if (w.empty()) return w;
    char* end = nullptr;
    if (whole) {
        errno = 0;
        const long long v = std::strtoll(w.c_str(), &end, 10);
        if (*end == '\0' && errno != ERANGE) return v;
        return w;
    }
    const double d = std::strtod(w.c_str(), &end);
    if (*end == '\0' && !std::isnan(d)) return d;
    return w;  // "inf" stays a word; the reader knows it.
}

OJson json_of_words(const RunField& f, const std::vector<std::string>& words) {
    switch (f.kind) {
        case FieldKind::Switch:
            return true;
        case FieldKind::Integer:
            return number_word(words.at(0), true);
        case FieldKind::Number:
            return number_word(words.at(0), false);
        case FieldKind::Pair:
        case FieldKind::Numbers: {
            OJson a = OJson::array();
            for (const auto& w : words) a.push_back(number_word(w, f.kind == FieldKind::Pair));
            return a;
        }
        case FieldKind::Letters: {
            OJson a = OJson::array();
            for (const auto& w : words) a.push_back(w);
            return a;
        }
        default:
            return words.at(0);
    }
}

}  // namespace

void add_run_flags(ArgParser& ap) {
    for (const auto& f : run_fields()) {
        if (f.kind == FieldKind::Network) continue;
        OptionSpec s;
        s.names = f.aliases;
        s.names.insert(s.names.begin(), f.flag());
        // Short aliases (-g) come first in help, as argparse lists them.
        std::stable_sort(s.names.begin(), s.names.end(),
                         [](const std::string& a, const std::string& b) {
                             return a.rfind("--", 0) != 0 && b.rfind("--", 0) == 0;
                         });
        s.nargs = value_count(f);
        s.metavar = f.metavar;
        s.help = help_of(f);
        if (f.kind == FieldKind::Letters) {
            for (const auto& [letter, about] : f.choices) s.choices.push_back(letter);
        }
        ap.add(s);
    }
}

bool run_flag_given(const ArgParser& ap, const std::string& field) {
    const RunField* f = find_run_field(field);
    return f && f->kind != FieldKind::Network && ap.has(f->flag());
}

void apply_run_flags(const ArgParser& ap, RunConfig& c) {
    for (const auto& f : run_fields()) {
        if (!run_flag_given(ap, f.name)) continue;
        read_field_value(f, json_of_words(f, ap.values(f.flag())), f.name, c);
        c.given.insert(f.name);
    }
}

}  // namespace nndf::cli
