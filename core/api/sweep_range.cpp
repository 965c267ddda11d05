#include "core/api/sweep_range.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/util/error.h"

namespace nndf {

namespace {

/// The most values one range may give: a sweep of more is a mistake.
constexpr double kMaxRangeValues = 1e6;

double number_at(const OJson& range, const char* key, const std::string& path) {
    const auto it = range.find(key);
    if (it == range.end()) throw InputError(path, std::string("needs \"") + key + "\"");
    if (!it->is_number() || it->is_boolean() || !std::isfinite(it->get<double>())) {
        throw InputError(path + "." + key, "must be a finite number, got " + json_kind(*it));
    }
    return it->get<double>();
}

/// A computed value as the field holds it.
OJson rounded(const RunField& f, double v) {
    if (f.kind == FieldKind::Integer) return static_cast<i64>(std::llround(v));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.12g", v);
    return std::strtod(buf, nullptr);
}

}  // namespace

std::vector<OJson> range_values(const RunField& f, const OJson& range, const std::string& path) {
    if (!range.is_object()) {
        throw InputError(path,
                         "must be an object {\"from\", \"to\", \"steps\" or \"times\"}, got " +
                             json_kind(range));
    }
    if (f.kind != FieldKind::Integer && f.kind != FieldKind::Number) {
        throw InputError(path, f.name + ": a range needs a numeric field, and " + f.name +
                                   " is a " + field_kind_name(f.kind) +
                                   " field: list its values instead");
    }
    for (auto it = range.begin(); it != range.end(); ++it) {
        const std::string& k = it.key();
        if (k != "from" && k != "to" && k != "steps" && k != "scale" && k != "times") {
            throw InputError(path + "." + k,
                             "unknown key (expected from, to, steps, scale or times)");
        }
    }
    const double from = number_at(range, "from", path);
    const double to = number_at(range, "to", path);
    const bool by_times = range.contains("times");
    if (by_times == range.contains("steps")) {
        throw InputError(path,
                         "give either \"steps\" (how many values) or \"times\" (the "
                         "factor from one value to the next)");
    }
    std::vector<double> raw;
    if (by_times) {
        if (range.contains("scale")) {
            throw InputError(path + ".scale", "goes with \"steps\"; \"times\" is geometric");
        }
        const double times = number_at(range, "times", path);
        if (!(times > 1)) {
            throw InputError(path + ".times", "must be above 1, got " + number_text(times));
        }
        if (!(from > 0)) {
            throw InputError(path + ".from",
                             "must be above 0 for a range by \"times\", got " + number_text(from));
        }
        if (from > to) {
            throw InputError(path, "the range is empty: from " + number_text(from) +
                                       " is above to " + number_text(to));
        }
        // A relative margin, so that 8 * 2^6 reaches a `to` of 512 exactly.
        for (double v = from; v <= to * (1 + 1e-9); v *= times) {
            raw.push_back(v);
            if (static_cast<double>(raw.size()) > kMaxRangeValues) {
                throw InputError(path,
                                 "gives more than " + number_text(kMaxRangeValues) + " values");
            }
        }
    } else {
        const OJson& steps_json = range["steps"];
        if (!steps_json.is_number_integer()) {
            throw InputError(path + ".steps",
                             "must be a whole number of values, got " + json_kind(steps_json));
        }
        const i64 steps = steps_json.get<i64>();
        if (steps < 1) {
            throw InputError(path + ".steps", "the range is empty: steps must be at least 1, got " +
                                                  std::to_string(steps));
        }
        if (static_cast<double>(steps) > kMaxRangeValues) {
            throw InputError(path + ".steps", "must be at most " + number_text(kMaxRangeValues));
        }
        std::string scale = "linear";
        if (range.contains("scale")) {
            const OJson& s = range["scale"];
            if (!s.is_string() || (s != "linear" && s != "geometric")) {
                throw InputError(path + ".scale", "must be \"linear\" or \"geometric\", got " +
                                                      (s.is_string() ? s.dump() : json_kind(s)));
            }
            scale = s.get<std::string>();
        }
        if (scale == "geometric" && !(from > 0 && to > 0)) {
            throw InputError(path, "a geometric range needs from and to above 0, got " +
                                       number_text(from) + " and " + number_text(to));
        }
        for (i64 i = 0; i < steps; ++i) {
            const double t =
                steps == 1 ? 0 : static_cast<double>(i) / static_cast<double>(steps - 1);
            double v = scale == "linear" ? from + (to - from) * t : from * std::pow(to / from, t);
            if (i == steps - 1 && steps > 1) v = to;  // the end as given, not as computed
            raw.push_back(v);
        }
    }
    std::vector<OJson> out;
    for (double v : raw) {
        OJson r = rounded(f, v);
        if (out.empty() || out.back() != r) out.push_back(std::move(r));
    }
    return out;
}

}  // namespace nndf
