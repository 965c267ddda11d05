// One loop blocking and ordering of a nested loop (loop_blocking_scheme.py):
// blocking factors at the GBUF, REGF and PE levels, loop orders at the first
// two, and everything they imply — buffer sizes, fetch counts, accesses per
// memory level, time, buffer sharing and access forwarding.
//
// A plain value type with fixed-size arrays: the exhaustive search builds
// hundreds of thousands of these without touching the heap.
#pragma once

#include <array>

#include "core/layer_search/buf_shr_scheme.h"
#include "core/layer_search/nested_loop_desc.h"
#include "core/model/cost.h"
#include "core/model/option.h"
#include "core/model/resource.h"

namespace nndf {

/// Blocking levels: between DRAM and GBUF, between GBUF and REGF (and the PE
/// level, index 2, in `bl_ts`).
namespace bl {
enum : int { GBUF = 0, REGF = 1, NUM = 2 };
}

using LoopTriple = std::array<i64, le::NUM>;
/// Blocking factors [level 0..2][loop].
using BlockingFactors = std::array<LoopTriple, bl::NUM + 1>;
/// Loop orders [level 0..1][loop]: the position of each loop, 0 = innermost.
using LoopOrders = std::array<std::array<int, le::NUM>, bl::NUM>;

/// The non-trivial loops of one level from outermost to innermost (or the
/// reverse), with their factors.
struct OrderedLoops {
    std::array<int, le::NUM> lpe{};
    std::array<i64, le::NUM> t{};
    int n = 0;
};
OrderedLoops ordered_loops(const LoopTriple& t, const std::array<int, le::NUM>& ord,
                           bool reverse = false);

class LoopBlockingScheme {
  public:
    using Fetch = std::array<std::array<i64, de::NUM>, bl::NUM>;

    /// An empty, invalid scheme (a placeholder in results before assignment).
    LoopBlockingScheme() = default;
    LoopBlockingScheme(const NestedLoopDesc& nld, const BlockingFactors& bl_ts,
                       const LoopOrders& bl_ords, const Resource& resource,
                       const BufShrScheme& bufshr, const Option& options);
    // A scheme is made in three stages, so the exhaustive search does each
    // once for all that share it: what the nested loop and the hardware
    // alone determine (`unblocked`), then the blocking factors (`reblock`),
    // then the loop orders (the constructor from a blocked scheme).

    /// What the nested loop, the resource and the options alone determine.
    static LoopBlockingScheme unblocked(const NestedLoopDesc& nld, const BufShrScheme& bufshr,
                                        const Option& options);
    /// Gives an `unblocked` (or a blocked) scheme its blocking factors, in
    /// place (the search does not copy a scheme per set of factors): unit
    /// counts, and whether the data fit the buffers before reuse decides
    /// what the GBUF keeps (if not, no order is valid).
    void reblock(const BlockingFactors& bl_ts, const Resource& resource);
    /// A copy of a blocked scheme completed with its loop orders.
    LoopBlockingScheme(const LoopBlockingScheme& blocked, const LoopOrders& bl_ords,
                       const Resource& resource, const BufShrScheme& bufshr, const Option& options);

    bool is_valid() const { return valid; }
    /// Words of `dce` buffered at a level (GBUF counts bypass and sharing).
    i64 data_size(int blvl, int dce) const;
    i64 data_size(int blvl) const {
        return data_size(blvl, 0) + data_size(blvl, 1) + data_size(blvl, 2);
    }
    /// Cost of all memory accesses (inf if invalid); computes the statistics.
    double get_access_cost(const Cost& cost);
    /// Cost of all memory accesses of a scheme whose statistics are final.
    double access_cost(const Cost& cost) const;
    /// Computes the statistics once (valid schemes only).
    void finalize_stats();
    bool stats_finalized() const { return finalized_stats; }

    const NestedLoopDesc* nld = nullptr;
    BlockingFactors bl_ts{};
    LoopOrders bl_ords{};
    i64 lcnt = 0;
    bool valid = false;

    std::array<std::array<i64, de::NUM>, bl::NUM> unit_size{};
    std::array<std::array<i64, de::NUM>, bl::NUM> unit_cnt{};
    std::array<bool, de::NUM> stored_in_gbuf{};
    Fetch fetch{};
    bool src_is_dram = true;
    bool dst_is_dram = true;
    bool filter_pinned = false;
    double array_bus_width = kInf;
    double dram_bandwidth = kInf;
    i64 num_nodes = 1;

    // Statistics (after finalize_stats()); time is inf for an invalid scheme.
    bool finalized_stats = false;
    double ops = 0;
    double time = kInf;
    i64 proc_time = 0;
    i64 bus_time = 0;
    i64 dram_time = 0;
    std::array<std::array<double, de::NUM>, me::NUM> access{};
    std::array<double, de::NUM> noc_access{};
    std::array<double, de::NUM> bufshr_rotation_access{};
    std::array<double, de::NUM> bufshr_wide_fetch_access{};
    std::array<double, de::NUM> remote_gbuf_access{};

    // Buffer sharing and access forwarding.
    std::array<i64, de::NUM> accfwd_reduction{1, 1, 1};
    std::array<i64, de::NUM> bufshr_grp_size{1, 1, 1};
    std::array<i64, de::NUM> bufshr_subgrp_size{1, 1, 1};
    LoopTriple bufshr_bs_t{1, 1, 1};
    std::array<int, le::NUM> bufshr_bs_ord{0, 1, 2};
    std::array<double, de::NUM> bufshr_rot_fetch{};
    std::array<i64, de::NUM> bufshr_rot_round_cnt{};
    std::array<i64, de::NUM> bufshr_rot_unit_cnt{1, 1, 1};
    std::array<double, de::NUM> bufshr_wide_fetch{};
    std::array<double, de::NUM> bufshr_wide_fetch_width{};

    /// Product of the blocking factors of levels [from, to) per loop.
    LoopTriple bl_tp(int from, int to = bl::NUM + 1) const;

  private:
    /// The last stage: the loop orders and all they imply.
    void order(const LoopOrders& ords, const Resource& resource, const BufShrScheme& bufshr,
               const Option& options);
    void set_unit_cnt();
    void set_fetch();
    void set_bufshr(const Resource& resource, const BufShrScheme& bufshr, const Option& options);
    void set_accfwd(const BufShrScheme& bufshr, const Option& options);
    std::array<double, de::NUM> bufshr_access(const std::array<double, de::NUM>& fetch) const;

    /// nld->total_access_at_of(mem, data), fixed by the nested loop.
    std::array<std::array<double, de::NUM>, me::NUM> total_access_{};
};

/// The innermost non-trivial loop among `dce`'s dimension loops, or -1 if
/// they are all trivial. `ord` is a permutation of 0..NUM-1.
int innermost_dim_loop(const DataDimLoops& dl, const LoopTriple& t,
                       const std::array<int, le::NUM>& ord);

}  // namespace nndf
