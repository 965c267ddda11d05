#include "core/network_search/inter_layer_pipeline.h"

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "core/python_compat/cpython_hash.h"
#include "core/python_compat/cpython_set.h"
#include "core/util/error.h"

namespace nndf {

namespace {

struct SegmentPyHash {
    int64_t operator()(const PipelineSegment::Layers& seg) const {
        return cpython_str_tuple_tuple_hash_seed0(seg);
    }
};
/// A Python set of segments (tuples of tuples of layer names).
using SegmentCandidates = CPythonSet<PipelineSegment::Layers, SegmentPyHash>;

}  // namespace

InterLayerPipeline::InterLayerPipeline(const Network& network) : net_(network) {
    calc_sched_dag();
}

std::vector<std::string> InterLayerPipeline::ordered_layer_list() const {
    std::vector<std::string> out;
    for (const auto& v : vertex_list_) out.insert(out.end(), v.begin(), v.end());
    return out;
}

void InterLayerPipeline::calc_sched_dag() {
    std::vector<std::vector<std::string>> vset;
    std::unordered_map<std::string, size_t> owner;  // layer -> its vertex in vset
    for (const auto& name : net_.layer_names()) {
        const Layer& layer = net_[name];
        if (layer.is_conv()) {
            owner[name] = vset.size();
            vset.push_back({name});
            continue;
        }
        std::set<std::string> prevs;
        for (const auto& p : net_.prevs(name))
            prevs.insert(p ? *p : std::string(Network::kInputKey));
        // Merge into the latest vertex that ends with a previous layer read by
        // nothing else, unless the vertex's head also feeds this layer. Only
        // vertices that end with a previous layer can match, so look at those
        // instead of at every vertex.
        // How many previous layers each vertex holds: a vertex holding p and
        // another previous layer is not disjoint. Counted once, so a fan-in of
        // 10,000 layers costs 10,000 steps, not 10,000^2.
        std::unordered_map<size_t, int> prevs_in_vertex;
        for (const auto& q : prevs) {
            auto qt = owner.find(q);
            if (qt != owner.end()) ++prevs_in_vertex[qt->second];
        }
        size_t best = vset.size();
        for (const auto& p : prevs) {
            auto it = owner.find(p);
            if (it == owner.end()) continue;  // the input or an external layer
            const size_t k = it->second;
            if (vset[k].back() != p || net_.nexts(p).size() != 1) continue;
            const bool head_disjoint = prevs_in_vertex[k] == 1;
            if (head_disjoint && (best == vset.size() || k > best)) best = k;
        }
        if (best == vset.size()) {
            owner[name] = vset.size();
            vset.push_back({name});
        } else {
            owner[name] = best;
            vset[best].push_back(name);
        }
    }
    topological_order(std::move(vset));

    std::unordered_map<std::string, int> vidx;
    for (size_t i = 0; i < vertex_list_.size(); ++i)
        for (const auto& l : vertex_list_[i]) vidx[l] = static_cast<int>(i);
    prev_.assign(vertex_list_.size(), {});
    next_.assign(vertex_list_.size(), {});
    for (const auto& name : net_.layer_names()) {
        const int v = vidx.at(name);
        for (const auto& p : net_.prevs(name)) {
            const int pv = (p && !net_.is_ext(*p)) ? vidx.at(*p) : -1;
            if (pv != v) prev_[static_cast<size_t>(v)].insert(pv);
        }
        for (const auto& n : net_.nexts(name)) {
            if (!n) continue;
            const int nv = vidx.at(*n);
            if (nv != v) next_[static_cast<size_t>(v)].insert(nv);
        }
    }
    for (size_t v = 0; v < prev_.size(); ++v)
        if (prev_[v].count(-1)) input_next_.insert(static_cast<int>(v));
}

void InterLayerPipeline::topological_order(std::vector<std::vector<std::string>> vset) {
    // Depth-first search; the reversed post-order is a topological order.
    // Next vertices are visited in reverse so the result keeps network order.
    // With an explicit stack: a chain of many layers is as deep as it is long.
    std::vector<int> visited;
    std::vector<bool> unseen(vset.size(), true), seen(vset.size(), false), done(vset.size(), false);
    std::unordered_map<std::string, int> owner;
    for (size_t i = 0; i < vset.size(); ++i)
        for (const auto& l : vset[i]) owner[l] = static_cast<int>(i);

    struct Frame {
        int v;
        std::vector<int> next_vertices;
        size_t next = 0;
    };
    std::vector<Frame> stack;
    auto enter = [&](int v) {
        NNDF_CHECK(!seen[static_cast<size_t>(v)], "cycle in the scheduling DAG");
        if (done[static_cast<size_t>(v)]) return;
        unseen[static_cast<size_t>(v)] = false;
        seen[static_cast<size_t>(v)] = true;
        std::vector<std::string> nexts;
        std::unordered_set<std::string> listed;
        for (const auto& l : vset[static_cast<size_t>(v)]) {
            for (const auto& n : net_.nexts(l)) {
                if (n && owner.at(*n) != v && listed.insert(*n).second) nexts.push_back(*n);
            }
        }
        Frame f{v, {}, 0};
        for (auto it = nexts.rbegin(); it != nexts.rend(); ++it) {
            int nv = owner.at(*it);
            if (unseen[static_cast<size_t>(nv)]) f.next_vertices.push_back(nv);
        }
        stack.push_back(std::move(f));
    };
    auto dfs = [&](int start) {
        enter(start);
        while (!stack.empty()) {
            Frame& f = stack.back();
            if (f.next < f.next_vertices.size()) {
                enter(f.next_vertices[f.next++]);  // may reallocate: f is not used after
                continue;
            }
            const int v = f.v;
            stack.pop_back();
            visited.push_back(v);
            done[static_cast<size_t>(v)] = true;
            seen[static_cast<size_t>(v)] = false;
        }
    };
    std::vector<int> starts;
    const auto firsts = net_.firsts();
    for (auto it = firsts.rbegin(); it != firsts.rend(); ++it) {
        int v = owner.at(*it);
        if (unseen[static_cast<size_t>(v)]) starts.push_back(v);
    }
    for (int v : starts) dfs(v);
    for (bool u : unseen) NNDF_CHECK(!u, "a layer is not reachable from the inputs");
    vertex_list_.clear();
    for (auto it = visited.rbegin(); it != visited.rend(); ++it)
        vertex_list_.push_back(vset[static_cast<size_t>(*it)]);
}

size_t InterLayerPipeline::vseg_limit() const {
    return std::max<size_t>(20000, 64 * vertex_list_.size());
}

std::vector<std::vector<int>> InterLayerPipeline::gen_vseg(size_t max_len, size_t limit) const {
    // The reference generates segments recursively: from a start vertex, it
    // yields the start alone and recurses to the next start before it
    // extends the segment, and skips starts already done. So all single
    // vertices come first, in order, and then, for each start from the last
    // to the first, its longer segments by length; no later extension
    // recurses again. This produces that order without recursion, and
    // stops extending once a segment is longer than `max_len` (the caller
    // drops those), which keeps it linear in the vertices for a bounded length.
    std::vector<std::vector<int>> out;
    if (max_len == 0) return out;
    const int nv = static_cast<int>(vertex_list_.size());
    for (int v = 0; v < nv; ++v) out.push_back({v});
    for (int start = nv - 1; start >= 0; --start) {
        std::vector<int> vseg{start};
        // The segment and its previous vertices.
        std::set<int> deps(prev_[static_cast<size_t>(start)]);
        deps.insert(start);
        for (int frontier = start + 1; frontier < nv && vseg.size() < max_len; ++frontier) {
            // The segment is the range [start, frontier).
            const auto& fprevs = prev_[static_cast<size_t>(frontier)];
            bool share_deps = false;
            int in_seg = 0;
            for (int p : fprevs) {
                if (deps.count(p)) share_deps = true;
                if (p >= start && p < frontier) ++in_seg;
            }
            if (!share_deps || in_seg > 1) break;
            vseg.push_back(frontier);
            deps.insert(frontier);
            deps.insert(fprevs.begin(), fprevs.end());
            // All or at most one of a vertex's next vertices may be outside.
            bool valid = true;
            for (int idx : vseg) {
                bool any_in = false;
                int outside = 0;
                for (int n : next_[static_cast<size_t>(idx)]) {
                    if (n >= start && n <= frontier)
                        any_in = true;
                    else
                        ++outside;
                }
                if (any_in && outside > 1) {
                    valid = false;
                    break;
                }
            }
            if (valid) out.push_back(vseg);
            if (out.size() > limit) return out;
        }
    }
    return out;
}

std::vector<PipelineSegment> InterLayerPipeline::gen_segment(i64 batch, const Resource& resource,
                                                             const Option& options,
                                                             double max_util_drop,
                                                             const SearchContext* ctx) const {
    // An internal parameter (the search passes its default), not a run field.
    NNDF_CHECK(max_util_drop >= 0 && max_util_drop <= 1,
               "InterLayerPipeline: max_util_drop must be between [0, 1]");
    std::vector<PipelineSegment> out;
    // Segments of one call differ only in their layers.
    std::set<PipelineSegment::Layers> added;
    auto add = [&](PipelineSegment seg) {
        if (added.insert(seg.layers()).second) out.push_back(std::move(seg));
    };
    for (const auto& name : net_.layer_names()) {
        PipelineSegment seg({{name}}, net_, batch, resource, max_util_drop,
                            options.layer_pipeline_opt);
        NNDF_CHECK(seg.valid(), "single-layer segment invalid");
        add(std::move(seg));
    }
    // Longer vertex segments are dropped below, or invalid: a spatial
    // segment needs a node per vertex (PipelineSegment::alloc_proc), and
    // only temporal segments have no such bound.
    size_t max_len = 0;
    if (options.partition_interlayer)
        max_len = static_cast<size_t>(resource.proc_region.dim.size());
    if (options.hw_gbuf_save_writeback) max_len = std::numeric_limits<size_t>::max();
    if (options.layer_pipeline_max_degree < static_cast<double>(max_len))
        max_len = static_cast<size_t>(std::max(0., options.layer_pipeline_max_degree));
    const size_t limit = vseg_limit();
    const auto vsegs = gen_vseg(max_len, limit);
    if (vsegs.size() > limit) {
        throw InputError("layer_pipeline_max_degree",
                         "without a smaller bound, this network has more than " +
                             std::to_string(limit) +
                             " pipeline segments to search on these nodes (segments of any "
                             "length: their number grows with the square of a chain's length, "
                             "the search with its cube); give a bound such as 4 or 8");
    }
    for (const auto& vseg : vsegs) {
        if (ctx) ctx->check_cancel();
        if (static_cast<double>(vseg.size()) > options.layer_pipeline_max_degree) continue;
        if (vseg.size() == 1 && vertex_list_[static_cast<size_t>(vseg[0])].size() == 1) continue;
        // The reference keeps the spatial and the temporal candidate in a set
        // of tuples of str tuples and tries them in its iteration order; the
        // segments' results are then ranked by a stable sort, so on an exact
        // tie of (cost, time) the first tried wins. We replay that set with
        // the string hash of PYTHONHASHSEED=0, the seed of the golden data
        // (docs/reference-differences.md).
        SegmentCandidates cands;
        if (options.partition_interlayer) {
            PipelineSegment::Layers spatial;
            for (int v : vseg) spatial.push_back(vertex_list_[static_cast<size_t>(v)]);
            cands.add(spatial);
        }
        if (options.hw_gbuf_save_writeback) {
            PipelineSegment::Layers temporal(1);
            for (int v : vseg) {
                const auto& vl = vertex_list_[static_cast<size_t>(v)];
                temporal[0].insert(temporal[0].end(), vl.begin(), vl.end());
            }
            cands.add(temporal);
        }
        for (auto& c : cands.items()) {
            PipelineSegment seg(std::move(c), net_, batch, resource, max_util_drop,
                                options.layer_pipeline_opt);
            if (seg.valid()) add(std::move(seg));
        }
    }
    return out;
}

}  // namespace nndf
