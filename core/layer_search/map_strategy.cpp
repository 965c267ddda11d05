#include "core/layer_search/map_strategy.h"

#include <cmath>
#include <sstream>

#include "core/util/error.h"

namespace nndf {

MapStrategyEyeriss::MapStrategyEyeriss(const Layer& layer, i64 batch, double occupancy,
                                       PhyDim2 dim_array)
    : layer_(layer), batch_(batch), occupancy_(occupancy), dim_array_(dim_array) {
    NNDF_CHECK(occupancy > 0 && occupancy <= 1, "occupancy must be in (0, 1]");
    i64 cnt_lpeset = 0;
    if (layer.is_conv()) {
        ops_lpe_ = layer.wfil * layer.wofm;
        dim_lpeset_ = {layer.hfil, layer.hofm};
        cnt_lpeset = batch * layer.nofm * layer.nifm();
    } else if (layer.is_local_region()) {
        ops_lpe_ = layer.nreg * layer.wreg * layer.wofm;
        dim_lpeset_ = {layer.hreg, layer.hofm};
        cnt_lpeset = batch * layer.nofm;
    } else {
        NNDF_CHECK(false, "cannot map an input layer");
    }
    NNDF_CHECK(ops_lpe_ * dim_lpeset_.size() * cnt_lpeset == layer.total_ops(batch),
               "logical PE ops do not add up");
    repl_fold();
    util_ = 1. * static_cast<double>(dim_lpeset_.size() * repl_.size()) /
            static_cast<double>(dim_array_.size() * fold_.size());
    NNDF_CHECK(util_ <= 1. + 1e-6, "PE utilization above 1");
    if (!(util_ > 0.5)) {
        std::ostringstream os;
        os << "the " << dim_array.h << "x" << dim_array.w
           << " PE array would be less than half used by a layer part of logical PE set "
           << dim_lpeset_.h << "x" << dim_lpeset_.w << " (utilization " << util_
           << "); the reference aborts here too: use a smaller array or another partitioning";
        throw InputError("array", os.str());
    }
}

void MapStrategyEyeriss::repl_fold() {
    i64 fold_w = 1, repl_w = 1, fold_h = 1, repl_h = 1;
    if (dim_lpeset_.h > dim_array_.h) {
        fold_h = idivc(dim_lpeset_.h, dim_array_.h);
    } else {
        repl_h = dim_array_.h / dim_lpeset_.h;
    }
    if (dim_lpeset_.w > dim_array_.w) {
        fold_w = idivc(dim_lpeset_.w, dim_array_.w);
    } else {
        repl_w = dim_array_.w / dim_lpeset_.w;
    }
    // Width folds go into height replication first (JSSC'17 IV.A).
    const i64 f_w2h = std::min(repl_h, fold_w);
    fold_w = idivc(fold_w, f_w2h);
    repl_h = repl_h / f_w2h;
    folds_side_by_side_ = f_w2h;
    fold_ = {fold_h, fold_w};
    repl_ = {repl_h, repl_w};
    dim_flpeset_ = {idivc(dim_lpeset_.h, fold_.h), idivc(dim_lpeset_.w, fold_.w)};
    dim_ppeset_ = {dim_flpeset_.h * repl_.h * f_w2h, idivc(dim_flpeset_.w * repl_.w, f_w2h)};
    NNDF_CHECK(dim_ppeset_.h <= dim_array_.h && dim_ppeset_.w <= dim_array_.w,
               "physical PE set does not fit the array");
}

MapStrategyEyeriss::UnitPass MapStrategyEyeriss::calc_unitpass() const {
    UnitPass u;
    const i64 fold_h = fold_.h;  // folded logical PE sets per unit pass
    // The access layer has a fractional ofmap height (hofm / fold.w), as the
    // reference builds it with a float; the buffer layer rounds it up.
    const double acc_hofm = 1. * static_cast<double>(layer_.hofm) / static_cast<double>(fold_.w);
    const i64 buf_hofm = idivc(layer_.hofm, fold_.w);
    const double wofm = static_cast<double>(layer_.wofm);
    const double acc_ofmap = 1. * (acc_hofm * wofm * 1. * 1.);
    const i64 flpeset = dim_flpeset_.size();
    u.time = fold_h * ops_lpe_;
    double acc_hifm;
    if (layer_.is_conv()) {
        acc_hifm =
            static_cast<double>(layer_.hfil) + (acc_hofm - 1) * static_cast<double>(layer_.htrd);
        const i64 wifm = layer_.wfil + (layer_.wofm - 1) * layer_.wtrd;
        u.ops = acc_ofmap * static_cast<double>(layer_.hfil * layer_.wfil * 1) * 1;
        const double fil = static_cast<double>(1 * 1 * (layer_.hfil * layer_.wfil * 1));
        const double ifm = 1. * (acc_hifm * static_cast<double>(wifm) * 1. * 1.);
        u.access[me::DRAM] = {fil, ifm, acc_ofmap};
        u.access[me::GBUF] = {fil, ifm * static_cast<double>(fold_h),
                              acc_ofmap * static_cast<double>(fold_h)};
        u.access[me::ITCN] = {static_cast<double>(layer_.wfil * flpeset * fold_h),
                              static_cast<double>(wifm * flpeset * fold_h),
                              static_cast<double>(layer_.wofm * flpeset * fold_h)};
        u.access[me::REGF] = {u.ops, u.ops, u.ops};
        const i64 buf_hifm = layer_.hfil + (buf_hofm - 1) * layer_.htrd;
        u.sz_gbuf = {layer_.hfil * layer_.wfil, buf_hifm * wifm, buf_hofm * layer_.wofm};
        u.sz_regf = {layer_.wfil, layer_.wfil, 1};
    } else {
        acc_hifm =
            static_cast<double>(layer_.hreg) + (acc_hofm - 1) * static_cast<double>(layer_.htrd);
        const i64 wifm = layer_.wreg + (layer_.wofm - 1) * layer_.wtrd;
        u.ops = acc_ofmap * static_cast<double>(layer_.nreg * layer_.hreg * layer_.wreg) * 1;
        const double ifm = 1. * (acc_hifm * static_cast<double>(wifm) * 1. * 1.);
        u.access[me::DRAM] = {0, ifm, acc_ofmap};
        u.access[me::GBUF] = {0, ifm, acc_ofmap * static_cast<double>(fold_h)};
        u.access[me::ITCN] = {0, static_cast<double>(wifm * flpeset),
                              static_cast<double>(layer_.wofm * flpeset * fold_h)};
        u.access[me::REGF] = {0, u.ops, u.ops};
        const i64 buf_hifm = layer_.hreg + (buf_hofm - 1) * layer_.htrd;
        u.sz_gbuf = {0, buf_hifm * wifm, buf_hofm * layer_.wofm};
        u.sz_regf = {0, layer_.wreg, 1};
    }
    NNDF_CHECK(isclose(static_cast<double>(u.time * dim_array_.size()) * util_,
                       u.ops * static_cast<double>(repl_.size()), 1e-9, 1e-3),
               "unit pass time and ops disagree");
    u.amp_acc_ifm =
        1. * acc_hifm * static_cast<double>(fold_.w) / static_cast<double>(layer_.hifm());
    return u;
}

std::vector<NestedLoopDesc> MapStrategyEyeriss::gen_nested_loop_desc() const {
    const UnitPass u = calc_unitpass();
    const DataLoops dls = layer_.data_loops();
    std::vector<NestedLoopDesc> out;

    auto emit = [&](std::array<i64, le::NUM> lcnt, std::array<double, le::NUM> locc, i64 rsz,
                    std::array<i64, de::NUM> rcnt) {
        NestedLoopDesc nld;
        nld.loopcnt = lcnt;
        nld.data_loops = dls;
        const double locc_prod = ((1 * locc[0]) * locc[1]) * locc[2];
        nld.unit_ops = u.ops * static_cast<double>(rsz) * occupancy_ * locc_prod;
        nld.unit_time = u.time;
        nld.repl_ifms = layer_.is_conv() ? rcnt[de::IFM] : 1;
        nld.repl_ofms = rcnt[de::OFM];
        for (int d = 0; d < de::NUM; ++d) {
            nld.usize_gbuf[d] = u.sz_gbuf[d] * rcnt[d];
            nld.usize_regf[d] = u.sz_regf[d];
        }
        for (int d = 0; d < de::NUM; ++d) {
            const double aocc = dls[d].take_prod(locc.data());
            const double n = static_cast<double>(rcnt[d]);
            nld.unit_access[me::DRAM][d] = u.access[me::DRAM][d] * n * aocc;
            nld.unit_access[me::GBUF][d] = u.access[me::GBUF][d] * n * aocc;
            nld.unit_access[me::ITCN][d] = u.access[me::ITCN][d] * static_cast<double>(rsz) * aocc;
            nld.unit_access[me::REGF][d] =
                u.access[me::REGF][d] * static_cast<double>(rsz) * occupancy_ * locc_prod;
        }
        // The same sanity checks as the reference (tolerance of one word/op).
        const double layer_ops = static_cast<double>(layer_.total_ops(batch_)) * occupancy_;
        auto near = [](double a, double b) { return std::fabs(a - b) <= 1; };
        const double lprod = static_cast<double>(lcnt[0] * lcnt[1] * lcnt[2]);
        NNDF_CHECK(near(nld.total_ops(), layer_ops), "mapped ops are incorrect");
        NNDF_CHECK(near(nld.total_access_at_of(me::DRAM, de::FIL),
                        layer_.is_conv() ? static_cast<double>(layer_.total_filter_size()) : 0),
                   "DRAM filter accesses are incorrect");
        NNDF_CHECK(near(nld.total_access_at_of(me::DRAM, de::IFM) / u.amp_acc_ifm,
                        static_cast<double>(layer_.total_ifmap_size(batch_))),
                   "DRAM ifmap accesses are incorrect");
        NNDF_CHECK(near(nld.total_access_at_of(me::DRAM, de::OFM),
                        static_cast<double>(layer_.total_ofmap_size(batch_))),
                   "DRAM ofmap accesses are incorrect");
        NNDF_CHECK(
            near(nld.unit_access[me::REGF][de::FIL] * lprod, layer_.is_conv() ? layer_ops : 0),
            "REGF filter accesses are incorrect");
        NNDF_CHECK(near(nld.unit_access[me::REGF][de::IFM] * lprod, layer_ops),
                   "REGF ifmap accesses are incorrect");
        NNDF_CHECK(near(nld.unit_access[me::REGF][de::OFM] * lprod, layer_ops),
                   "REGF ofmap accesses are incorrect");
        out.push_back(nld);
    };

    if (layer_.is_conv()) {
        // repl.w serves ofmaps only; repl.h is split between ifmaps and ofmaps.
        // A split is kept when its loop count is no worse than the best so far
        // (a running minimum, not a global one: the order matters).
        double min_cnt_loops = kInf;
        for (const auto& t : factorize<2>(repl_.h)) {
            const i64 ifms = std::min(t[0], layer_.nifm());
            const i64 ofms = std::min(t[1] * repl_.w, layer_.nofm);
            std::array<i64, le::NUM> lcnt{};
            lcnt[le::IFM] = idivc(layer_.nifm(), ifms);
            lcnt[le::OFM] = idivc(layer_.nofm, ofms);
            lcnt[le::BAT] = batch_ * fold_.w;
            const double cnt_loops = static_cast<double>(lcnt[0] * lcnt[1] * lcnt[2]);
            if (cnt_loops < min_cnt_loops) {
                min_cnt_loops = cnt_loops;
            } else if (cnt_loops > min_cnt_loops) {
                continue;
            }
            std::array<double, le::NUM> locc{1., 1., 1.};
            locc[le::IFM] = 1. * static_cast<double>(layer_.nifm()) / static_cast<double>(ifms) /
                            static_cast<double>(lcnt[le::IFM]);
            locc[le::OFM] = 1. * static_cast<double>(layer_.nofm) / static_cast<double>(ofms) /
                            static_cast<double>(lcnt[le::OFM]);
            emit(lcnt, locc, ifms * ofms, {ifms * ofms, ifms, ofms});
        }
    } else {
        // Replication serves ofmaps only; ifmaps map one-to-one.
        const i64 ofms = std::min(repl_.size(), layer_.nofm);
        std::array<i64, le::NUM> lcnt{1, idivc(layer_.nofm, ofms), batch_ * fold_.w};
        std::array<double, le::NUM> locc{1., 1., 1.};
        locc[le::OFM] = 1. * static_cast<double>(layer_.nofm) / static_cast<double>(ofms) /
                        static_cast<double>(lcnt[le::OFM]);
        emit(lcnt, locc, ofms, {0, ofms, ofms});
    }
    return out;
}

}  // namespace nndf
