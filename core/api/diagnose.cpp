#include "core/api/diagnose.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <sstream>

#include "core/api/run_schema.h"
#include "core/layer_search/buffer_need.h"
#include "core/layer_search/scheduling.h"
#include "core/network_search/nn_dataflow.h"

namespace nndf {

namespace {

/// Rounds of "size the failing layer, search the network again".
constexpr int kMaxRounds = 3;

i64 word_bytes(const RunConfig& c) {
    return (c.word + 7) / 8;
}

/// Bytes as a person reads them: "512 B", "16 kB", "29.67 kB (30384 B)"
/// (kB = 1024 B, as the page; the exact bytes when the rounding hides them).
std::string size_text(i64 bytes) {
    std::ostringstream os;
    if (bytes < 1024) {
        os << bytes << " B";
        return os.str();
    }
    const bool mega = bytes >= 1024 * 1024;
    const i64 scale = mega ? 1024 * 1024 : 1024;
    os.precision(4);
    os << static_cast<double>(bytes) / static_cast<double>(scale) << (mega ? " MB" : " kB");
    if (bytes % scale != 0) os << " (" << bytes << " B)";
    return os.str();
}

/// Searches of one layer alone and of the whole network, for other runs
/// than the one given, stopped when the caller's context asks.
class Prober {
  public:
    Prober(const Network& net, const SearchContext& parent) : net_(net) {
        ctx_.should_cancel = [&parent] { return parent.should_cancel && parent.should_cancel(); };
    }

    /// Whether `layer` alone, its data in DRAM, has a schedule under `c`.
    bool layer_ok(const std::string& layer, const RunConfig& c) {
        const Layer& l = net_[layer];
        const Resource r = c.resource();
        Option o = c.options();
        o.ntops = 1;
        // On one thread: the network search makes its own pool, and the
        // threaded wasm build has threads for one pool only.
        Scheduling sched(l, c.batch, c.cost());
        const FmapRange ifrng({0, 0, 0, 0}, {c.batch, l.nifm(), l.hifm(), l.wifm()});
        const DataLayout in = DataLayout::make(
            {ifrng}, {r.src_data_region}, {PartitionScheme{}.projection(r.src_data_region, true)});
        SchedulingCondition cond{r, SchedulingConstraint{}, in, {0, 0, 0}};
        if (const auto rhs = net_.rhs(layer)) {
            // Its right operand in DRAM too.
            const Layer& rl = net_[*rhs];
            cond.rhs_layout = DataLayout::make(
                {FmapRange({0, 0, 0, 0}, {c.batch, rl.nofm, rl.hofm, rl.wofm})},
                {r.src_data_region}, {PartitionScheme{}.projection(r.src_data_region, true)});
        }
        return !sched.schedule_search(cond, o, &ctx_).empty();
    }

    /// The first layer without a schedule when the network is searched
    /// under `c`; empty if it has a dataflow.
    std::string first_unscheduled(const RunConfig& c) {
        NNDataflow nnd(net_, c.batch, c.resource(), c.cost());
        return nnd.schedule_search(c.options(), &ctx_).first_unscheduled;
    }

  private:
    const Network& net_;
    SearchContext ctx_;
};

/// The smallest v in (lo, limit] with ok(v), ok being monotone and false at
/// lo; `hint` (a lower bound, usually exact) is tried first, then doubled,
/// then bisected. None if ok(limit) is false.
std::optional<i64> smallest_ok(i64 lo, i64 hint, i64 limit, const std::function<bool(i64)>& ok) {
    i64 hi = std::min(std::max(hint, lo + 1), limit);
    while (!ok(hi)) {
        if (hi >= limit) return std::nullopt;
        lo = hi;
        hi = std::min(limit, hi * 2);
    }
    if (hi - 1 > lo) {
        if (!ok(hi - 1)) return hi;  // the hint was exact: two searches
        hi = hi - 1;
    }
    while (hi - lo > 1) {
        const i64 mid = lo + (hi - lo) / 2;
        (ok(mid) ? hi : lo) = mid;
    }
    return hi;
}

struct Needs {
    i64 regf_words = -1;  ///< Least over the mappings.
    i64 gbuf_words = -1;  ///< Least over the mappings that fit the register file.
};

Needs least_needs(const Layer& layer, const RunConfig& c) {
    const Resource r = c.resource();
    Needs n;
    for (const auto& m : layer_buffer_needs(layer, c.batch, r, c.options())) {
        if (n.regf_words < 0 || m.regf_words < n.regf_words) n.regf_words = m.regf_words;
        if (m.regf_words <= r.size_regf && (n.gbuf_words < 0 || m.gbuf_words < n.gbuf_words))
            n.gbuf_words = m.gbuf_words;
    }
    return n;
}

/// Whether the loop-blocking solver can give a conv layer no blocking at
/// all: it keeps one data category in the GBUF and needs the other two to
/// bypass it (loop_blocking_solver.cpp), so the run must let two bypass.
bool solver_blocks(const Layer& layer, const RunConfig& c) {
    if (!c.solve_loopblocking || !layer.is_conv()) return false;
    const Option o = c.options();
    int may_bypass = 0;
    for (int d = 0; d < de::NUM; ++d) may_bypass += o.sw_gbuf_bypass[d] ? 1 : 0;
    return may_bypass < de::NUM - 1;
}

i64 field_max(const char* name) {
    return static_cast<i64>(find_run_field(name)->max);
}

}  // namespace

Diagnosis diagnose_no_dataflow(const RunConfig& config, const Network& net,
                               const std::string& first, const SearchContext& ctx) {
    Diagnosis d;
    d.layer = first;
    d.word_bits = config.word;
    d.gbuf_have = config.gbuf;
    d.regf_have = config.regf;
    NNDataflow order(net, config.batch, config.resource(), config.cost());
    const auto& names = order.ordered_layers();
    d.layer_count = names.size();
    d.position =
        static_cast<size_t>(std::find(names.begin(), names.end(), first) - names.begin()) + 1;
    if (first.empty()) return d;

    const i64 wb = word_bytes(config);
    Prober probe(net, ctx);
    RunConfig cfg = config;
    std::string failing = first;
    bool gbuf_by_solver = false;
    for (int round = 0; round < kMaxRounds && !failing.empty(); ++round) {
        if (probe.layer_ok(failing, cfg)) {
            if (round == 0) d.cause = "context";
            break;
        }
        const Layer& layer = net[failing];
        bool solver_off = false;
        if (solver_blocks(layer, cfg)) {
            cfg.solve_loopblocking = false;
            solver_off = true;
        }
        std::optional<i64> regf_to, gbuf_to;
        if (!solver_off || !probe.layer_ok(failing, cfg)) {
            const Needs needs = least_needs(layer, cfg);
            const i64 regf_words = cfg.resource().size_regf;
            if (needs.regf_words > regf_words) {
                // The register file first, with a buffer that cannot be short.
                RunConfig roomy = cfg;
                roomy.gbuf = field_max("gbuf");
                regf_to =
                    smallest_ok(regf_words, needs.regf_words, field_max("regf") / wb, [&](i64 w) {
                        RunConfig t = roomy;
                        t.regf = w * wb;
                        return probe.layer_ok(failing, t);
                    });
                if (!regf_to) break;
                cfg.regf = *regf_to * wb;
            }
            if (!regf_to || !probe.layer_ok(failing, cfg)) {
                const Needs after = least_needs(layer, cfg);
                gbuf_to = smallest_ok(cfg.resource().size_gbuf, after.gbuf_words,
                                      field_max("gbuf") / wb, [&](i64 w) {
                                          RunConfig t = cfg;
                                          t.gbuf = w * wb;
                                          return probe.layer_ok(failing, t);
                                      });
                if (!gbuf_to) break;
                cfg.gbuf = *gbuf_to * wb;
            }
            if (round == 0) {
                d.regf_need =
                    needs.regf_words < 0 ? -1 : (regf_to ? *regf_to : needs.regf_words) * wb;
                d.gbuf_need = gbuf_to ? *gbuf_to * wb : -1;
                // The solver tries fewer blockings than the least one.
                gbuf_by_solver = gbuf_to && cfg.solve_loopblocking &&
                                 *gbuf_to > least_needs(layer, config).gbuf_words;
            }
        }
        if (round == 0) d.cause = solver_off ? "solver" : regf_to ? "regf" : "gbuf";
        d.sized_for.push_back(failing);
        failing = probe.first_unscheduled(cfg);
        d.verified = failing.empty();
    }
    if (cfg.solve_loopblocking != config.solve_loopblocking)
        d.change.push_back(
            {"solve_loopblocking", config.solve_loopblocking, cfg.solve_loopblocking});
    if (cfg.regf != config.regf) d.change.push_back({"regf", config.regf, cfg.regf});
    if (cfg.gbuf != config.gbuf) d.change.push_back({"gbuf", config.gbuf, cfg.gbuf});
    if (!d.change.empty() && !d.verified) d.still_failing = failing;

    std::ostringstream why;
    const std::string words = " words of " + std::to_string(config.word) + " bits";
    if (d.cause == "regf") {
        why << "every mapping of layer '" << first << "' on the PE array needs at least "
            << size_text(d.regf_need) << " of register file per PE (" << d.regf_need / wb << words
            << "), and each PE has " << size_text(config.regf) << ".";
    } else if (d.cause == "gbuf") {
        why << (gbuf_by_solver ? "the loop-blocking solver's blockings of layer '"
                               : "the smallest blocking of layer '")
            << first << "' need" << (gbuf_by_solver ? " at least " : "s ") << size_text(d.gbuf_need)
            << " of global buffer per node (" << d.gbuf_need / wb << words
            << (gbuf_by_solver
                    ? ")"
                    : ": the filter, ifmap and ofmap pieces of one pass that may not bypass it)")
            << ", and each node has " << size_text(config.gbuf) << ".";
    } else if (d.cause == "solver") {
        why << "the loop-blocking solver keeps one data category of layer '" << first
            << "' in the global buffer and needs the other two to bypass it, but the run lets "
            << "no more than one bypass it (disable_bypass '" << config.disable_bypass
            << "'); the exhaustive blocking search has no such rule.";
    } else if (d.cause == "context") {
        why << "layer '" << first << "' has schedules when searched alone, but none within the "
            << "pipeline segments tried (their time overhead or on-chip data); allow a larger "
               "pipelining time overhead or turn off inter-layer pipelining.";
    } else {
        d.cause = "unknown";
        why << "no buffer size up to the largest the run accepts gives layer '" << first
            << "' a schedule.";
    }
    d.reason = why.str();
    return d;
}

OJson diagnosis_json(const Diagnosis& d) {
    OJson change = OJson::array();
    for (const auto& c : d.change) {
        const RunField* f = find_run_field(c.field);
        change.push_back({{"field", c.field},
                          {"flag", f->flag()},
                          {"from", c.from},
                          {"to", c.to},
                          {"unit", f->unit}});
    }
    return OJson{{"layer", d.layer},
                 {"position", d.position},
                 {"layer_count", d.layer_count},
                 {"cause", d.cause},
                 {"reason", d.reason},
                 {"word_bits", d.word_bits},
                 {"gbuf_have", d.gbuf_have},
                 {"gbuf_need", d.gbuf_need},
                 {"regf_have", d.regf_have},
                 {"regf_need", d.regf_need},
                 {"change", change},
                 {"sized_for", d.sized_for},
                 {"verified", d.verified},
                 {"still_failing", d.still_failing}};
}

std::vector<std::string> diagnosis_lines(const Diagnosis& d) {
    std::vector<std::string> lines;
    if (d.layer.empty()) return lines;
    lines.push_back("Layer " + std::to_string(d.position) + " of " + std::to_string(d.layer_count) +
                    " in search order, '" + d.layer + "', has no schedule:");
    lines.push_back("  " + d.reason);
    if (d.change.empty()) {
        lines.push_back("  No buffer size was found that gives it one.");
        return lines;
    }
    std::string sizes, without, words;
    for (const auto& c : d.change) {
        const RunField* f = find_run_field(c.field);
        if (c.to.is_number_integer()) {
            sizes += (sizes.empty() ? "" : " ") + f->flag() + " " + c.to.dump();
            words += (words.empty() ? "" : ", ") + f->label + " " + size_text(c.from.get<i64>()) +
                     " -> " + size_text(c.to.get<i64>());
        } else {
            without += (without.empty() ? "without " : " ") + f->flag();
            words += (words.empty() ? "" : ", ") + f->label + (c.to == true ? " on" : " off");
        }
    }
    lines.push_back("  Try " + sizes + (sizes.empty() || without.empty() ? "" : ", ") + without +
                    " (" + words + ").");
    if (d.verified) {
        lines.push_back("  With it the whole network has a dataflow.");
    } else {
        lines.push_back("  With it layer '" + d.still_failing + "' still has no schedule.");
    }
    return lines;
}

}  // namespace nndf
