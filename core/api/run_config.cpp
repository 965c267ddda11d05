#include "core/api/run_config.h"

#include <cmath>
#include <set>

#include "core/formats/builtin_networks.h"
#include "core/formats/network_json.h"
#include "core/util/error.h"

namespace nndf {

namespace {

/// Largest node grid and PE array side we accept: far beyond any real chip,
/// small enough to keep the search bounded.
constexpr i64 kMaxNodesSide = 64;
constexpr i64 kMaxArraySide = 1024;

std::string f(const std::string& prefix, const std::string& name) {
    if (prefix == "--") {
        std::string n = name;
        for (auto& c : n)
            if (c == '_') c = '-';
        return "--" + n;
    }
    return prefix + name;
}

}  // namespace

void RunConfig::validate(const std::string& p) const {
    auto positive = [&](i64 v, const char* name) {
        if (v <= 0)
            throw InputError(f(p, name), "must be a positive integer, got " + std::to_string(v));
    };
    // A flag names the pair (--nodes); a document names the element (nodes[1]).
    auto elem = [&](const char* name, int i) {
        return p == "--" ? f(p, name) : f(p, name) + "[" + std::to_string(i) + "]";
    };
    auto positive_pair = [&](PhyDim2 v, const char* name, i64 max_side, const char* what) {
        for (int i = 0; i < 2; ++i) {
            if (v[i] <= 0) {
                throw InputError(elem(name, i),
                                 "must be a positive integer, got " + std::to_string(v[i]));
            }
            if (v[i] > max_side) {
                throw InputError(elem(name, i), "at most " + std::to_string(max_side) + " " + what +
                                                    " per side, got " + std::to_string(v[i]));
            }
        }
    };
    positive(batch, "batch");
    positive(word, "word");
    positive_pair(nodes, "nodes", kMaxNodesSide, "nodes");
    positive_pair(array, "array", kMaxArraySide, "PEs");
    const i64 word_bytes = (word + 7) / 8;
    positive(regf, "regf");
    positive(gbuf, "gbuf");
    if (regf / word_bytes < 1) throw InputError(f(p, "regf"), "must hold at least one word");
    if (gbuf / word_bytes < 1) throw InputError(f(p, "gbuf"), "must hold at least one word");
    if (bus_width < 0) throw InputError(f(p, "bus_width"), "must be 0 (unlimited) or positive");
    if (std::isnan(dram_bw) || !(dram_bw > 0)) {
        throw InputError(f(p, "dram_bw"), "must be a positive number of bytes per cycle");
    }
    if (mem_type != "2D" && mem_type != "3D") {
        throw InputError(f(p, "mem_type"), "must be 2D or 3D, got '" + mem_type + "'");
    }
    auto cost_ok = [&](double v, const std::string& name) {
        if (!std::isfinite(v) || v < 0) {
            throw InputError(f(p, name), "must be a finite non-negative number");
        }
    };
    cost_ok(op_cost, "op_cost");
    for (int i = 0; i < 4; ++i)
        cost_ok(hier_cost[i], p == "--" ? "hier_cost" : "hier_cost[" + std::to_string(i) + "]");
    cost_ok(hop_cost, "hop_cost");
    cost_ok(unit_idle_cost, "unit_idle_cost");
    for (char c : disable_bypass) {
        if (c != 'i' && c != 'o' && c != 'f') {
            throw InputError(f(p, "disable_bypass"),
                             std::string("unknown data category '") + c + "' (use i, o or f)");
        }
    }
    if (std::isnan(layer_pipeline_time_overhead) || layer_pipeline_time_overhead < 0) {
        throw InputError(f(p, "layer_pipeline_time_overhead"), "must be a non-negative number");
    }
    if (std::isnan(layer_pipeline_max_degree) || layer_pipeline_max_degree < 0) {
        throw InputError(f(p, "layer_pipeline_max_degree"), "must be a non-negative number");
    }
    parse_opt_goal(goal, f(p, "goal"));
    positive(top, "top");
    positive(processes, "processes");
    // The reference's option rules, named by the flag that breaks them.
    try {
        options().validate();
    } catch (const InputError& e) {
        static const std::pair<const char*, const char*> names[] = {
            {"hw_gbuf_sharing", "enable_gbuf_sharing"},
            {"hw_gbuf_save_writeback", "enable_save_writeback"},
            {"partition_ifmaps", "ifmaps_partition"}};
        std::string field = e.path();
        for (const auto& [from, to] : names)
            if (field == from) field = to;
        throw InputError(f(p, field), e.message());
    }
}

Network RunConfig::load_network() const {
    if (network_doc) {
        try {
            return network_from_json(*network_doc);
        } catch (const InputError& e) {
            throw e.nested("network");
        }
    }
    return load_builtin_network(net);
}

Resource RunConfig::resource() const {
    const i64 word_bytes = (word + 7) / 8;
    Resource r;
    r.proc_region = NodeRegion::make(nodes, {0, 0}, NodeRegion::PROC);
    NodeRegion data;
    if (mem_type == "2D") {
        // Memory channels on the four corners of the node grid.
        data = NodeRegion::make({2, 2}, {0, 0}, NodeRegion::DRAM, nodes - PhyDim2(1, 1));
    } else {
        data = NodeRegion::make(nodes, {0, 0}, NodeRegion::DRAM);
    }
    r.dram_region = data;
    r.src_data_region = data;
    r.dst_data_region = data;
    r.dim_array = array;
    r.size_gbuf = gbuf / word_bytes;
    r.size_regf = regf / word_bytes;
    const i64 bus = bus_width / word;
    r.array_bus_width = bus ? static_cast<double>(bus) : kInf;
    r.dram_bandwidth = dram_bw / static_cast<double>(word_bytes);
    r.no_time_mux = false;
    return r;
}

Cost RunConfig::cost() const {
    Cost c;
    c.mac_op = op_cost;
    c.mem_hier = hier_cost;
    c.noc_hop = hop_cost;
    c.idl_unit = unit_idle_cost;
    return c;
}

Option RunConfig::options() const {
    Option o;
    o.sw_gbuf_bypass = {disable_bypass.find('f') == std::string::npos,
                        disable_bypass.find('i') == std::string::npos,
                        disable_bypass.find('o') == std::string::npos};
    o.sw_solve_loopblocking = solve_loopblocking;
    o.hw_access_forwarding = enable_access_forwarding;
    o.hw_gbuf_sharing = enable_gbuf_sharing;
    o.hw_gbuf_save_writeback = enable_save_writeback;
    o.partition_hybrid = hybrid_partition;
    o.partition_batch = batch_partition;
    o.partition_ifmaps = ifmaps_partition;
    o.partition_interlayer = interlayer_partition;
    o.layer_pipeline_time_ovhd = layer_pipeline_time_overhead;
    o.layer_pipeline_max_degree = layer_pipeline_max_degree;
    o.layer_pipeline_opt = !disable_interlayer_opt;
    o.opt_goal = parse_opt_goal(goal, "goal");
    o.ntops = top;
    o.nprocesses = processes;
    o.verbose = verbose;
    return o;
}

namespace {

i64 as_int(const OJson& v, const std::string& path) {
    if (v.is_number_integer() || v.is_number_unsigned()) return v.get<i64>();
    if (v.is_number_float()) {
        double d = v.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15)
            return static_cast<i64>(d);
        throw InputError(path, "must be an integer, got " + py_float_repr(d));
    }
    throw InputError(path, "must be an integer, got " + json_kind(v));
}

double as_number(const OJson& v, const std::string& path) {
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        if (s == "inf" || s == "Infinity") return kInf;
    }
    throw InputError(path, "must be a number, got " + json_kind(v));
}

bool as_bool(const OJson& v, const std::string& path) {
    if (v.is_boolean()) return v.get<bool>();
    throw InputError(path, "must be true or false, got " + json_kind(v));
}

PhyDim2 as_pair(const OJson& v, const std::string& path) {
    if (!v.is_array() || v.size() != 2) throw InputError(path, "must be a pair [h, w]");
    return {as_int(v[0], path + "[0]"), as_int(v[1], path + "[1]")};
}

void check_keys(const OJson& obj, const std::set<std::string>& allowed, const std::string& where) {
    if (!obj.is_object()) throw InputError(where, "must be an object, got " + json_kind(obj));
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (!allowed.count(it.key())) {
            throw InputError((where.empty() ? "" : where + ".") + it.key(), "unknown field");
        }
    }
}

}  // namespace

RunConfig run_config_from_json(const OJson& doc) {
    RunConfig c;
    check_keys(doc,
               {"format", "network", "batch", "word", "nodes", "array", "regf", "gbuf", "bus_width",
                "dram_bw", "mem_type", "cost", "options"},
               "");
    auto req = [&](const char* k) -> const OJson& {
        auto it = doc.find(k);
        if (it == doc.end()) throw InputError(k, "is missing");
        return *it;
    };
    const OJson& net = req("network");
    if (net.is_string()) {
        c.net = net.get<std::string>();
        if (!builtin_network_json(c.net)) {
            try {
                load_builtin_network(c.net);
            } catch (const InputError& e) {
                throw InputError("network", e.message());
            }
        }
    } else if (net.is_object()) {
        c.network_doc = net;
        auto n = net.find("name");
        c.net = (n != net.end() && n->is_string()) ? n->get<std::string>() : "custom";
    } else {
        throw InputError("network", "must be a built-in network name or a network object");
    }
    c.batch = as_int(req("batch"), "batch");
    if (auto it = doc.find("word"); it != doc.end()) c.word = as_int(*it, "word");
    c.nodes = as_pair(req("nodes"), "nodes");
    c.array = as_pair(req("array"), "array");
    c.regf = as_int(req("regf"), "regf");
    c.gbuf = as_int(req("gbuf"), "gbuf");
    if (auto it = doc.find("bus_width"); it != doc.end()) c.bus_width = as_int(*it, "bus_width");
    if (auto it = doc.find("dram_bw"); it != doc.end() && !it->is_null()) {
        c.dram_bw = as_number(*it, "dram_bw");
    }
    if (auto it = doc.find("mem_type"); it != doc.end()) {
        if (!it->is_string()) throw InputError("mem_type", "must be \"2D\" or \"3D\"");
        c.mem_type = it->get<std::string>();
    }
    if (auto it = doc.find("cost"); it != doc.end()) {
        const OJson& co = *it;
        check_keys(co, {"op", "hier", "hop", "unit_idle"}, "cost");
        if (auto x = co.find("op"); x != co.end()) {
            c.op_cost = as_number(*x, "cost.op");
            c.op_cost_given = true;
        }
        if (auto x = co.find("hier"); x != co.end()) {
            if (!x->is_array() || x->size() != 4) {
                throw InputError("cost.hier",
                                 "must be a list of 4 numbers (DRAM, GBUF, ITCN, REGF)");
            }
            for (size_t i = 0; i < 4; ++i) {
                c.hier_cost[i] = as_number((*x)[i], "cost.hier[" + std::to_string(i) + "]");
            }
            c.hier_cost_given = true;
        }
        if (auto x = co.find("hop"); x != co.end()) {
            c.hop_cost = as_number(*x, "cost.hop");
            c.hop_cost_given = true;
        }
        if (auto x = co.find("unit_idle"); x != co.end()) {
            c.unit_idle_cost = as_number(*x, "cost.unit_idle");
            c.unit_idle_cost_given = true;
        }
    }
    if (auto it = doc.find("options"); it != doc.end()) {
        const OJson& o = *it;
        check_keys(
            o,
            {"disable_bypass", "solve_loopblocking", "enable_access_forwarding",
             "enable_gbuf_sharing", "enable_save_writeback", "disable_interlayer_opt",
             "hybrid_partition", "batch_partition", "ifmaps_partition", "interlayer_partition",
             "layer_pipeline_time_overhead", "layer_pipeline_max_degree", "goal", "top"},
            "options");
        auto b = [&](const char* k, bool& dst) {
            if (auto x = o.find(k); x != o.end()) dst = as_bool(*x, std::string("options.") + k);
        };
        if (auto x = o.find("disable_bypass"); x != o.end()) {
            if (!x->is_array())
                throw InputError("options.disable_bypass", "must be a list of \"i\", \"o\", \"f\"");
            for (size_t i = 0; i < x->size(); ++i) {
                const OJson& v = (*x)[i];
                const std::string path = "options.disable_bypass[" + std::to_string(i) + "]";
                if (!v.is_string() || (v.get<std::string>() != "i" && v.get<std::string>() != "o" &&
                                       v.get<std::string>() != "f")) {
                    throw InputError(path, "must be \"i\", \"o\" or \"f\"");
                }
                c.disable_bypass += v.get<std::string>();
            }
        }
        b("solve_loopblocking", c.solve_loopblocking);
        b("enable_access_forwarding", c.enable_access_forwarding);
        b("enable_gbuf_sharing", c.enable_gbuf_sharing);
        b("enable_save_writeback", c.enable_save_writeback);
        b("disable_interlayer_opt", c.disable_interlayer_opt);
        b("hybrid_partition", c.hybrid_partition);
        b("batch_partition", c.batch_partition);
        b("ifmaps_partition", c.ifmaps_partition);
        b("interlayer_partition", c.interlayer_partition);
        if (auto x = o.find("layer_pipeline_time_overhead"); x != o.end() && !x->is_null()) {
            c.layer_pipeline_time_overhead = as_number(*x, "options.layer_pipeline_time_overhead");
        }
        if (auto x = o.find("layer_pipeline_max_degree"); x != o.end() && !x->is_null()) {
            c.layer_pipeline_max_degree = as_number(*x, "options.layer_pipeline_max_degree");
        }
        if (auto x = o.find("goal"); x != o.end()) {
            if (!x->is_string()) throw InputError("options.goal", "must be \"e\", \"d\" or \"ed\"");
            c.goal = x->get<std::string>();
        }
        if (auto x = o.find("top"); x != o.end()) c.top = as_int(*x, "options.top");
    }
    // Fields the document nests are checked under their JSON paths.
    static const std::pair<const char*, const char*> paths[] = {
        {"op_cost", "cost.op"},
        {"hier_cost", "cost.hier"},
        {"hop_cost", "cost.hop"},
        {"unit_idle_cost", "cost.unit_idle"},
        {"disable_bypass", "options.disable_bypass"},
        {"solve_loopblocking", "options.solve_loopblocking"},
        {"enable_access_forwarding", "options.enable_access_forwarding"},
        {"enable_gbuf_sharing", "options.enable_gbuf_sharing"},
        {"enable_save_writeback", "options.enable_save_writeback"},
        {"ifmaps_partition", "options.ifmaps_partition"},
        {"layer_pipeline_time_overhead", "options.layer_pipeline_time_overhead"},
        {"layer_pipeline_max_degree", "options.layer_pipeline_max_degree"},
        {"goal", "options.goal"},
        {"top", "options.top"}};
    try {
        c.validate("");
    } catch (const InputError& e) {
        // Also indexed paths: hier_cost[2] -> cost.hier[2].
        for (const auto& [from, to] : paths) {
            const std::string& ep = e.path();
            const size_t n = std::char_traits<char>::length(from);
            if (ep.compare(0, n, from) == 0 && (ep.size() == n || ep[n] == '[')) {
                throw InputError(to + ep.substr(n), e.message());
            }
        }
        throw;
    }
    return c;
}

}  // namespace nndf
