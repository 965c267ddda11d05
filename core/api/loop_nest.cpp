#include "core/api/loop_nest.h"

#include <cmath>

#include "core/layer_search/loop_blocking_scheme.h"
#include "core/layer_search/map_strategy.h"
#include "core/layer_search/passes_side_by_side.h"
#include "core/util/error.h"

namespace nndf {

const char* loop_dim_key(int dim) {
    static const char* keys[ld::NUM] = {"batch", "fold", "ifm",   "ofm",   "orow", "ocol",
                                        "frow",  "fcol", "rchan", "group", "head"};
    return keys[dim];
}

const char* loop_dim_name(int dim, bool conv) {
    switch (dim) {
        case ld::BATCH:
            return "batch";
        case ld::FOLD:
            return "ofmap-row fold";
        case ld::IFM:
            return "input channels";
        case ld::OFM:
            return conv ? "output channels" : "channels";
        case ld::OROW:
            return "output rows";
        case ld::OCOL:
            return "output columns";
        case ld::FROW:
            return conv ? "filter rows" : "region rows";
        case ld::FCOL:
            return conv ? "filter columns" : "region columns";
        case ld::GROUP:
            return "groups";
        case ld::HEAD:
            return "heads";
        default:
            return "region channels";
    }
}

const char* loop_level_name(int level) {
    static const char* names[ll::NUM] = {"DRAM", "GBUF", "REGF", "PE array", "PE"};
    return names[level];
}

namespace {

std::string num(i64 v) {
    return std::to_string(v);
}

/// The nested loop description the result's blocking factors were made
/// for: its loop counts are their products, and its unit sizes (which carry
/// the replication split) are the result's.
NestedLoopDesc matching_desc(const MapStrategyEyeriss& ms, const ScheduledLayer& l,
                             i64 side_by_side_passes) {
    LoopTriple tp{1, 1, 1};
    for (int lvl = 0; lvl < 3; ++lvl)
        for (int lp = 0; lp < le::NUM; ++lp) tp[lp] *= l.tvals[lvl][lp];
    for (const auto& nld :
         with_passes_side_by_side(ms.gen_nested_loop_desc(), ms.repl(), side_by_side_passes)) {
        if (nld.loopcnt != tp) continue;
        if (nld.usize_gbuf != l.stats.unit_size[0] || nld.usize_regf != l.stats.unit_size[1])
            continue;
        return nld;
    }
    throw InputError("schedules." + l.name + "[0].tvals",
                     "the blocking factors (products " + num(tp[0]) + " x " + num(tp[1]) + " x " +
                         num(tp[2]) + ") and unit sizes fit no loop nest of the layer's mapping");
}

/// The batch-loop factor of each blocking level split into batch and
/// ofmap-row fold. The engine runs the fold as extra batch iterations and
/// never orders the two against each other, so any split whose per-level
/// products are the level's factor is the same schedule to its cost model;
/// this one gives the fold the innermost levels that admit it.
std::array<std::pair<i64, i64>, 3> split_batch_fold(const std::array<i64, 3>& tb, i64 fold) {
    std::array<std::pair<i64, i64>, 3> out{};
    i64 left = fold;
    for (int lvl = 2; lvl >= 0; --lvl) {
        const i64 f = gcd(tb[lvl], left);
        left /= f;
        out[lvl] = {tb[lvl] / f, f};
    }
    NNDF_CHECK(left == 1, "the fold does not divide the batch loop");
    return out;
}

}  // namespace

LoopNest explain_loop_nest(const PartitionedLayer& part, const ScheduledLayer& l, PhyDim2 dim_array,
                           i64 side_by_side_passes) {
    const Layer& layer = part.layer;
    const bool conv = layer.is_conv();
    const MapStrategyEyeriss ms(layer, part.batch, part.occupancy, dim_array);
    const NestedLoopDesc nld = matching_desc(ms, l, side_by_side_passes);
    LoopNest nest;
    nest.repl_ifms = nld.repl_ifms;
    nest.repl_ofms = nld.repl_ofms;
    nest.passes_together = nld.passes_together;
    nest.loopcnt = nld.loopcnt;
    nest.ops = nld.total_ops();
    nest.ops_share = layer.total_ops(part.batch);

    const PhyDim2 fold = ms.fold(), folded = ms.dim_flpeset(), repl = ms.repl();
    const i64 side = ms.folds_side_by_side();
    auto add = [&](int level, int dim, i64 count, bool spatial, bool partial = false,
                   std::string note = "") {
        if (count > 1) nest.loops.push_back({level, dim, count, spatial, partial, std::move(note)});
    };

    // DRAM -> GBUF, GBUF -> REGF: the result's blocking factors in its loop
    // orders. The REGF level's loops have no order in the engine (their data
    // all sit in the register files), so they are listed in loop order.
    const std::array<i64, 3> tb{l.tvals[0][le::BAT], l.tvals[1][le::BAT], l.tvals[2][le::BAT]};
    const auto bat = split_batch_fold(tb, fold.w);
    const std::array<int, le::NUM> regf_order{2, 1, 0};
    for (int lvl = 0; lvl < 3; ++lvl) {
        LoopTriple t{l.tvals[lvl][0], l.tvals[lvl][1], l.tvals[lvl][2]};
        std::array<int, le::NUM> ord = regf_order;
        if (lvl < 2)
            for (int lp = 0; lp < le::NUM; ++lp) ord[lp] = static_cast<int>(l.orders[lvl][lp]);
        const OrderedLoops ol = ordered_loops(t, ord);
        for (int i = 0; i < ol.n; ++i) {
            const int lp = ol.lpe[i];
            if (lp == le::IFM) add(lvl, ld::IFM, ol.t[i], false);
            if (lp == le::OFM) add(lvl, ld::OFM, ol.t[i], false);
            if (lp == le::BAT) {
                add(lvl, ld::BATCH, bat[lvl].first, false);
                add(lvl, ld::FOLD, bat[lvl].second, false, false,
                    "folding: the ofmap rows are cut into " + num(fold.w) +
                        " folds that run one after another, as extra iterations of the batch "
                        "loop");
            }
        }
    }

    // One pass of the PE array: copies of the folded logical PE set side by
    // side, each folded set filter (region) rows x ofmap rows.
    const i64 copies = repl.size();
    add(ll::ARRAY, ld::GROUP, nest.passes_together, true, false,
        "groups side by side: " + num(nest.passes_together) +
            " passes at once, each in copies of the folded PE set that replication left idle, "
            "on its own group's channels (of the " +
            num(copies) + " copies that fit the array)");
    if (conv) {
        add(ll::ARRAY, ld::IFM, nest.repl_ifms, true,
            nld.loopcnt[le::IFM] * nest.repl_ifms > layer.nifm(),
            "replication: " + num(nest.repl_ifms) +
                " copies of the folded PE set, each on other "
                "input channels (of the " +
                num(copies) + " copies that fit the array)");
    }
    add(ll::ARRAY, ld::OFM, nest.repl_ofms, true,
        nld.loopcnt[le::OFM] * nest.repl_ofms > layer.nofm,
        "replication: " + num(nest.repl_ofms) + " copies of the folded PE set, each on other " +
            (conv ? "output channels" : "channels") + " (of the " + num(copies) +
            " copies that fit the array)");
    const i64 rows_share = conv ? layer.hfil : layer.hreg;
    add(ll::ARRAY, ld::FROW, fold.h, false, fold.h * folded.h > rows_share,
        "folding: the logical PE set has " + num(rows_share) + " rows, more than the array's " +
            num(dim_array.h) + "; its " + num(fold.h) + " folds run in turn within a pass");
    const i64 strip = side > 1 ? idivc(folded.w, side) : folded.w;
    add(ll::ARRAY, ld::OROW, side, true, false,
        "folding: " + num(side) +
            " ofmap-row folds run at once, stacked in PE rows that "
            "replication left free");
    add(ll::ARRAY, ld::FROW, folded.h, true, false, "PE rows");
    add(ll::ARRAY, ld::OROW, strip, true, fold.w * side * strip > layer.hofm, "PE columns");

    // Inside a PE: a 1D convolution (or pooling) of a row.
    add(ll::PE, ld::OCOL, layer.wofm, false);
    if (!conv) add(ll::PE, ld::RCHAN, layer.nreg, false);
    add(ll::PE, ld::FCOL, conv ? layer.wfil : layer.wreg, false);

    std::array<i64, ld::NUM> product{};
    product.fill(1);
    for (const auto& loop : nest.loops) {
        product[loop.dim] *= loop.count;
        nest.ops_covered *= loop.count;
    }
    auto cover = [&](int dim, i64 share, i64 prod) { nest.dims.push_back({dim, share, prod}); };
    cover(ld::BATCH, part.batch, product[ld::BATCH]);
    if (conv) cover(ld::IFM, layer.nifm(), product[ld::IFM]);
    cover(ld::OFM, layer.nofm, product[ld::OFM]);
    cover(ld::FOLD, fold.w, product[ld::FOLD]);
    cover(ld::OROW, layer.hofm, product[ld::FOLD] * product[ld::OROW]);
    cover(ld::OCOL, layer.wofm, product[ld::OCOL]);
    cover(ld::FROW, rows_share, product[ld::FROW]);
    cover(ld::FCOL, conv ? layer.wfil : layer.wreg, product[ld::FCOL]);
    if (!conv) cover(ld::RCHAN, layer.nreg, product[ld::RCHAN]);
    return nest;
}

void add_pass_loops(LoopNest& nest, const Layer& whole, i64 batch, i64 sample_groups) {
    if (!whole.is_multi_pass()) return;
    std::vector<Loop> outer;
    if (whole.is_matmul()) {
        NNDF_CHECK(sample_groups >= 1 && batch % sample_groups == 0,
                   "sample groups do not divide the batch");
        outer.push_back({ll::DRAM, ld::BATCH, sample_groups, false, false,
                         "passes by groups of samples: the pipeline segment forwards each "
                         "group's ofmaps when its passes are done"});
        outer.push_back({ll::DRAM, ld::HEAD, whole.heads, false, false,
                         "passes: one per head, each a 1x1 convolution by the head's slice "
                         "of the right operand"});
        outer.push_back({ll::DRAM, ld::BATCH, batch / sample_groups, false, false,
                         "passes: one per sample, whose right operand is its own"});
    } else {
        const i64 together = nest.passes_together;
        outer.push_back({ll::DRAM, ld::GROUP, whole.groups / together, false, false,
                         together == 1
                             ? "passes: one per group, each the convolution of its channel slice"
                             : "rounds: " + num(together) +
                                   " groups a round, side by side on the array, each the "
                                   "convolution of its channel slice"});
    }
    std::vector<Loop> kept;
    for (auto& l : outer) {
        if (l.count > 1) kept.push_back(l);
        nest.ops_covered *= l.count;
    }
    nest.ops_share *= whole.passes(batch);
    nest.ops *= static_cast<double>(whole.passes(batch) / nest.passes_together);
    nest.loops.insert(nest.loops.begin(), kept.begin(), kept.end());
    if (whole.is_matmul()) {
        nest.dims.push_back({ld::HEAD, whole.heads, whole.heads});
        for (auto& d : nest.dims) {
            if (d.dim == ld::BATCH) {
                d.share *= batch;
                d.product *= batch;
            }
        }
    } else {
        nest.dims.push_back({ld::GROUP, whole.groups, whole.groups});
    }
}

}  // namespace nndf
