#include "core/layer_search/loop_blocking_scheme.h"
#include "core/python_compat/py_sum.h"

#include <algorithm>
#include <cmath>

#include "core/util/error.h"

namespace nndf {

OrderedLoops ordered_loops(const LoopTriple& t, const std::array<int, le::NUM>& ord, bool reverse) {
    OrderedLoops out;
    for (int l = 0; l < le::NUM; ++l) {
        if (t[l] > 1) out.lpe[out.n++] = l;
    }
    // Outermost (largest order) first unless reversed; orders are distinct.
    std::sort(out.lpe.begin(), out.lpe.begin() + out.n,
              [&](int a, int b) { return reverse ? ord[a] < ord[b] : ord[a] > ord[b]; });
    for (int i = 0; i < out.n; ++i) out.t[i] = t[out.lpe[i]];
    return out;
}

int innermost_dim_loop(const DataDimLoops& dl, const LoopTriple& t,
                       const std::array<int, le::NUM>& ord) {
    // Key (trivial?, order), with "none" keyed (false, NUM): a non-trivial
    // dimension loop wins, else none.
    int best = -1;
    bool best_trivial = false;
    int best_ord = le::NUM;
    for (int l = 0; l < le::NUM; ++l) {
        if (!dl.has(l)) continue;
        bool trivial = t[l] == 1;
        if (trivial < best_trivial || (trivial == best_trivial && ord[l] < best_ord)) {
            best = l;
            best_trivial = trivial;
            best_ord = ord[l];
        }
    }
    return best;
}

LoopTriple LoopBlockingScheme::bl_tp(int from, int to) const {
    LoopTriple p{1, 1, 1};
    for (int lvl = from; lvl < to; ++lvl)
        for (int l = 0; l < le::NUM; ++l) p[l] *= bl_ts[lvl][l];
    return p;
}

LoopBlockingScheme::LoopBlockingScheme(const NestedLoopDesc& nld_, const BlockingFactors& ts,
                                       const LoopOrders& ords, const Resource& resource,
                                       const BufShrScheme& bufshr, const Option& options)
    : nld(&nld_), bl_ts(ts), bl_ords(ords) {
    for (int d = 0; d < de::NUM; ++d) total_access_gbuf_[d] = nld->total_access_at_of(me::GBUF, d);

    const LoopTriple tp = bl_tp(0);
    for (int l = 0; l < le::NUM; ++l) {
        NNDF_CHECK(tp[l] >= nld->loopcnt[l], "blocking factors do not cover the loop");
    }
    lcnt = tp[0] * tp[1] * tp[2];
    time = kInf;

    // Buffer sharing starts from the most sharing; it can only shrink.
    for (int d = 0; d < de::NUM; ++d) {
        bufshr_grp_size[d] = options.hw_gbuf_sharing ? bufshr.size(d) : 1;
    }
    bufshr_subgrp_size = bufshr_grp_size;

    unit_size[bl::GBUF] = nld->usize_gbuf;
    unit_size[bl::REGF] = nld->usize_regf;
    set_unit_cnt();

    // Bypassable data start as bypassed; reuse may bring them into the GBUF.
    for (int d = 0; d < de::NUM; ++d) stored_in_gbuf[d] = !options.sw_gbuf_bypass[d];

    if (data_size(bl::REGF) > resource.size_regf || data_size(bl::GBUF) > resource.size_gbuf) {
        valid = false;
        return;
    }
    valid = true;

    set_fetch();

    src_is_dram = resource.src_data_region.type == NodeRegion::DRAM;
    dst_is_dram = resource.dst_data_region.type == NodeRegion::DRAM;
    filter_pinned = false;

    // On-chip data can be read or written only once, without spilling.
    if (!src_is_dram) {
        if (fetch[bl::GBUF][de::IFM] > 1) {
            valid = false;
            return;
        }
        if (resource.src_data_region == resource.proc_region) stored_in_gbuf[de::IFM] = true;
    }
    if (!dst_is_dram) {
        if (fetch[bl::GBUF][de::OFM] > 1) {
            valid = false;
            return;
        }
        if (resource.dst_data_region == resource.proc_region) stored_in_gbuf[de::OFM] = true;
    }

    // Keep data in the GBUF only where it is reused.
    for (int d = 0; d < de::NUM; ++d) {
        if (stored_in_gbuf[d]) continue;
        if (fetch[bl::GBUF][d] < fetch[bl::REGF][d]) stored_in_gbuf[d] = true;
    }

    if (data_size(bl::REGF) > resource.size_regf || data_size(bl::GBUF) > resource.size_gbuf) {
        valid = false;
        return;
    }

    array_bus_width = resource.array_bus_width;
    dram_bandwidth = resource.dram_bandwidth;
    num_nodes = resource.proc_region.dim.size();

    finalized_stats = false;
    time = std::nan("");

    set_bufshr(resource, bufshr, options);
    set_accfwd(bufshr, options);

    if (resource.no_time_mux) {
        bool all_one = true;
        for (int l = 0; l < le::NUM; ++l)
            if (nld->data_loops[de::FIL].has(l) && bl_ts[0][l] != 1) all_one = false;
        if (all_one) {
            filter_pinned = true;
            fetch[0][de::FIL] = 0;
        }
    }
}

i64 LoopBlockingScheme::data_size(int blvl, int dce) const {
    i64 size = unit_cnt[blvl][dce] * unit_size[blvl][dce];
    if (blvl == bl::GBUF) {
        size *= stored_in_gbuf[dce] ? 1 : 0;
        size = idivc(size, bufshr_subgrp_size[dce]);
    }
    return size;
}

void LoopBlockingScheme::set_unit_cnt() {
    for (int b = 0; b < bl::NUM; ++b) {
        const LoopTriple tp = bl_tp(b + 1);
        for (int d = 0; d < de::NUM; ++d) unit_cnt[b][d] = nld->data_loops[d].take_prod(tp.data());
    }
}

void LoopBlockingScheme::set_fetch() {
    // Data are refetched once per iteration of the loops unrelated to them
    // that lie outside their innermost non-trivial dimension loop.
    for (int b = 0; b < bl::NUM; ++b) {
        const LoopTriple& t = bl_ts[b];
        const auto& ord = bl_ords[b];
        const LoopTriple outer_incl = bl_tp(0, b + 1);  // levels 0..b
        const LoopTriple outer_excl = bl_tp(0, b);      // levels 0..b-1
        for (int d = 0; d < de::NUM; ++d) {
            const DataDimLoops& dl = nld->data_loops[d];
            const int inn = innermost_dim_loop(dl, t, ord);
            if (inn < 0) {
                fetch[b][d] = b > 0 ? fetch[b - 1][d] : 1;
                continue;
            }
            i64 f = 1;
            for (int l = 0; l < le::NUM; ++l) {
                if (dl.has(l)) continue;
                f *= ord[l] > ord[inn] ? outer_incl[l] : outer_excl[l];
            }
            fetch[b][d] = d == de::OFM ? 2 * f - 1 : f;
        }
    }
}

void LoopBlockingScheme::set_accfwd(const BufShrScheme& bufshr, const Option& options) {
    accfwd_reduction = {1, 1, 1};
    if (!options.hw_access_forwarding && !options.hw_gbuf_sharing) return;
    for (int d = 0; d < de::NUM; ++d) accfwd_reduction[d] = bufshr.size(d);
}

std::array<double, de::NUM> LoopBlockingScheme::bufshr_access(
    const std::array<double, de::NUM>& f) const {
    std::array<double, de::NUM> a{};
    for (int d = 0; d < de::NUM; ++d) {
        a[d] = total_access_gbuf_[d] * f[d] * static_cast<double>(num_nodes / bufshr_grp_size[d]);
    }
    return a;
}

void LoopBlockingScheme::finalize_stats() {
    NNDF_CHECK(valid, "statistics of an invalid scheme");
    if (finalized_stats) return;
    const double nn = static_cast<double>(num_nodes);
    ops = nld->unit_ops * static_cast<double>(lcnt) * nn;
    proc_time = nld->unit_time * lcnt;

    static const double regf_times[de::NUM] = {1, 1, 2};
    for (int d = 0; d < de::NUM; ++d) {
        access[me::REGF][d] =
            nld->unit_access[me::REGF][d] * static_cast<double>(lcnt) * regf_times[d] * nn;
        access[me::ITCN][d] =
            nld->total_access_at_of(me::ITCN, d) * static_cast<double>(fetch[bl::REGF][d]) * nn;
        access[me::GBUF][d] = nld->total_access_at_of(me::GBUF, d) *
                              static_cast<double>(fetch[bl::REGF][d]) *
                              (stored_in_gbuf[d] ? 1. : 0.) * nn;
        const double base = stored_in_gbuf[d] ? nld->total_access_at_of(me::DRAM, d)
                                              : nld->total_access_at_of(me::GBUF, d);
        access[me::DRAM][d] = base * static_cast<double>(fetch[bl::GBUF][d]) * nn /
                              static_cast<double>(accfwd_reduction[d]);
    }

    bufshr_rotation_access = bufshr_access(bufshr_rot_fetch);
    bufshr_wide_fetch_access = bufshr_access(bufshr_wide_fetch);
    for (int d = 0; d < de::NUM; ++d)
        noc_access[d] = bufshr_rotation_access[d] + bufshr_wide_fetch_access[d];

    remote_gbuf_access = {0., 0., 0.};
    if (!src_is_dram) {
        remote_gbuf_access[de::IFM] += access[me::DRAM][de::IFM];
        access[me::DRAM][de::IFM] = 0;
    }
    if (!dst_is_dram) {
        remote_gbuf_access[de::OFM] += access[me::DRAM][de::OFM];
        access[me::DRAM][de::OFM] = 0;
    }

    const double dram_sum = py_sum(access[me::DRAM]);
    // run_search refuses a bandwidth whose DRAM time could pass 2^62 cycles
    // (api/time_bounds.h); the cap keeps the cast defined regardless.
    dram_time = static_cast<i64>(std::min(std::ceil(dram_sum / dram_bandwidth), 0x1p62));
    const double gbuf_max =
        std::max({access[me::GBUF][0], access[me::GBUF][1], access[me::GBUF][2]});
    bus_time = idivc_inf(static_cast<i64>(std::ceil(1. * gbuf_max / nn)), array_bus_width);
    time = static_cast<double>(std::max({proc_time, bus_time, dram_time}));
    finalized_stats = true;
}

double LoopBlockingScheme::get_access_cost(const Cost& cost) {
    if (!valid) return kInf;
    finalize_stats();
    return access_cost(cost);
}

double LoopBlockingScheme::access_cost(const Cost& cost) const {
    NNDF_CHECK(valid && finalized_stats, "access cost before statistics");
    double acc = 0;
    for (int m = 0; m < me::NUM; ++m) {
        acc += cost.mem_hier[m] * py_sum(access[m]);
    }
    acc += cost.mem_hier[me::GBUF] * py_sum(remote_gbuf_access);
    return acc;
}

}  // namespace nndf
