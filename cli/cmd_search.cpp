// `nndf search`: the reference's nn_dataflow_search.py, same flags and output.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/api/run_config.h"
#include "core/formats/result_json.h"
#include "core/network_search/nn_dataflow.h"
#include "core/util/error.h"

namespace nndf::cli {

namespace {

ArgParser make_parser() {
    ArgParser ap("nndf search",
                 "Search the energy-optimal dataflow schedule of a network, like the reference's\n"
                 "nn_dataflow_search.py (same flags, defaults, units and JSON output).\n"
                 "Sizes are in bytes, widths in bits, bandwidth in bytes per cycle.");
    ap.add_positional("NET|FILE.json", "a built-in network name (e.g. alex_net) or a network file");
    ap.add({{"--config"},
            1,
            "FILE.json",
            "read the whole run from a JSON document (docs/run-config.md)"});
    ap.add({{"--batch"}, 1, "N", "batch size (required)"});
    ap.add({{"--word"}, 1, "BITS", "word size in bits (default 16)"});
    ap.add({{"--nodes"}, 2, "H W", "node grid (required)"});
    ap.add({{"--array"}, 2, "H W", "PE array per node (required)"});
    ap.add({{"--regf"}, 1, "BYTES", "register file size per PE (required)"});
    ap.add({{"--gbuf"}, 1, "BYTES", "global buffer size per node (required)"});
    ap.add({{"--bus-width"}, 1, "BITS", "array bus width; 0 = unlimited (default 0)"});
    ap.add({{"--dram-bw"}, 1, "BYTES", "DRAM bandwidth per cycle (default inf)"});
    ap.add({{"--op-cost"}, 1, "C", "cost of one MAC (default 1)"});
    ap.add({{"--hier-cost"},
            4,
            "DRAM GBUF ITCN REGF",
            "cost of one access per level (default 200 6 2 1)"});
    ap.add({{"--hop-cost"}, 1, "C", "cost of one word over one NoC hop (default 10)"});
    ap.add({{"--unit-idle-cost"}, 1, "C", "static cost of all nodes per cycle (default 0)"});
    ap.add({{"--mem-type"},
            1,
            "2D|3D",
            "memory on the corners (2D, default) or above every node (3D)",
            {"2D", "3D"}});
    ap.add({{"--disable-bypass"},
            -1,
            "[i] [o] [f]",
            "data that may not bypass the global buffer",
            {"i", "o", "f"}});
    ap.add({{"--solve-loopblocking"}, 0, "", "use the analytical loop-blocking solver"});
    ap.add({{"--enable-access-forwarding"}, 0, "", "nodes fetch disjoint data and forward it"});
    ap.add({{"--enable-gbuf-sharing"}, 0, "", "share global buffers across nodes"});
    ap.add({{"--enable-save-writeback"}, 0, "", "keep intermediate fmaps on chip when they fit"});
    ap.add({{"--disable-interlayer-opt", "--basic-interlayer-partition"},
            0,
            "",
            "only basic inter-layer pipelining"});
    ap.add({{"--hybrid-partition", "--hybrid-partition2d"}, 0, "", "hybrid layer partitioning"});
    ap.add({{"--batch-partition"}, 0, "", "allow batch partitioning"});
    ap.add(
        {{"--ifmaps-partition", "--ifmap-partition"}, 0, "", "allow input-channel partitioning"});
    ap.add(
        {{"--interlayer-partition", "--inter-layer-partition"}, 0, "", "inter-layer pipelining"});
    ap.add({{"--layer-pipeline-time-overhead"},
            1,
            "X",
            "max time overhead of a pipeline (default inf)"});
    ap.add({{"--layer-pipeline-max-degree"}, 1, "N", "max vertices in a pipeline (default inf)"});
    ap.add({{"-g", "--goal"},
            1,
            "e|d|ed",
            "optimize energy, delay or energy-delay (default e)",
            {"e", "d", "ed", "E", "D", "ED"}});
    ap.add({{"-t", "--top"}, 1, "N", "schedules kept per step (default 1)"});
    ap.add({{"-p", "--processes"}, 1, "N", "accepted for compatibility; the search uses one core"});
    ap.add({{"-v", "--verbose"}, 0, "", "show progress on stderr"});
    ap.add({{"-h", "--help"}, 0, "", "show this help"});
    return ap;
}

void require(const ArgParser& ap, const char* flag) {
    if (!ap.has(flag)) throw InputError(flag, "is required");
}

RunConfig config_from_flags(const ArgParser& ap) {
    if (ap.positional().size() != 1) {
        throw InputError("NET", ap.positional().empty() ? "a network name or file is required"
                                                        : "give exactly one network");
    }
    for (const char* f : {"--batch", "--nodes", "--array", "--regf", "--gbuf"}) require(ap, f);
    RunConfig c;
    const std::string& net = ap.positional()[0];
    c.net = net;
    if (is_network_file(net)) c.network_doc = parse_json_text(read_text_file(net, net), net);
    c.batch = *ap.get_int("--batch");
    c.word = ap.get_int("--word").value_or(16);
    auto pair = [&](const char* f) {
        auto v = ap.get_ints(f);
        return PhyDim2(v[0], v[1]);
    };
    c.nodes = pair("--nodes");
    c.array = pair("--array");
    c.regf = *ap.get_int("--regf");
    c.gbuf = *ap.get_int("--gbuf");
    c.bus_width = ap.get_int("--bus-width").value_or(0);
    c.dram_bw = ap.get_float("--dram-bw").value_or(kInf);
    if (auto v = ap.get_float("--op-cost")) {
        c.op_cost = *v;
        c.op_cost_given = true;
    }
    if (ap.has("--hier-cost")) {
        auto v = ap.get_floats("--hier-cost");
        for (size_t i = 0; i < 4; ++i) c.hier_cost[i] = v[i];
        c.hier_cost_given = true;
    }
    if (auto v = ap.get_float("--hop-cost")) {
        c.hop_cost = *v;
        c.hop_cost_given = true;
    }
    if (auto v = ap.get_float("--unit-idle-cost")) {
        c.unit_idle_cost = *v;
        c.unit_idle_cost_given = true;
    }
    c.mem_type = ap.get_string("--mem-type").value_or("2D");
    for (const auto& v : ap.values("--disable-bypass")) c.disable_bypass += v;
    c.solve_loopblocking = ap.flag("--solve-loopblocking");
    c.enable_access_forwarding = ap.flag("--enable-access-forwarding");
    c.enable_gbuf_sharing = ap.flag("--enable-gbuf-sharing");
    c.enable_save_writeback = ap.flag("--enable-save-writeback");
    c.disable_interlayer_opt = ap.flag("--disable-interlayer-opt");
    c.hybrid_partition = ap.flag("--hybrid-partition");
    c.batch_partition = ap.flag("--batch-partition");
    c.ifmaps_partition = ap.flag("--ifmaps-partition");
    c.interlayer_partition = ap.flag("--interlayer-partition");
    c.layer_pipeline_time_overhead = ap.get_float("--layer-pipeline-time-overhead").value_or(kInf);
    c.layer_pipeline_max_degree = ap.get_float("--layer-pipeline-max-degree").value_or(kInf);
    c.goal = ap.get_string("--goal").value_or("e");
    for (auto& ch : c.goal) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    c.top = ap.get_int("--top").value_or(1);
    c.processes = ap.get_int("--processes").value_or(1);
    c.verbose = ap.flag("--verbose");
    c.validate("--");
    return c;
}

RunConfig config_from_file(const ArgParser& ap) {
    for (const char* f :
         {"--batch", "--word", "--nodes", "--array", "--regf", "--gbuf", "--bus-width", "--dram-bw",
          "--op-cost", "--hier-cost", "--hop-cost", "--unit-idle-cost", "--mem-type",
          "--disable-bypass", "--goal", "--top"}) {
        if (ap.has(f)) throw InputError(f, "cannot be combined with --config (put it in the file)");
    }
    if (!ap.positional().empty()) {
        throw InputError("--config", "the network comes from the file; do not name one as well");
    }
    const std::string path = *ap.get_string("--config");
    try {
        RunConfig c = run_config_from_json(parse_json_text(read_text_file(path, "--config"), path));
        c.verbose = ap.flag("--verbose");
        c.processes = ap.get_int("--processes").value_or(1);
        return c;
    } catch (const InputError& e) {
        if (e.path().rfind(path, 0) == 0 || e.path() == "--config") throw;
        throw InputError(path + ": " + e.path(), e.message());
    }
}

}  // namespace

int cmd_search(const std::vector<std::string>& args) {
    ArgParser ap = make_parser();
    ap.parse(args);
    if (ap.flag("--help")) {
        std::cout << ap.help();
        return 0;
    }
    const bool from_config = ap.has("--config");
    const RunConfig cfg = from_config ? config_from_file(ap) : config_from_flags(ap);
    Network net = [&] {
        try {
            return cfg.load_network();
        } catch (const InputError& e) {
            // Name where the bad field is: the run document (its JSON path
            // from the top, e.g. network.layers[0]), the network file (its
            // own path, e.g. layers[0]), or the NET argument.
            std::string where = from_config       ? *ap.get_string("--config")
                                : cfg.network_doc ? cfg.net
                                                  : std::string("NET");
            std::string field = e.path();
            if (!from_config && field == "net") field.clear();
            if (!from_config && cfg.network_doc && field.rfind("network", 0) == 0) {
                field = field.substr(field.size() > 7 && field[7] == '.' ? 8 : 7);
            }
            if (from_config && field == "net") field = "network";
            throw InputError(where + (field.empty() ? "" : ": " + field), e.message());
        }
    }();
    const Resource resource = cfg.resource();
    const Option options = cfg.options();

    SearchContext ctx;
    if (cfg.verbose) {
        ctx.on_progress = [](const SearchProgress& p) {
            if (p.layer_fraction == 0) {
                std::fprintf(stderr, "-> %s (layer %d of %d)\n", p.layer_name.c_str(),
                             p.layer_index, p.layer_count);
            }
        };
        ctx.on_note = [](const std::string& n) { std::fprintf(stderr, "note: %s\n", n.c_str()); };
    }
    NNDataflow nnd(net, cfg.batch, resource, cfg.cost());
    const auto t0 = std::chrono::steady_clock::now();
    SearchOutcome outcome;
    try {
        outcome = nnd.schedule_search(options, &ctx);
    } catch (const InputError& e) {
        // The engine names run-document fields; on the command line say the flag.
        if (ap.has("--config") || e.path().empty()) throw;
        std::string flag = "--" + e.path();
        for (auto& c : flag)
            if (c == '_') c = '-';
        throw InputError(flag, e.message());
    }
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (outcome.tops.empty()) {
        std::cerr << "No valid dataflow found.\n";
        std::cout << "null\n";
        return 2;
    }
    OJson doc =
        result_json(cfg, resource, options, outcome.tops.front(), outcome.cache_stats, elapsed);
    std::cout << py_json_dump(doc, 2) << "\n";
    return 0;
}

}  // namespace nndf::cli
