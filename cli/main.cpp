// nndf: the native command-line tool.
#include <iostream>
#include <string>
#include <vector>

#include "cli/allocator.h"
#include "cli/commands.h"
#include "core/api/version.h"
#include "core/formats/builtin_networks.h"
#include "core/util/display_text.h"
#include "core/util/error.h"

namespace {

const char* kUsage =
    "usage: nndf <command> [options]\n"
    "\n"
    "Search energy-optimal dataflow schedules of neural networks on Eyeriss-style\n"
    "accelerators (a C++ port of nn_dataflow 2.1).\n"
    "\n"
    "commands:\n"
    "  layers NET|FILE.json   list a network's layers with sizes and MACs\n"
    "  search NET|FILE.json   search the best schedule (see 'nndf search --help')\n"
    "  schema                 print the run schema (every field of a run)\n"
    "  alternatives RESULT.json LAYER\n"
    "                         a layer's N best schedules and what each changes\n"
    "  explain RESULT LAYER   a layer's loop nest and data reuse (see 'nndf explain --help')\n"
    "  sweep SWEEP.json       run every point of a sweep (see 'nndf sweep --help')\n"
    "  sweep merge PARTS...   join the outputs of a sweep's --shard runs in point order\n"
    "\n"
    "options:\n"
    "  -h, --help             show this help\n"
    "  --version              show the version\n";

}  // namespace

int main(int argc, char** argv) {
    nndf::cli::tune_allocator();
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
            std::cout << kUsage << "\nBuilt-in networks: " << nndf::builtin_network_names()
                      << ".\n";
            return args.empty() ? 1 : 0;
        }
        if (args[0] == "--version") {
            std::cout << "nndf " << nndf::kVersion << " (port of nn_dataflow "
                      << nndf::kReferenceVersion << ")\n";
            return 0;
        }
        std::string cmd = args[0];
        std::vector<std::string> rest(args.begin() + 1, args.end());
        if (cmd == "layers") return nndf::cli::cmd_layers(rest);
        if (cmd == "search") return nndf::cli::cmd_search(rest);
        if (cmd == "schema") return nndf::cli::cmd_schema(rest);
        if (cmd == "alternatives") return nndf::cli::cmd_alternatives(rest);
        if (cmd == "explain") return nndf::cli::cmd_explain(rest);
        if (cmd == "sweep") return nndf::cli::cmd_sweep(rest);
        throw nndf::InputError("", "unknown command '" + cmd +
                                       "' (expected layers, search, schema, explain, alternatives "
                                       "or sweep; see nndf --help)");
    } catch (const nndf::InputError& e) {
        // One line, whatever the input spelled (names are shortened where
        // they are quoted; this bounds what quotes whole values).
        std::cerr << "nndf: error: " << nndf::display_text(e.what(), 4096) << "\n";
        return 1;
    } catch (const nndf::InternalError& e) {
        // One line: what broke, that it is a bug, how to report it, where.
        std::cerr << "nndf: " << e.what() << "\n";
        return 3;
    } catch (const std::exception& e) {
        // Not the person's input either: a library's exception we did not expect.
        std::cerr << "nndf: " << nndf::InternalError(e.what(), "an unexpected exception").what()
                  << "\n";
        return 3;
    }
}
