#include "core/formats/result_conditions.h"

#include "core/formats/result_reader.h"
#include "core/util/error.h"

namespace nndf {

namespace {

const OJson& member(const OJson& j, const char* key, const std::string& path) {
    if (!j.is_object()) throw InputError(path, "must be an object, got " + json_kind(j));
    const auto it = j.find(key);
    if (it == j.end()) throw InputError(path + "." + key, "is missing");
    return *it;
}

const OJson& list(const OJson& j, size_t size, const std::string& path) {
    if (!j.is_array() || j.size() != size) {
        throw InputError(
            path, "must be a list of " + std::to_string(size) + ", got " +
                      (j.is_array() ? "a list of " + std::to_string(j.size()) : json_kind(j)));
    }
    return j;
}

i64 integer(const OJson& j, const std::string& path) {
    if (!j.is_number_integer()) throw InputError(path, "must be an integer, got " + json_kind(j));
    return j.get<i64>();
}

double number(const OJson& j, const std::string& path) {
    if (!j.is_number()) throw InputError(path, "must be a number, got " + json_kind(j));
    return j.get<double>();
}

bool boolean(const OJson& j, const std::string& path) {
    if (!j.is_boolean()) throw InputError(path, "must be true or false, got " + json_kind(j));
    return j.get<bool>();
}

PhyDim2 dim(const OJson& j, const std::string& path) {
    list(j, 2, path);
    return {integer(j[0], path + "[0]"), integer(j[1], path + "[1]")};
}

FmapRange fmap_range(const OJson& j, const std::string& path) {
    list(j, 2, path);
    std::array<i64, 4> v[2];
    for (size_t e = 0; e < 2; ++e) {
        const std::string pe = path + "[" + std::to_string(e) + "]";
        list(j[e], 4, pe);
        for (size_t d = 0; d < 4; ++d) {
            v[e][d] = integer(j[e][d], pe + "[" + std::to_string(d) + "]");
            if (v[e][d] < 0) throw InputError(pe, "must not be negative");
        }
    }
    for (size_t d = 0; d < 4; ++d) {
        if (v[0][d] > v[1][d]) throw InputError(path, "must begin before it ends");
    }
    return FmapRange({v[0][0], v[0][1], v[0][2], v[0][3]}, {v[1][0], v[1][1], v[1][2], v[1][3]});
}

}  // namespace

Resource read_result_resource(const OJson& result) {
    const std::string p = "resource";
    const OJson& r = member(result, "resource", "");
    Resource res;
    res.proc_region = read_node_region(member(r, "proc_region", p), p + ".proc_region");
    res.dram_region = read_node_region(member(r, "dram_region", p), p + ".dram_region");
    res.src_data_region = read_node_region(member(r, "src_data_region", p), p + ".src_data_region");
    res.dst_data_region = read_node_region(member(r, "dst_data_region", p), p + ".dst_data_region");
    res.dim_array = dim(member(r, "dim_array", p), p + ".dim_array");
    res.size_gbuf = integer(member(r, "size_gbuf", p), p + ".size_gbuf");
    res.size_regf = integer(member(r, "size_regf", p), p + ".size_regf");
    res.array_bus_width = number(member(r, "array_bus_width", p), p + ".array_bus_width");
    res.dram_bandwidth = number(member(r, "dram_bandwidth", p), p + ".dram_bandwidth");
    res.no_time_mux = boolean(member(r, "no_time_mux", p), p + ".no_time_mux");
    if (res.dim_array.h < 1 || res.dim_array.w < 1)
        throw InputError(p + ".dim_array", "must be positive");
    if (res.size_gbuf < 1) throw InputError(p + ".size_gbuf", "must be positive");
    if (res.size_regf < 1) throw InputError(p + ".size_regf", "must be positive");
    try {
        res.validate();
    } catch (const InternalError& e) {
        throw InputError(p, "is not a valid resource: " + e.problem());
    }
    return res;
}

Cost read_result_cost(const OJson& result) {
    const std::string p = "cost";
    const OJson& c = member(result, "cost", "");
    Cost cost;
    cost.mac_op = number(member(c, "mac_op", p), p + ".mac_op");
    const OJson& hier = list(member(c, "mem_hier", p), me::NUM, p + ".mem_hier");
    for (size_t m = 0; m < me::NUM; ++m)
        cost.mem_hier[m] = number(hier[m], p + ".mem_hier[" + std::to_string(m) + "]");
    cost.noc_hop = number(member(c, "noc_hop", p), p + ".noc_hop");
    cost.idl_unit = number(member(c, "idl_unit", p), p + ".idl_unit");
    try {
        cost.validate();
    } catch (const InternalError& e) {
        throw InputError(p, "is not a valid cost model: " + e.problem());
    }
    return cost;
}

Option read_result_options(const OJson& result) {
    const std::string p = "options";
    const OJson& o = member(result, "options", "");
    auto flag = [&](const char* key) { return boolean(member(o, key, p), p + "." + key); };
    Option opt;
    const OJson& bypass = list(member(o, "sw_gbuf_bypass", p), de::NUM, p + ".sw_gbuf_bypass");
    for (size_t d = 0; d < de::NUM; ++d)
        opt.sw_gbuf_bypass[d] =
            boolean(bypass[d], p + ".sw_gbuf_bypass[" + std::to_string(d) + "]");
    opt.sw_solve_loopblocking = flag("sw_solve_loopblocking");
    opt.hw_access_forwarding = flag("hw_access_forwarding");
    opt.hw_gbuf_sharing = flag("hw_gbuf_sharing");
    opt.hw_gbuf_save_writeback = flag("hw_gbuf_save_writeback");
    opt.partition_hybrid = flag("partition_hybrid");
    opt.partition_batch = flag("partition_batch");
    opt.partition_ifmaps = flag("partition_ifmaps");
    opt.partition_interlayer = flag("partition_interlayer");
    opt.layer_pipeline_time_ovhd =
        number(member(o, "layer_pipeline_time_ovhd", p), p + ".layer_pipeline_time_ovhd");
    opt.layer_pipeline_max_degree =
        number(member(o, "layer_pipeline_max_degree", p), p + ".layer_pipeline_max_degree");
    opt.layer_pipeline_opt = flag("layer_pipeline_opt");
    const OJson& goal = member(o, "opt_goal", p);
    const std::string g = goal.is_string() ? goal.get<std::string>() : "";
    if (g == "e") {
        opt.opt_goal = OptGoal::E;
    } else if (g == "d") {
        opt.opt_goal = OptGoal::D;
    } else if (g == "ed") {
        opt.opt_goal = OptGoal::ED;
    } else {
        throw InputError(p + ".opt_goal", "must be \"e\", \"d\" or \"ed\"");
    }
    opt.ntops = integer(member(o, "ntops", p), p + ".ntops");
    if (opt.ntops < 1) throw InputError(p + ".ntops", "must be positive");
    return opt;
}

DataLayout read_data_layout(const OJson& j, const std::string& path) {
    list(j, 3, path);
    const OJson& frngs = j[0];
    const OJson& regions = j[1];
    const OJson& parts = j[2];
    if (!frngs.is_array() || frngs.empty()) throw InputError(path + "[0]", "must be a list");
    const size_t n = frngs.size();
    list(regions, n, path + "[1]");
    list(parts, n, path + "[2]");
    std::vector<FmapRange> f;
    std::vector<NodeRegion> r;
    std::vector<PartitionScheme> s;
    for (size_t k = 0; k < n; ++k) {
        const std::string i = "[" + std::to_string(k) + "]";
        f.push_back(fmap_range(frngs[k], path + "[0]" + i));
        r.push_back(read_node_region(regions[k], path + "[1]" + i));
        s.push_back(read_partition_scheme(parts[k], path + "[2]" + i));
    }
    // The layout's own rules (ranges meeting, parts fitting their regions)
    // are checked where it is made: a broken one here is the file's fault.
    try {
        return DataLayout::make(std::move(f), std::move(r), std::move(s));
    } catch (const InternalError& e) {
        throw InputError(path, "is not a consistent data layout: " + e.problem());
    }
}

}  // namespace nndf
