#include "core/api/explain.h"

#include "core/formats/result_json.h"
#include "core/layer_search/map_strategy.h"
#include "core/layer_search/passes_side_by_side.h"
#include "core/util/error.h"

namespace nndf {

namespace {

/// The region of the spatial slot a layer runs in: its segment's slots get
/// the processing region as the pipeline allocates it (PipelineSegment hands
/// NodeRegion::allocate each slot's node count, in slot order). The result is
/// a person's file: what the engine would take for granted is checked here.
NodeRegion layer_region(const ResultSummary& r, const ScheduledLayer& l) {
    std::vector<i64> slot_nodes;
    for (const auto& other : r.layers) {
        if (other.sched_seq[0] != l.sched_seq[0]) continue;
        const auto sp = static_cast<size_t>(other.sched_seq[1]);
        if (sp >= r.layers.size()) {
            throw InputError("schedules." + other.name + "[2][1]",
                             "spatial slot " + std::to_string(sp) + " is past the " +
                                 std::to_string(r.layers.size()) + " layers of the result");
        }
        if (slot_nodes.size() <= sp) slot_nodes.resize(sp + 1, 0);
        slot_nodes[sp] = other.num_nodes;
    }
    for (size_t sp = 0; sp < slot_nodes.size(); ++sp) {
        if (slot_nodes[sp] == 0) {
            throw InputError("schedules." + l.name,
                             "its segment " + std::to_string(l.sched_seq[0]) +
                                 " has no layer in spatial slot " + std::to_string(sp));
        }
    }
    const auto regions = r.proc_region.allocate(slot_nodes);
    const auto sp = static_cast<size_t>(l.sched_seq[1]);
    if (sp >= regions.size()) {
        throw InputError("schedules." + l.name,
                         "its segment's node counts do not fit the processing region");
    }
    return regions[sp];
}

std::vector<PeBlock> place_blocks(const RowStationaryMapping& m) {
    // Copies tile the array; width folds that run at once stack below each
    // other, each taking the next strip of the folded set's columns.
    std::vector<PeBlock> blocks;
    const i64 strips = m.side_by_side;
    const i64 strip_width = idivc(m.folded.w * m.replication.w, strips);
    for (i64 r = 0; r < m.replication.h; ++r) {
        for (i64 c = 0; c < m.replication.w; ++c) {
            for (i64 s = 0; s < strips; ++s) {
                const i64 width =
                    strips == 1 ? m.folded.w : std::min(strip_width, m.folded.w - s * strip_width);
                if (width <= 0) continue;
                PeBlock b;
                b.replica = r * m.replication.w + c;
                b.fold = s;
                b.origin = {(r * strips + s) * m.folded.h, strips == 1 ? c * m.folded.w : 0};
                b.size = {m.folded.h, width};
                blocks.push_back(b);
            }
        }
    }
    return blocks;
}

RowStationaryMapping map_on_array(const PartitionedLayer& p, PhyDim2 dim_array) {
    const MapStrategyEyeriss ms(p.layer, p.batch, p.occupancy, dim_array);
    RowStationaryMapping m;
    m.logical = ms.dim_lpeset();
    m.fold = ms.fold();
    m.replication = ms.repl();
    m.side_by_side = ms.folds_side_by_side();
    m.folded = ms.dim_flpeset();
    m.physical = ms.dim_ppeset();
    m.utilization = ms.utilization();
    m.blocks = place_blocks(m);
    for (const auto& b : m.blocks) m.active_pes += b.size.size();
    return m;
}

OJson dim_json(PhyDim2 d) {
    return OJson::array({d.h, d.w});
}

OJson range_json(const IntRange& r) {
    return OJson::array({r.beg, r.end});
}

/// The whole layer's size along a loop dimension (the shares are one node's).
i64 whole_layer_dim(const LayerExplanation& e, int dim) {
    const Layer& l = e.layer;
    switch (dim) {
        case ld::BATCH:
            return e.batch;
        case ld::FOLD:
            return e.mapping.fold.w;
        case ld::IFM:
            return l.nifm();
        case ld::OFM:
            return l.nofm;
        case ld::OROW:
            return l.hofm;
        case ld::OCOL:
            return l.wofm;
        case ld::FROW:
            return l.is_conv() ? l.hfil : l.hreg;
        case ld::FCOL:
            return l.is_conv() ? l.wfil : l.wreg;
        case ld::GROUP:
            return l.groups;
        case ld::HEAD:
            return l.heads;
        default:
            return l.nreg;
    }
}

OJson loop_nest_json(const LayerExplanation& e) {
    const LoopNest& n = e.loop_nest;
    const bool conv = e.layer.is_conv();
    OJson loops = OJson::array();
    for (const auto& l : n.loops) {
        loops.push_back({{"level", loop_level_name(l.level)},
                         {"dim", loop_dim_key(l.dim)},
                         {"name", loop_dim_name(l.dim, conv)},
                         {"count", l.count},
                         {"spatial", l.spatial},
                         {"partial", l.partial},
                         {"note", l.note}});
    }
    OJson dims = OJson::array();
    for (const auto& d : n.dims) {
        dims.push_back({{"dim", loop_dim_key(d.dim)},
                        {"name", loop_dim_name(d.dim, conv)},
                        {"layer", whole_layer_dim(e, d.dim)},
                        {"share", d.share},
                        {"product", d.product}});
    }
    return {{"levels", OJson::array({"DRAM", "GBUF", "REGF", "PE array", "PE"})},
            {"loops", loops},
            {"dims", dims},
            {"replication",
             {{"ifms", n.repl_ifms}, {"ofms", n.repl_ofms}, {"passes", n.passes_together}}},
            {"loopcnt", OJson::array({n.loopcnt[0], n.loopcnt[1], n.loopcnt[2]})},
            {"ops", n.ops},
            {"ops_share", n.ops_share},
            {"ops_covered", n.ops_covered}};
}

OJson reuse_json(const DataReuse& r) {
    static const char* levels[] = {"DRAM", "GBUF", "ITCN", "REGF"};
    static const char* data[] = {"filters", "ifmaps", "ofmaps"};
    OJson rows = OJson::array();
    for (int m = 0; m < 4; ++m) {
        for (int d = 0; d < 3; ++d) {
            rows.push_back({{"level", levels[m]},
                            {"data", data[d]},
                            {"access", r.access[m][d]},
                            {"reuse", r.reuse[m][d]}});
        }
    }
    OJson buffers = OJson::array();
    for (int b = 0; b < 2; ++b) {
        OJson held = OJson::object();
        i64 total = 0;
        for (int d = 0; d < 3; ++d) {
            held[data[d]] = r.occupancy[b][d];
            total += r.occupancy[b][d];
        }
        buffers.push_back({{"level", b == 0 ? "GBUF" : "REGF"},
                           {"per", b == 0 ? "node" : "PE"},
                           {"words", held},
                           {"total", total},
                           {"capacity", r.capacity[b]}});
    }
    return {
        {"ops", r.ops},
        {"num_nodes", r.num_nodes},
        {"access", rows},
        {"remote_gbuf_access",
         OJson::array({r.remote_gbuf_access[0], r.remote_gbuf_access[1], r.remote_gbuf_access[2]})},
        {"buffers", buffers},
        {"gbuf_sharing", OJson::array({r.gbuf_sharing[0], r.gbuf_sharing[1], r.gbuf_sharing[2]})},
        {"dram", {{"words", r.dram_words}, {"word_bits", r.word_bits}, {"bytes", r.dram_bytes}}},
        {"time",
         {{"cycles", r.time},
          {"compute", r.compute_cycles},
          {"memory", r.memory_cycles},
          {"bus", r.bus_cycles},
          {"dram", r.dram_cycles},
          {"bound", r.bound}}}};
}

OJson fmap_json(const FmapRange& f) {
    OJson out = OJson::object();
    const char* names[] = {"b", "n", "h", "w"};
    for (int d = 0; d < 4; ++d) out[names[d]] = range_json(f.beg_end(d));
    return out;
}

}  // namespace

LayerExplanation explain_layer(const Network& net, const ResultSummary& result,
                               const std::string& name, i64 word_bits) {
    LayerExplanation e;
    e.name = name;
    e.schedule = result.layer(name);
    if (!net.contains(name) || net.is_ext(name)) {
        throw InputError("layer", "the network has no layer '" + name + "'");
    }
    e.layer = net[name];
    e.batch = result.batch;
    // A multi-pass layer's nodes, mapping and nest are one pass's.
    const Layer unit = e.layer.unit_layer();
    const i64 unit_batch = e.layer.unit_batch(e.batch);
    e.region = layer_region(result, e.schedule);
    e.memory = result.dram_region;
    const PartitionScheme& part = e.schedule.part;
    const PhyDim2 part_dim = part.dim();
    if (part_dim.h > e.region.dim.h || part_dim.w > e.region.dim.w) {
        throw InputError("schedules." + name, "its partition does not fit its nodes");
    }
    if (e.layer.is_local_region() && part.pdims[pe::INPP].size() > 1) {
        throw InputError("schedules." + name,
                         "its partition splits the input channels of a local-region layer");
    }
    for (const auto& pidx : part.gen_pidx()) {
        NodeShare n;
        n.coord = part.coordinate(e.region, pidx);
        n.pidx = pidx;
        for (int p = 0; p < pe::NUM; ++p) n.position[p] = pidx[p].h * part.pdims[p].w + pidx[p].w;
        n.ranges = proc_data_range(unit, unit_batch, part, pidx);
        n.idle = n.ranges.ifrng.size() == 0 || n.ranges.ofrng.size() == 0;
        e.nodes.push_back(n);
    }
    e.node_part = part.part_layer(unit, unit_batch);
    e.mapping = map_on_array(e.node_part, result.dim_array);
    e.loop_nest = explain_loop_nest(e.node_part, e.schedule, result.dim_array,
                                    side_by_side_passes(e.layer, e.batch));
    if (e.batch % e.schedule.sample_groups != 0) {
        throw InputError("schedules." + name + "[0].sample_groups",
                         "must divide the batch (" + std::to_string(e.batch) + "), got " +
                             std::to_string(e.schedule.sample_groups));
    }
    add_pass_loops(e.loop_nest, e.layer, e.batch, e.schedule.sample_groups);
    e.reuse = explain_reuse(result, e.schedule, word_bits);
    return e;
}

OJson explanation_json(const LayerExplanation& e) {
    OJson nodes = OJson::array();
    for (const auto& n : e.nodes) {
        OJson pidx = OJson::array();
        for (const auto& d : n.pidx) pidx.push_back(dim_json(d));
        OJson j = {{"coord", dim_json(n.coord)},
                   {"pidx", pidx},
                   {"position",
                    OJson::array({n.position[0], n.position[1], n.position[2], n.position[3]})},
                   {"ofm", fmap_json(n.ranges.ofrng)},
                   {"ifm", fmap_json(n.ranges.ifrng)},
                   {"idle", n.idle}};
        j["fil"] = e.layer.is_conv()
                       ? OJson{{"i", range_json(n.ranges.fil_i)}, {"o", range_json(n.ranges.fil_o)}}
                       : OJson(nullptr);
        nodes.push_back(j);
    }
    const Layer& p = e.node_part.layer;
    const RowStationaryMapping& m = e.mapping;
    OJson blocks = OJson::array();
    for (const auto& b : m.blocks) {
        blocks.push_back({{"replica", b.replica},
                          {"fold", b.fold},
                          {"origin", dim_json(b.origin)},
                          {"size", dim_json(b.size)}});
    }
    OJson out;
    out["layer"] = e.name;
    out["region"] = node_region_json(e.region);
    out["region_nodes"] = OJson::array();
    for (const auto& c : e.region.iter_node()) out["region_nodes"].push_back(dim_json(c));
    out["memory_nodes"] = OJson::array();
    for (const auto& c : e.memory.iter_node()) out["memory_nodes"].push_back(dim_json(c));
    out["nodes"] = nodes;
    out["node_part"] = {{"nifm", p.nifm()},
                        {"nofm", p.nofm},
                        {"hofm", p.hofm},
                        {"wofm", p.wofm},
                        {"batch", e.node_part.batch},
                        {"occupancy", e.node_part.occupancy}};
    out["mapping"] = {{"rows_are", e.layer.is_conv() ? "filter" : "region"},
                      {"logical", dim_json(m.logical)},
                      {"fold", dim_json(m.fold)},
                      {"replication", dim_json(m.replication)},
                      {"side_by_side", m.side_by_side},
                      {"folded", dim_json(m.folded)},
                      {"physical", dim_json(m.physical)},
                      {"utilization", m.utilization},
                      {"active_pes", m.active_pes},
                      {"blocks", blocks}};
    out["loop_nest"] = loop_nest_json(e);
    out["reuse"] = reuse_json(e.reuse);
    // The pass loop around all of the above (docs/extensions.md): the page
    // says what one pass holds and how often it repeats without redoing the
    // layer's arithmetic.
    const Layer unit = e.layer.unit_layer();
    out["passes"] = {
        {"count", e.layer.passes(e.batch)},
        {"together", e.loop_nest.passes_together},
        {"groups", e.layer.groups},
        {"heads", e.layer.heads},
        {"samples", e.batch / e.layer.unit_batch(e.batch)},
        {"unit",
         {{"nifm", unit.nifm()}, {"nofm", unit.nofm}, {"batch", e.layer.unit_batch(e.batch)}}}};
    return out;
}

}  // namespace nndf
