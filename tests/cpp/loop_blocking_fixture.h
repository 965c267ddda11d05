// The setting the reference's loop-blocking tests share
// (tests/loop_blocking_test/test_loop_blocking_fixture.py): workloads,
// resources, options, scheme builders, an exhaustive enumerator, and an
// access simulator that walks every loop index and counts buffer misses.
// Buffer sharing is not implemented, so the simulator has no sharing part.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/buf_shr_scheme.h"
#include "core/layer.h"
#include "core/loop_blocking.h"
#include "core/loop_blocking_scheme.h"
#include "core/loop_blocking_solver.h"
#include "core/map_strategy.h"
#include "core/partition.h"

namespace nndf::test {

/// A single-node resource with the given regions and sizes.
inline Resource make_resource(NodeRegion proc, NodeRegion dram, NodeRegion src, NodeRegion dst,
                              PhyDim2 dim_array, i64 size_gbuf, i64 size_regf,
                              bool no_time_mux = false) {
    Resource r;
    r.proc_region = proc;
    r.dram_region = dram;
    r.src_data_region = src;
    r.dst_data_region = dst;
    r.dim_array = dim_array;
    r.size_gbuf = size_gbuf;
    r.size_regf = size_regf;
    r.array_bus_width = kInf;
    r.dram_bandwidth = kInf;
    r.no_time_mux = no_time_mux;
    return r;
}

using Scheme = std::pair<BlockingFactors, LoopOrders>;

/// itertools.permutations(range(3)).
inline const std::array<std::array<int, le::NUM>, 6>& loop_perms() {
    static const std::array<std::array<int, le::NUM>, 6> perms = {
        {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}};
    return perms;
}

inline LoopTriple prod_levels(const BlockingFactors& ts, int from, int to = 3) {
    LoopTriple p{1, 1, 1};
    for (int lvl = from; lvl < to; ++lvl)
        for (int l = 0; l < le::NUM; ++l) p[l] *= ts[lvl][l];
    return p;
}

/// Calls f(index triple) for every iteration of the blocked loop nest, in the
/// order the loops run: level 0, level 1 (each in its order), then the PE
/// level in loop order.
inline void for_each_index(const LoopBlockingScheme& lbs, const std::function<void(const LoopTriple&)>& f) {
    const std::array<LoopTriple, 3> cnt{prod_levels(lbs.bl_ts, 1), prod_levels(lbs.bl_ts, 2),
                                        LoopTriple{1, 1, 1}};
    const std::array<std::array<int, le::NUM>, 3> ords{lbs.bl_ords[0], lbs.bl_ords[1],
                                                       std::array<int, le::NUM>{0, 1, 2}};
    // Loops of one level, outermost first.
    std::array<std::array<int, le::NUM>, 3> outer_first{};
    for (int lvl = 0; lvl < 3; ++lvl) {
        for (int l = 0; l < le::NUM; ++l) outer_first[lvl][le::NUM - 1 - ords[lvl][l]] = l;
    }
    LoopTriple idx{0, 0, 0};
    std::function<void(int, int)> rec = [&](int lvl, int k) {
        if (lvl == 3) {
            f(idx);
            return;
        }
        if (k == le::NUM) {
            rec(lvl + 1, 0);
            return;
        }
        const int l = outer_first[lvl][k];
        for (i64 i = 0; i < lbs.bl_ts[lvl][l]; ++i) {
            idx[l] += i * cnt[lvl][l];
            rec(lvl, k + 1);
            idx[l] -= i * cnt[lvl][l];
        }
    };
    rec(0, 0);
}

/// One buffer level of the simulation: it holds one range of units and
/// passes a miss to the next level.
struct SimBuffer {
    std::array<i64, 2> buf_cnt{1, 1};
    double unit_size = 0;
    bool bypass = false;
    i64 access = 0;  // in units
    std::array<i64, 2> data{-1, -1};

    /// Accesses `cnt` units at `idx`; the units requested from the next level.
    std::array<i64, 2> do_access(const std::array<i64, 2>& idx, const std::array<i64, 2>& cnt,
                                 int read, int write) {
        if (bypass) return cnt;
        access += cnt[0] * cnt[1] * (read + write);
        const std::array<i64, 2> ridx{idx[0] / buf_cnt[0], idx[1] / buf_cnt[1]};
        if (ridx == data) return {0, 0};
        data = ridx;
        return buf_cnt;
    }
    double access_size() const { return static_cast<double>(access) * unit_size; }
};

struct SimAccess {
    std::array<double, de::NUM> dram{}, gbuf{};
};

/// Simulates the DRAM and GBUF accesses of a valid conv scheme without
/// buffer sharing (the reference's _sim_access_conv with sharing off).
inline SimAccess sim_access_conv(const LoopBlockingScheme& lbs) {
    REQUIRE(lbs.is_valid());
    const NestedLoopDesc& nld = *lbs.nld;
    std::array<std::array<int, 2>, de::NUM> dims{};
    for (int d = 0; d < de::NUM; ++d) {
        const auto loops = nld.data_loops[d].loops();
        REQUIRE(loops.size() == 2);
        dims[d] = {loops[0], loops[1]};
    }
    std::array<SimBuffer, de::NUM> drams, gbufs, regfs;
    const std::array<LoopTriple, 3> level_cnt{prod_levels(lbs.bl_ts, 0), prod_levels(lbs.bl_ts, 1),
                                              prod_levels(lbs.bl_ts, 2)};
    for (int d = 0; d < de::NUM; ++d) {
        auto pr = [&](const LoopTriple& c) { return std::array<i64, 2>{c[dims[d][0]], c[dims[d][1]]}; };
        drams[d].buf_cnt = pr(level_cnt[0]);
        drams[d].unit_size = lbs.stored_in_gbuf[d] ? nld.unit_access[me::DRAM][d] : nld.unit_access[me::GBUF][d];
        gbufs[d].buf_cnt = pr(level_cnt[1]);
        gbufs[d].unit_size = nld.unit_access[me::GBUF][d];
        gbufs[d].bypass = !lbs.stored_in_gbuf[d];
        regfs[d].buf_cnt = pr(level_cnt[2]);
        regfs[d].unit_size = nld.unit_access[me::REGF][d];
    }
    const LoopTriple total = level_cnt[0];
    std::vector<char> ofm_psum(static_cast<size_t>(total[le::OFM] * total[le::BAT]), 0);
    for_each_index(lbs, [&](const LoopTriple& idx) {
        for (int d = 0; d < de::NUM; ++d) {
            const std::array<i64, 2> ip{idx[dims[d][0]], idx[dims[d][1]]};
            int read = 1, write = 0;
            if (d == de::OFM) {
                char& seen = ofm_psum[static_cast<size_t>(ip[0] * total[le::BAT] + ip[1])];
                write = 1;
                read = seen ? 1 : 0;
                seen = 1;
            }
            std::array<i64, 2> c{1, 1};
            c = regfs[d].do_access(ip, c, read, write);
            if (!c[0] && !c[1]) continue;
            c = gbufs[d].do_access(ip, c, read, write);
            if (!c[0] && !c[1]) continue;
            drams[d].do_access(ip, c, read, write);
        }
    });
    SimAccess out;
    for (int d = 0; d < de::NUM; ++d) {
        // Python's a * num_nodes // reduction on floats.
        out.dram[d] = std::floor(drams[d].access_size() * static_cast<double>(lbs.num_nodes) /
                                 static_cast<double>(lbs.accfwd_reduction[d]));
        out.gbuf[d] = gbufs[d].access_size() * static_cast<double>(lbs.num_nodes);
    }
    return out;
}

/// The equivalent scheme the skip rule keeps: per level, the innermost
/// non-trivial loop innermost, then the other non-trivial loops, then the
/// trivial ones (each part in loop order); a loop split across two adjacent
/// levels merges into the outer level when it is innermost at the outer level
/// but not at the inner one. Repeated until nothing changes.
inline Scheme regularized_scheme(const BlockingFactors& ts0, const LoopOrders& ords0) {
    BlockingFactors ts = ts0;
    LoopOrders ords = ords0;
    int outer_innermost = -1;
    for (int lvl = 0; lvl < 3; ++lvl) {
        std::vector<int> nt, tr;
        for (int l = 0; l < le::NUM; ++l) (ts[lvl][l] > 1 ? nt : tr).push_back(l);
        int innermost = -1;
        if (lvl < 2) {
            for (int l : nt)
                if (innermost < 0 || ords0[lvl][l] < ords0[lvl][innermost]) innermost = l;
            std::array<int, le::NUM> reg{};
            int o = 0;
            if (innermost >= 0) reg[innermost] = o++;
            for (int l : nt)
                if (l != innermost) reg[l] = o++;
            for (int l : tr) reg[l] = o++;
            ords[lvl] = reg;
        }
        if (!nt.empty()) {
            const bool outer_in_nt = std::find(nt.begin(), nt.end(), outer_innermost) != nt.end();
            if (outer_innermost >= 0 && outer_innermost != innermost && outer_in_nt) {
                ts[lvl - 1][outer_innermost] *= ts[lvl][outer_innermost];
                ts[lvl][outer_innermost] = 1;
            }
            outer_innermost = innermost;
        }
    }
    if (ts == ts0 && ords == ords0) return {ts, ords};
    return regularized_scheme(ts, ords);
}

struct LoopBlockingFixture {
    std::map<std::string, Layer> layer;
    i64 batch_size = 4;
    std::map<std::string, Resource> resource;
    std::map<std::string, NestedLoopDesc> nld;
    PartitionScheme part;  // one node
    std::unique_ptr<BufShrScheme> bufshr;
    std::map<std::string, Option> options;
    SchedulingConstraint none_cstr;
    SchedulingConstraint cstr;
    Cost cost;

    LoopBlockingFixture() {
        layer["BASE"] = Layer::conv(12, 10, {28, 28}, {3, 3});
        layer["LGFIL"] = Layer::conv(2, 4, {28, 28}, {20, 20});
        layer["POOL"] = Layer::pooling(32, {28, 28}, {2, 2});
        layer["PAR"] = Layer::conv(24, 36, {56, 56}, {3, 3});

        const PhyDim2 dim_array(16, 16);
        const NodeRegion proc = NodeRegion::make({1, 1}, {0, 0}, NodeRegion::PROC);
        const NodeRegion data = NodeRegion::make({1, 1}, {0, 0}, NodeRegion::DRAM);
        const i64 big = 1024LL * 1024 * 1024;
        resource["BASE"] = make_resource(proc, data, data, data, dim_array, 65536, 64);
        resource["LG"] = make_resource(proc, data, data, data, dim_array, big, big);
        resource["SM"] = make_resource(proc, data, data, data, dim_array, 4096, 16);
        resource["PAR"] = make_resource(NodeRegion::make({4, 2}, {0, 0}, NodeRegion::PROC), data, data,
                                        data, dim_array, 25000, 64);
        const NodeRegion proc_data = NodeRegion::make({1, 1}, {1, 1}, NodeRegion::PROC);
        resource["SRCNOTDATA"] = make_resource(proc, data, proc_data, data, dim_array, big, big);
        resource["DSTNOTDATA"] = make_resource(proc, data, data, proc_data, dim_array, big, big);
        resource["DATALOCAL"] = make_resource(proc, data, proc, proc, dim_array, big, big);
        resource["FILPIN"] = make_resource(proc, data, data, data, dim_array, big, big, true);

        for (const char* k : {"BASE", "LGFIL", "POOL"}) {
            nld[k] = MapStrategyEyeriss(layer[k], batch_size, 1, dim_array).gen_nested_loop_desc().at(0);
        }
        NestedLoopDesc zf;
        zf.loopcnt = {12, 10, 4};
        zf.usize_gbuf = {0, 1000, 800};
        zf.usize_regf = {0, 3, 1};
        zf.unit_access = {{{0, 1000, 800}, {0, 1000, 800}, {3, 9, 7}, {1, 1, 1}}};
        zf.data_loops = conv_data_loops();
        zf.unit_ops = 1;
        zf.unit_time = 1;
        nld["ZERO_FIL"] = zf;
        NestedLoopDesc zi = zf;
        zi.usize_gbuf = {9, 0, 800};
        zi.usize_regf = {3, 0, 1};
        zi.unit_access = {{{9, 0, 800}, {9, 0, 800}, {3, 9, 7}, {1, 1, 1}}};
        nld["ZERO_IFM"] = zi;

        bufshr = std::make_unique<BufShrScheme>(proc, part, conv_data_loops());

        const i64 all = 1LL << 30;
        auto opt = [&](auto set) {
            Option o;
            o.ntops = all;
            set(o);
            return o;
        };
        options["BASE"] = opt([](Option&) {});
        options["MP"] = opt([](Option& o) { o.nprocesses = 8; });
        options["NTOPS"] = opt([](Option& o) { o.ntops = 10; });
        options["BYP"] = opt([](Option& o) { o.sw_gbuf_bypass = {true, true, true}; });
        options["BYPSOL"] = opt([](Option& o) {
            o.sw_gbuf_bypass = {true, true, true};
            o.sw_solve_loopblocking = true;
        });
        options["ACCFWD"] = opt([](Option& o) { o.hw_access_forwarding = true; });

        cstr.topifm = 1;
        cstr.topbat = 1;

        cost.mac_op = 1;
        cost.mem_hier = {200, 6, 2, 1};
        cost.noc_hop = 50;
        cost.idl_unit = 50;
    }

    static LoopOrders default_ords() { return {std::array<int, 3>{0, 1, 2}, std::array<int, 3>{0, 1, 2}}; }

    LoopBlockingScheme lbs(const BlockingFactors& ts, const LoopOrders& ords = default_ords(),
                           const std::string& wl = "BASE", const std::string& rsrc = "BASE",
                           const std::string& opt = "BASE") {
        return LoopBlockingScheme(nld.at(wl), ts, ords, resource.at(rsrc), *bufshr, options.at(opt));
    }

    /// Every blocking and order of a workload: factors of IFM, OFM, BAT into
    /// three levels, times two level orders.
    std::vector<Scheme> gen_loopblocking_all(const std::string& wl = "BASE") const {
        std::vector<Scheme> out;
        const auto& n = nld.at(wl);
        for (const auto& ti : factorize<3>(n.loopcnt[le::IFM]))
            for (const auto& to : factorize<3>(n.loopcnt[le::OFM]))
                for (const auto& tb : factorize<3>(n.loopcnt[le::BAT]))
                    for (const auto& o0 : loop_perms())
                        for (const auto& o1 : loop_perms()) {
                            BlockingFactors ts;
                            for (int lvl = 0; lvl < 3; ++lvl) ts[lvl] = {ti[lvl], to[lvl], tb[lvl]};
                            out.push_back({ts, {o0, o1}});
                        }
        return out;
    }

    /// Blocking factors per loop over the three levels; one 0 entry per loop
    /// is filled so the product covers the loop count.
    BlockingFactors make_bl_ts(LoopTriple ti, LoopTriple to, LoopTriple tb,
                               const std::string& wl = "BASE") const {
        const auto& n = nld.at(wl);
        auto fill = [](LoopTriple t, i64 total) {
            for (int k = 0; k < 3; ++k) {
                if (t[k] != 0) continue;
                i64 rest = 1;
                for (int j = 0; j < 3; ++j)
                    if (j != k) rest *= t[j];
                t[k] = idivc(total, rest);
                break;
            }
            return t;
        };
        ti = fill(ti, n.loopcnt[le::IFM]);
        to = fill(to, n.loopcnt[le::OFM]);
        tb = fill(tb, n.loopcnt[le::BAT]);
        BlockingFactors ts;
        for (int lvl = 0; lvl < 3; ++lvl) ts[lvl] = {ti[lvl], to[lvl], tb[lvl]};
        return ts;
    }

    /// The nested loop of one node of a partitioned layer.
    NestedLoopDesc part_nld(const PartitionScheme& p, const std::string& wl = "PAR") const {
        const PartitionedLayer pl = p.part_layer(layer.at(wl), batch_size);
        return MapStrategyEyeriss(pl.layer, pl.batch, pl.occupancy, resource.at("PAR").dim_array)
            .gen_nested_loop_desc()
            .at(0);
    }

    /// Every partition of a layer on the PAR nodes (hybrid, batch, ifmaps).
    std::vector<PartitionScheme> gen_all_partition(const std::string& wl = "PAR") const {
        Option o;
        o.partition_hybrid = true;
        o.partition_batch = true;
        o.partition_ifmaps = true;
        o.ntops = 1LL << 30;
        return gen_partition(layer.at(wl), batch_size, resource.at("PAR").proc_region.dim, o);
    }

    /// Sizes of the data of all partitions, padded to whole parts.
    std::array<i64, de::NUM> total_part_size(const PartitionScheme& p, const std::string& wl = "PAR") const {
        const Layer& l = layer.at(wl);
        const i64 nifm = idivc(l.nifm(), p.size_of({pe::INPP})) * p.size_of({pe::INPP});
        const i64 nofm = idivc(l.nofm, p.size_of({pe::OUTP})) * p.size_of({pe::OUTP});
        const PhyDim2 ofmp = p.dim_of({pe::OFMP});
        const i64 hofm = idivc(l.hofm, ofmp.h) * ofmp.h;
        const i64 wofm = idivc(l.wofm, ofmp.w) * ofmp.w;
        const i64 b = idivc(batch_size, p.size_of({pe::BATP})) * p.size_of({pe::BATP});
        const Layer full = Layer::conv(nifm, nofm, {hofm, wofm}, {l.hfil, l.wfil}, {l.htrd, l.wtrd});
        const std::array<i64, de::NUM> s{full.total_filter_size(), full.total_ifmap_size(b),
                                         full.total_ofmap_size(b)};
        CHECK(s[de::FIL] >= l.total_filter_size());
        CHECK(static_cast<double>(s[de::FIL]) < static_cast<double>(l.total_filter_size()) * 1.2 * 1.2);
        CHECK(s[de::OFM] >= l.total_ofmap_size(batch_size));
        CHECK(static_cast<double>(s[de::OFM]) <
              static_cast<double>(l.total_ofmap_size(batch_size)) * 1.2 * 1.2 * 1.2);
        CHECK(s[de::IFM] >= l.total_ifmap_size(batch_size));
        return s;
    }

    /// Buffered words per level and data category of a valid scheme.
    static std::array<std::array<i64, de::NUM>, bl::NUM> lbs_size(const LoopBlockingScheme& l) {
        REQUIRE(l.is_valid());
        std::array<std::array<i64, de::NUM>, bl::NUM> s{};
        for (int b = 0; b < bl::NUM; ++b)
            for (int d = 0; d < de::NUM; ++d) s[b][d] = l.data_size(b, d);
        return s;
    }

    /// gen_loopblocking on the fixture's one-node partition.
    std::vector<LoopBlockingScheme> gen_lb(const std::string& wl = "BASE", const std::string& rsrc = "BASE",
                                           const std::string& opt = "BASE",
                                           const SchedulingConstraint* c = nullptr,
                                           bool skip_invalid = false) {
        auto v = gen_loopblocking(nld.at(wl), resource.at(rsrc), *bufshr, c ? *c : none_cstr, cost,
                                  options.at(opt));
        if (skip_invalid) v.erase(std::remove_if(v.begin(), v.end(), [](const auto& l) { return !l.is_valid(); }), v.end());
        return v;
    }
};

}  // namespace nndf::test
