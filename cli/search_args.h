// The command line of `nndf search` as a RunConfig: the schema's flags, NET
// and --config, read by one parser that the CLI, the tests and the benchmark
// share. Errors name what the person typed: the flag, the NET file's field,
// or the --config file's field.
#pragma once

#include <string>
#include <vector>

#include "cli/args.h"
#include "core/api/run_config.h"
#include "core/api/run_document.h"

namespace nndf::cli {

/// The parser of `nndf search`: NET, --config, every run flag, and `extra`.
ArgParser search_parser(const std::vector<OptionSpec>& extra = {});

/// Where the command line got each part of a run, to name it in errors.
struct ArgSources {
    const ArgParser* parser = nullptr;
    std::string config_file;    ///< The --config file, if any.
    CurrentRunDocument config;  ///< Its document, in the current version.
    std::string network_file;   ///< NET, when it is a file.
    bool net_given = false;     ///< NET was on the command line.

    /// How the CLI names the place of an error at `path` (a JSON path of the
    /// run document): the flag, the NET file and its field, or the --config
    /// file and its field.
    std::string where(const std::string& path) const;
    /// The same error, placed and worded for the command line.
    InputError locate(const InputError& e) const;
};

struct SearchArgs {
    RunConfig config;
    ArgSources sources;
};

/// The checked run of parsed arguments (NET, --config and the run flags);
/// InputError names the flag or file at fault.
SearchArgs search_args(const ArgParser& parsed);

/// The same from raw arguments, as `nndf search` reads them (tests, tools).
RunConfig search_config(const std::vector<std::string>& args);

}  // namespace nndf::cli
