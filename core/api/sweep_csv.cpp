#include "core/api/sweep_csv.h"

namespace nndf {

namespace {

/// The totals' columns after the values: a key of the line, and within an
/// object value its key.
const std::vector<std::pair<const char*, const char*>>& total_columns() {
    static const std::vector<std::pair<const char*, const char*>> cols = {
        {"status", nullptr},  {"cost", nullptr},    {"time", nullptr},    {"ops", nullptr},
        {"accesses", "dram"}, {"accesses", "gbuf"}, {"accesses", "itcn"}, {"accesses", "regf"},
        {"hops", nullptr},    {"parts", "alu"},     {"parts", "dram"},    {"parts", "gbuf"},
        {"parts", "array"},   {"parts", "rf"},      {"parts", "noc"},     {"parts", "static"},
        {"message", nullptr},
    };
    return cols;
}

/// A cell: a string as itself, anything else as its JSON text; quoted as
/// RFC 4180 says when it holds a comma, a quote or a line break.
std::string cell(const OJson& v) {
    if (v.is_null()) return "";
    std::string s = v.is_string() ? v.get<std::string>() : py_json_dump(v, -1);
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

}  // namespace

std::string sweep_csv_header(const std::vector<std::string>& axis_paths) {
    std::string h = "sweep,index,count";
    for (const auto& p : axis_paths) h += "," + cell(p);
    for (const auto& [key, sub] : total_columns()) {
        h += ",";
        h += key;
        if (sub) h += std::string(".") + sub;
    }
    return h;
}

std::string sweep_csv_row(const OJson& line) {
    std::string r = cell(line.value("sweep", OJson())) + "," + cell(line.value("index", OJson())) +
                    "," + cell(line.value("count", OJson()));
    for (const auto& v : line.value("values", OJson::object())) r += "," + cell(v);
    for (const auto& [key, sub] : total_columns()) {
        const OJson v = line.value(key, OJson());
        r += "," + cell(sub && v.is_object() ? v.value(sub, OJson()) : v);
    }
    return r;
}

std::vector<std::string> sweep_line_paths(const OJson& line) {
    std::vector<std::string> paths;
    const auto values = line.find("values");
    if (values == line.end() || !values->is_object()) return paths;
    for (auto it = values->begin(); it != values->end(); ++it) paths.push_back(it.key());
    return paths;
}

}  // namespace nndf
