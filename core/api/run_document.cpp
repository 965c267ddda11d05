#include "core/api/run_document.h"

#include <map>

#include "core/api/run_field_value.h"
#include "core/api/run_rules.h"
#include "core/api/run_schema.h"
#include "core/util/display_text.h"
#include "core/util/error.h"

namespace nndf {

namespace {

/// Version 1 kept costs and options in sub-objects with shorter keys.
const std::map<std::string, std::string>& v1_cost_keys() {
    static const std::map<std::string, std::string> m = {{"op", "op_cost"},
                                                         {"hier", "hier_cost"},
                                                         {"hop", "hop_cost"},
                                                         {"unit_idle", "unit_idle_cost"}};
    return m;
}

bool is_version1(const OJson& doc) {
    const auto format = doc.find("format");
    if (format != doc.end() && format->is_string() && *format == kRunDocumentFormat) return false;
    return doc.contains("cost") || doc.contains("options") ||
           (format != doc.end() && *format == "nndf-run/1");
}

/// The version 2 form of a version 1 document, and for each moved key its
/// version 1 path (errors then name what the person wrote).
std::pair<OJson, std::map<std::string, std::string>> migrate_version1(const OJson& doc) {
    OJson out = OJson::object();
    std::map<std::string, std::string> old_path;
    out["format"] = kRunDocumentFormat;
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        const std::string& key = it.key();
        if (key == "format") continue;
        if (key == "cost" || key == "options") {
            if (!it->is_object()) throw InputError(key, "must be an object, got " + json_kind(*it));
            for (auto sub = it->begin(); sub != it->end(); ++sub) {
                std::string name = sub.key();
                if (key == "cost") {
                    const auto m = v1_cost_keys().find(name);
                    if (m == v1_cost_keys().end())
                        throw InputError(key + "." + display_text(name), "unknown field");
                    name = m->second;
                }
                out[name] = *sub;
                old_path[name] = key + "." + sub.key();
            }
        } else if (key == "dram_bw" && it->is_null()) {
            out[key] = "inf";  // Version 1 also wrote unlimited as null.
        } else {
            out[key] = *it;
        }
    }
    for (const char* k : {"layer_pipeline_time_overhead", "layer_pipeline_max_degree"}) {
        if (out.contains(k) && out[k].is_null()) out[k] = "inf";
    }
    return {out, old_path};
}

RunConfig read_version2(const OJson& doc) {
    if (!doc.is_object())
        throw InputError("", "a run document must be an object, got " + json_kind(doc));
    RunConfig c = run_config_defaults();
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        const std::string& key = it.key();
        if (key == "format") {
            if (*it != kRunDocumentFormat) {
                throw InputError(
                    "format",
                    "must be \"" + std::string(kRunDocumentFormat) + "\" (or absent), got " +
                        (it->is_string() ? "\"" + display_text(it->get<std::string>()) + "\""
                                         : json_kind(*it)));
            }
            continue;
        }
        const RunField* f = find_run_field(key);
        if (!f || f->scope != FieldScope::Run) throw InputError(display_text(key), "unknown field");
        read_field_value(*f, *it, key, c);
        c.given.insert(key);
    }
    return c;
}

}  // namespace

std::string CurrentRunDocument::original_path(const std::string& path) const {
    const std::string key = path.substr(0, path.find_first_of(".["));
    const auto it = old_paths.find(key);
    return it == old_paths.end() ? path : it->second + path.substr(key.size());
}

CurrentRunDocument upgrade_run_document(const OJson& doc) {
    if (!doc.is_object() || !is_version1(doc)) return {doc, {}};
    auto [migrated, old_paths] = migrate_version1(doc);
    return {std::move(migrated), std::move(old_paths)};
}

RunConfig read_run_document(const OJson& doc) {
    const CurrentRunDocument current = upgrade_run_document(doc);
    try {
        return read_version2(current.doc);
    } catch (const InputError& e) {
        throw InputError(current.original_path(e.path()), e.message());
    }
}

RunConfig read_checked_run_document(const OJson& doc) {
    const CurrentRunDocument current = upgrade_run_document(doc);
    try {
        RunConfig c = read_version2(current.doc);
        check_run_config(c, false);
        return c;
    } catch (const InputError& e) {
        throw InputError(current.original_path(e.path()), e.message());
    }
}

OJson write_run_document(const RunConfig& c, bool only_given) {
    OJson doc = OJson::object();
    doc["format"] = kRunDocumentFormat;
    for (const auto& f : run_fields()) {
        if (f.scope != FieldScope::Run || (only_given && !c.was_given(f.name))) continue;
        doc[f.name] = field_value_json(f, c);
    }
    return doc;
}

}  // namespace nndf
