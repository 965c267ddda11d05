#include "core/layer_search/loop_blocking.h"

#include <algorithm>
#include <atomic>
#include <cstdint>

#include "core/layer_search/loop_blocking_solver.h"
#include "core/model/layer.h"

namespace nndf {

namespace {

using Order = std::array<int, le::NUM>;

/// itertools.permutations(range(3)) in its (lexicographic) order.
constexpr std::array<Order, 6> kPerms = {
    {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}};

unsigned nt_mask(const LoopTriple& t) {
    unsigned m = 0;
    for (int l = 0; l < le::NUM; ++l)
        if (t[l] > 1) m |= 1u << l;
    return m;
}

/// Innermost non-trivial loop of a level (-1 if none).
int innermost_nt(unsigned mask, const Order& ord) {
    int best = -1;
    for (int l = 0; l < le::NUM; ++l)
        if ((mask >> l & 1u) && (best < 0 || ord[l] < ord[best])) best = l;
    return best;
}

/// Whether a level's order is the canonical one: its innermost non-trivial
/// loop innermost, then the other non-trivial loops, then the trivial ones,
/// each part in LoopEnum order.
bool canonical_order(unsigned mask, int inl, const Order& ord) {
    auto key = [&](int l) { return std::make_tuple(l != inl, !(mask >> l & 1u), l); };
    // Three loops: an insertion sort by key (std::sort trips GCC's bounds check here).
    std::array<int, le::NUM> lp{0, 1, 2};
    for (int i = 1; i < le::NUM; ++i)
        for (int j = i; j > 0 && key(lp[j]) < key(lp[j - 1]); --j) std::swap(lp[j], lp[j - 1]);
    for (int l = 0; l < le::NUM; ++l)
        if (lp[ord[l]] != l) return false;
    return true;
}

/// For each non-trivial-loop mask and each order: the innermost non-trivial
/// loop and whether the order is canonical. Tabulated once.
struct SkipTables {
    std::array<std::array<int, 6>, 8> inl{};
    std::array<std::array<bool, 6>, 8> canon{};
    SkipTables() {
        for (unsigned m = 0; m < 8; ++m) {
            for (int p = 0; p < 6; ++p) {
                inl[m][p] = innermost_nt(m, kPerms[p]);
                canon[m][p] = canonical_order(m, inl[m][p], kPerms[p]);
            }
        }
    }
};
const SkipTables& skip_tables() {
    static const SkipTables t;
    return t;
}

/// Per-level facts for the skip rule (rows of the tables).
struct LevelFacts {
    unsigned mask = 0;
    const std::array<int, 6>* inl_row = nullptr;
    const std::array<bool, 6>* canon_row = nullptr;
    void init(const LoopTriple& t) { set(nt_mask(t)); }
    void set(unsigned m) {
        mask = m;
        inl_row = &skip_tables().inl[mask];
        canon_row = &skip_tables().canon[mask];
    }
    int inl(int p) const { return (*inl_row)[p]; }
    bool canon(int p) const { return (*canon_row)[p]; }
};

/// The skip rule given precomputed facts for levels 0 and 1 and the mask of
/// level 2 (which has no order, hence no innermost loop).
bool skip_with_facts(const LevelFacts& f0, int p0, const LevelFacts& f1, int p1, unsigned mask2) {
    if (!f0.canon(p0) || !f1.canon(p1)) return true;
    int outer = f0.inl(p0);
    if (outer >= 0 && outer != f1.inl(p1) && (f1.mask >> outer & 1u)) return true;
    if (f1.inl(p1) >= 0) outer = f1.inl(p1);
    if (outer >= 0 && (mask2 >> outer & 1u)) return true;
    return false;
}

/// For each non-trivial-loop mask of the three levels, the order pairs
/// (bit p0 * 6 + p1) the skip rule keeps. Tabulated once: the search asks
/// for every set of blocking factors.
struct KeptOrderTable {
    std::array<std::array<std::array<uint64_t, 8>, 8>, 8> kept{};
    KeptOrderTable() {
        for (unsigned m0 = 0; m0 < 8; ++m0)
            for (unsigned m1 = 0; m1 < 8; ++m1)
                for (unsigned m2 = 0; m2 < 8; ++m2) {
                    LevelFacts f0, f1;
                    f0.set(m0);
                    f1.set(m1);
                    uint64_t bits = 0;
                    for (int p0 = 0; p0 < 6; ++p0)
                        for (int p1 = 0; p1 < 6; ++p1)
                            if (!skip_with_facts(f0, p0, f1, p1, m2))
                                bits |= uint64_t{1} << (p0 * 6 + p1);
                    kept[m0][m1][m2] = bits;
                }
    }
};

/// The order pairs the search tries for one set of blocking factors: for a
/// conv, those the reference's skip rule keeps; otherwise all 36.
uint64_t kept_order_pairs(const BlockingFactors& ts, bool is_conv) {
    if (!is_conv) return (uint64_t{1} << 36) - 1;
    static const KeptOrderTable table;
    return table.kept[nt_mask(ts[0])][nt_mask(ts[1])][nt_mask(ts[2])];
}

int perm_index(const Order& ord) {
    for (int p = 0; p < 6; ++p)
        if (kPerms[p] == ord) return p;
    return -1;
}

/// A sort key of the reference's loop-blocking comparison, per goal.
struct Key {
    double a = kInf, b = kInf;
    friend bool operator<(const Key& x, const Key& y) {
        if (x.a < y.a) return true;
        if (y.a < x.a) return false;
        return x.b < y.b;
    }
};

Key lbs_key(LoopBlockingScheme& lbs, const Cost& cost, OptGoal goal) {
    double acc = lbs.get_access_cost(cost);
    switch (goal) {
        case OptGoal::E:
            return {acc, lbs.time};
        case OptGoal::D:
            return {lbs.time, acc};
        case OptGoal::ED:
            return {acc * lbs.time, 0};
    }
    return {};
}

/// A stable top-n: a new entry displaces only strictly worse ones.
struct TopN {
    struct Entry {
        Key key;
        BlockingFactors ts;
        LoopOrders ords;
    };
    size_t n;
    std::vector<Entry> entries;
    // Reserve little: n may be huge (-t 1000000000, or 2**30 for "keep all").
    explicit TopN(size_t n_) : n(n_) { entries.reserve(std::min<size_t>(n_, 64) + 1); }
    bool admits(const Key& k) const { return entries.size() < n || k < entries.back().key; }
    void insert(const Key& k, const BlockingFactors& ts, const LoopOrders& ords) {
        auto pos = std::upper_bound(entries.begin(), entries.end(), k,
                                    [](const Key& kk, const Entry& e) { return kk < e.key; });
        entries.insert(pos, Entry{k, ts, ords});
        if (entries.size() > n) entries.pop_back();
    }
};

}  // namespace

bool skip_conv(const BlockingFactors& bl_ts, const LoopOrders& bl_ords) {
    LevelFacts f0, f1;
    f0.init(bl_ts[0]);
    f1.init(bl_ts[1]);
    return skip_with_facts(f0, perm_index(bl_ords[0]), f1, perm_index(bl_ords[1]),
                           nt_mask(bl_ts[2]));
}

std::vector<LoopBlockingScheme> gen_loopblocking(const NestedLoopDesc& nld,
                                                 const Resource& resource,
                                                 const BufShrScheme& bufshr,
                                                 const SchedulingConstraint& constraint,
                                                 const Cost& cost, const Option& options,
                                                 FractionSpan progress, WorkerPool* pool) {
    std::vector<LoopBlockingScheme> out;
    const bool is_conv = nld.data_loops == conv_data_loops();

    if (options.sw_solve_loopblocking && is_conv) {
        const auto solved = solve_loopblocking_gbuf_reside(nld, resource, options, progress.ctx);
        out.reserve(solved.size());
        for (const auto& s : solved) {
            out.emplace_back(nld, s.bl_ts, s.bl_ords, resource, bufshr, options);
            LoopBlockingScheme& lbs = out.back();
            if (!constraint.is_valid_top_bl(lbs.bl_ts[0], lbs.bl_ords[0])) {
                out.pop_back();
                continue;
            }
            if (lbs.is_valid()) lbs.finalize_stats();
        }
        return out;
    }

    auto factors = [&](int lpe) {
        std::vector<LoopTriple> v;
        for (const auto& t : factorize<3>(nld.loopcnt[lpe]))
            if (constraint.top_factor_ok(lpe, t[0])) v.push_back(t);
        return v;
    };
    const auto fi = factors(le::IFM), fo = factors(le::OFM), fb = factors(le::BAT);

    // The (ti, to) pairs are chunks, searched in order. A run of chunks keeps
    // its own stable top-n; merging the runs' tops in run order gives the
    // stable top-n of the whole search, however the runs are spread.
    const size_t nchunks = fi.size() * fo.size();
    const size_t nruns =
        pool ? std::min(nchunks, static_cast<size_t>(pool->threads()) * 4) : size_t{1};
    const size_t ntops = static_cast<size_t>(options.ntops);
    std::vector<TopN> run_tops(nruns, TopN(ntops));
    std::atomic<size_t> chunks_done{0};
    for_each_index(pool, nruns, [&](size_t run) {
        TopN& top = run_tops[run];
        // Buffer sharing caches hop counts in the scheme: each run its own copy.
        const BufShrScheme own_bufshr = bufshr;
        // Reblocked in place for each set of factors that has an order to try.
        LoopBlockingScheme base = LoopBlockingScheme::unblocked(nld, own_bufshr, options);
        BlockingFactors ts{};
        const size_t end = (run + 1) * nchunks / nruns;
        for (size_t chunk = run * nchunks / nruns; chunk < end; ++chunk) {
            if (progress.ctx) progress.ctx->check_cancel();
            const LoopTriple& ti = fi[chunk / fo.size()];
            const LoopTriple& to = fo[chunk % fo.size()];
            for (const auto& tb : fb) {
                for (int lvl = 0; lvl < 3; ++lvl) ts[lvl] = {ti[lvl], to[lvl], tb[lvl]};
                const uint64_t kept = kept_order_pairs(ts, is_conv);
                if (!kept) continue;
                // Blocked when the first order needs it. Factors that overflow
                // a buffer do so in every order; the caller drops invalid
                // schemes, so they need not compete.
                bool blocked = false;
                for (int p0 = 0; p0 < 6; ++p0) {
                    uint64_t p1s = kept >> (p0 * 6) & 63u;
                    if (!p1s || !constraint.is_valid_top_bl(ts[0], kPerms[p0])) continue;
                    if (!blocked) {
                        base.reblock(ts, resource);
                        blocked = true;
                    }
                    if (!base.is_valid()) break;
                    for (int p1 = 0; p1 < 6; ++p1) {
                        if (!(p1s >> p1 & 1u)) continue;
                        const LoopOrders ords{kPerms[p0], kPerms[p1]};
                        LoopBlockingScheme lbs(base, ords, resource, own_bufshr, options);
                        Key k = lbs_key(lbs, cost, options.opt_goal);
                        if (top.admits(k)) top.insert(k, lbs.bl_ts, ords);
                    }
                }
            }
            const size_t done = chunks_done.fetch_add(1, std::memory_order_relaxed) + 1;
            progress.report(static_cast<double>(done) / static_cast<double>(nchunks));
        }
    });
    TopN top(ntops);
    for (const TopN& run : run_tops)
        for (const auto& e : run.entries)
            if (top.admits(e.key)) top.insert(e.key, e.ts, e.ords);
    out.reserve(top.entries.size());
    for (const auto& e : top.entries) {
        out.emplace_back(nld, e.ts, e.ords, resource, bufshr, options);
        if (out.back().is_valid()) out.back().finalize_stats();
    }
    return out;
}

}  // namespace nndf
