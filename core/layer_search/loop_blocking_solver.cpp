#include "core/layer_search/loop_blocking_solver.h"

#include <cmath>
#include <optional>

#include "core/model/layer.h"
#include "core/util/error.h"

namespace nndf {

namespace {

/// Why solve() found nothing.
enum class NoSolution { None, NoOuterBlocking, NoInnerBlocking };

constexpr const char* kNoOuterBlockingNote =
    "loop-blocking solver: for some layer no top-level blocking of the resident data fits the "
    "buffers; that solver candidate is skipped (the reference stops with UnboundLocalError "
    "on tx0)";
// Not reached as far as we can tell: Opt I's REGF constraint bounds the
// chosen (tx2, ty2) so that one of Opt II's candidates gives tz2 >= 1. Kept
// as a value, like the reference's assertion it stands for.
constexpr const char* kNoInnerBlockingNote =
    "loop-blocking solver: for some layer no register-file blocking fits; that solver "
    "candidate is skipped (the reference stops with an AssertionError)";

std::optional<SolvedBlocking> solve(const NestedLoopDesc& nld, const Resource& res, int reside,
                                    NoSolution& why) {
    // x, y: the resident category's loops; z: the other loop. Categories in
    // the order xy (resident), yz, xz, with their DRAM access multipliers.
    std::array<int, 3> llpe{}, ldce{};
    std::array<double, 3> lfacc{};
    if (reside == de::FIL) {
        llpe = {le::IFM, le::OFM, le::BAT};
        ldce = {de::FIL, de::OFM, de::IFM};
        lfacc = {1., 2., 1.};
    } else if (reside == de::IFM) {
        llpe = {le::IFM, le::BAT, le::OFM};
        ldce = {de::IFM, de::OFM, de::FIL};
        lfacc = {1., 2., 1.};
    } else {
        llpe = {le::OFM, le::BAT, le::IFM};
        ldce = {de::OFM, de::IFM, de::FIL};
        lfacc = {2., 1., 1.};
    }
    std::array<i64, 3> lnum{}, lsgbuf{}, lsregf{};
    for (int i = 0; i < 3; ++i) {
        lnum[i] = nld.loopcnt[llpe[i]];
        lsgbuf[i] = nld.usize_gbuf[ldce[i]];
        lsregf[i] = nld.usize_regf[ldce[i]];
    }
    const i64 size_gbuf = res.size_gbuf, size_regf = res.size_regf;

    // Opt I: minimize DRAM accesses over factors tx0 | Nx, ty0 | Ny.
    auto goal1 = [&](i64 tx0, i64 ty0) {
        const std::array<i64, 3> lnumloops{lnum[0] * lnum[1], lnum[1] * lnum[2], lnum[0] * lnum[2]};
        const std::array<i64, 3> ltloops{1, tx0, ty0};
        double s = 0;
        for (int i = 0; i < 3; ++i) {
            // prod((numloops, sgbuf, facc, tloops)) from 1, left to right.
            s += ((static_cast<double>(1 * lnumloops[i] * lsgbuf[i]) * lfacc[i]) *
                  static_cast<double>(ltloops[i]));
        }
        return s;
    };
    auto feasible1 = [&](i64 tx0, i64 ty0) {
        if ((lnum[0] / tx0) * (lnum[1] / ty0) * lsgbuf[0] > size_gbuf) return false;
        return std::min(lnum[0] / tx0 * (lsregf[0] + lsregf[2]) + lsregf[1],
                        lnum[1] / ty0 * (lsregf[0] + lsregf[1]) + lsregf[2]) <= size_regf;
    };
    double min_goal = kInf;
    i64 tx0 = 0, ty0 = 0;
    for (const auto& fx : factorize<2>(lnum[0])) {
        for (const auto& fy : factorize<2>(lnum[1])) {
            if (!feasible1(fx[0], fy[0])) continue;
            double g = goal1(fx[0], fy[0]);
            if (g < min_goal) {
                min_goal = g;
                tx0 = fx[0];
                ty0 = fy[0];
            }
        }
    }
    if (tx0 == 0) {
        why = NoSolution::NoOuterBlocking;
        return std::nullopt;
    }

    // Opt II: the largest tz2 (a factor of Nz) whose REGF footprint fits.
    auto goal2 = [&](i64 tx2, i64 ty2) -> double {
        double tz2 = static_cast<double>(size_regf - tx2 * ty2 * lsregf[0]) * 1. /
                     static_cast<double>(ty2 * lsregf[1] + tx2 * lsregf[2]);
        if (tz2 < 0) return -kInf;
        ClosestFactors cf = closest_factor(lnum[2], tz2);
        if (cf.below && static_cast<double>(*cf.below) <= tz2)
            return static_cast<double>(*cf.below);
        return -kInf;
    };
    i64 tx2 = lnum[0] / tx0, ty2 = lnum[1] / ty0;
    double tz2 = goal2(tx2, ty2);
    if (std::isinf(tz2)) {
        // Ties keep the first candidate, as Python's max.
        const std::array<std::pair<i64, i64>, 2> cands{{{1, lnum[1] / ty0}, {lnum[0] / tx0, 1}}};
        double g0 = goal2(cands[0].first, cands[0].second);
        double g1 = goal2(cands[1].first, cands[1].second);
        const auto& pick = g1 > g0 ? cands[1] : cands[0];
        tx2 = pick.first;
        ty2 = pick.second;
        tz2 = goal2(tx2, ty2);
    }
    if (std::isinf(tz2)) {
        why = NoSolution::NoInnerBlocking;
        return std::nullopt;
    }
    const i64 tz2i = static_cast<i64>(tz2);
    const i64 tz0 = lnum[2] / tz2i;
    i64 tx1 = lnum[0] / tx0 / tx2;
    i64 ty1 = lnum[1] / ty0 / ty2;

    // z innermost at the top; the non-trivial one of x/y innermost below.
    std::array<int, le::NUM> ord0{}, ord1{};
    ord0[llpe[0]] = 2;
    ord0[llpe[1]] = 1;
    ord0[llpe[2]] = 0;
    ord1[llpe[0]] = tx1 > 1 ? 0 : 1;
    ord1[llpe[1]] = tx1 > 1 ? 1 : 0;
    ord1[llpe[2]] = 2;
    // With tz0 = 1 the bypassed data would not bypass: merge x1/y1 upwards.
    if (tz0 == 1) {
        tx0 *= tx1;
        tx1 = 1;
        ty0 *= ty1;
        ty1 = 1;
        ord0 = ord1;
    }
    SolvedBlocking s;
    const std::array<LoopTriple, 3> per_loop{LoopTriple{tx0, tx1, tx2}, LoopTriple{ty0, ty1, ty2},
                                             LoopTriple{tz0, 1, tz2i}};
    for (int i = 0; i < 3; ++i)
        for (int lvl = 0; lvl < 3; ++lvl) s.bl_ts[lvl][llpe[i]] = per_loop[i][lvl];
    s.bl_ords = {ord0, ord1};
    return s;
}

}  // namespace

std::vector<SolvedBlocking> solve_loopblocking_gbuf_reside(const NestedLoopDesc& nld,
                                                           const Resource& resource,
                                                           const Option& options,
                                                           const SearchContext* ctx) {
    NNDF_CHECK(nld.data_loops == conv_data_loops(), "the solver applies to conv loops only");
    std::vector<SolvedBlocking> out;
    for (int reside = 0; reside < de::NUM; ++reside) {
        bool others_bypass = true;
        for (int d = 0; d < de::NUM; ++d)
            if (d != reside && !options.sw_gbuf_bypass[d]) others_bypass = false;
        if (!others_bypass) continue;
        NoSolution why = NoSolution::None;
        if (auto s = solve(nld, resource, reside, why)) {
            out.push_back(*s);
        } else if (ctx) {
            ctx->note(why == NoSolution::NoOuterBlocking ? kNoOuterBlockingNote
                                                         : kNoInnerBlockingNote);
        }
    }
    return out;
}

}  // namespace nndf
