#include "core/layer_search/loop_blocking_scheme.h"
#include "core/python_compat/py_sum.h"

#include <algorithm>
#include <cmath>

#include "core/util/error.h"

namespace nndf {

OrderedLoops ordered_loops(const LoopTriple& t, const std::array<int, le::NUM>& ord, bool reverse) {
    // Orders are a permutation of 0..NUM-1: walk the positions, outermost
    // (largest) first unless reversed.
    std::array<int, le::NUM> at{};
    for (int l = 0; l < le::NUM; ++l) at[ord[l]] = l;
    OrderedLoops out;
    for (int k = 0; k < le::NUM; ++k) {
        const int l = at[reverse ? k : le::NUM - 1 - k];
        if (t[l] > 1) {
            out.lpe[out.n] = l;
            out.t[out.n] = t[l];
            ++out.n;
        }
    }
    return out;
}

namespace {

/// innermost_dim_loop by its definition. Key (trivial?, order), with
/// "none" keyed (false, NUM): a non-trivial dimension loop wins, else none.
int innermost_dim_loop_of(unsigned dims, unsigned nontrivial, const std::array<int, le::NUM>& ord) {
    int best = -1;
    bool best_trivial = false;
    int best_ord = le::NUM;
    for (int l = 0; l < le::NUM; ++l) {
        if (!(dims >> l & 1u)) continue;
        const bool trivial = !(nontrivial >> l & 1u);
        if (trivial < best_trivial || (trivial == best_trivial && ord[l] < best_ord)) {
            best = l;
            best_trivial = trivial;
            best_ord = ord[l];
        }
    }
    return best;
}

/// An order (a permutation of 0..2) as an index below 9.
int order_code(const std::array<int, le::NUM>& ord) {
    return ord[0] * 3 + ord[1];
}

unsigned nontrivial_mask(const LoopTriple& t) {
    unsigned nt = 0;
    for (int l = 0; l < le::NUM; ++l)
        if (t[l] > 1) nt |= 1u << l;
    return nt;
}

/// Per dimension mask, non-trivial mask and order: the innermost dimension
/// loop, and which factor of each loop counts in the fetch count (`sel`:
/// none for a dimension loop, the levels outside for another loop inside
/// the innermost, the levels up to this one for a loop outside it). The
/// search asks a few million times.
struct FetchTable {
    enum : unsigned char { kNone = 0, kOuter = 1, kThrough = 2 };
    struct Entry {
        signed char inn = -1;
        std::array<unsigned char, le::NUM> sel{};
    };
    std::array<std::array<std::array<Entry, 9>, 8>, 8> e{};
    FetchTable() {
        std::array<int, le::NUM> ord{0, 1, 2};
        do {
            for (unsigned dims = 0; dims < 8; ++dims)
                for (unsigned nt = 0; nt < 8; ++nt) {
                    Entry& x = e[dims][nt][order_code(ord)];
                    const int inn = innermost_dim_loop_of(dims, nt, ord);
                    x.inn = static_cast<signed char>(inn);
                    for (int l = 0; l < le::NUM; ++l) {
                        if (inn < 0 || dims >> l & 1u) continue;
                        x.sel[l] = ord[l] > ord[inn] ? kThrough : kOuter;
                    }
                }
        } while (std::next_permutation(ord.begin(), ord.end()));
    }
    const Entry& at(unsigned dims, unsigned nt, const std::array<int, le::NUM>& ord) const {
        return e[dims][nt][order_code(ord)];
    }
};

const FetchTable& fetch_table() {
    static const FetchTable table;
    return table;
}

}  // namespace

int innermost_dim_loop(const DataDimLoops& dl, const LoopTriple& t,
                       const std::array<int, le::NUM>& ord) {
    return fetch_table().at(dl.mask, nontrivial_mask(t), ord).inn;
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
    : LoopBlockingScheme(unblocked(nld_, bufshr, options)) {
    reblock(ts, resource);
    order(ords, resource, bufshr, options);
}

LoopBlockingScheme LoopBlockingScheme::unblocked(const NestedLoopDesc& nld_,
                                                 const BufShrScheme& bufshr,
                                                 const Option& options) {
    LoopBlockingScheme s;
    s.nld = &nld_;
    for (int m = 0; m < me::NUM; ++m)
        for (int d = 0; d < de::NUM; ++d) s.total_access_[m][d] = nld_.total_access_at_of(m, d);
    s.time = kInf;

    // Buffer sharing starts from the most sharing; it can only shrink.
    for (int d = 0; d < de::NUM; ++d) {
        s.bufshr_grp_size[d] = options.hw_gbuf_sharing ? bufshr.size(d) : 1;
    }
    s.bufshr_subgrp_size = s.bufshr_grp_size;

    s.unit_size[bl::GBUF] = nld_.usize_gbuf;
    s.unit_size[bl::REGF] = nld_.usize_regf;

    // Bypassable data start as bypassed; reuse may bring them into the GBUF.
    for (int d = 0; d < de::NUM; ++d) s.stored_in_gbuf[d] = !options.sw_gbuf_bypass[d];
    return s;
}

void LoopBlockingScheme::reblock(const BlockingFactors& ts, const Resource& resource) {
    bl_ts = ts;
    const LoopTriple tp = bl_tp(0);
    for (int l = 0; l < le::NUM; ++l) {
        NNDF_CHECK(tp[l] >= nld->loopcnt[l], "blocking factors do not cover the loop");
    }
    lcnt = tp[0] * tp[1] * tp[2];
    set_unit_cnt();
    valid = data_size(bl::REGF) <= resource.size_regf && data_size(bl::GBUF) <= resource.size_gbuf;
}

LoopBlockingScheme::LoopBlockingScheme(const LoopBlockingScheme& blocked_, const LoopOrders& ords,
                                       const Resource& resource, const BufShrScheme& bufshr,
                                       const Option& options)
    : LoopBlockingScheme(blocked_) {
    order(ords, resource, bufshr, options);
}

void LoopBlockingScheme::order(const LoopOrders& ords, const Resource& resource,
                               const BufShrScheme& bufshr, const Option& options) {
    bl_ords = ords;
    if (!valid) return;

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
    // A level's unit is what the loops inside it (levels b+1 to PE) cover.
    const LoopTriple& t1 = bl_ts[bl::REGF];
    const LoopTriple& t2 = bl_ts[bl::NUM];
    const LoopTriple inside_gbuf{t1[0] * t2[0], t1[1] * t2[1], t1[2] * t2[2]};
    for (int d = 0; d < de::NUM; ++d) {
        const DataDimLoops& dl = nld->data_loops[d];
        unit_cnt[bl::GBUF][d] = dl.take_prod(inside_gbuf.data());
        unit_cnt[bl::REGF][d] = dl.take_prod(t2.data());
    }
}

void LoopBlockingScheme::set_fetch() {
    // Data are refetched once per iteration of the loops unrelated to them
    // that lie outside their innermost non-trivial dimension loop.
    const FetchTable& table = fetch_table();
    // By FetchTable's sel: 1, the levels outside b, the levels 0..b.
    std::array<LoopTriple, 3> factor{{{1, 1, 1}, {1, 1, 1}, {}}};
    for (int b = 0; b < bl::NUM; ++b) {
        const LoopTriple& t = bl_ts[b];
        const unsigned nt = nontrivial_mask(t);
        for (int l = 0; l < le::NUM; ++l) factor[2][l] = factor[1][l] * t[l];
        for (int d = 0; d < de::NUM; ++d) {
            const FetchTable::Entry& x = table.at(nld->data_loops[d].mask, nt, bl_ords[b]);
            if (x.inn < 0) {
                fetch[b][d] = b > 0 ? fetch[b - 1][d] : 1;
                continue;
            }
            const i64 f = factor[x.sel[0]][0] * factor[x.sel[1]][1] * factor[x.sel[2]][2];
            fetch[b][d] = d == de::OFM ? 2 * f - 1 : f;
        }
        factor[1] = factor[2];
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
        a[d] =
            total_access_[me::GBUF][d] * f[d] * static_cast<double>(num_nodes / bufshr_grp_size[d]);
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
            total_access_[me::ITCN][d] * static_cast<double>(fetch[bl::REGF][d]) * nn;
        access[me::GBUF][d] = total_access_[me::GBUF][d] * static_cast<double>(fetch[bl::REGF][d]) *
                              (stored_in_gbuf[d] ? 1. : 0.) * nn;
        const double base =
            stored_in_gbuf[d] ? total_access_[me::DRAM][d] : total_access_[me::GBUF][d];
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
