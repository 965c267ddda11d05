#include "core/formats/result_reader.h"

#include "core/util/error.h"

namespace nndf {

namespace {

const OJson& member(const OJson& j, const char* key, const std::string& path) {
    if (!j.is_object()) throw InputError(path, "must be an object, got " + json_kind(j));
    const auto it = j.find(key);
    if (it == j.end()) throw InputError(path.empty() ? key : path + "." + key, "is missing");
    return *it;
}

const OJson& element(const OJson& j, size_t i, size_t size, const std::string& path) {
    if (!j.is_array() || j.size() != size) {
        throw InputError(
            path, "must be a list of " + std::to_string(size) + ", got " +
                      (j.is_array() ? "a list of " + std::to_string(j.size()) : json_kind(j)));
    }
    return j[i];
}

i64 integer(const OJson& j, const std::string& path) {
    if (!j.is_number_integer()) throw InputError(path, "must be an integer, got " + json_kind(j));
    return j.get<i64>();
}

PhyDim2 dim(const OJson& j, const std::string& path) {
    return {integer(element(j, 0, 2, path), path + "[0]"),
            integer(element(j, 1, 2, path), path + "[1]")};
}

template <size_t N, size_t M>
std::array<std::array<i64, M>, N> matrix(const OJson& j, const std::string& path) {
    std::array<std::array<i64, M>, N> out{};
    for (size_t a = 0; a < N; ++a) {
        const std::string pa = path + "[" + std::to_string(a) + "]";
        const OJson& row = element(j, a, N, path);
        for (size_t b = 0; b < M; ++b)
            out[a][b] = integer(element(row, b, M, pa), pa + "[" + std::to_string(b) + "]");
    }
    return out;
}

}  // namespace

NodeRegion read_node_region(const OJson& j, const std::string& path) {
    auto at = [&](size_t i) -> const OJson& { return element(j, i, 6, path); };
    const i64 type = integer(at(3), path + "[3]");
    if (type != NodeRegion::PROC && type != NodeRegion::DRAM) {
        throw InputError(path + "[3]", "must be 0 (processing) or 1 (memory)");
    }
    try {
        return NodeRegion::make_folded(dim(at(0), path + "[0]"), dim(at(1), path + "[1]"),
                                       dim(at(2), path + "[2]"),
                                       static_cast<NodeRegion::Type>(type),
                                       integer(at(4), path + "[4]"), integer(at(5), path + "[5]"));
    } catch (const InputError& e) {
        throw InputError(path, e.message());
    }
}

PartitionScheme read_partition_scheme(const OJson& j, const std::string& path) {
    std::array<int, pe::NUM> order{};
    std::array<PhyDim2, pe::NUM> pdims{};
    const OJson& o = element(j, 0, 2, path);
    const OJson& d = element(j, 1, 2, path);
    for (size_t p = 0; p < pe::NUM; ++p) {
        const std::string pp = path + "[1][" + std::to_string(p) + "]";
        order[p] = static_cast<int>(
            integer(element(o, p, pe::NUM, path + "[0]"), path + "[0][" + std::to_string(p) + "]"));
        pdims[p] = dim(element(d, p, pe::NUM, path + "[1]"), pp);
    }
    try {
        return PartitionScheme::make(order, pdims);
    } catch (const InputError& e) {
        throw InputError(path + "[0]", e.message());
    }
}

ResultSummary read_result_summary(const OJson& result) {
    ResultSummary r;
    const OJson& net = member(result, "net", "");
    if (!net.is_string()) throw InputError("net", "must be a string, got " + json_kind(net));
    r.net = net.get<std::string>();
    r.batch = integer(member(result, "batch", ""), "batch");
    const OJson& res = member(result, "resource", "");
    r.proc_region =
        read_node_region(member(res, "proc_region", "resource"), "resource.proc_region");
    r.dram_region =
        read_node_region(member(res, "dram_region", "resource"), "resource.dram_region");
    r.dim_array = dim(member(res, "dim_array", "resource"), "resource.dim_array");
    const OJson& scheds = member(result, "schedules", "");
    if (!scheds.is_object()) throw InputError("schedules", "must be an object");
    for (auto it = scheds.begin(); it != scheds.end(); ++it) {
        const std::string path = "schedules." + it.key();
        ScheduledLayer l;
        l.name = it.key();
        const OJson& scheme = element(*it, 0, 3, path);
        const std::string sp = path + "[0]";
        l.part = read_partition_scheme(member(scheme, "part", sp), sp + ".part");
        l.num_nodes = integer(member(scheme, "num_nodes", sp), sp + ".num_nodes");
        l.tvals = matrix<3, 3>(member(scheme, "tvals", sp), sp + ".tvals");
        l.orders = matrix<2, 3>(member(scheme, "orders", sp), sp + ".orders");
        const OJson& seq = element(*it, 2, 3, path);
        for (size_t k = 0; k < 3; ++k)
            l.sched_seq[k] =
                integer(element(seq, k, 3, path + "[2]"), path + "[2][" + std::to_string(k) + "]");
        r.layers.push_back(std::move(l));
    }
    return r;
}

const ScheduledLayer& ResultSummary::layer(const std::string& name) const {
    for (const auto& l : layers)
        if (l.name == name) return l;
    throw InputError("layer", "the result has no layer '" + name + "'");
}

}  // namespace nndf
