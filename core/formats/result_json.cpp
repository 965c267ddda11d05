#include "core/formats/result_json.h"

#include <cmath>

#include "core/api/version.h"
#include "core/formats/access_typing.h"
#include "core/formats/py_json_writer.h"
#include "core/util/error.h"

namespace nndf {

// The document is described once, over a writer W (py_json_writer.h): a
// PyJsonWriter prints it, an OJsonBuilder builds it. Each value's C++ type
// decides whether Python holds it as an int or a float.
namespace {

template <typename W, typename T, size_t N>
void write_list(W& w, const std::array<T, N>& a) {
    w.begin_array();
    for (const auto& v : a) w.value(v);
    w.end_array();
}

template <typename W, typename T, size_t N, size_t M>
void write_list2(W& w, const std::array<std::array<T, M>, N>& a) {
    w.begin_array();
    for (const auto& v : a) write_list(w, v);
    w.end_array();
}

template <typename W>
void write_dim(W& w, PhyDim2 d) {
    w.begin_array();
    w.value(d.h);
    w.value(d.w);
    w.end_array();
}

/// An integer-valued double printed as an int (cycle counts are ints in the
/// reference); non-finite values stay floats.
template <typename W>
void write_int_or_float(W& w, double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15) {
        w.value(static_cast<i64>(v));
    } else {
        w.value(v);
    }
}

/// A cost field: the reference keeps its command-line defaults as ints.
template <typename W>
void write_cost_value(W& w, double v, bool given) {
    if (given) {
        w.value(v);
    } else {
        write_int_or_float(w, v);
    }
}

template <typename W>
void write_fmap_pos(W& w, const FmapPosition& p) {
    w.begin_array();
    for (i64 x : {p.b, p.n, p.h, p.w}) w.value(x);
    w.end_array();
}

template <typename W>
void write_node_region(W& w, const NodeRegion& r) {
    w.begin_array();
    write_dim(w, r.dim);
    write_dim(w, r.origin);
    write_dim(w, r.dist);
    w.value(static_cast<int>(r.type));
    w.value(r.wtot);
    w.value(r.wbeg);
    w.end_array();
}

template <typename W>
void write_partition_scheme(W& w, const PartitionScheme& p) {
    w.begin_array();
    write_list(w, p.order);
    w.begin_array();
    for (const auto& d : p.pdims) write_dim(w, d);
    w.end_array();
    w.end_array();
}

template <typename W>
void write_data_layout(W& w, const DataLayout& dl) {
    w.begin_array();
    w.begin_array();
    for (const auto& f : dl.frngs) {
        w.begin_array();
        write_fmap_pos(w, f.fp_beg);
        write_fmap_pos(w, f.fp_end);
        w.end_array();
    }
    w.end_array();
    w.begin_array();
    for (const auto& r : dl.regions) write_node_region(w, r);
    w.end_array();
    w.begin_array();
    for (const auto& p : dl.parts) write_partition_scheme(w, p);
    w.end_array();
    w.end_array();
}

template <typename W>
void write_scheme(W& w, const SchedulingResult& r, const Layer& layer, bool unit_idle_cost_given) {
    const LoopBlockingScheme& l = r.lbs;
    w.begin_object();
    w.key("cost");
    w.value(r.cost);
    w.key("time");
    write_int_or_float(w, r.time);
    w.key("ops");
    w.value(r.ops);
    w.key("num_nodes");
    w.value(r.num_nodes);
    w.key("is_dram");
    write_list(w, r.is_dram);
    w.key("cost_op");
    w.value(r.cost_op);
    w.key("cost_access");
    w.value(r.cost_access);
    w.key("cost_noc");
    w.value(r.cost_noc);
    // The default idle cost is the int 0, and int times the int time stays int.
    w.key("cost_static");
    write_cost_value(w, r.cost_static, unit_idle_cost_given);
    w.key("proc_time");
    w.value(r.proc_time);
    w.key("bus_time");
    w.value(r.bus_time);
    w.key("dram_time");
    w.value(r.dram_time);
    w.key("access");
    write_access(w, l.access, access_int_entries(layer.is_local_region(), r.is_dram));
    w.key("remote_gbuf_access");
    write_list(w, l.remote_gbuf_access);
    w.key("total_nhops");
    write_list(w, r.total_nhops);
    w.key("fetch");
    write_list2(w, l.fetch);
    for (const auto& [key, lpe] :
         {std::pair<const char*, int>{"ti", le::IFM}, {"to", le::OFM}, {"tb", le::BAT}}) {
        w.key(key);
        w.begin_array();
        for (int level = 0; level < 3; ++level) w.value(l.bl_ts[level][lpe]);
        w.end_array();
    }
    w.key("tvals");
    write_list2(w, l.bl_ts);
    w.key("orders");
    write_list2(w, l.bl_ords);
    w.key("size");
    write_list2(w, r.size);
    w.key("unit_size");
    write_list2(w, l.unit_size);
    w.key("unit_cnt");
    write_list2(w, l.unit_cnt);
    w.key("accfwd_reduction");
    write_list(w, l.accfwd_reduction);
    w.key("bufshr_grp_size");
    write_list(w, l.bufshr_grp_size);
    w.key("bufshr_subgrp_size");
    write_list(w, l.bufshr_subgrp_size);
    w.key("bufshr_bs_t");
    write_list(w, l.bufshr_bs_t);
    w.key("bufshr_bs_ord");
    write_list(w, l.bufshr_bs_ord);
    w.key("bufshr_rot_fetch");
    write_list(w, l.bufshr_rot_fetch);
    w.key("bufshr_rot_round_cnt");
    write_list(w, l.bufshr_rot_round_cnt);
    w.key("bufshr_rot_unit_cnt");
    write_list(w, l.bufshr_rot_unit_cnt);
    w.key("bufshr_wide_fetch");
    write_list(w, l.bufshr_wide_fetch);
    w.key("bufshr_wide_fetch_width");
    write_list(w, l.bufshr_wide_fetch_width);
    w.key("part");
    write_partition_scheme(w, r.part);
    w.key("mem_nhops");
    write_list(w, r.mem_nhops);
    w.key("node_nhops");
    write_list(w, r.node_nhops);
    w.key("unit_nhops");
    write_list(w, r.unit_nhops);
    // Only for the layer types the reference does not have, so its
    // documents stay byte for byte the same (docs/extensions.md).
    if (layer.groups != 1) {
        w.key("groups");
        w.value(layer.groups);
    }
    if (layer.is_matmul()) {
        w.key("heads");
        w.value(layer.heads);
    }
    if (r.passes != 1) {
        w.key("passes");
        w.value(r.passes);
    }
    if (r.passes_together != 1) {
        w.key("passes_together");
        w.value(r.passes_together);
    }
    if (r.sample_groups != 1) {
        w.key("sample_groups");
        w.value(r.sample_groups);
    }
    w.end_object();
}

template <typename W>
void write_result(W& w, const ResultRun& cfg, const Resource& res, const Option& o,
                  const NNDataflowScheme& top, std::pair<i64, i64> cache_stats, double elapsed) {
    w.begin_object();
    w.key("version");
    w.value(std::string(kReferenceVersion) + "+nndf-" + kVersion);
    w.key("net");
    w.value(cfg.net);
    w.key("batch");
    w.value(cfg.batch);

    w.key("resource");
    w.begin_object();
    w.key("proc_region");
    write_node_region(w, res.proc_region);
    w.key("dram_region");
    write_node_region(w, res.dram_region);
    w.key("src_data_region");
    write_node_region(w, res.src_data_region);
    w.key("dst_data_region");
    write_node_region(w, res.dst_data_region);
    w.key("dim_array");
    write_dim(w, res.dim_array);
    w.key("size_gbuf");
    w.value(res.size_gbuf);
    w.key("size_regf");
    w.value(res.size_regf);
    w.key("array_bus_width");
    write_int_or_float(w, res.array_bus_width);
    w.key("dram_bandwidth");
    w.value(res.dram_bandwidth);
    w.key("no_time_mux");
    w.value(res.no_time_mux);
    w.end_object();

    const Cost& cost = cfg.cost;
    w.key("cost");
    w.begin_object();
    w.key("mac_op");
    write_cost_value(w, cost.mac_op, cfg.op_cost_given);
    w.key("mem_hier");
    w.begin_array();
    for (double v : cost.mem_hier) write_cost_value(w, v, cfg.hier_cost_given);
    w.end_array();
    w.key("noc_hop");
    write_cost_value(w, cost.noc_hop, cfg.hop_cost_given);
    w.key("idl_unit");
    write_cost_value(w, cost.idl_unit, cfg.unit_idle_cost_given);
    w.end_object();

    w.key("options");
    w.begin_object();
    w.key("sw_gbuf_bypass");
    write_list(w, o.sw_gbuf_bypass);
    w.key("sw_solve_loopblocking");
    w.value(o.sw_solve_loopblocking);
    w.key("hw_access_forwarding");
    w.value(o.hw_access_forwarding);
    w.key("hw_gbuf_sharing");
    w.value(o.hw_gbuf_sharing);
    w.key("hw_gbuf_save_writeback");
    w.value(o.hw_gbuf_save_writeback);
    w.key("partition_hybrid");
    w.value(o.partition_hybrid);
    w.key("partition_batch");
    w.value(o.partition_batch);
    w.key("partition_ifmaps");
    w.value(o.partition_ifmaps);
    w.key("partition_interlayer");
    w.value(o.partition_interlayer);
    w.key("layer_pipeline_time_ovhd");
    w.value(o.layer_pipeline_time_ovhd);
    w.key("layer_pipeline_max_degree");
    w.value(o.layer_pipeline_max_degree);
    w.key("layer_pipeline_opt");
    w.value(o.layer_pipeline_opt);
    w.key("opt_goal");
    w.value(opt_goal_name(o.opt_goal));
    w.key("ntops");
    w.value(o.ntops);
    w.key("nprocesses");
    w.value(o.nprocesses);
    w.key("verbose");
    w.value(o.verbose);
    w.end_object();

    w.key("cache_stats");
    w.begin_array();
    w.value(cache_stats.first);
    w.value(cache_stats.second);
    w.end_array();
    w.key("elapsed");
    w.value(elapsed);

    const double total_cost = top.total_cost();
    const i64 total_time = top.total_time();
    const double total_ops = top.total_ops();
    const auto acc = top.total_accesses();
    const double hops = top.total_noc_hops();
    w.key("total_cost");
    w.value(total_cost);
    w.key("total_time");
    w.value(total_time);
    w.key("total_ops");
    w.value(total_ops);
    w.key("total_accesses");
    write_list(w, acc);
    w.key("total_noc_hops");
    w.value(hops);

    const double op_cost = total_ops * cost.mac_op;
    double access_cost = 0;
    for (int m = 0; m < me::NUM; ++m) access_cost += acc[m] * cost.mem_hier[m];
    const double noc_cost = hops * cost.noc_hop;
    const double static_cost = static_cast<double>(total_time) * cost.idl_unit;
    const double sum = op_cost + access_cost + noc_cost + static_cost;
    NNDF_CHECK(total_cost == 0 || std::fabs(sum / total_cost - 1) < 0.001,
               "cost breakdown does not add up");
    w.key("total_op_cost");
    w.value(op_cost);
    w.key("total_access_cost");
    w.value(access_cost);
    w.key("total_noc_cost");
    w.value(noc_cost);
    w.key("total_static_cost");
    write_cost_value(w, static_cost, cfg.unit_idle_cost_given);

    w.key("active_node_pes");
    w.begin_object();
    for (const auto& [name, rp] : top.results()) {
        w.key(name);
        w.value(1. * rp->ops / static_cast<double>(rp->proc_time) /
                static_cast<double>(rp->num_nodes));
    }
    w.end_object();
    w.key("dram_bandwidth");
    w.begin_object();
    for (const auto& [name, rp] : top.results()) {
        w.key(name);
        w.value(1. * rp->total_accesses()[me::DRAM] / rp->time);
    }
    w.end_object();
    w.key("segment_time");
    w.begin_array();
    for (const auto& t : top.segment_timing_list()) w.value(t.time());
    w.end_array();
    w.key("segment_dram_time");
    w.begin_array();
    for (const auto& t : top.segment_timing_list()) w.value(t.dram_time());
    w.end_array();
    w.key("input_layout");
    write_data_layout(w, top.input_layout());
    w.key("ext_layout_dict");
    w.begin_object();
    for (const auto& [name, dl] : top.ext_layouts()) {
        w.key(name);
        write_data_layout(w, dl);
    }
    w.end_object();
    w.key("schedules");
    w.begin_object();
    for (const auto& [name, rp] : top.results()) {
        w.key(name);
        w.begin_array();
        write_scheme(w, *rp, top.network()[name], cfg.unit_idle_cost_given);
        write_data_layout(w, rp->ofmap_layout);
        write_list(w, rp->sched_seq);
        w.end_array();
    }
    w.end_object();
    w.end_object();
}

}  // namespace

OJson node_region_json(const NodeRegion& r) {
    return build_ojson([&](OJsonBuilder& b) { write_node_region(b, r); });
}

OJson partition_scheme_json(const PartitionScheme& p) {
    return build_ojson([&](OJsonBuilder& b) { write_partition_scheme(b, p); });
}

OJson data_layout_json(const DataLayout& dl) {
    return build_ojson([&](OJsonBuilder& b) { write_data_layout(b, dl); });
}

OJson scheme_json(const SchedulingResult& r, const Layer& layer, bool unit_idle_cost_given) {
    return build_ojson([&](OJsonBuilder& b) { write_scheme(b, r, layer, unit_idle_cost_given); });
}

OJson result_json(const ResultRun& run, const Resource& res, const Option& o,
                  const NNDataflowScheme& top, std::pair<i64, i64> cache_stats, double elapsed) {
    return build_ojson(
        [&](OJsonBuilder& b) { write_result(b, run, res, o, top, cache_stats, elapsed); });
}

std::string result_text(const ResultRun& run, const Resource& res, const Option& o,
                        const NNDataflowScheme& top, std::pair<i64, i64> cache_stats,
                        double elapsed) {
    PyJsonWriter w(2);
    write_result(w, run, res, o, top, cache_stats, elapsed);
    return w.take();
}

std::string result_text(const ResultRun& run, const Resource& res, const Option& o,
                        const NNDataflowScheme& top, std::pair<i64, i64> cache_stats,
                        double elapsed, const std::vector<std::string_view>& keep, OJson& kept) {
    PyJsonWriter text(2);
    OJsonBuilder part;
    KeepMembers<PyJsonWriter, OJsonBuilder> w(text, part, keep);
    write_result(w, run, res, o, top, cache_stats, elapsed);
    kept = part.take();
    return text.take();
}

}  // namespace nndf
