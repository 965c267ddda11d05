#include "core/formats/result_json.h"

#include <cmath>
#include <utility>

#include "core/api/version.h"
#include "core/formats/access_typing.h"
#include "core/util/error.h"

namespace nndf {

namespace {

template <typename T, size_t N>
OJson arr(const std::array<T, N>& a) {
    OJson j = OJson::array();
    for (const auto& v : a) j.push_back(v);
    return j;
}

template <typename T, size_t N, size_t M>
OJson arr2(const std::array<std::array<T, M>, N>& a) {
    OJson j = OJson::array();
    for (const auto& v : a) j.push_back(arr(v));
    return j;
}

/// Appends a member under a key the object does not have yet (layer names
/// are unique) in O(1); ordered_json's operator[] first compares the key with
/// every member, which makes a document of n layers cost n^2.
void append_member(OJson& obj, const std::string& key, OJson value) {
    NNDF_CHECK(obj.is_object(), "appending a member to a non-object");
    auto& members = static_cast<OJson::object_t::Container&>(obj.get_ref<OJson::object_t&>());
    members.emplace_back(key, std::move(value));
}

/// Room for n members: growing an ordered_json object copies its members
/// (their keys are const, so they cannot move), values and all.
void reserve_members(OJson& obj, size_t n) {
    NNDF_CHECK(obj.is_object(), "reserving members of a non-object");
    static_cast<OJson::object_t::Container&>(obj.get_ref<OJson::object_t&>()).reserve(n);
}

OJson dim(PhyDim2 d) {
    return OJson::array({d.h, d.w});
}

/// An integer-valued double printed as an int (cycle counts are ints in the
/// reference); non-finite values stay floats.
OJson int_or_float(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15) return static_cast<i64>(v);
    return v;
}

/// A cost field: the reference keeps its command-line defaults as ints.
OJson cost_value(double v, bool given) {
    return given ? OJson(v) : int_or_float(v);
}

OJson fmap_pos(const FmapPosition& p) {
    return OJson::array({p.b, p.n, p.h, p.w});
}

}  // namespace

OJson node_region_json(const NodeRegion& r) {
    return OJson::array(
        {dim(r.dim), dim(r.origin), dim(r.dist), static_cast<int>(r.type), r.wtot, r.wbeg});
}

OJson partition_scheme_json(const PartitionScheme& p) {
    OJson pd = OJson::array();
    for (const auto& d : p.pdims) pd.push_back(dim(d));
    return OJson::array({arr(p.order), pd});
}

OJson data_layout_json(const DataLayout& dl) {
    OJson frngs = OJson::array(), regions = OJson::array(), parts = OJson::array();
    for (const auto& f : dl.frngs)
        frngs.push_back(OJson::array({fmap_pos(f.fp_beg), fmap_pos(f.fp_end)}));
    for (const auto& r : dl.regions) regions.push_back(node_region_json(r));
    for (const auto& p : dl.parts) parts.push_back(partition_scheme_json(p));
    return OJson::array({frngs, regions, parts});
}

OJson scheme_json(const SchedulingResult& r, const Layer& layer, bool unit_idle_cost_given) {
    const LoopBlockingScheme& l = r.lbs;
    OJson s;
    s["cost"] = r.cost;
    s["time"] = int_or_float(r.time);
    s["ops"] = r.ops;
    s["num_nodes"] = r.num_nodes;
    s["is_dram"] = arr(r.is_dram);
    s["cost_op"] = r.cost_op;
    s["cost_access"] = r.cost_access;
    s["cost_noc"] = r.cost_noc;
    // The default idle cost is the int 0, and int times the int time stays int.
    s["cost_static"] = cost_value(r.cost_static, unit_idle_cost_given);
    s["proc_time"] = r.proc_time;
    s["bus_time"] = r.bus_time;
    s["dram_time"] = r.dram_time;
    s["access"] = access_json(l.access, access_int_entries(layer.is_local_region(), r.is_dram));
    s["remote_gbuf_access"] = arr(l.remote_gbuf_access);
    s["total_nhops"] = arr(r.total_nhops);
    s["fetch"] = arr2(l.fetch);
    for (const auto& [key, lpe] :
         {std::pair<const char*, int>{"ti", le::IFM}, {"to", le::OFM}, {"tb", le::BAT}}) {
        s[key] = OJson::array({l.bl_ts[0][lpe], l.bl_ts[1][lpe], l.bl_ts[2][lpe]});
    }
    s["tvals"] = arr2(l.bl_ts);
    s["orders"] = arr2(l.bl_ords);
    s["size"] = arr2(r.size);
    s["unit_size"] = arr2(l.unit_size);
    s["unit_cnt"] = arr2(l.unit_cnt);
    s["accfwd_reduction"] = arr(l.accfwd_reduction);
    s["bufshr_grp_size"] = arr(l.bufshr_grp_size);
    s["bufshr_subgrp_size"] = arr(l.bufshr_subgrp_size);
    s["bufshr_bs_t"] = arr(l.bufshr_bs_t);
    s["bufshr_bs_ord"] = arr(l.bufshr_bs_ord);
    s["bufshr_rot_fetch"] = arr(l.bufshr_rot_fetch);
    s["bufshr_rot_round_cnt"] = arr(l.bufshr_rot_round_cnt);
    s["bufshr_rot_unit_cnt"] = arr(l.bufshr_rot_unit_cnt);
    s["bufshr_wide_fetch"] = arr(l.bufshr_wide_fetch);
    s["bufshr_wide_fetch_width"] = arr(l.bufshr_wide_fetch_width);
    s["part"] = partition_scheme_json(r.part);
    s["mem_nhops"] = arr(r.mem_nhops);
    s["node_nhops"] = arr(r.node_nhops);
    s["unit_nhops"] = arr(r.unit_nhops);
    return s;
}

OJson result_json(const ResultRun& cfg, const Resource& res, const Option& o,
                  const NNDataflowScheme& top, std::pair<i64, i64> cache_stats, double elapsed) {
    OJson j;
    j["version"] = std::string(kReferenceVersion) + "+nndf-" + kVersion;
    j["net"] = cfg.net;
    j["batch"] = cfg.batch;

    OJson r;
    r["proc_region"] = node_region_json(res.proc_region);
    r["dram_region"] = node_region_json(res.dram_region);
    r["src_data_region"] = node_region_json(res.src_data_region);
    r["dst_data_region"] = node_region_json(res.dst_data_region);
    r["dim_array"] = dim(res.dim_array);
    r["size_gbuf"] = res.size_gbuf;
    r["size_regf"] = res.size_regf;
    r["array_bus_width"] = int_or_float(res.array_bus_width);
    r["dram_bandwidth"] = res.dram_bandwidth;
    r["no_time_mux"] = res.no_time_mux;
    j["resource"] = r;

    const Cost& cost = cfg.cost;
    OJson c;
    c["mac_op"] = cost_value(cost.mac_op, cfg.op_cost_given);
    OJson mh = OJson::array();
    for (double v : cost.mem_hier) mh.push_back(cost_value(v, cfg.hier_cost_given));
    c["mem_hier"] = mh;
    c["noc_hop"] = cost_value(cost.noc_hop, cfg.hop_cost_given);
    c["idl_unit"] = cost_value(cost.idl_unit, cfg.unit_idle_cost_given);
    j["cost"] = c;

    OJson op;
    op["sw_gbuf_bypass"] = arr(o.sw_gbuf_bypass);
    op["sw_solve_loopblocking"] = o.sw_solve_loopblocking;
    op["hw_access_forwarding"] = o.hw_access_forwarding;
    op["hw_gbuf_sharing"] = o.hw_gbuf_sharing;
    op["hw_gbuf_save_writeback"] = o.hw_gbuf_save_writeback;
    op["partition_hybrid"] = o.partition_hybrid;
    op["partition_batch"] = o.partition_batch;
    op["partition_ifmaps"] = o.partition_ifmaps;
    op["partition_interlayer"] = o.partition_interlayer;
    op["layer_pipeline_time_ovhd"] = o.layer_pipeline_time_ovhd;
    op["layer_pipeline_max_degree"] = o.layer_pipeline_max_degree;
    op["layer_pipeline_opt"] = o.layer_pipeline_opt;
    op["opt_goal"] = opt_goal_name(o.opt_goal);
    op["ntops"] = o.ntops;
    op["nprocesses"] = o.nprocesses;
    op["verbose"] = o.verbose;
    j["options"] = op;

    j["cache_stats"] = OJson::array({cache_stats.first, cache_stats.second});
    j["elapsed"] = elapsed;

    const double total_cost = top.total_cost();
    const i64 total_time = top.total_time();
    const double total_ops = top.total_ops();
    const auto acc = top.total_accesses();
    const double hops = top.total_noc_hops();
    j["total_cost"] = total_cost;
    j["total_time"] = total_time;
    j["total_ops"] = total_ops;
    j["total_accesses"] = arr(acc);
    j["total_noc_hops"] = hops;

    const double op_cost = total_ops * cost.mac_op;
    double access_cost = 0;
    for (int m = 0; m < me::NUM; ++m) access_cost += acc[m] * cost.mem_hier[m];
    const double noc_cost = hops * cost.noc_hop;
    const double static_cost = static_cast<double>(total_time) * cost.idl_unit;
    const double sum = op_cost + access_cost + noc_cost + static_cost;
    NNDF_CHECK(total_cost == 0 || std::fabs(sum / total_cost - 1) < 0.001,
               "cost breakdown does not add up");
    j["total_op_cost"] = op_cost;
    j["total_access_cost"] = access_cost;
    j["total_noc_cost"] = noc_cost;
    j["total_static_cost"] =
        cfg.unit_idle_cost_given ? OJson(static_cost) : int_or_float(static_cost);

    OJson pes = OJson::object(), bw = OJson::object(), sched = OJson::object();
    for (OJson* obj : {&pes, &bw, &sched}) reserve_members(*obj, top.size());
    for (const auto& [name, rp] : top.results()) {
        append_member(
            pes, name,
            1. * rp->ops / static_cast<double>(rp->proc_time) / static_cast<double>(rp->num_nodes));
        append_member(bw, name, 1. * rp->total_accesses()[me::DRAM] / rp->time);
        append_member(sched, name,
                      OJson::array({scheme_json(*rp, top.network()[name], cfg.unit_idle_cost_given),
                                    data_layout_json(rp->ofmap_layout), arr(rp->sched_seq)}));
    }
    // Moved, not copied: the per-layer members are most of the document.
    j["active_node_pes"] = std::move(pes);
    j["dram_bandwidth"] = std::move(bw);
    OJson st = OJson::array(), sdt = OJson::array();
    for (const auto& t : top.segment_timing_list()) {
        st.push_back(t.time());
        sdt.push_back(t.dram_time());
    }
    j["segment_time"] = std::move(st);
    j["segment_dram_time"] = std::move(sdt);
    j["input_layout"] = data_layout_json(top.input_layout());
    OJson ext = OJson::object();
    for (const auto& [name, dl] : top.ext_layouts()) append_member(ext, name, data_layout_json(dl));
    j["ext_layout_dict"] = std::move(ext);
    j["schedules"] = std::move(sched);
    return j;
}

}  // namespace nndf
