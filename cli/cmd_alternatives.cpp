// `nndf alternatives RESULT.json LAYER`: why the result's schedule of a layer
// won: the layer search run again under the result's conditions, its N best
// schedules with their cost and time against the best, and what each
// changes (core/api/alternatives.h, docs/alternatives.md).
#include <cstdio>
#include <iostream>
#include <thread>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/api/alternatives.h"
#include "core/util/error.h"

namespace nndf::cli {

namespace {

std::string text_of(const OJson& v) {
    if (v.is_array()) {
        std::string s;
        for (const auto& e : v) s += (s.empty() ? "" : " ") + text_of(e);
        return "[" + s + "]";
    }
    if (v.is_object()) {
        std::string s;
        for (auto it = v.begin(); it != v.end(); ++it)
            s += (s.empty() ? "" : " ") + it.key() + "=" + text_of(*it);
        return "{" + s + "}";
    }
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

void print_table(const OJson& a) {
    const OJson& alts = a["alternatives"];
    const double best = alts.at(0)["cost"].get<double>();
    std::printf(
        "Layer %s: the %zu best schedules of the layer search under the result's "
        "conditions\n",
        a["layer"].get<std::string>().c_str(), alts.size());
    std::printf("The result's own schedule: cost %.6g, time %.0f; %s\n",
                a["result_cost"].get<double>(), a["result_time"].get<double>(),
                a["reproduced"].get<bool>() ? "reproduced as rank 1"
                : a["result_rank"].is_null()
                    ? "NOT among these"
                    : ("found at rank " + a["result_rank"].dump()).c_str());
    for (const auto& n : a["notes"]) std::printf("note: %s\n", n.get<std::string>().c_str());
    std::printf("\n%4s  %-12s %-12s %8s  %-10s %-10s  %s\n", "rank", "cost", "delta", "delta%",
                "time", "delta", "differences from rank 1");
    for (const auto& alt : alts) {
        const double cost = alt["cost"].get<double>();
        const double pct = best != 0 ? 100.0 * (cost - best) / best : 0.0;
        std::string diffs;
        for (const auto& d : alt["differences"]) {
            diffs += (diffs.empty() ? "" : "; ") + d["field"].get<std::string>() + " " +
                     text_of(d["winner"]) + " -> " + text_of(d["alternative"]);
        }
        if (diffs.empty()) diffs = alt["rank"] == 1 ? "(the best)" : "(same choices)";
        std::printf("%3d%s  %-12.6g %+-12.4g %+7.2f%%  %-10.0f %+-10.0f  %s\n",
                    alt["rank"].get<int>(), alt["is_result"].get<bool>() ? "*" : " ", cost,
                    alt["cost_delta"].get<double>(), pct, alt["time"].get<double>(),
                    alt["time_delta"].get<double>(), diffs.c_str());
    }
    std::printf(
        "\n* the result's own schedule. Fields: ti/to/tb[level] blocking factors of input "
        "channels,\noutput channels and batch (level 0 DRAM to GBUF, 1 GBUF to REGF, 2 in "
        "the REGF); orders[level]\nloops outermost first; part.* nodes per parallelism.\n");
}

}  // namespace

int cmd_alternatives(const std::vector<std::string>& args) {
    ArgParser ap("nndf alternatives",
                 "Why this schedule: run one layer's search again under the conditions a result\n"
                 "records (its nodes, batch, input layout and pipelining constraint), keep its N\n"
                 "best schedules and show what each changes against the best.");
    ap.add_positional("RESULT.json", "a result document (nndf search --output, or the page's)");
    ap.add_positional("LAYER", "the layer's name");
    ap.add({{"-n", "--count"}, 1, "N", "how many schedules, 2 to 50 (default 5)"});
    ap.add({{"--network"},
            1,
            "NET|FILE.json",
            "the network the result is of (default: the result's `net`, if built in)"});
    ap.add({{"--threads"}, 1, "T", "threads for the search (default: every core)"});
    ap.add({{"--json"}, 0, "", "print the answer as JSON (docs/alternatives.md)"});
    ap.add({{"-h", "--help"}, 0, "", "show this help"});
    ap.parse(args);
    if (ap.flag("--help")) {
        std::cout << ap.help();
        return 0;
    }
    if (ap.positional().size() != 2) {
        throw InputError("RESULT.json", "give a result file and a layer name");
    }
    const std::string& file = ap.positional()[0];
    const OJson result = parse_json_text(read_text_file(file, "RESULT.json"), file);
    const Network net = result_network(result, ap.get_string("--network"), file);
    const i64 n = ap.get_int("--count").value_or(5);
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const long long threads = ap.get_int("--threads").value_or(cores);
    if (threads < 1) throw InputError("--threads", "must be positive");
    const auto a = layer_alternatives(net, result, ap.positional()[1], n, {},
                                      static_cast<int>(std::min<long long>(threads, cores)));
    const OJson j = alternatives_json(a);
    if (ap.flag("--json")) {
        std::cout << py_json_dump(j, 2) << "\n";
    } else {
        print_table(j);
    }
    return 0;
}

}  // namespace nndf::cli
