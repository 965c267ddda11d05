#include "core/api/explain_text.h"

#include <array>
#include <cstdio>
#include <sstream>

#include "core/model/norm_layers.h"

namespace nndf {

namespace {

/// Timeloop-like loop variables: n batch, f fold, c/k channels, p/q output
/// rows/columns, r/s filter rows/columns, g region channels.
const char* loop_var(int dim) {
    static const char* vars[ld::NUM] = {"n", "f", "c", "k", "p", "q", "r", "s", "g", "G", "H"};
    return vars[dim];
}

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

std::string pad(std::string s, size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string lpad(std::string s, size_t width) {
    if (s.size() < width) s.insert(0, width - s.size(), ' ');
    return s;
}

/// `l`'s shape; `kind` is the layer whose type names it (a node's share of
/// a matmul is its unit layer, a 1x1 conv, but still a matmul's pass).
std::string shape_text(const Layer& l, i64 batch, const Layer& kind) {
    std::ostringstream os;
    os << "batch " << batch << ", ";
    if (l.is_conv()) {
        os << l.nifm() << " -> " << l.nofm << " channels, ";
    } else {
        os << l.nofm << " channels, ";
    }
    os << l.hofm << " x " << l.wofm << " output, ";
    if (l.is_matmul()) {
        os << l.heads << (l.heads == 1 ? " head" : " heads") << ", one pass per head and sample";
    } else if (kind.is_matmul()) {
        os << "one pass: one head of one sample";
    } else if (l.is_conv()) {
        os << l.hfil << " x " << l.wfil << " filter";
        if (l.groups != 1) os << ", " << l.groups << " groups, one pass per group";
    } else {
        os << l.nreg << " x " << l.hreg << " x " << l.wreg << " region";
        // A node's share is rebuilt as a plain local region; the kind is the layer's.
        if (l.is_norm_or_activation()) os << " (" << norm_layer_summary(l) << ")";
    }
    return os.str();
}

/// The three data categories' names in the tables (de order): a matmul's
/// "filters" are its right operand, an activation named by its `rhs` field.
std::array<const char*, 3> data_names(const Layer& l) {
    if (l.is_matmul()) return {"rhs", "ifmaps", "ofmaps"};
    return {"filters", "ifmaps", "ofmaps"};
}

}  // namespace

std::string loop_nest_text(const LayerExplanation& e) {
    const LoopNest& n = e.loop_nest;
    const bool conv = e.layer.is_conv();
    std::ostringstream os;
    os << "Layer " << e.name << ": " << shape_text(e.layer, e.batch, e.layer);
    if (n.passes_together > 1) {
        os << ", " << n.passes_together << " side by side on the array in each of "
           << e.layer.passes(e.batch) / n.passes_together << " rounds";
    }
    os << "\n";
    os << "One node's share (" << e.nodes.size()
       << " nodes): " << shape_text(e.node_part.layer, e.node_part.batch, e.layer) << "\n\n";
    size_t depth = 0;
    for (int level = 0; level < ll::NUM; ++level) {
        const std::string name = loop_level_name(level);
        os << name << "\n" << std::string(name.size(), '-') << "\n";
        bool any = false;
        for (const auto& l : n.loops) {
            if (l.level != level) continue;
            any = true;
            std::string line = "|" + std::string(2 * depth + 1, ' ') + "for " + loop_var(l.dim) +
                               " in [0:" + std::to_string(l.count) + ")";
            if (l.spatial) line += "  (spatial)";
            line = pad(line, 44) + loop_dim_name(l.dim, conv);
            if (l.partial)
                line += l.spatial ? ", partly idle in the last pass" : ", last one partial";
            if (!l.note.empty()) line += "  -- " + l.note;
            os << line << "\n";
            ++depth;
        }
        if (!any) os << "|" << std::string(2 * depth + 1, ' ') << "(no loop)\n";
        os << "\n";
    }
    os << "Trip counts per dimension against the node's share:\n";
    for (const auto& d : n.dims) {
        // A matmul has no filter window (its unit layer's is 1 x 1).
        if (e.layer.is_matmul() && (d.dim == ld::FROW || d.dim == ld::FCOL)) continue;
        os << "  " << pad(loop_dim_name(d.dim, conv), 18) << lpad(std::to_string(d.product), 8)
           << (d.product == d.share ? " = " : " >= ") << d.share
           << (d.product == d.share ? "" : "  (ceiling: the last iteration is partial)") << "\n";
    }
    os << "  MACs: loops run " << n.ops_covered << " slots for the share's " << n.ops_share
       << "; the engine counts " << fmt("%.0f", n.ops) << " per node (x " << e.reuse.num_nodes
       << " nodes = " << fmt("%.0f", e.reuse.ops) << ")\n";
    return os.str();
}

std::string reuse_text(const LayerExplanation& e) {
    const DataReuse& r = e.reuse;
    static const char* levels[] = {"DRAM", "GBUF", "ITCN", "REGF"};
    const auto data = data_names(e.layer);
    std::ostringstream os;
    os << "Data reuse (all " << r.num_nodes << " nodes, " << fmt("%.0f", r.ops) << " MACs)\n";
    os << pad("level", 7) << pad("data", 9) << lpad("accesses", 16) << lpad("MACs/access", 14)
       << "\n";
    for (int m = 0; m < 4; ++m) {
        for (int d = 0; d < 3; ++d) {
            os << pad(levels[m], 7) << pad(data[d], 9) << lpad(fmt("%.0f", r.access[m][d]), 16)
               << lpad(r.access[m][d] > 0 ? fmt("%.2f", r.reuse[m][d]) : "-", 14) << "\n";
        }
    }
    const double remote =
        r.remote_gbuf_access[0] + r.remote_gbuf_access[1] + r.remote_gbuf_access[2];
    if (remote > 0)
        os << "Other regions' GBUF in place of DRAM: " << fmt("%.0f", remote) << " accesses\n";
    os << "\nBuffer occupancy (words)  " << lpad(data[0], 7) << "   " << data[1] << "   " << data[2]
       << "    total / capacity\n";
    for (int b = 0; b < 2; ++b) {
        const i64 total = r.occupancy[b][0] + r.occupancy[b][1] + r.occupancy[b][2];
        os << pad(b == 0 ? "GBUF, one node" : "REGF, one PE", 26);
        for (int d = 0; d < 3; ++d) os << lpad(std::to_string(r.occupancy[b][d]), 8) << " ";
        os << lpad(std::to_string(total), 8) << " / " << r.capacity[b] << "  ("
           << fmt("%.0f", r.capacity[b] > 0 ? 100. * static_cast<double>(total) /
                                                  static_cast<double>(r.capacity[b])
                                            : 0.)
           << "%)\n";
    }
    if (r.gbuf_sharing[0] > 1 || r.gbuf_sharing[1] > 1 || r.gbuf_sharing[2] > 1) {
        os << "GBUF sharing: " << data[0] << ", " << data[1] << ", " << data[2] << " spread over "
           << r.gbuf_sharing[0] << ", " << r.gbuf_sharing[1] << ", " << r.gbuf_sharing[2]
           << " nodes' buffers\n";
    }
    os << "\nDRAM traffic: " << fmt("%.0f", r.dram_words)
       << " words = " << fmt("%.0f", r.dram_bytes) << " bytes (" << r.word_bits << "-bit words)\n";
    os << "Time: " << fmt("%.0f", r.time) << " cycles = compute " << r.compute_cycles
       << " + memory-bound " << fmt("%.0f", r.memory_cycles) << " (array bus " << r.bus_cycles
       << ", DRAM " << r.dram_cycles << "); bound by " << r.bound << "\n";
    return os.str();
}

}  // namespace nndf
