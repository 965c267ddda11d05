// `nndf explain RESULT.json LAYER`: one layer of a result explained, its
// loop nest per node (as Timeloop prints a mapping) and its data reuse.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/api/explain_text.h"
#include "core/util/error.h"

namespace nndf::cli {

std::string explain_text(const Network& net, const OJson& result_doc, const std::string& layer,
                         i64 word_bits) {
    const ResultSummary result = read_result_summary(result_doc);
    const LayerExplanation e = explain_layer(net, result, layer, word_bits);
    return loop_nest_text(e) + "\n" + reuse_text(e);
}

int cmd_explain(const std::vector<std::string>& args) {
    ArgParser ap("nndf explain",
                 "Explain one layer of a search result: the loop nest of one node, from DRAM to "
                 "a PE, and the data reuse per memory level.");
    ap.add_positional("RESULT.json", "a result of nndf search (or of nn_dataflow_search.py)");
    ap.add_positional("LAYER", "the layer's name");
    ap.add({{"--network"},
            1,
            "NET",
            "the network: a built-in name or a JSON file (default: the "
            "result's network, if built in)"});
    ap.add({{"--word"},
            1,
            "BITS",
            "bits per word, for the DRAM traffic in bytes (default 16; "
            "results do not record it)"});
    ap.add({{"-h", "--help"}, 0, "", "show this help"});
    ap.parse(args);
    if (ap.flag("--help")) {
        std::cout << ap.help();
        return 0;
    }
    if (ap.positional().size() != 2) {
        throw InputError("", "expected RESULT.json and LAYER (see nndf explain --help)");
    }
    const std::string& file = ap.positional()[0];
    const OJson doc = parse_json_text(read_text_file(file, file), file);
    const i64 word = ap.get_int("--word").value_or(kDefaultWordBits);
    if (word < 1) throw InputError("--word", "must be positive");
    std::cout << explain_text(result_network(doc, ap.get_string("--network"), file), doc,
                              ap.positional()[1], word);
    return 0;
}

}  // namespace nndf::cli
