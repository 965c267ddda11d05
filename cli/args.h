// A small argparse-like command-line parser: named options with aliases,
// fixed or variable value counts, and typed getters whose errors name the flag.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nndf::cli {

struct OptionSpec {
    std::vector<std::string>
        names;            ///< e.g. {"--batch"} or {"-g", "--goal"}; first long is canonical.
    int nargs = 1;        ///< 0 = flag, N = exactly N values, -1 = zero or more.
    std::string metavar;  ///< Shown in help.
    std::string help;     ///< One line of help.
    std::vector<std::string> choices;  ///< Allowed values, if any.
};

class ArgParser {
  public:
    ArgParser(std::string prog, std::string description)
        : prog_(std::move(prog)), description_(std::move(description)) {}
    void add(OptionSpec spec) { specs_.push_back(std::move(spec)); }
    void add_positional(std::string name, std::string help) {
        positional_names_.push_back(std::move(name));
        positional_help_.push_back(std::move(help));
    }
    /// Parses argv; throws InputError (path = flag) for unknown or malformed flags.
    void parse(const std::vector<std::string>& args);
    std::string help() const;

    bool has(const std::string& name) const { return values_.count(name) > 0; }
    bool flag(const std::string& name) const { return has(name); }
    const std::vector<std::string>& values(const std::string& name) const;
    const std::vector<std::string>& positional() const { return positional_; }

    std::optional<long long> get_int(const std::string& name) const;
    std::optional<double> get_float(const std::string& name) const;
    std::optional<std::string> get_string(const std::string& name) const;
    std::vector<long long> get_ints(const std::string& name) const;
    std::vector<double> get_floats(const std::string& name) const;

  private:
    const OptionSpec* find(const std::string& name) const;
    std::string prog_, description_;
    std::vector<OptionSpec> specs_;
    std::vector<std::string> positional_names_, positional_help_;
    std::map<std::string, std::vector<std::string>> values_;  // by canonical name
    std::vector<std::string> positional_;
};

/// Parses a whole string as an integer / float; the flag names the error.
long long parse_int(const std::string& s, const std::string& flag);
double parse_float(const std::string& s, const std::string& flag);

}  // namespace nndf::cli
