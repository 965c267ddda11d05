#include "core/api/run_schema.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace nndf {

namespace {

/// Builds one row of the table; each setter names the column it fills.
class Row {
  public:
    Row(std::string name, FieldKind kind, FieldGroup group, FieldSlot slot) {
        f_.name = std::move(name);
        f_.kind = kind;
        f_.group = group;
        f_.slot = slot;
        if (kind == FieldKind::Switch) f_.default_value = false;
    }
    Row& label(std::string s) { return f_.label = std::move(s), *this; }
    Row& help(std::string s) { return f_.help = std::move(s), *this; }
    Row& unit(std::string s) { return f_.unit = std::move(s), *this; }
    Row& metavar(std::string s) { return f_.metavar = std::move(s), *this; }
    Row& alias(std::string s) { return f_.aliases.push_back(std::move(s)), *this; }
    Row& fallback(OJson v) { return f_.default_value = std::move(v), *this; }
    Row& range(double lo, double hi) { return f_.min = lo, f_.max = hi, *this; }
    Row& unlimited() { return f_.inf_allowed = true, *this; }
    Row& automatic(std::string word, std::string means) {
        f_.auto_word = std::move(word);
        f_.auto_means = std::move(means);
        return *this;
    }
    Row& choice(std::string value, std::string about) {
        return f_.choices.emplace_back(std::move(value), std::move(about)), *this;
    }
    Row& parts(std::vector<std::string> p) { return f_.parts = std::move(p), *this; }
    Row& invocation() { return f_.scope = FieldScope::Invocation, *this; }
    operator RunField() const { return f_; }  // NOLINT: a row reads as its field

  private:
    RunField f_;
};

using K = FieldKind;
using G = FieldGroup;
using C = RunConfig;

// The bounds keep every product the model forms far inside 64 bits while
// leaving room beyond any real accelerator (docs/run-config.md).
constexpr double kMaxBatch = 65536;
constexpr double kMaxWordBits = 64;
constexpr double kMaxNodesSide = 64;
constexpr double kMaxArraySide = 1024;
constexpr double kMaxRegfBytes = 1 << 30;
constexpr double kMaxGbufBytes = 1099511627776.;  // 1 TiB
constexpr double kMaxBusBits = 1 << 20;
constexpr double kMinDramBw = 1e-6;
constexpr double kMaxDramBw = 1e9;
constexpr double kMaxCost = 1e15;
constexpr double kMaxTop = 64;
constexpr double kMaxProcesses = 1024;

std::vector<RunField> make_fields() {
    std::vector<RunField> t = {
        Row("network", K::Network, G::Network, &C::network)
            .label("Network")
            .metavar("NET|FILE.json")
            .help("a built-in network (alex_net, ...) or a network document (nns/README.md)"),
        Row("batch", K::Integer, G::Network, &C::batch)
            .label("Batch size")
            .metavar("N")
            .range(1, kMaxBatch)
            .help("inputs processed together; more of them reuse each filter more"),
        Row("word", K::Integer, G::Hardware, &C::word)
            .label("Word size")
            .unit("bits")
            .metavar("BITS")
            .range(1, kMaxWordBits)
            .fallback(16)
            .help("bits per data word; a buffer of the same bytes holds fewer long words"),
        Row("nodes", K::Pair, G::Hardware, &C::nodes)
            .label("Node grid")
            .metavar("H W")
            .parts({"rows", "columns"})
            .range(1, kMaxNodesSide)
            .help("rows and columns of accelerator nodes (chips or memory vaults)"),
        Row("array", K::Pair, G::Hardware, &C::array)
            .label("PE array per node")
            .metavar("H W")
            .parts({"rows", "columns"})
            .range(1, kMaxArraySide)
            .help("rows and columns of processing elements in each node"),
        Row("regf", K::Integer, G::Hardware, &C::regf)
            .label("Register file per PE")
            .unit("bytes")
            .metavar("BYTES")
            .range(1, kMaxRegfBytes)
            .help("each PE's scratchpad for inputs, filters and partial sums"),
        Row("gbuf", K::Integer, G::Hardware, &C::gbuf)
            .label("Global buffer per node")
            .unit("bytes")
            .metavar("BYTES")
            .range(1, kMaxGbufBytes)
            .help("the on-chip SRAM shared by a node's PEs"),
        Row("bus_width", K::Integer, G::Hardware, &C::bus_width)
            .label("Array bus width")
            .unit("bits")
            .metavar("BITS")
            .range(0, kMaxBusBits)
            .fallback(0)
            .help("width of the buses that feed the PE array; 0 = unlimited"),
        Row("dram_bw", K::Number, G::Hardware, &C::dram_bw)
            .label("DRAM bandwidth")
            .unit("bytes/cycle")
            .metavar("BYTES")
            .range(kMinDramBw, kMaxDramBw)
            .unlimited()
            .fallback("inf")
            .help("memory bandwidth of the whole chip; inf = only compute time counts"),
        Row("mem_type", K::Choice, G::Hardware, &C::mem_type)
            .label("Memory")
            .metavar("2D|3D")
            .choice("2D", "memory channels on the four corners of the node grid")
            .choice("3D", "memory stacked above every node (TETRIS)")
            .fallback("2D")
            .help("where the memory channels are"),
        Row("op_cost", K::Number, G::Cost, &C::op_cost)
            .label("MAC operation")
            .metavar("C")
            .range(0, kMaxCost)
            .fallback(1)
            .help("energy of one multiply-accumulate"),
        Row("hier_cost", K::Numbers, G::Cost, &C::hier_cost)
            .label("Memory access")
            .metavar("DRAM GBUF ITCN REGF")
            .parts({"DRAM", "global buffer", "array interconnect", "register file"})
            .range(0, kMaxCost)
            .fallback(OJson::array({200, 6, 2, 1}))
            .help("energy of one word accessed at each level of the memory hierarchy"),
        Row("hop_cost", K::Number, G::Cost, &C::hop_cost)
            .label("NoC hop")
            .metavar("C")
            .range(0, kMaxCost)
            .fallback(10)
            .help("energy of one word travelling one hop between nodes"),
        Row("unit_idle_cost", K::Number, G::Cost, &C::unit_idle_cost)
            .label("Static per cycle")
            .metavar("C")
            .range(0, kMaxCost)
            .fallback(0)
            .help("static (leakage) energy of all nodes per cycle"),
        Row("disable_bypass", K::Letters, G::Options, &C::disable_bypass)
            .label("May not bypass the global buffer")
            .metavar("[i] [o] [f]")
            .choice("i", "input fmaps")
            .choice("o", "output fmaps")
            .choice("f", "filters")
            .fallback(OJson::array())
            .help("data that must pass through the global buffer on the way to the PEs"),
        Row("solve_loopblocking", K::Switch, G::Options, &C::solve_loopblocking)
            .label("Loop-blocking solver")
            .help("the analytical solver (TETRIS) instead of the exhaustive search: faster, "
                  "nearly as good"),
        Row("enable_access_forwarding", K::Switch, G::Options, &C::enable_access_forwarding)
            .label("Access forwarding")
            .help("nodes fetch disjoint parts of shared data and forward them to each other"),
        Row("enable_gbuf_sharing", K::Switch, G::Options, &C::enable_gbuf_sharing)
            .label("Buffer sharing")
            .help("nodes share their global buffers over the NoC (Tangram); implies access "
                  "forwarding"),
        Row("enable_save_writeback", K::Switch, G::Options, &C::enable_save_writeback)
            .label("Save writeback")
            .help("keep the fmaps between layers on chip when they fit, instead of writing "
                  "them to DRAM"),
        Row("disable_interlayer_opt", K::Switch, G::Options, &C::disable_interlayer_opt)
            .label("Basic inter-layer pipelining only")
            .alias("--basic-interlayer-partition")
            .help("skip Tangram's inter-layer optimizations; plain pipelining only"),
        Row("hybrid_partition", K::Switch, G::Options, &C::hybrid_partition)
            .label("Hybrid partitioning")
            .alias("--hybrid-partition2d")
            .help("split a layer over nodes by fmap area and output channels together"),
        Row("batch_partition", K::Switch, G::Options, &C::batch_partition)
            .label("Batch partitioning")
            .help("also split a layer over nodes by batch"),
        Row("ifmaps_partition", K::Switch, G::Options, &C::ifmaps_partition)
            .label("Input-channel partitioning")
            .alias("--ifmap-partition")
            .help("also split a layer over nodes by input channels (needs hybrid partitioning)"),
        Row("interlayer_partition", K::Switch, G::Options, &C::interlayer_partition)
            .label("Inter-layer pipelining")
            .alias("--inter-layer-partition")
            .help("run several layers at once on parts of the node grid, passing fmaps on "
                  "chip (Tangram)"),
        Row("layer_pipeline_time_overhead", K::Number, G::Options, &C::layer_pipeline_time_overhead)
            .label("Pipeline time overhead limit")
            .metavar("X")
            .range(0, kMaxCost)
            .unlimited()
            .fallback("inf")
            .help("largest share of extra time a pipeline segment may add; inf = any"),
        Row("layer_pipeline_max_degree", K::Number, G::Options, &C::layer_pipeline_max_degree)
            .label("Pipeline degree limit")
            .metavar("N")
            .range(0, kMaxCost)
            .unlimited()
            .fallback("inf")
            .help("most layers in one pipeline segment; inf = any"),
        Row("goal", K::Choice, G::Search, &C::goal)
            .label("Goal")
            .alias("-g")
            .metavar("e|d|ed")
            .choice("e", "least energy")
            .choice("d", "least delay")
            .choice("ed", "least energy x delay")
            .fallback("e")
            .help("what the search minimizes"),
        Row("top", K::Integer, G::Search, &C::top)
            .label("Schedules kept per step")
            .alias("-t")
            .metavar("N")
            .range(1, kMaxTop)
            .fallback(1)
            .help("partial schedules kept between layers: slower, sometimes better"),
        Row("processes", K::Integer, G::Search, &C::processes)
            .invocation()
            .label("Threads")
            .alias("-p")
            .metavar("N")
            .range(1, kMaxProcesses)
            .automatic("all", "every core of the machine")
            .fallback("all")
            .help("threads the search runs on, at most the machine's cores; the answer is "
                  "the same for any number"),
        Row("verbose", K::Switch, G::Search, &C::verbose)
            .invocation()
            .label("Verbose")
            .alias("-v")
            .help("report progress and notes on stderr"),
    };
    return t;
}

}  // namespace

std::string RunField::flag() const {
    if (kind == FieldKind::Network) return "NET";
    std::string f = "--" + name;
    std::replace(f.begin(), f.end(), '_', '-');
    return f;
}

const std::vector<RunField>& run_fields() {
    static const std::vector<RunField> fields = make_fields();
    return fields;
}

const RunField* find_run_field(std::string_view name) {
    for (const auto& f : run_fields())
        if (f.name == name) return &f;
    return nullptr;
}

const RunField* run_field_of_path(std::string_view path) {
    const size_t end = path.find_first_of(".[");
    return find_run_field(path.substr(0, end));
}

std::string flag_of_path(std::string_view path) {
    const RunField* f = run_field_of_path(path);
    return f ? f->flag() : std::string(path);
}

std::string number_text(double v) {
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    if (v == std::floor(v) && std::fabs(v) < 1e13) return std::to_string(static_cast<i64>(v));
    // The shortest %g form that reads back the same: 1e+15, 1e-06, 0.5.
    char buf[32];
    for (int prec = 1; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

const char* field_kind_name(FieldKind k) {
    switch (k) {
        case FieldKind::Network:
            return "network";
        case FieldKind::Integer:
            return "integer";
        case FieldKind::Number:
            return "number";
        case FieldKind::Pair:
            return "pair";
        case FieldKind::Numbers:
            return "numbers";
        case FieldKind::Choice:
            return "choice";
        case FieldKind::Letters:
            return "letters";
        case FieldKind::Switch:
            return "switch";
    }
    return "?";
}

const char* field_group_name(FieldGroup g) {
    switch (g) {
        case FieldGroup::Network:
            return "network";
        case FieldGroup::Hardware:
            return "hardware";
        case FieldGroup::Cost:
            return "cost";
        case FieldGroup::Options:
            return "options";
        case FieldGroup::Search:
            return "search";
    }
    return "?";
}

}  // namespace nndf
