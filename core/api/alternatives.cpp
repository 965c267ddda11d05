#include "core/api/alternatives.h"

#include <algorithm>
#include <map>

#include "core/formats/result_conditions.h"
#include "core/formats/result_json.h"
#include "core/formats/result_reader.h"
#include "core/network_search/nn_dataflow.h"
#include "core/network_search/pipeline_segment.h"
#include "core/util/error.h"
#include "core/util/worker_pool.h"

namespace nndf {

namespace {

// Above this the table stops being readable and the search keeps (and
// builds) that many schemes per partition for nothing.
constexpr i64 kMaxAlternatives = 50;

const char* const kLevel[] = {"DRAM to GBUF", "GBUF to REGF", "in the REGF"};
const char* const kLoop[] = {"input channels", "output channels", "batch"};
const char* const kLoopKey[] = {"ti", "to", "tb"};
const char* const kData[] = {"filters", "ifmaps", "ofmaps"};
const char* const kPart[] = {"OUTP", "OFMP", "BATP", "INPP"};
const char* const kPartLabel[] = {"output channels", "output fmap rows and columns", "batch",
                                  "input channels"};

/// A member of an object, or InputError at its path.
const OJson& member(const OJson& j, const std::string& key, const std::string& path) {
    if (!j.is_object() || !j.contains(key))
        throw InputError(path.empty() ? key : path + "." + key, "is missing");
    return j.at(key);
}

/// An element of a list, or InputError at its path.
const OJson& element(const OJson& j, size_t i, const std::string& path) {
    if (!j.is_array() || j.size() <= i)
        throw InputError(path, "must be a list of at least " + std::to_string(i + 1));
    return j.at(i);
}

OJson dim_json(PhyDim2 d) {
    return OJson::array({d.h, d.w});
}

/// The loops of a level, outermost first, by their result keys.
OJson order_json(const std::array<int, le::NUM>& ord) {
    std::array<int, le::NUM> loops{};
    for (int l = 0; l < le::NUM; ++l) loops[static_cast<size_t>(le::NUM - 1 - ord[l])] = l;
    OJson out = OJson::array();
    for (int l : loops) out.push_back(kLoopKey[l]);
    return out;
}

/// The segment of `l` as the search made it: slots by spatial index, each
/// holding its layers by temporal index.
PipelineSegment::Layers segment_layers(const ResultSummary& r, const ScheduledLayer& l) {
    std::map<i64, std::map<i64, std::string>> slots;
    for (const auto& o : r.layers) {
        if (o.sched_seq[0] == l.sched_seq[0]) slots[o.sched_seq[1]][o.sched_seq[2]] = o.name;
    }
    PipelineSegment::Layers seg;
    for (const auto& [sp, tms] : slots) {
        if (sp != static_cast<i64>(seg.size())) {
            throw InputError("schedules." + l.name, "its segment has no layer in spatial slot " +
                                                        std::to_string(seg.size()));
        }
        seg.emplace_back();
        for (const auto& [tm, name] : tms) {
            if (tm != static_cast<i64>(seg.back().size())) {
                throw InputError("schedules." + name, "its slot has no layer at temporal index " +
                                                          std::to_string(seg.back().size()));
            }
            seg.back().push_back(name);
        }
    }
    return seg;
}

/// The ifmap layout the layer read: its sources' layouts as the result
/// records them, concatenated as NNDataflowScheme::next_ifmap_layout does.
DataLayout source_layout(const Network& net, const OJson& doc,
                         const std::optional<std::string>& p) {
    if (!p || *p == Network::kInputKey) {
        return read_data_layout(member(doc, "input_layout", ""), "input_layout");
    }
    if (net.is_ext(*p)) {
        const OJson& ext = member(member(doc, "ext_layout_dict", ""), *p, "ext_layout_dict");
        return read_data_layout(ext, "ext_layout_dict." + *p);
    }
    const std::string path = "schedules." + *p;
    const OJson& s = member(member(doc, "schedules", ""), *p, "schedules");
    return read_data_layout(element(s, 1, path), path + "[1]");
}

DataLayout ifmap_layout(const Network& net, const OJson& doc, const std::string& name) {
    std::vector<DataLayout> layouts;
    for (const auto& p : net.prevs(name)) layouts.push_back(source_layout(net, doc, p));
    std::vector<const DataLayout*> parts;
    for (const auto& l : layouts) parts.push_back(&l);
    return DataLayout::concat(parts);
}

double scheme_number(const OJson& doc, const std::string& layer, const char* key) {
    const std::string path = "schedules." + layer;
    const OJson& scheme =
        element(member(member(doc, "schedules", ""), layer, "schedules"), 0, path);
    const OJson& v = member(scheme, key, path + "[0]");
    if (!v.is_number()) throw InputError(path + "[0]." + key, "must be a number");
    return v.get<double>();
}

bool is_result_schedule(const SchedulingResult& s, const ScheduledLayer& l, double cost) {
    for (int b = 0; b < 3; ++b)
        for (int k = 0; k < 3; ++k)
            if (s.lbs.bl_ts[b][k] != l.tvals[b][k]) return false;
    for (int b = 0; b < 2; ++b)
        for (int k = 0; k < 3; ++k)
            if (s.lbs.bl_ords[b][k] != l.orders[b][k]) return false;
    return s.part == l.part && isclose(s.cost, cost, 1e-9);
}

/// The constraint tuples of the segment the result's own schedules satisfy,
/// lazy rules resolved from them; the layer's constraint of each, once.
std::vector<SchedulingConstraint> matching_constraints(const PipelineSegment& seg,
                                                       const ResultSummary& r,
                                                       const ScheduledLayer& me, double max_ovhd,
                                                       int* generated) {
    std::vector<SchedulingConstraint> out;
    const auto& layers = seg.layers();
    const auto all = seg.gen_constraint(max_ovhd);
    *generated = static_cast<int>(all.size());
    for (const auto& [cons, hints] : all) {
        bool ok = true;
        SchedulingConstraint mine;
        for (size_t sp = 0; sp < layers.size() && ok; ++sp) {
            for (size_t tm = 0; tm < layers[sp].size() && ok; ++tm) {
                SchedulingConstraint c = cons[sp][tm];
                const ScheduledLayer& l = r.layer(layers[sp][tm]);
                if (c.has_pending_rule()) {
                    c.topofm = r.layer(c.topofm_from).tvals[0][le::OFM];
                    c.topofm_from.clear();
                }
                if (l.name == me.name) mine = c;
                // A matmul meets a segment's batch groups by grouping its
                // passes, not by a loop of its blocking (Scheduling::pass_constraint).
                if (l.sample_groups > 1) {
                    ok = c.topbat == l.sample_groups;
                    c.topbat = 1;
                }
                std::array<int, le::NUM> ord{};
                for (int k = 0; k < le::NUM; ++k) ord[k] = static_cast<int>(l.orders[0][k]);
                ok = ok && c.is_valid_top_bl(l.tvals[0], ord);
            }
        }
        if (ok && std::find(out.begin(), out.end(), mine) == out.end()) out.push_back(mine);
    }
    return out;
}

}  // namespace

std::vector<ScheduleField> schedule_fields(const SchedulingResult& r) {
    std::vector<ScheduleField> f;
    const LoopBlockingScheme& l = r.lbs;
    for (int lp = 0; lp < le::NUM; ++lp) {
        for (int lv = 0; lv < 3; ++lv) {
            f.push_back({std::string(kLoopKey[lp]) + "[" + std::to_string(lv) + "]",
                         std::string("blocking of ") + kLoop[lp] + ", " + kLevel[lv],
                         l.bl_ts[lv][lp]});
        }
    }
    for (int lv = 0; lv < 2; ++lv) {
        f.push_back({"orders[" + std::to_string(lv) + "]",
                     std::string("loop order, ") + kLevel[lv] + " (outermost first)",
                     order_json(l.bl_ords[lv])});
    }
    OJson porder = OJson::array();
    for (int p : r.part.order) porder.push_back(kPart[p]);
    f.push_back({"part.order", "partition nesting on the node grid (outermost first)", porder});
    for (int p = 0; p < pe::NUM; ++p) {
        f.push_back({std::string("part.") + kPart[p],
                     std::string("nodes splitting the ") + kPartLabel[p] + " (rows, columns)",
                     dim_json(r.part.pdims[p])});
    }
    f.push_back({"num_nodes", "nodes used", r.num_nodes});
    f.push_back(
        {"passes_together", "passes side by side on the PE array (a round)", r.passes_together});
    OJson bypass = OJson::array();
    for (int d = 0; d < de::NUM; ++d)
        if (!l.stored_in_gbuf[d]) bypass.push_back(kData[d]);
    f.push_back({"gbuf_bypass", "data that bypass the GBUF", bypass});
    auto per_data = [&](const char* key, const char* label, const std::array<i64, de::NUM>& v) {
        OJson j = OJson::object();
        for (int d = 0; d < de::NUM; ++d) j[kData[d]] = v[d];
        f.push_back({key, label, j});
    };
    per_data("bufshr_grp_size", "nodes sharing their GBUFs, per data", l.bufshr_grp_size);
    per_data("bufshr_subgrp_size", "nodes in a sharing subgroup, per data", l.bufshr_subgrp_size);
    per_data("accfwd_reduction", "access forwarding: fewer memory fetches by, per data",
             l.accfwd_reduction);
    return f;
}

std::vector<FieldDifference> field_differences(const std::vector<ScheduleField>& winner,
                                               const std::vector<ScheduleField>& alternative) {
    std::vector<FieldDifference> out;
    for (const auto& w : winner) {
        auto it = std::find_if(alternative.begin(), alternative.end(),
                               [&](const ScheduleField& a) { return a.field == w.field; });
        NNDF_CHECK(it != alternative.end(), "schedules have different fields: " << w.field);
        if (it->value != w.value) out.push_back({w.field, w.label, w.value, it->value});
    }
    return out;
}

LayerAlternatives layer_alternatives(const Network& net, const OJson& doc, const std::string& name,
                                     i64 n, const SearchContext& ctx, int threads) {
    if (n < 2 || n > kMaxAlternatives) {
        throw InputError("n", "must be from 2 to " + std::to_string(kMaxAlternatives) + ", got " +
                                  std::to_string(n));
    }
    const ResultSummary summary = read_result_summary(doc);
    const ScheduledLayer& me = summary.layer(name);
    if (!net.contains(name) || net.is_ext(name)) {
        throw InputError("layer", "the network has no layer '" + name + "'");
    }
    for (const auto& l : summary.layers) {
        if (!net.contains(l.name) || net.is_ext(l.name)) {
            throw InputError("schedules." + l.name, "the network has no such layer");
        }
    }
    const Resource resource = read_result_resource(doc);
    const Cost cost = read_result_cost(doc);
    Option options = read_result_options(doc);

    LayerAlternatives out;
    out.layer = name;
    out.result_cost = scheme_number(doc, name, "cost");
    out.result_time = scheme_number(doc, name, "time");

    const PipelineSegment seg(segment_layers(summary, me), net, summary.batch, resource, 0.05,
                              options.layer_pipeline_opt);
    if (!seg.valid()) {
        throw InputError("schedules." + name,
                         "its segment is not one the search makes for this network and resource");
    }
    const auto sp = static_cast<size_t>(me.sched_seq[1]);
    const auto tm = static_cast<size_t>(me.sched_seq[2]);
    out.resource = seg.allocation()[sp][tm];
    DataLayout ifmaps = ifmap_layout(net, doc, name);
    const auto fwd = seg.forward_regions();
    const auto f = fwd.find({static_cast<int>(sp), static_cast<int>(tm)});
    if (f != fwd.end()) ifmaps = forwarded_layout(ifmaps, f->second);
    const Layer& layer = net[name];
    const FmapRange ifrng = ifmaps.complete_fmap_range();
    if (!ifmaps.is_in({out.resource.src_data_region, out.resource.proc_region}) ||
        ifrng.size_dim(0) != summary.batch || ifrng.size_dim(1) != layer.nifm() ||
        !layer.is_valid_padding_sifm(ifrng.size_dim(2), ifrng.size_dim(3))) {
        throw InputError("schedules." + name,
                         "the layouts of its input fmaps in the result do not fit the layer");
    }

    int generated = 0;
    auto constraints =
        matching_constraints(seg, summary, me, options.layer_pipeline_time_ovhd, &generated);
    out.constraints_matching = static_cast<int>(constraints.size());
    if (constraints.empty()) {
        out.notes.push_back(
            "none of the segment's " + std::to_string(generated) +
            " constraint tuples fits the result's schedules: searched without constraint");
        constraints.push_back(SchedulingConstraint{});
    }

    Scheduling sched(layer, summary.batch, cost);
    std::unique_ptr<WorkerPool> pool;
    if (threads > 1) {
        pool = std::make_unique<WorkerPool>(threads);
        sched.use_pool(pool.get());
    }
    options.ntops = n;
    options.nprocesses = std::max(1, threads);
    ctx.begin_search({1.0});
    ctx.begin_layer(1, 1, name);
    // The first constraint the result's schedule wins under; the one it
    // ranks best under otherwise (each try is a whole layer search).
    std::vector<SchedulingResultPtr> best;
    int best_rank = -1;
    for (const auto& c : constraints) {
        SchedulingCondition cond{out.resource, c, ifmaps, me.sched_seq};
        if (const auto rhs = net.rhs(name)) cond.rhs_layout = source_layout(net, doc, *rhs);
        auto tops = sched.schedule_search(cond, options, &ctx);
        ++out.constraints_searched;
        int rank = -1;
        for (size_t k = 0; k < tops.size() && rank < 0; ++k)
            if (is_result_schedule(*tops[k], me, out.result_cost)) rank = static_cast<int>(k);
        if (out.constraints_searched == 1 || (rank >= 0 && (best_rank < 0 || rank < best_rank))) {
            best = std::move(tops);
            best_rank = rank;
            out.constraint = c;
        }
        if (best_rank == 0) break;
    }
    ctx.layer_fraction(1.0);
    out.result_rank = best_rank;
    if (best_rank < 0) {
        out.notes.push_back("the result's own schedule of the layer is not among the " +
                            std::to_string(n) + " best found under these conditions");
    } else if (best_rank > 0) {
        out.notes.push_back(
            "the whole search chose the schedule ranked " + std::to_string(best_rank + 1) +
            " here: it keeps several schedules per step (ntops), and one that costs this "
            "layer more can make the layers after it cheaper");
    }
    if (best.size() < static_cast<size_t>(n)) {
        const SchedulingConstraint& c = out.constraint;
        std::string why;
        if (options.sw_solve_loopblocking)
            why +=
                "; the loop blocking is solved analytically (solve_loopblocking), which offers "
                "few schedules per partition";
        if (c.topbat != 0 || c.topifm != 0 || c.topofm != 0)
            why += "; the pipelining constraint fixes its top-level blocking";
        out.notes.push_back("the layer search finds only " + std::to_string(best.size()) +
                            " schedule" + (best.size() == 1 ? "" : "s") +
                            " under these conditions" + why);
    }
    for (size_t k = 0; k < best.size(); ++k) {
        Alternative a;
        a.schedule = best[k];
        a.fields = schedule_fields(*best[k]);
        a.is_result = static_cast<int>(k) == best_rank;
        out.alternatives.push_back(std::move(a));
    }
    for (auto& a : out.alternatives)
        a.differences = field_differences(out.alternatives.front().fields, a.fields);
    return out;
}

OJson alternatives_json(const LayerAlternatives& a) {
    OJson alts = OJson::array();
    const SchedulingResult* w = a.alternatives.empty() ? nullptr : a.alternatives[0].schedule.get();
    for (size_t k = 0; k < a.alternatives.size(); ++k) {
        const Alternative& alt = a.alternatives[k];
        const SchedulingResult& s = *alt.schedule;
        OJson fields = OJson::object();
        for (const auto& f : alt.fields) fields[f.field] = f.value;
        OJson diffs = OJson::array();
        for (const auto& d : alt.differences) {
            diffs.push_back({{"field", d.field},
                             {"label", d.label},
                             {"winner", d.winner},
                             {"alternative", d.alternative}});
        }
        alts.push_back({{"rank", k + 1},
                        {"is_result", alt.is_result},
                        {"cost", s.cost},
                        {"cost_op", s.cost_op},
                        {"cost_access", s.cost_access},
                        {"cost_noc", s.cost_noc},
                        {"cost_static", s.cost_static},
                        {"time", s.time},
                        {"ops", s.ops},
                        {"proc_time", s.proc_time},
                        {"bus_time", s.bus_time},
                        {"dram_time", s.dram_time},
                        {"cost_delta", s.cost - w->cost},
                        {"time_delta", s.time - w->time},
                        {"fields", fields},
                        {"differences", diffs}});
    }
    const SchedulingConstraint& c = a.constraint;
    OJson labels = OJson::object();
    if (!a.alternatives.empty())
        for (const auto& f : a.alternatives[0].fields) labels[f.field] = f.label;
    return {{"layer", a.layer},
            {"result_cost", a.result_cost},
            {"result_time", a.result_time},
            {"result_rank", a.result_rank < 0 ? OJson(nullptr) : OJson(a.result_rank + 1)},
            {"reproduced", a.reproduced()},
            {"region", node_region_json(a.resource.proc_region)},
            {"constraint",
             {{"topbat", c.topbat},
              {"topifm", c.topifm},
              {"topofm", c.topofm},
              {"layer_pipeline", c.layer_pipeline}}},
            {"constraints_matching", a.constraints_matching},
            {"constraints_searched", a.constraints_searched},
            {"notes", a.notes},
            {"labels", labels},
            {"alternatives", alts}};
}

}  // namespace nndf
