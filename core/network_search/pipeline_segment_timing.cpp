#include "core/network_search/pipeline_segment_timing.h"

#include <algorithm>

#include "core/util/error.h"

namespace nndf {

std::pair<int, int> PipelineSegmentTiming::index_of(const std::string& layer) const {
    for (const auto& [n, idx] : layer2idx_)
        if (n == layer) return idx;
    return {-1, -1};
}

double PipelineSegmentTiming::time_overhead() const {
    i64 total_nodes = 0;
    for (const auto& tl : timing_list_) total_nodes += tl.front().num_nodes;
    double indv = 0;
    for (const auto& tl : timing_list_) {
        for (const auto& t : tl) {
            indv +=
                std::max(1. * static_cast<double>(t.node_time) * static_cast<double>(t.num_nodes) /
                             static_cast<double>(total_nodes),
                         static_cast<double>(t.dram_time));
        }
    }
    return (static_cast<double>(time()) - indv) / indv;
}

void PipelineSegmentTiming::add(const Network& net, const std::string& layer,
                                const SchedulingResult& r) {
    const auto& seq = r.sched_seq;
    NNDF_CHECK(seq[0] == seg_idx_, "layer does not belong to this segment");
    auto incr = [&](int pos) {
        if (!last_sched_seq_) return std::array<i64, 3>{seg_idx_, 0, 0};
        std::array<i64, 3> s = *last_sched_seq_;
        s[static_cast<size_t>(pos)] += 1;
        for (int k = pos + 1; k < 3; ++k) s[static_cast<size_t>(k)] = 0;
        return s;
    };
    if (seq == incr(1)) {
        timing_list_.emplace_back();
    } else if (seq == incr(2)) {
    } else {
        NNDF_CHECK(false, "scheduling sequence out of order");
    }
    last_sched_seq_ = seq;
    NNDF_CHECK(index_of(layer).first < 0, "layer added twice to a segment");
    layer2idx_.push_back({layer, {static_cast<int>(seq[1]), static_cast<int>(seq[2])}});

    const LayerTiming t = make_layer_timing(net, layer, r);
    timing_list_.back().push_back(t);

    critical_time_ = 0;
    for (const auto& tl : timing_list_)
        critical_time_ = std::max(critical_time_, tl.back().td_xb - tl.front().ts_xb);
    dram_time_ += r.total_dram_time();
    node_time_ = 0;
    bool first = true;
    for (const auto& tl : timing_list_) {
        i64 v = floordiv(tl.back().td_xb + critical_time_ * (bat_ngrp_ - 1), bat_ngrp_);
        node_time_ = first ? v : std::max(node_time_, v);
        first = false;
    }
    NNDF_CHECK(node_time_ >= critical_time_, "node time below critical time");
}

PipelineSegmentTiming::LayerTiming PipelineSegmentTiming::make_layer_timing(
    const Network& net, const std::string& layer, const SchedulingResult& r) {
    // Top-level loops, outermost first: BAT then IFM or OFM.
    OrderedLoops ol = ordered_loops(r.lbs.bl_ts[0], r.lbs.bl_ords[0]);
    LoopTriple top{1, 1, 1};
    int k = 0;
    if (k < ol.n && ol.lpe[k] == le::BAT) {
        top[le::BAT] = ol.t[k];
        ++k;
    }
    if (k < ol.n) {
        NNDF_CHECK(ol.lpe[k] == le::IFM || ol.lpe[k] == le::OFM, "unexpected top loop");
        top[static_cast<size_t>(ol.lpe[k])] = ol.t[k];
    }
    // A multi-pass layer's pass loop is outside its blocking: no batch or
    // fmap group of it is complete before its last pass, so it forwards
    // nothing early and starts after its sources are done; but a matmul
    // that runs its passes by groups of samples completes each group in turn.
    if (r.passes > 1) {
        top = {1, 1, 1};
        top[le::BAT] = r.sample_groups;
    }
    if (!bat_ngrp_) {
        bat_ngrp_ = top[le::BAT];
    } else if (bat_ngrp_ != top[le::BAT]) {
        bat_ngrp_ = 1;
    }
    const i64 ifm_ngrp = top[le::IFM], ofm_ngrp = top[le::OFM];
    const auto [sp_idx, tm_idx] = index_of(layer);
    const bool is_conv = net[layer].is_conv();
    const i64 time = static_cast<i64>(r.total_time());
    i64 ts_xb = 0, td_xb = 0;
    for (const auto& p : net.prevs(layer)) {
        if (!p) continue;
        const auto [psp, ptm] = index_of(*p);
        if (psp < 0) continue;  // from memory
        const LayerTiming& pt = timing_list_[static_cast<size_t>(psp)][static_cast<size_t>(ptm)];
        i64 start;
        if (psp == sp_idx) {
            // Same spatial slot: fused with the previous layer if groups match.
            if (!is_conv && ofm_ngrp == pt.ngrp) {
                start = pt.ts_xb + floordiv(pt.time, pt.ngrp);
            } else {
                start = pt.td_xb;
            }
            td_xb = pt.td_xb + time;
        } else {
            // Previous spatial slot: forward fmap groups if they match.
            if ((is_conv ? ifm_ngrp : ofm_ngrp) == pt.ngrp) {
                start = pt.ts_xb + floordiv(pt.time, pt.ngrp);
            } else {
                start = pt.td_xb;
            }
        }
        ts_xb = std::max(ts_xb, start);
    }
    td_xb = std::max(td_xb, ts_xb + time);
    LayerTiming t;
    t.time = time;
    t.node_time = r.total_node_time();
    t.dram_time = r.total_dram_time();
    t.num_nodes = r.num_nodes;
    t.ngrp = ofm_ngrp;
    t.ts_xb = ts_xb;
    t.td_xb = td_xb;
    return t;
}

}  // namespace nndf
