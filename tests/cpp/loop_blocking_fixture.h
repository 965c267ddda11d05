// The setting the reference's loop-blocking tests share
// (tests/loop_blocking_test/test_loop_blocking_fixture.py): workloads,
// resources, options, scheme builders, an exhaustive enumerator, and an
// access simulator that walks every loop index and counts buffer misses,
// with the reference fixture's model of buffer sharing (rotation and wide
// fetch among the nodes that share a GBUF).
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/layer_search/buf_shr_scheme.h"
#include "core/layer_search/loop_blocking.h"
#include "core/layer_search/loop_blocking_scheme.h"
#include "core/layer_search/loop_blocking_solver.h"
#include "core/layer_search/map_strategy.h"
#include "core/layer_search/partition.h"
#include "core/model/layer.h"

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
/// order the loops run (the reference's gen_index): level 0, the
/// buffer-sharing level (bufshr_bs_t in bufshr_bs_ord), the rest of level 1,
/// then the PE level in loop order; each level in its order.
inline void for_each_index(const LoopBlockingScheme& lbs,
                           const std::function<void(const LoopTriple&)>& f) {
    struct Level {
        LoopTriple t, cnt;
        std::array<int, le::NUM> ord;
    };
    const LoopTriple below1 = prod_levels(lbs.bl_ts, 1), below2 = prod_levels(lbs.bl_ts, 2);
    const LoopTriple& bs = lbs.bufshr_bs_t;
    LoopTriple below_bs{}, rest1{};
    for (int l = 0; l < le::NUM; ++l) {
        below_bs[l] = below1[l] / bs[l];
        rest1[l] = lbs.bl_ts[1][l] / bs[l];
    }
    const std::array<Level, 4> levels{
        Level{lbs.bl_ts[0], below1, lbs.bl_ords[0]}, Level{bs, below_bs, lbs.bufshr_bs_ord},
        Level{rest1, below2, lbs.bl_ords[1]},
        Level{lbs.bl_ts[2], LoopTriple{1, 1, 1}, std::array<int, le::NUM>{0, 1, 2}}};
    // Loops of one level, outermost first.
    std::array<std::array<int, le::NUM>, 4> outer_first{};
    for (size_t lvl = 0; lvl < levels.size(); ++lvl) {
        for (int l = 0; l < le::NUM; ++l) outer_first[lvl][le::NUM - 1 - levels[lvl].ord[l]] = l;
    }
    LoopTriple idx{0, 0, 0};
    std::function<void(size_t, int)> rec = [&](size_t lvl, int k) {
        if (lvl == levels.size()) {
            f(idx);
            return;
        }
        if (k == le::NUM) {
            rec(lvl + 1, 0);
            return;
        }
        const int l = outer_first[lvl][k];
        for (i64 i = 0; i < levels[lvl].t[l]; ++i) {
            idx[l] += i * levels[lvl].cnt[l];
            rec(lvl, k + 1);
            idx[l] -= i * levels[lvl].cnt[l];
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

    std::array<i64, 2> range_idx(const std::array<i64, 2>& idx) const {
        return {idx[0] / buf_cnt[0], idx[1] / buf_cnt[1]};
    }
    /// Accesses `cnt` units at `idx`; the units requested from the next level.
    std::array<i64, 2> do_access(const std::array<i64, 2>& idx, const std::array<i64, 2>& cnt,
                                 int read, int write) {
        if (bypass) return cnt;
        access += cnt[0] * cnt[1] * (read + write);
        const std::array<i64, 2> ridx = range_idx(idx);
        if (ridx == data) return {0, 0};
        data = ridx;
        return buf_cnt;
    }
    double access_size() const { return static_cast<double>(access) * unit_size; }
};

/// A GBUF shared by a subgroup of nodes (the reference fixture's model). The
/// range a miss loads is cut into subranges, in the order the loops below
/// the sharing level visit them, spread evenly over the subgroup's buffers.
/// Moving on to the next rotation unit rotates the data by one unit among
/// the buffers, unless the rest is already local; every access fetches from
/// the buffer that holds its subrange (wide fetch), at a distance of its
/// buffer index. Sequential wide fetches before a rotation ride along with it.
// A REQUIRE only when it fails: the simulation checks every access.
#define NNDF_SIM_ASSERT(...)      \
    do {                          \
        if (!(__VA_ARGS__)) {     \
            REQUIRE(__VA_ARGS__); \
        }                         \
    } while (0)

struct SimSharedBuffer : SimBuffer {
    std::vector<std::array<i64, 2>> subrng_list;
    std::map<std::array<i64, 2>, i64> subrng_pos;
    std::array<i64, 2> subrng_cnt{1, 1};  ///< Units of one subrange per dimension.
    i64 subrng_num = 1;
    double buf_subrng_num = 1;     ///< Subranges per node buffer.
    std::vector<double> centroid;  ///< Buffer index of each subrange, weighted.
    i64 rot_unit_size = 1;
    i64 rot_steps_per_round = 1;

    std::map<std::array<i64, 2>, i64> rot_step_cnt;  ///< Per loaded range.
    double rot_access = 0, wf_access = 0, saved_wf_access = 0, seq_wf_acc = 0;
    i64 rot_rnd_cnt_per_load = -1;  ///< -1: not known yet.
    i64 cur_rot_unit = 0, cur_rot_step_cnt = 0, last_wf_subrng_idx = 0;

    /// `loops`: the non-trivial (loop, factor) pairs below the sharing level,
    /// outermost first; `dims`: the data's two dimension loops.
    void init_sharing(i64 subgrp_size, i64 rot_unit_cnt,
                      const std::vector<std::pair<int, i64>>& loops,
                      const std::array<int, 2>& dims) {
        if (bypass) return;
        subrng_list = {{0, 0}};
        std::array<i64, 2> sz{1, 1};
        for (auto it = loops.rbegin(); it != loops.rend(); ++it) {
            const int k = it->first == dims[0] ? 0 : it->first == dims[1] ? 1 : -1;
            if (k < 0) continue;
            std::vector<std::array<i64, 2>> next;
            for (i64 i = 0; i < it->second; ++i) {
                for (auto sr : subrng_list) {
                    sr[static_cast<size_t>(k)] += i * sz[static_cast<size_t>(k)];
                    next.push_back(sr);
                }
            }
            subrng_list = std::move(next);
            sz[static_cast<size_t>(k)] *= it->second;
        }
        subrng_cnt = {buf_cnt[0] / sz[0], buf_cnt[1] / sz[1]};
        subrng_num = static_cast<i64>(subrng_list.size());
        for (i64 i = 0; i < subrng_num; ++i) subrng_pos[subrng_list[static_cast<size_t>(i)]] = i;
        REQUIRE(static_cast<i64>(subrng_pos.size()) == subrng_num);

        buf_subrng_num = 1. * static_cast<double>(subrng_num) / static_cast<double>(subgrp_size);
        double cap = buf_subrng_num;
        i64 buf = 0;
        for (i64 i = 0; i < subrng_num; ++i) {
            double c = 0, rem = 1.;
            while (rem > 0.) {
                if (cap >= rem) {
                    c += static_cast<double>(buf) * rem;
                    cap -= rem;
                    rem = 0.;
                    break;
                }
                c += static_cast<double>(buf) * cap;
                rem -= cap;
                cap = buf_subrng_num;
                ++buf;
            }
            centroid.push_back(c);
        }

        REQUIRE(subrng_num % rot_unit_cnt == 0);
        rot_unit_size = subrng_num / rot_unit_cnt;
        const double rus = static_cast<double>(rot_unit_size), n = static_cast<double>(subrng_num);
        while (static_cast<double>(rot_steps_per_round) * rus + buf_subrng_num < n &&
               static_cast<double>(rot_steps_per_round + 1) * rus < n) {
            ++rot_steps_per_round;
        }
    }

    std::array<i64, 2> do_access(const std::array<i64, 2>& idx, const std::array<i64, 2>& cnt,
                                 int read, int write) {
        const std::array<i64, 2> ret = SimBuffer::do_access(idx, cnt, read, write);
        if (bypass) return ret;
        const std::array<i64, 2> ridx = range_idx(idx);
        if (ret[0] || ret[1]) {
            // A new range is loaded: start over.
            cur_rot_unit = 0;
            rot_step_cnt.emplace(ridx, 0);
            if (cur_rot_step_cnt == 0) {
                NNDF_SIM_ASSERT(rot_rnd_cnt_per_load < 0);
            } else {
                NNDF_SIM_ASSERT(cur_rot_step_cnt % rot_steps_per_round == 0);
                const i64 rounds = cur_rot_step_cnt / rot_steps_per_round;
                NNDF_SIM_ASSERT((rot_rnd_cnt_per_load < 0 || rot_rnd_cnt_per_load == rounds));
                rot_rnd_cnt_per_load = rounds;
            }
            cur_rot_step_cnt = 0;
        }
        NNDF_SIM_ASSERT((cnt[0] <= subrng_cnt[0] && cnt[1] <= subrng_cnt[1]));

        const std::array<i64, 2> sridx{(idx[0] % buf_cnt[0]) / subrng_cnt[0],
                                       (idx[1] % buf_cnt[1]) / subrng_cnt[1]};
        const i64 pos = subrng_pos.at(sridx);
        const i64 ru_idx = pos / rot_unit_size;
        if (ru_idx != cur_rot_unit) {
            const double bsn = buf_subrng_num, n = static_cast<double>(subrng_num);
            if ((cur_rot_unit + 1) * rot_unit_size >= subrng_num) {
                // The last unit: a new round from the current state.
                cur_rot_unit = 0;
                last_wf_subrng_idx = 0;
                seq_wf_acc = 0;
            } else if (static_cast<double>(cur_rot_unit * rot_unit_size) + bsn >= n) {
                // The rest is local already.
                ++cur_rot_unit;
            } else {
                const double offset =
                    std::min(static_cast<double>(rot_unit_size),
                             n - static_cast<double>(cur_rot_unit * rot_unit_size) - bsn);
                NNDF_SIM_ASSERT(offset > 0);
                rot_access +=
                    static_cast<double>(subrng_cnt[0] * subrng_cnt[1]) * (1. * offset / bsn * n);
                ++cur_rot_unit;
                ++rot_step_cnt[ridx];
                ++cur_rot_step_cnt;
                // The sequential wide fetches so far go with the rotation.
                wf_access -= seq_wf_acc;
                saved_wf_access += seq_wf_acc;
                seq_wf_acc = 0;
            }
            NNDF_SIM_ASSERT(ru_idx == cur_rot_unit);
        }
        const i64 at =
            ((pos - cur_rot_unit * rot_unit_size) % subrng_num + subrng_num) % subrng_num;
        const double wf = static_cast<double>(cnt[0] * cnt[1] * (read + write)) *
                          centroid[static_cast<size_t>(at)];
        wf_access += wf;
        if (pos >= last_wf_subrng_idx)
            seq_wf_acc += wf;
        else
            seq_wf_acc = wf;
        last_wf_subrng_idx = pos;
        return ret;
    }

    i64 rotation_rounds() const {
        if (rot_step_cnt.empty()) return 0;
        const i64 steps = rot_step_cnt.begin()->second;
        for (const auto& [r, s] : rot_step_cnt) REQUIRE(s == steps);
        if (steps == 0) return 0;
        REQUIRE(steps % rot_steps_per_round == 0);
        if (rot_rnd_cnt_per_load == 1) return 0;
        return steps / rot_steps_per_round;
    }
    /// A single rotation round per load is not needed: no rotation, and the
    /// wide fetches it carried are paid.
    double rotation_access_size() const {
        return rot_rnd_cnt_per_load == 1 ? 0 : rot_access * unit_size;
    }
    double wide_fetch_access_size() const {
        return (rot_rnd_cnt_per_load == 1 ? wf_access + saved_wf_access : wf_access) * unit_size;
    }
};

struct SimAccess {
    std::array<double, de::NUM> dram{}, gbuf{};
    // Buffer sharing, summed over all nodes.
    std::array<double, de::NUM> rotation{}, wide_fetch{};
    std::array<i64, de::NUM> rotation_rounds{};
};

/// The non-trivial loops of the GBUF level split at the buffer-sharing
/// level: the sharing level's loops, then the rest of the GBUF level's, each
/// part outermost first.
inline std::vector<std::pair<int, i64>> bufshr_loops(const LoopBlockingScheme& lbs) {
    const LoopTriple& t_x = lbs.bl_ts[bl::REGF];
    const auto& ord_x = lbs.bl_ords[bl::REGF];
    const LoopTriple& t_bs = lbs.bufshr_bs_t;
    const auto& ord_bs = lbs.bufshr_bs_ord;
    std::vector<std::pair<int, i64>> outer, inner;
    for (int l = 0; l < le::NUM; ++l) {
        REQUIRE(t_x[l] % t_bs[l] == 0);
        if (t_bs[l] > 1) outer.push_back({l, t_bs[l]});
        if (t_x[l] > t_bs[l]) inner.push_back({l, t_x[l] / t_bs[l]});
    }
    auto by = [](const std::array<int, le::NUM>& ord) {
        return [&ord](const std::pair<int, i64>& a, const std::pair<int, i64>& b) {
            return ord[a.first] > ord[b.first];
        };
    };
    std::sort(outer.begin(), outer.end(), by(ord_bs));
    std::sort(inner.begin(), inner.end(), by(ord_x));
    outer.insert(outer.end(), inner.begin(), inner.end());
    return outer;
}

/// Simulates the DRAM and GBUF accesses of a valid conv scheme, and those of
/// buffer sharing (the reference's _sim_access_conv with get_bufshr).
inline SimAccess sim_access_conv_bufshr(const LoopBlockingScheme& lbs) {
    REQUIRE(lbs.is_valid());
    const NestedLoopDesc& nld = *lbs.nld;
    std::array<std::array<int, 2>, de::NUM> dims{};
    for (int d = 0; d < de::NUM; ++d) {
        const auto loops = nld.data_loops[d].loops();
        REQUIRE(loops.size() == 2);
        dims[d] = {loops[0], loops[1]};
    }
    const auto sh_loops = bufshr_loops(lbs);
    std::array<SimBuffer, de::NUM> drams, regfs;
    std::array<SimSharedBuffer, de::NUM> gbufs;
    const std::array<LoopTriple, 3> level_cnt{prod_levels(lbs.bl_ts, 0), prod_levels(lbs.bl_ts, 1),
                                              prod_levels(lbs.bl_ts, 2)};
    for (int d = 0; d < de::NUM; ++d) {
        auto pr = [&](const LoopTriple& c) {
            return std::array<i64, 2>{c[dims[d][0]], c[dims[d][1]]};
        };
        drams[d].buf_cnt = pr(level_cnt[0]);
        drams[d].unit_size =
            lbs.stored_in_gbuf[d] ? nld.unit_access[me::DRAM][d] : nld.unit_access[me::GBUF][d];
        gbufs[d].buf_cnt = pr(level_cnt[1]);
        gbufs[d].unit_size = nld.unit_access[me::GBUF][d];
        gbufs[d].bypass = !lbs.stored_in_gbuf[d];
        gbufs[d].init_sharing(lbs.bufshr_subgrp_size[d], lbs.bufshr_rot_unit_cnt[d], sh_loops,
                              dims[d]);
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
        const double nn = static_cast<double>(lbs.num_nodes);
        // Python's a * num_nodes // reduction on floats.
        out.dram[d] =
            std::floor(drams[d].access_size() * nn / static_cast<double>(lbs.accfwd_reduction[d]));
        out.gbuf[d] = gbufs[d].access_size() * nn;
        const double ngrp = static_cast<double>(lbs.num_nodes / lbs.bufshr_subgrp_size[d]);
        out.rotation[d] = gbufs[d].rotation_access_size() * ngrp;
        out.wide_fetch[d] = gbufs[d].wide_fetch_access_size() * ngrp;
        out.rotation_rounds[d] = gbufs[d].rotation_rounds();
    }
    return out;
}

/// The simulation of a scheme without buffer sharing: it must show none.
inline SimAccess sim_access_conv(const LoopBlockingScheme& lbs) {
    SimAccess out = sim_access_conv_bufshr(lbs);
    for (int d = 0; d < de::NUM; ++d) {
        CHECK(out.rotation[d] == doctest::Approx(0));
        CHECK(out.wide_fetch[d] == doctest::Approx(0));
        CHECK(out.rotation_rounds[d] == 0);
    }
    return out;
}

/// Mean hops from a node of a sharing subgroup to its neighbour in the
/// rotation chain (and from the last node back to the first), per data
/// category, computed from the subgroup shape and neighbour distances.
inline std::array<double, de::NUM> average_neighbor_nhops(
    const BufShrScheme& bufshr, const std::array<i64, de::NUM>& subgrp_size) {
    std::array<double, de::NUM> out{};
    for (int d = 0; d < de::NUM; ++d) {
        const auto [sdim, idx_pr] = bufshr.subgrp_dim(d, subgrp_size[d]);
        const PhyDim2f nd = bufshr.nbr_dist(d);
        auto scaled = [&](i64 h, i64 w) {
            const double dh = h ? static_cast<double>(h) * nd.h : 0,
                         dw = w ? static_cast<double>(w) * nd.w : 0;
            REQUIRE((std::isfinite(dh) && std::isfinite(dw)));
            return std::fabs(dh) + std::fabs(dw);
        };
        const i64 d_pr = sdim[idx_pr], d_npr = sdim[1 - idx_pr];
        const i64 n_pr = (d_pr - 1) * d_npr, n_npr = d_npr - 1;
        const double sz = static_cast<double>(subgrp_size[d]);
        const double nbr = (idx_pr == 0 ? scaled(n_pr, n_npr) : scaled(n_npr, n_pr)) / sz;
        // The last node of the snake, back to the first.
        const i64 index = subgrp_size[d] - 1;
        const i64 c_npr = index / d_pr;
        i64 c_pr = index % d_pr;
        REQUIRE(c_npr < d_npr);
        if (c_npr % 2 == 1) c_pr = d_pr - 1 - c_pr;
        const double lpbk = (idx_pr == 0 ? scaled(c_pr, c_npr) : scaled(c_npr, c_pr)) / sz;
        const double nhops = nbr + lpbk;
        if (subgrp_size[d] <= 1) {
            CHECK(nhops == doctest::Approx(0));
        } else if (sdim.size() == subgrp_size[d]) {
            CHECK(std::min(nd.h, nd.w) <= nhops);
            CHECK(nhops <= std::max(nd.h, nd.w) + 1. * static_cast<double>(sdim.h + sdim.w) /
                                                      static_cast<double>(sdim.size()));
        }
        REQUIRE(std::isfinite(nhops));
        out[d] = nhops;
    }
    return out;
}

/// Checks a buffer-sharing scheme's model against the simulation.
inline void verify_bufshr_stats(LoopBlockingScheme& lbs, const BufShrScheme& bufshr) {
    lbs.finalize_stats();
    const SimAccess sim = sim_access_conv_bufshr(lbs);
    const auto avg_nhops = average_neighbor_nhops(bufshr, lbs.bufshr_subgrp_size);
    auto almost = [](double x) { return doctest::Approx(x).epsilon(5e-8); };
    for (int d = 0; d < de::NUM; ++d) {
        CAPTURE(d);
        CHECK(lbs.access[me::DRAM][d] == sim.dram[d]);
        CHECK(lbs.access[me::GBUF][d] == sim.gbuf[d]);
    }
    CHECK(lbs.access[me::REGF][de::FIL] == lbs.ops);
    CHECK(lbs.access[me::REGF][de::IFM] == lbs.ops);
    CHECK(lbs.access[me::REGF][de::OFM] == lbs.ops * 2);
    for (int d = 0; d < de::NUM; ++d) {
        CAPTURE(d);
        CHECK(lbs.noc_access[d] ==
              almost(lbs.bufshr_rotation_access[d] + lbs.bufshr_wide_fetch_access[d]));
        if (lbs.bufshr_subgrp_size[d] <= 1) CHECK(lbs.noc_access[d] == almost(0));
        CHECK(lbs.bufshr_rot_round_cnt[d] == sim.rotation_rounds[d]);
        CHECK(lbs.bufshr_rotation_access[d] == almost(sim.rotation[d] * avg_nhops[d]));
        CHECK(lbs.bufshr_wide_fetch_access[d] == almost(sim.wide_fetch[d] * avg_nhops[d]));
    }
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
        resource["PAR"] = make_resource(NodeRegion::make({4, 2}, {0, 0}, NodeRegion::PROC), data,
                                        data, data, dim_array, 25000, 64);
        const NodeRegion proc_data = NodeRegion::make({1, 1}, {1, 1}, NodeRegion::PROC);
        resource["SRCNOTDATA"] = make_resource(proc, data, proc_data, data, dim_array, big, big);
        resource["DSTNOTDATA"] = make_resource(proc, data, data, proc_data, dim_array, big, big);
        resource["DATALOCAL"] = make_resource(proc, data, proc, proc, dim_array, big, big);
        resource["FILPIN"] = make_resource(proc, data, data, data, dim_array, big, big, true);

        for (const char* k : {"BASE", "LGFIL", "POOL"}) {
            nld[k] =
                MapStrategyEyeriss(layer[k], batch_size, 1, dim_array).gen_nested_loop_desc().at(0);
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
        options["BUFSHR"] = opt([](Option& o) { o.hw_gbuf_sharing = true; });
        options["BUFSHR-BYP"] = opt([](Option& o) {
            o.sw_gbuf_bypass = {true, true, true};
            o.hw_gbuf_sharing = true;
        });

        cstr.topifm = 1;
        cstr.topbat = 1;

        cost.mac_op = 1;
        cost.mem_hier = {200, 6, 2, 1};
        cost.noc_hop = 50;
        cost.idl_unit = 50;
    }

    static LoopOrders default_ords() {
        return {std::array<int, 3>{0, 1, 2}, std::array<int, 3>{0, 1, 2}};
    }

    LoopBlockingScheme lbs(const BlockingFactors& ts, const LoopOrders& ords = default_ords(),
                           const std::string& wl = "BASE", const std::string& rsrc = "BASE",
                           const std::string& opt = "BASE") {
        return LoopBlockingScheme(nld.at(wl), ts, ords, resource.at(rsrc), *bufshr,
                                  options.at(opt));
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
    std::array<i64, de::NUM> total_part_size(const PartitionScheme& p,
                                             const std::string& wl = "PAR") const {
        const Layer& l = layer.at(wl);
        const i64 nifm = idivc(l.nifm(), p.size_of({pe::INPP})) * p.size_of({pe::INPP});
        const i64 nofm = idivc(l.nofm, p.size_of({pe::OUTP})) * p.size_of({pe::OUTP});
        const PhyDim2 ofmp = p.dim_of({pe::OFMP});
        const i64 hofm = idivc(l.hofm, ofmp.h) * ofmp.h;
        const i64 wofm = idivc(l.wofm, ofmp.w) * ofmp.w;
        const i64 b = idivc(batch_size, p.size_of({pe::BATP})) * p.size_of({pe::BATP});
        const Layer full =
            Layer::conv(nifm, nofm, {hofm, wofm}, {l.hfil, l.wfil}, {l.htrd, l.wtrd});
        const std::array<i64, de::NUM> s{full.total_filter_size(), full.total_ifmap_size(b),
                                         full.total_ofmap_size(b)};
        CHECK(s[de::FIL] >= l.total_filter_size());
        CHECK(static_cast<double>(s[de::FIL]) <
              static_cast<double>(l.total_filter_size()) * 1.2 * 1.2);
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
    std::vector<LoopBlockingScheme> gen_lb(const std::string& wl = "BASE",
                                           const std::string& rsrc = "BASE",
                                           const std::string& opt = "BASE",
                                           const SchedulingConstraint* c = nullptr,
                                           bool skip_invalid = false) {
        auto v = gen_loopblocking(nld.at(wl), resource.at(rsrc), *bufshr, c ? *c : none_cstr, cost,
                                  options.at(opt));
        if (skip_invalid)
            v.erase(std::remove_if(v.begin(), v.end(), [](const auto& l) { return !l.is_valid(); }),
                    v.end());
        return v;
    }
};

}  // namespace nndf::test
