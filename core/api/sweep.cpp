#include "core/api/sweep.h"

#include <cstdint>
#include <cstdio>
#include <set>

#include "core/api/run_document.h"
#include "core/api/run_field_value.h"
#include "core/api/run_rules.h"
#include "core/api/sweep_range.h"
#include "core/util/error.h"

namespace nndf {

namespace {

/// The most points a sweep may have: far beyond what any machine runs, and
/// far inside size_t.
constexpr double kMaxPoints = 1e12;

std::string index_path(const std::string& path, size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

/// `value` checked as a value of `field` alone (its kind and bounds; the
/// rules between fields are judged per point, when it runs). Returns its
/// normal JSON form. Errors: at `path` and what the field's reader said
/// below it, with the field's name first in the message.
OJson checked_value(const RunField& f, const OJson& value, const std::string& path) {
    RunConfig c = run_config_defaults();
    try {
        read_field_value(f, value, f.name, c);
        c.given.insert(f.name);
        const auto problems = field_problems(f, c);
        if (!problems.empty()) throw problems.front();
        if (f.kind == FieldKind::Network) c.load_network();
    } catch (const InputError& e) {
        // The reader's path starts with the field's name; what follows it
        // (`[1]`, `.layers[2]`) is inside this value.
        const std::string inner = e.path().substr(std::min(e.path().size(), f.name.size()));
        throw InputError(path + inner,
                         f.name + ": " + render_field_refs(e.message(), FieldRefStyle::Name));
    }
    return field_value_json(f, c);
}

SweepAxis read_axis(const OJson& a, const std::string& path, const std::set<std::string>& seen) {
    if (!a.is_object()) {
        throw InputError(
            path,
            "an axis must be an object {\"path\", \"values\" or \"range\"}, got " + json_kind(a));
    }
    for (auto it = a.begin(); it != a.end(); ++it) {
        if (it.key() != "path" && it.key() != "values" && it.key() != "range") {
            throw InputError(path + "." + it.key(), "unknown key (expected path, values or range)");
        }
    }
    const auto p = a.find("path");
    if (p == a.end() || !p->is_string()) {
        throw InputError(path + ".path",
                         "must be the name of a run field (e.g. \"gbuf\"), got " +
                             (p == a.end() ? std::string("nothing") : json_kind(*p)));
    }
    SweepAxis axis;
    axis.path = p->get<std::string>();
    axis.field = find_run_field(axis.path);
    if (!axis.field || axis.field->scope != FieldScope::Run) {
        throw InputError(path + ".path", "unknown run field \"" + axis.path +
                                             "\" (the fields are in docs/run-config.md)");
    }
    if (seen.count(axis.path)) {
        throw InputError(path + ".path", "\"" + axis.path + "\" is already an axis");
    }
    const bool has_values = a.contains("values"), has_range = a.contains("range");
    if (has_values == has_range) {
        throw InputError(path, "give either \"values\" (a list) or \"range\"");
    }
    if (has_values) {
        const OJson& v = a["values"];
        if (!v.is_array()) {
            throw InputError(path + ".values", "must be a list of values, got " + json_kind(v));
        }
        if (v.empty()) throw InputError(path + ".values", "is empty: an axis needs a value");
        for (size_t i = 0; i < v.size(); ++i) {
            axis.values.push_back(
                checked_value(*axis.field, v[i], index_path(path + ".values", i)));
        }
    } else {
        const std::string rpath = path + ".range";
        const auto raw = range_values(*axis.field, a["range"], rpath);
        for (size_t i = 0; i < raw.size(); ++i) {
            try {
                axis.values.push_back(checked_value(*axis.field, raw[i], rpath));
            } catch (const InputError& e) {
                throw InputError(
                    e.path(), e.message() + " (value " + std::to_string(i + 1) + " of the range)");
            }
        }
    }
    return axis;
}

/// FNV-1a, 64 bits: stable across machines and builds, unlike std::hash.
std::string fnv1a_hex(const std::string& text) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

/// How a value shows in a line: as itself, a network document by its name.
OJson shown_value(const RunField& f, const OJson& v) {
    if (f.kind == FieldKind::Network && v.is_object()) {
        const auto name = v.find("name");
        return name != v.end() && name->is_string() ? *name : OJson("custom");
    }
    return v;
}

}  // namespace

Sweep Sweep::read(const OJson& doc) {
    if (!doc.is_object()) throw InputError("", "a sweep must be an object, got " + json_kind(doc));
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        const std::string& k = it.key();
        if (k != "version" && k != "base" && k != "axes" && k != "combine") {
            throw InputError(k, "unknown key (expected version, base, axes and combine)");
        }
    }
    const auto version = doc.find("version");
    if (version == doc.end() || !version->is_number_integer() || *version != kSweepVersion) {
        throw InputError("version",
                         "must be " + std::to_string(kSweepVersion) + ", got " +
                             (version == doc.end() ? std::string("nothing") : version->dump()));
    }
    Sweep s;
    const auto base = doc.find("base");
    if (base == doc.end() || !base->is_object()) {
        throw InputError("base",
                         "must be a run document (docs/run-config.md), got " +
                             (base == doc.end() ? std::string("nothing") : json_kind(*base)));
    }
    try {
        s.base_ = read_run_document(*base);
        for (const auto& f : run_fields()) {
            if (f.scope != FieldScope::Run || !s.base_.was_given(f.name)) continue;
            const auto problems = field_problems(f, s.base_);
            if (!problems.empty()) throw problems.front();
        }
        if (s.base_.was_given("network")) s.base_.load_network();
    } catch (const InputError& e) {
        throw InputError(e.path().empty() ? "base" : "base." + e.path(),
                         render_field_refs(e.message(), FieldRefStyle::Name));
    }
    const auto axes = doc.find("axes");
    if (axes == doc.end() || !axes->is_array() || axes->empty()) {
        throw InputError("axes", "must be a list of at least one axis, got " +
                                     (axes == doc.end() ? std::string("nothing") : axes->dump()));
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < axes->size(); ++i) {
        s.axes_.push_back(read_axis((*axes)[i], index_path("axes", i), seen));
        seen.insert(s.axes_.back().path);
    }
    const auto combine = doc.find("combine");
    if (combine != doc.end()) {
        if (!combine->is_string() || (*combine != "product" && *combine != "zip")) {
            throw InputError("combine", "must be \"product\" or \"zip\", got " + combine->dump());
        }
        s.zip_ = *combine == "zip";
    }
    for (const auto& f : run_fields()) {
        if (f.scope == FieldScope::Run && f.required() && !s.base_.was_given(f.name) &&
            !seen.count(f.name)) {
            throw InputError("base." + f.name, "is required: give it in the base or as an axis");
        }
    }
    if (s.zip_) {
        for (size_t i = 1; i < s.axes_.size(); ++i) {
            if (s.axes_[i].values.size() != s.axes_[0].values.size()) {
                throw InputError(
                    "axes", "a zip needs axes of one length: axes[0] (" + s.axes_[0].path +
                                ") has " + std::to_string(s.axes_[0].values.size()) +
                                " values, axes[" + std::to_string(i) + "] (" + s.axes_[i].path +
                                ") has " + std::to_string(s.axes_[i].values.size()));
            }
        }
        s.size_ = s.axes_[0].values.size();
    } else {
        double n = 1;
        for (const auto& a : s.axes_) n *= static_cast<double>(a.values.size());
        if (n > kMaxPoints) {
            throw InputError("axes", "the product has " + number_text(n) + " points, more than " +
                                         number_text(kMaxPoints));
        }
        s.size_ = static_cast<size_t>(n);
    }
    OJson identity = OJson::object();
    identity["base"] = write_run_document(s.base_, true);
    identity["combine"] = s.zip_ ? "zip" : "product";
    identity["axes"] = OJson::array();
    for (const auto& a : s.axes_)
        identity["axes"].push_back({{"path", a.path}, {"values", a.values}});
    s.fingerprint_ = fnv1a_hex(py_json_dump(identity, -1));
    return s;
}

SweepPoint Sweep::point(size_t index) const {
    NNDF_CHECK(index < size_, "sweep point " << index << " of " << size_);
    SweepPoint p;
    p.index = index;
    p.config = base_;
    p.values = OJson::object();
    // The value of each axis: in a product, the digits of the index in the
    // mixed radix of the axes' lengths, the last axis the lowest digit.
    std::vector<size_t> pick(axes_.size());
    size_t rest = index;
    for (size_t k = axes_.size(); k-- > 0;) {
        const size_t n = axes_[k].values.size();
        pick[k] = zip_ ? index : rest % n;
        rest /= n;
    }
    for (size_t k = 0; k < axes_.size(); ++k) {
        const SweepAxis& a = axes_[k];
        const OJson& v = a.values[pick[k]];
        read_field_value(*a.field, v, a.path, p.config);
        p.config.given.insert(a.path);
        p.values[a.path] = shown_value(*a.field, v);
    }
    const auto problems = run_config_problems(p.config, false);
    if (!problems.empty()) {
        const InputError& e = problems.front();
        p.problem =
            InputError(e.path(), render_field_refs(e.message(), FieldRefStyle::Name)).what();
    }
    return p;
}

OJson sweep_point_json(const Sweep& sweep, const SweepPoint& point, bool with_run) {
    OJson j{{"sweep", sweep.fingerprint()},
            {"index", point.index},
            {"count", sweep.size()},
            {"values", point.values}};
    if (with_run) j["run"] = write_run_document(point.config, true);
    if (!point.problem.empty()) j["problem"] = point.problem;
    return j;
}

}  // namespace nndf
