// Buffer sharing of a loop blocking scheme (the reference's
// LoopBlockingScheme._set_bufshr): choose the subgroup sizes, an extra
// blocking level between DRAM and GBUF, and the GBUF-level loop order that
// minimize NoC traffic from rotating shared data and fetching it wide,
// without changing any fetch count.
#include <algorithm>

#include "core/layer_search/loop_blocking_scheme.h"
#include "core/python_compat/cpython_set_order.h"
#include "core/python_compat/py_sum.h"
#include "core/util/error.h"

namespace nndf {

namespace {

/// A small ordered list of loops (outer to inner).
struct LoopList {
    std::array<int, le::NUM> v{};
    int n = 0;
    void push(int l) { v[static_cast<size_t>(n++)] = l; }
};

/// All permutations of a list (itertools.permutations order), on the stack.
struct Permutations {
    std::array<LoopList, 6> p{};
    int n = 0;
    explicit Permutations(const LoopList& in) {
        std::array<int, le::NUM> idx{0, 1, 2};
        do {
            LoopList q;
            for (int k = 0; k < in.n; ++k)
                q.push(in.v[static_cast<size_t>(idx[static_cast<size_t>(k)])]);
            p[static_cast<size_t>(n++)] = q;
        } while (std::next_permutation(idx.begin(), idx.begin() + in.n));
    }
    const LoopList* begin() const { return p.data(); }
    const LoopList* end() const { return p.data() + n; }
};

struct BufShrFetch {
    std::array<double, de::NUM> rot_fetch{};
    std::array<double, de::NUM> wide_fetch{};
    std::array<i64, de::NUM> rot_rnd{};
    std::array<i64, de::NUM> rot_unit{};
    std::array<double, de::NUM> wf_width{};
};

}  // namespace

void LoopBlockingScheme::set_bufshr(const Resource& resource, const BufShrScheme& bufshr,
                                    const Option& options) {
    if (!options.hw_gbuf_sharing) return;
    const int blv = bl::GBUF, blp1 = blv + 1;

    // Bypassed data need no sharing.
    for (int d = 0; d < de::NUM; ++d)
        if (!data_size(blv, d)) bufshr_subgrp_size[d] = 1;
    if (bufshr_subgrp_size[0] == 1 && bufshr_subgrp_size[1] == 1 && bufshr_subgrp_size[2] == 1)
        return;

    const LoopTriple t_x = bl_ts[static_cast<size_t>(blp1)];
    const auto ord_x = bl_ords[static_cast<size_t>(blp1)];
    unsigned nt = 0;
    for (int l = 0; l < le::NUM; ++l)
        if (t_x[l] > 1) nt |= 1u << l;

    // Loops inside the outermost of the data's innermost dimension loops do
    // not change fetch counts: keep them fixed at the bottom.
    int o_inn = -2;
    int o_key = -2;
    for (int d = 0; d < de::NUM; ++d) {
        const int inn = innermost_dim_loop(nld->data_loops[d], t_x, ord_x);
        const int key = inn >= 0 ? ord_x[inn] : -1;
        if (key > o_key) {
            o_key = key;
            o_inn = inn;
        }
    }
    LoopList fixed_loops;  // outer to inner
    if (nt) {
        NNDF_CHECK(o_inn >= 0, "no innermost dimension loop with non-trivial loops");
        std::array<int, le::NUM> cand{};
        int nc = 0;
        for (int l = 0; l < le::NUM; ++l)
            if ((nt >> l & 1u) && ord_x[l] < ord_x[o_inn]) cand[static_cast<size_t>(nc++)] = l;
        // Outer loops first (larger order value). At most three candidates:
        // an insertion sort, which unlike std::sort does not trip g++'s
        // -Warray-bounds on a three-element array.
        for (int k = 1; k < nc; ++k) {
            for (int j = k; j > 0 && ord_x[cand[static_cast<size_t>(j - 1)]] <
                                         ord_x[cand[static_cast<size_t>(j)]];
                 --j)
                std::swap(cand[static_cast<size_t>(j - 1)], cand[static_cast<size_t>(j)]);
        }
        for (int k = 0; k < nc; ++k) fixed_loops.push(cand[static_cast<size_t>(k)]);
    }
    unsigned fixed_mask = 0;
    for (int k = 0; k < fixed_loops.n; ++k)
        fixed_mask |= 1u << fixed_loops.v[static_cast<size_t>(k)];
    LoopList flex_loops;  // a set of small ints iterates ascending
    for (int l = 0; l < le::NUM; ++l)
        if ((nt >> l & 1u) && !(fixed_mask >> l & 1u)) flex_loops.push(l);

    // Subgroup-size candidates: the current one, then the smallest that fit,
    // shrinking the categories in each order (a Python set: CPython's order).
    auto min_subgrp_size = [&](const std::array<int, de::NUM>& dce_list) {
        i64 free_cap = resource.size_gbuf - data_size(blv);
        std::array<long long, 3> sgs_list{bufshr_subgrp_size[0], bufshr_subgrp_size[1],
                                          bufshr_subgrp_size[2]};
        for (int d : dce_list) {
            if (sgs_list[static_cast<size_t>(d)] <= 1) continue;
            const i64 cur = data_size(blv, d);
            const i64 tot = cur * bufshr_subgrp_size[d];
            NNDF_CHECK(cur > 0 && tot > 0, "shared data without size");
            for (i64 sgs = sgs_list[static_cast<size_t>(d)]; sgs > 0; --sgs) {
                if (bufshr_grp_size[d] % sgs != 0) continue;
                if (idivc(tot, sgs) <= free_cap + cur) {
                    sgs_list[static_cast<size_t>(d)] = sgs;
                } else {
                    break;
                }
            }
            free_cap -= idivc(tot, sgs_list[static_cast<size_t>(d)]) - cur;
            NNDF_CHECK(free_cap >= 0, "buffer over-committed");
        }
        return sgs_list;
    };
    std::array<std::array<long long, 3>, 6> shrunk{};
    int nshrunk = 0;
    std::array<int, de::NUM> perm{0, 1, 2};
    do {
        shrunk[static_cast<size_t>(nshrunk++)] = min_subgrp_size(perm);
    } while (std::next_permutation(perm.begin(), perm.end()));
    std::array<std::array<long long, 3>, 7> cand_store{};
    cand_store[0] = {bufshr_subgrp_size[0], bufshr_subgrp_size[1], bufshr_subgrp_size[2]};
    const int ncands = 1 + cpython_set_order(shrunk.data(), nshrunk, cand_store.data() + 1);

    const LoopTriple tp_top = bl_tp(0, blp1);
    auto calc = [&](const std::array<long long, 3>& sgs, const LoopTriple& t_bs,
                    const LoopList& loops_bs, const LoopList& loops_bot) {
        // Non-trivial loops of the sharing level and the GBUF level, outer to inner.
        std::array<std::pair<int, i64>, 2 * le::NUM + le::NUM> lp{};
        int nlp = 0;
        for (int k = 0; k < loops_bs.n; ++k) {
            const int l = loops_bs.v[static_cast<size_t>(k)];
            if (t_bs[l] > 1) lp[static_cast<size_t>(nlp++)] = {l, t_bs[l]};
        }
        for (int k = 0; k < loops_bot.n; ++k) {
            const int l = loops_bot.v[static_cast<size_t>(k)];
            if (t_x[l] > t_bs[l]) lp[static_cast<size_t>(nlp++)] = {l, idivc(t_x[l], t_bs[l])};
        }
        for (int k = 0; k < fixed_loops.n; ++k) {
            const int l = fixed_loops.v[static_cast<size_t>(k)];
            lp[static_cast<size_t>(nlp++)] = {l, t_x[l]};
        }
        BufShrFetch r;
        for (int d = 0; d < de::NUM; ++d) {
            const DataDimLoops& dl = nld->data_loops[d];
            const i64 buf_fetch = fetch[static_cast<size_t>(blp1)][d];
            const i64 mem_fetch = fetch[static_cast<size_t>(blp1 - 1)][d];
            int idx_odlp = -1;
            for (int k = 0; k < nlp && idx_odlp < 0; ++k)
                if (dl.has(lp[static_cast<size_t>(k)].first)) idx_odlp = k;
            const i64 sg = sgs[static_cast<size_t>(d)];
            i64 rotrnds = 1;
            if (idx_odlp < 0 || sg == 1) {
                rotrnds = 0;
            } else {
                rotrnds *= dl.drop_prod(tp_top.data());
                for (int k = 0; k < idx_odlp; ++k) rotrnds *= lp[static_cast<size_t>(k)].second;
            }
            const i64 mem_rounds = d == de::OFM ? (mem_fetch + 1) / 2 : mem_fetch;
            // Data used in a single rotation before replacement are streamed.
            if (rotrnds == mem_rounds) rotrnds = 0;
            r.rot_rnd[d] = rotrnds;
            i64 rotunits = 1;
            if (idx_odlp >= 0) {
                for (int k = idx_odlp; k < nlp && dl.has(lp[static_cast<size_t>(k)].first); ++k)
                    rotunits *= lp[static_cast<size_t>(k)].second;
            }
            r.rot_unit[d] = rotunits;
            const double wf_width = 1. * static_cast<double>(sg) / static_cast<double>(rotunits);
            r.wf_width[d] = wf_width;
            const double wf_per_acc = bufshr.nhops_wide_fetch_once(d, sg, wf_width);
            double comb;
            if (d == de::OFM) {
                comb = static_cast<double>(buf_fetch > 2 * rotrnds - 1 ? 2 * rotrnds
                                                                       : 2 * rotrnds - 1);
            } else {
                comb = static_cast<double>(rotrnds);
            }
            comb *= 1. * static_cast<double>(rotunits - 1) / static_cast<double>(rotunits);
            r.wide_fetch[d] = wf_per_acc * (static_cast<double>(buf_fetch) - comb);
            r.rot_fetch[d] =
                bufshr.nhops_rotate_all(d, sg, rotunits) * static_cast<double>(rotrnds);
        }
        return r;
    };
    auto key_of = [&](const BufShrFetch& f) {
        const auto ra = bufshr_access(f.rot_fetch);
        const auto wa = bufshr_access(f.wide_fetch);
        return py_sum(ra) + py_sum(wa);
    };

    // Sweep: candidates x blocking splits of the flexible loops x orders of
    // the non-trivial sharing-level loops x orders of the GBUF-level loops.
    LoopTriple t_bs_tot{1, 1, 1};
    for (int k = 0; k < flex_loops.n; ++k) {
        const int l = flex_loops.v[static_cast<size_t>(k)];
        t_bs_tot[l] = t_x[l];
    }
    const std::array<const std::vector<std::array<i64, 2>>*, le::NUM> splits{
        &factorize<2>(t_bs_tot[0]), &factorize<2>(t_bs_tot[1]), &factorize<2>(t_bs_tot[2])};
    const Permutations bot_perms(flex_loops);

    bool have = false;
    double best_key = 0;
    std::array<long long, 3> best_sgs{};
    LoopTriple best_t{};
    LoopList best_bs, best_bot;
    for (int ci = 0; ci < ncands; ++ci) {
        const auto& sgs = cand_store[static_cast<size_t>(ci)];
        for (const auto& s0 : *splits[0]) {
            for (const auto& s1 : *splits[1]) {
                for (const auto& s2 : *splits[2]) {
                    const LoopTriple t_bs{s0[0], s1[0], s2[0]};
                    LoopList trivial, nontrivial;
                    for (int k = 0; k < flex_loops.n; ++k) {
                        const int l = flex_loops.v[static_cast<size_t>(k)];
                        (t_bs[l] == 1 ? trivial : nontrivial).push(l);
                    }
                    for (const auto& ntp : Permutations(nontrivial)) {
                        LoopList loops_bs = trivial;
                        for (int k = 0; k < ntp.n; ++k)
                            loops_bs.push(ntp.v[static_cast<size_t>(k)]);
                        for (const auto& bot : bot_perms) {
                            const double key = key_of(calc(sgs, t_bs, loops_bs, bot));
                            if (!have || key < best_key) {
                                have = true;
                                best_key = key;
                                best_sgs = sgs;
                                best_t = t_bs;
                                best_bs = loops_bs;
                                best_bot = bot;
                            }
                        }
                    }
                }
            }
        }
    }
    NNDF_CHECK(have, "no buffer-sharing candidate");

    for (int d = 0; d < de::NUM; ++d) bufshr_subgrp_size[d] = best_sgs[static_cast<size_t>(d)];
    // GBUF-level order: the chosen flexible loops then the fixed ones, outer
    // to inner; the rest above them.
    std::array<int, le::NUM> new_ord{-1, -1, -1};
    int oi = 0;
    LoopList chain = best_bot;
    for (int k = 0; k < fixed_loops.n; ++k) chain.push(fixed_loops.v[static_cast<size_t>(k)]);
    for (int k = chain.n - 1; k >= 0; --k) new_ord[chain.v[static_cast<size_t>(k)]] = oi++;
    for (int l = 0; l < le::NUM; ++l)
        if (new_ord[l] < 0) new_ord[l] = oi++;
    bl_ords[static_cast<size_t>(blp1)] = new_ord;

    std::array<int, le::NUM> new_bs{-1, -1, -1};
    oi = 0;
    for (int k = best_bs.n - 1; k >= 0; --k) {
        const int l = best_bs.v[static_cast<size_t>(k)];
        if (best_t[l] > 1) new_bs[l] = oi++;
    }
    for (int l = 0; l < le::NUM; ++l)
        if (new_bs[l] < 0) new_bs[l] = oi++;
    bufshr_bs_t = best_t;
    bufshr_bs_ord = new_bs;

    const BufShrFetch f = calc(best_sgs, best_t, best_bs, best_bot);
    bufshr_rot_fetch = f.rot_fetch;
    bufshr_wide_fetch = f.wide_fetch;
    bufshr_rot_round_cnt = f.rot_rnd;
    bufshr_rot_unit_cnt = f.rot_unit;
    bufshr_wide_fetch_width = f.wf_width;
}

}  // namespace nndf
