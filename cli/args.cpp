#include "cli/args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "core/util/error.h"

namespace nndf::cli {

namespace {
std::string canonical(const OptionSpec& s) {
    for (const auto& n : s.names)
        if (n.rfind("--", 0) == 0) return n;
    return s.names.front();
}
}  // namespace

long long parse_int(const std::string& s, const std::string& flag) {
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || errno == ERANGE) {
        throw InputError(flag, "expects an integer, got '" + s + "'");
    }
    return v;
}

double parse_float(const std::string& s, const std::string& flag) {
    errno = 0;
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || std::isnan(v)) {
        throw InputError(flag, "expects a number, got '" + s + "'");
    }
    return v;
}

const OptionSpec* ArgParser::find(const std::string& name) const {
    for (const auto& s : specs_)
        for (const auto& n : s.names)
            if (n == name) return &s;
    return nullptr;
}

void ArgParser::parse(const std::vector<std::string>& args) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() > 1 && a[0] == '-' && !(a.size() > 1 && (std::isdigit(a[1]) || a[1] == '.'))) {
            std::string name = a;
            std::optional<std::string> inline_val;
            size_t eq = a.find('=');
            if (a.rfind("--", 0) == 0 && eq != std::string::npos) {
                name = a.substr(0, eq);
                inline_val = a.substr(eq + 1);
            }
            const OptionSpec* spec = find(name);
            if (!spec) {
                throw InputError(name, "unknown option (see '" + prog_ + " --help')");
            }
            // A repeated flag takes its last value, as argparse does.
            std::string key = canonical(*spec);
            std::vector<std::string> vals;
            if (spec->nargs == 0) {
                if (inline_val) throw InputError(key, "takes no value");
            } else if (inline_val) {
                vals.push_back(*inline_val);
                if (spec->nargs > 1) {
                    throw InputError(key, "expects " + std::to_string(spec->nargs) + " values");
                }
            } else if (spec->nargs > 0) {
                for (int k = 0; k < spec->nargs; ++k) {
                    if (i + 1 >= args.size() ||
                        (args[i + 1].rfind("--", 0) == 0 && args[i + 1].size() > 2)) {
                        throw InputError(
                            key, "expects " + std::to_string(spec->nargs) +
                                     (spec->nargs == 1 ? " value" : " values") +
                                     (spec->metavar.empty() ? "" : " (" + spec->metavar + ")"));
                    }
                    vals.push_back(args[++i]);
                }
            } else {
                while (i + 1 < args.size() && args[i + 1].rfind("-", 0) != 0)
                    vals.push_back(args[++i]);
            }
            if (!spec->choices.empty()) {
                for (const auto& v : vals) {
                    bool ok = false;
                    for (const auto& c : spec->choices) ok = ok || c == v;
                    if (!ok) {
                        std::string list;
                        for (const auto& c : spec->choices) list += (list.empty() ? "" : ", ") + c;
                        throw InputError(key,
                                         "invalid choice '" + v + "' (choose from " + list + ")");
                    }
                }
            }
            values_[key] = vals;
        } else {
            positional_.push_back(a);
        }
    }
}

const std::vector<std::string>& ArgParser::values(const std::string& name) const {
    static const std::vector<std::string> empty;
    auto it = values_.find(name);
    return it == values_.end() ? empty : it->second;
}

std::optional<long long> ArgParser::get_int(const std::string& name) const {
    if (!has(name)) return std::nullopt;
    return parse_int(values(name).at(0), name);
}

std::optional<double> ArgParser::get_float(const std::string& name) const {
    if (!has(name)) return std::nullopt;
    return parse_float(values(name).at(0), name);
}

std::optional<std::string> ArgParser::get_string(const std::string& name) const {
    if (!has(name)) return std::nullopt;
    return values(name).at(0);
}

std::vector<long long> ArgParser::get_ints(const std::string& name) const {
    std::vector<long long> out;
    for (const auto& v : values(name)) out.push_back(parse_int(v, name));
    return out;
}

std::vector<double> ArgParser::get_floats(const std::string& name) const {
    std::vector<double> out;
    for (const auto& v : values(name)) out.push_back(parse_float(v, name));
    return out;
}

std::string ArgParser::help() const {
    std::ostringstream os;
    os << "usage: " << prog_;
    for (const auto& p : positional_names_) os << " " << p;
    os << " [options]\n\n" << description_ << "\n";
    if (!positional_names_.empty()) {
        os << "\narguments:\n";
        for (size_t i = 0; i < positional_names_.size(); ++i) {
            std::string head = "  " + positional_names_[i];
            os << head << std::string(head.size() < 34 ? 34 - head.size() : 1, ' ')
               << positional_help_[i] << "\n";
        }
    }
    os << "\noptions:\n";
    for (const auto& s : specs_) {
        std::string head = "  ";
        for (size_t k = 0; k < s.names.size(); ++k) head += (k ? ", " : "") + s.names[k];
        if (s.nargs != 0 && !s.metavar.empty()) head += " " + s.metavar;
        // A long head puts its help on the next line, as argparse does.
        if (head.size() < 34) {
            os << head << std::string(34 - head.size(), ' ') << s.help << "\n";
        } else {
            os << head << "\n" << std::string(34, ' ') << s.help << "\n";
        }
    }
    return os.str();
}

}  // namespace nndf::cli
