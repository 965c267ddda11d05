// `nndf schema`: the run schema, as JSON for tools or as the Markdown table
// of docs/run-config.md.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/api/run_schema_export.h"
#include "core/util/error.h"

namespace nndf::cli {

int cmd_schema(const std::vector<std::string>& args) {
    ArgParser ap("nndf schema",
                 "Print the run schema: every field of a run with its flag, kind, range,\n"
                 "default and help (docs/run-config.md).");
    ap.add({{"--json"}, 0, "", "as JSON (the default)"});
    ap.add({{"--markdown"}, 0, "", "as the Markdown table of docs/run-config.md"});
    ap.add({{"-h", "--help"}, 0, "", "show this help"});
    ap.parse(args);
    if (ap.flag("--help")) {
        std::cout << ap.help();
        return 0;
    }
    if (!ap.positional().empty()) throw InputError(ap.positional()[0], "unexpected argument");
    if (ap.flag("--markdown") && ap.flag("--json")) {
        throw InputError("--markdown", "cannot be combined with --json");
    }
    if (ap.flag("--markdown")) {
        std::cout << run_schema_markdown();
    } else {
        std::cout << run_schema_json().dump(2) << "\n";
    }
    return 0;
}

}  // namespace nndf::cli
