#include "core/api/sweep_line.h"

#include "core/util/error.h"
#include "core/util/math_util.h"

namespace nndf {

namespace {

const OJson& member(const OJson& j, const char* key, const std::string& what) {
    const auto it = j.find(key);
    if (it == j.end()) throw InputError(what + "." + key, "is missing");
    return *it;
}

/// One of the level-indexed lists (accesses, unit costs) as 4 numbers.
std::array<double, 4> levels(const OJson& list, const std::string& path) {
    if (!list.is_array() || list.size() != 4) {
        throw InputError(path, "must be a list of 4 numbers (DRAM, GBUF, ITCN, REGF)");
    }
    std::array<double, 4> out{};
    for (size_t i = 0; i < 4; ++i) {
        if (!list[i].is_number()) throw InputError(path, "must be a list of 4 numbers");
        out[i] = list[i].get<double>();
    }
    return out;
}

}  // namespace

OJson sweep_line(const OJson& point, const OJson* result, const std::string& error, bool full) {
    if (!point.is_object()) throw InputError("point", "must be an object, got " + json_kind(point));
    const OJson& index = member(point, "index", "point");
    if (!index.is_number_integer() || index.get<i64>() < 0) {
        throw InputError("point.index", "must be a whole number from 0");
    }
    OJson line = OJson::object();
    line["sweep"] = member(point, "sweep", "point");
    line["index"] = index;
    const OJson& count = member(point, "count", "point");
    if (!count.is_number_integer() || count.get<i64>() <= index.get<i64>()) {
        throw InputError("point.count", "must be a whole number above the index");
    }
    line["count"] = count;
    line["values"] = member(point, "values", "point");
    // A point that breaks a rule is an error whatever its search said.
    const auto problem = point.find("problem");
    if (!error.empty() || (problem != point.end() && problem->is_string())) {
        line["status"] = "error";
        line["message"] = problem != point.end() && problem->is_string() ? *problem : OJson(error);
        return line;
    }
    if (!result || result->is_null()) {
        line["status"] = "no-dataflow";
        return line;
    }
    const OJson& r = *result;
    if (!r.is_object()) throw InputError("result", "must be a result document");
    line["status"] = "ok";
    // The result's own totals; the line only renames them.
    line["cost"] = member(r, "total_cost", "result");
    line["time"] = member(r, "total_time", "result");
    line["ops"] = member(r, "total_ops", "result");
    const OJson& acc_json = member(r, "total_accesses", "result");
    const auto acc = levels(acc_json, "result.total_accesses");
    line["accesses"] = {
        {"dram", acc_json[0]}, {"gbuf", acc_json[1]}, {"itcn", acc_json[2]}, {"regf", acc_json[3]}};
    line["hops"] = member(r, "total_noc_hops", "result");
    const auto unit = levels(member(member(r, "cost", "result"), "mem_hier", "result.cost"),
                             "result.cost.mem_hier");
    // The access cost split by level as the reference's total_access_cost
    // sums it (result_json.cpp), so the parts add up to the cost.
    line["parts"] = {{"alu", member(r, "total_op_cost", "result")},
                     {"dram", acc[0] * unit[0]},
                     {"gbuf", acc[1] * unit[1]},
                     {"array", acc[2] * unit[2]},
                     {"rf", acc[3] * unit[3]},
                     {"noc", member(r, "total_noc_cost", "result")},
                     {"static", member(r, "total_static_cost", "result")}};
    if (full) line["result"] = r;
    return line;
}

const std::vector<std::string_view>& sweep_line_result_keys() {
    // Those sweep_line reads above (a key left out fails its test: "is missing").
    static const std::vector<std::string_view> keys{
        "cost",           "total_cost",    "total_time",     "total_ops",        "total_accesses",
        "total_noc_hops", "total_op_cost", "total_noc_cost", "total_static_cost"};
    return keys;
}

std::string sweep_line_text(const OJson& line) {
    return py_json_dump(line, -1);
}

}  // namespace nndf
