#include "core/formats/result_reader.h"

#include <algorithm>

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

i64 at_least(const OJson& j, i64 least, const std::string& path) {
    const i64 v = integer(j, path);
    if (v < least) {
        throw InputError(
            path, std::string(least > 0 ? "must be positive" : "must not be negative") + ", got " +
                      std::to_string(v));
    }
    return v;
}

PhyDim2 dim(const OJson& j, const std::string& path) {
    return {integer(element(j, 0, 2, path), path + "[0]"),
            integer(element(j, 1, 2, path), path + "[1]")};
}

/// A size: both values at least 1.
PhyDim2 size_dim(const OJson& j, const std::string& path) {
    return {at_least(element(j, 0, 2, path), 1, path + "[0]"),
            at_least(element(j, 1, 2, path), 1, path + "[1]")};
}

template <size_t N>
std::string list_text(const std::array<i64, N>& v) {
    std::string s;
    for (i64 x : v) s += (s.empty() ? "[" : ", ") + std::to_string(x);
    return s + "]";
}

/// An order (partitioning or loops) must be a permutation of 0..N-1: code
/// that reads it indexes by its values.
template <size_t N>
void require_permutation(const std::array<i64, N>& given, const std::string& path) {
    std::array<i64, N> sorted = given;
    std::sort(sorted.begin(), sorted.end());
    for (size_t i = 0; i < N; ++i) {
        if (sorted[i] != static_cast<i64>(i)) {
            throw InputError(path, "must be a permutation of 0 to " + std::to_string(N - 1) +
                                       ", got " + list_text(given));
        }
    }
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

double number(const OJson& j, const std::string& path) {
    if (!j.is_number()) throw InputError(path, "must be a number, got " + json_kind(j));
    return j.get<double>();
}

template <size_t N, size_t M>
std::array<std::array<double, M>, N> number_matrix(const OJson& j, const std::string& path) {
    std::array<std::array<double, M>, N> out{};
    for (size_t a = 0; a < N; ++a) {
        const std::string pa = path + "[" + std::to_string(a) + "]";
        const OJson& row = element(j, a, N, path);
        for (size_t b = 0; b < M; ++b)
            out[a][b] = number(element(row, b, M, pa), pa + "[" + std::to_string(b) + "]");
    }
    return out;
}

LayerStats read_layer_stats(const OJson& scheme, const std::string& sp) {
    LayerStats s;
    s.ops = number(member(scheme, "ops", sp), sp + ".ops");
    s.time = number(member(scheme, "time", sp), sp + ".time");
    s.proc_time = integer(member(scheme, "proc_time", sp), sp + ".proc_time");
    s.bus_time = integer(member(scheme, "bus_time", sp), sp + ".bus_time");
    s.dram_time = integer(member(scheme, "dram_time", sp), sp + ".dram_time");
    s.access = number_matrix<4, 3>(member(scheme, "access", sp), sp + ".access");
    const OJson& remote = member(scheme, "remote_gbuf_access", sp);
    for (size_t d = 0; d < 3; ++d) {
        const std::string pd = sp + ".remote_gbuf_access[" + std::to_string(d) + "]";
        s.remote_gbuf_access[d] = number(element(remote, d, 3, sp + ".remote_gbuf_access"), pd);
    }
    s.size = matrix<2, 3>(member(scheme, "size", sp), sp + ".size");
    s.unit_size = matrix<2, 3>(member(scheme, "unit_size", sp), sp + ".unit_size");
    s.fetch = matrix<2, 3>(member(scheme, "fetch", sp), sp + ".fetch");
    const OJson& subgrp = member(scheme, "bufshr_subgrp_size", sp);
    for (size_t d = 0; d < 3; ++d) {
        const std::string pd = sp + ".bufshr_subgrp_size[" + std::to_string(d) + "]";
        s.bufshr_subgrp_size[d] =
            at_least(element(subgrp, d, 3, sp + ".bufshr_subgrp_size"), 1, pd);
    }
    return s;
}

}  // namespace

// The rules of NodeRegion::make_folded and PartitionScheme::make, checked
// here: for the engine a broken one is a bug, for a file a damaged field.
NodeRegion read_node_region(const OJson& j, const std::string& path) {
    auto at = [&](size_t i) -> const OJson& { return element(j, i, 6, path); };
    const i64 type = integer(at(3), path + "[3]");
    if (type != NodeRegion::PROC && type != NodeRegion::DRAM) {
        throw InputError(path + "[3]", "must be 0 (processing) or 1 (memory)");
    }
    const PhyDim2 size = size_dim(at(0), path + "[0]");
    const i64 wtot = at_least(at(4), 1, path + "[4]");
    const i64 wbeg = integer(at(5), path + "[5]");
    if (wbeg == 0 || wbeg < -wtot || wbeg > wtot) {
        throw InputError(path + "[5]", "|wbeg| must be in (0, wtot] = (0, " + std::to_string(wtot) +
                                           "], got " + std::to_string(wbeg));
    }
    return NodeRegion::make_folded(size, dim(at(1), path + "[1]"), dim(at(2), path + "[2]"),
                                   static_cast<NodeRegion::Type>(type), wtot, wbeg);
}

PartitionScheme read_partition_scheme(const OJson& j, const std::string& path) {
    std::array<i64, pe::NUM> given{};
    std::array<PhyDim2, pe::NUM> pdims{};
    const OJson& o = element(j, 0, 2, path);
    const OJson& d = element(j, 1, 2, path);
    for (size_t p = 0; p < pe::NUM; ++p) {
        const std::string pp = path + "[1][" + std::to_string(p) + "]";
        const std::string po = path + "[0][" + std::to_string(p) + "]";
        given[p] = integer(element(o, p, pe::NUM, path + "[0]"), po);
        pdims[p] = size_dim(element(d, p, pe::NUM, path + "[1]"), pp);
    }
    require_permutation(given, path + "[0]");
    std::array<int, pe::NUM> order{};
    for (size_t p = 0; p < pe::NUM; ++p) order[p] = static_cast<int>(given[p]);
    return PartitionScheme::make(order, pdims);
}

ResultSummary read_result_summary(const OJson& result) {
    ResultSummary r;
    const OJson& net = member(result, "net", "");
    if (!net.is_string()) throw InputError("net", "must be a string, got " + json_kind(net));
    r.net = net.get<std::string>();
    r.batch = at_least(member(result, "batch", ""), 1, "batch");
    const OJson& res = member(result, "resource", "");
    r.proc_region =
        read_node_region(member(res, "proc_region", "resource"), "resource.proc_region");
    r.dram_region =
        read_node_region(member(res, "dram_region", "resource"), "resource.dram_region");
    r.dim_array = size_dim(member(res, "dim_array", "resource"), "resource.dim_array");
    r.size_gbuf = at_least(member(res, "size_gbuf", "resource"), 0, "resource.size_gbuf");
    r.size_regf = at_least(member(res, "size_regf", "resource"), 0, "resource.size_regf");
    const OJson& scheds = member(result, "schedules", "");
    if (!scheds.is_object()) throw InputError("schedules", "must be an object");
    for (auto it = scheds.begin(); it != scheds.end(); ++it) {
        const std::string path = "schedules." + it.key();
        ScheduledLayer l;
        l.name = it.key();
        const OJson& scheme = element(*it, 0, 3, path);
        const std::string sp = path + "[0]";
        l.part = read_partition_scheme(member(scheme, "part", sp), sp + ".part");
        l.num_nodes = at_least(member(scheme, "num_nodes", sp), 1, sp + ".num_nodes");
        l.tvals = matrix<3, 3>(member(scheme, "tvals", sp), sp + ".tvals");
        l.orders = matrix<2, 3>(member(scheme, "orders", sp), sp + ".orders");
        for (size_t b = 0; b < l.orders.size(); ++b)
            require_permutation(l.orders[b], sp + ".orders[" + std::to_string(b) + "]");
        l.stats = read_layer_stats(scheme, sp);
        if (scheme.contains("sample_groups"))
            l.sample_groups = at_least(scheme["sample_groups"], 1, sp + ".sample_groups");
        const OJson& seq = element(*it, 2, 3, path);
        for (size_t k = 0; k < 3; ++k)
            l.sched_seq[k] = at_least(element(seq, k, 3, path + "[2]"), 0,
                                      path + "[2][" + std::to_string(k) + "]");
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
