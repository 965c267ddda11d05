#include "core/network_search/nn_dataflow.h"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "core/layer_search/partition.h"
#include "core/network_search/search_work.h"
#include "core/util/error.h"
#include "core/util/task_graph.h"
#include "core/util/value_hash.h"
#include "core/util/worker_pool.h"

namespace nndf {

DataLayout forwarded_layout(const DataLayout& layout, const NodeRegion& region) {
    std::vector<NodeRegion> regions(layout.frngs.size(), region);
    std::vector<PartitionScheme> parts;
    for (const auto& p : layout.parts) parts.push_back(p.projection(region, true));
    return DataLayout::make(layout.frngs, regions, parts);
}

NNDataflow::NNDataflow(const Network& net, i64 batch, const Resource& resource, const Cost& cost)
    : net_(net),
      batch_(batch),
      resource_(resource),
      cost_(cost),
      ilp_(net),
      order_(std::make_shared<const ScheduleOrder>(net, ilp_.ordered_layer_list())) {}

void NNDataflow::make_schedulings() {
    // Equal layers share one Scheduling and its caches; every search starts
    // with fresh caches, since they hold results of one set of options.
    scheds_.clear();
    ref_cache_stats_ = std::make_unique<ReferenceCacheStats>();
    std::unordered_map<Layer, Scheduling*, ValueHash> distinct;
    std::vector<Scheduling*> of_layer;  // in network order
    for (const auto& name : net_.layer_names()) {
        const Layer& layer = net_[name];
        Scheduling*& found = distinct[layer];
        if (!found) {
            scheds_.push_back(std::make_unique<Scheduling>(layer, batch_, cost_));
            found = scheds_.back().get();
            found->count_like_reference(ref_cache_stats_.get());
        }
        of_layer.push_back(found);
    }
    sched_at_.assign(order_->size(), nullptr);
    for (size_t pos = 0; pos < order_->size(); ++pos)
        sched_at_[pos] = of_layer[net_.index_of(order_->name(pos))];
}

void NNDataflow::sort_keep(std::vector<NNDataflowScheme>& v, const Option& options) const {
    std::stable_sort(v.begin(), v.end(), [&](const NNDataflowScheme& a, const NNDataflowScheme& b) {
        return nndf_less(a, b, options.opt_goal);
    });
    if (v.size() > static_cast<size_t>(options.ntops)) v.erase(v.begin() + options.ntops, v.end());
}

std::vector<NNDataflowScheme> NNDataflow::gen_input_layouts(const Option& options) const {
    const Layer& input = net_.input_layer();
    const FmapRange input_frng({0, 0, 0, 0}, {batch_, input.nofm, input.hofm, input.wofm});
    const NodeRegion& region = resource_.src_data_region;
    std::vector<NNDataflowScheme> out;
    for (const auto& part : gen_partition(input, batch_, region.dim, options, true)) {
        const PartitionScheme proj = part.projection(region, true);
        DataLayout in = DataLayout::make({input_frng}, {region}, {proj});
        std::vector<std::pair<std::string, DataLayout>> ext;
        for (const auto& e : net_.ext_layers()) {
            const Layer& el = net_[e];
            ext.emplace_back(
                e, DataLayout::make({FmapRange({0, 0, 0, 0}, {batch_, el.nofm, el.hofm, el.wofm})},
                                    {region}, {proj}));
        }
        out.emplace_back(order_, std::move(in), std::move(ext));
    }
    return out;
}

namespace {

/// The whole-network search as a task graph (docs/parallel-search.md,
/// "Segments by dependency"): at each layer, for each segment that starts
/// there, the per-node searches of its first layer ahead (they need nothing)
/// and then the segment; then the merge of the layer's tops. One thread runs
/// them in that order, the serial search. A segment needs its per-node
/// searches and the merge of the layer before it; a merge needs the
/// segments that end at its layer and the merge before it, so the merges,
/// and the cache uses they replay, keep the serial order.
struct SearchTasks {
    enum class Kind { Ahead, Segment, Merge };
    TaskGraph graph{0};
    std::vector<std::pair<Kind, size_t>> of;  ///< Per task: its kind, and its segment or layer.
};

SearchTasks search_tasks(const std::vector<std::vector<size_t>>& starting,
                         const std::vector<std::vector<size_t>>& ending) {
    using Kind = SearchTasks::Kind;
    const size_t nlayers = starting.size();
    SearchTasks t;
    size_t nsegs = 0;  // every segment starts somewhere
    for (const auto& here : starting) nsegs += here.size();
    std::vector<size_t> merge_task(nlayers), seg_task(nsegs);
    for (size_t pos = 0; pos < nlayers; ++pos) {
        for (size_t i : starting[pos]) {
            t.of.emplace_back(Kind::Ahead, i);
            seg_task[i] = t.of.size();
            t.of.emplace_back(Kind::Segment, i);
        }
        merge_task[pos] = t.of.size();
        t.of.emplace_back(Kind::Merge, pos);
    }
    t.graph = TaskGraph(t.of.size());
    for (size_t pos = 0; pos < nlayers; ++pos) {
        for (size_t i : starting[pos]) {
            t.graph.add_edge(seg_task[i] - 1, seg_task[i]);  // its ahead task, just before it
            if (pos > 0) t.graph.add_edge(merge_task[pos - 1], seg_task[i]);
        }
        if (pos > 0) t.graph.add_edge(merge_task[pos - 1], merge_task[pos]);
        for (size_t i : ending[pos]) t.graph.add_edge(seg_task[i], merge_task[pos]);
    }
    return t;
}

}  // namespace

SearchOutcome NNDataflow::schedule_search(const Option& options, const SearchContext* ctx) {
    // On the owner's thread before any other: a cancel an earlier search
    // saw is asked again (SearchContext::check_cancel).
    if (ctx) ctx->check_cancel();
    // The search's threads: the reference's process count; the answer does
    // not depend on it.
    pool_ = std::make_unique<WorkerPool>(static_cast<int>(options.nprocesses));
    make_schedulings();
    for (const auto& s : scheds_) s->use_pool(pool_.get());
    const size_t nlayers = order_->size();
    // Every segment, and where it starts and ends in the order. A segment
    // needs only the tops before its first layer; a layer's tops need every
    // segment that ends at it.
    const std::vector<PipelineSegment> segs =
        ilp_.gen_segment(batch_, resource_, options, InterLayerPipeline::kMaxUtilDrop, ctx);
    std::vector<std::vector<size_t>> starting(nlayers), ending(nlayers);
    for (size_t i = 0; i < segs.size(); ++i) {
        const size_t first = order_->position(segs[i].first_layer());
        const size_t last = order_->position(segs[i].last_layer());
        NNDF_CHECK(first != ScheduleOrder::npos && last != ScheduleOrder::npos && first <= last,
                   "a segment's layers are not in the order");
        starting[first].push_back(i);
        ending[last].push_back(i);
    }

    tops_.assign(nlayers, {});
    input_tops_ = gen_input_layouts(options);
    if (ctx) ctx->begin_search(layer_work(starting));

    const SearchTasks tasks = search_tasks(starting, ending);
    std::vector<std::vector<NNDataflowScheme>> found(segs.size());
    std::vector<ReferenceLookupLog> lookups(segs.size());
    std::atomic<size_t> merged{0};  // layers whose tops are final
    size_t reported = 0;            // of them, reported as progress
    // Progress by layer, on the owner's thread, as the merges come in.
    // Several merges may land between two polls; the caller is asked after
    // each layer start it sees, so a cancel stops the reports at the layer
    // where it was asked, whatever the thread count.
    const auto report_merged = [&] {
        if (!ctx || !ctx->on_owner()) return;
        const size_t upto = merged.load(std::memory_order_acquire);
        while (reported < upto) {
            ctx->layer_fraction(1.0);
            const size_t next = ++reported;
            if (next < nlayers) {
                ctx->begin_layer(
                    static_cast<int>(next + 1), static_cast<int>(nlayers), order_->name(next),
                    tops_[next - 1].empty() ? -1 : tops_[next - 1].front().total_cost());
                ctx->check_cancel();
            }
        }
    };
    if (ctx) ctx->begin_layer(1, static_cast<int>(nlayers), order_->name(0), -1);
    const auto run_task = [&](size_t t) {
        const auto [kind, k] = tasks.of[t];
        if (kind == SearchTasks::Kind::Ahead) return search_ahead(segs[k], options, ctx);
        if (kind == SearchTasks::Kind::Segment) {
            ReferenceLookupScope scope(&lookups[k]);
            found[k] = segment_search(segs[k], options, ctx);
            return;
        }
        // Merged, and their cache uses replayed, in the order of the serial
        // search, so nothing depends on the threads.
        std::vector<NNDataflowScheme> tops;
        for (size_t i : ending[k]) {
            lookups[i].replay();
            lookups[i] = ReferenceLookupLog{};
            tops.insert(tops.end(), std::make_move_iterator(found[i].begin()),
                        std::make_move_iterator(found[i].end()));
            found[i] = {};
        }
        sort_keep(tops, options);
        tops_[k] = std::move(tops);
        merged.store(k + 1, std::memory_order_release);
    };
    run_task_graph(pool_.get(), tasks.graph, run_task, [&] {
        if (!ctx) return;
        ctx->check_cancel();
        report_merged();
    });
    report_merged();
    SearchOutcome out;
    out.tops = tops_.back();
    for (size_t pos = 0; pos < nlayers; ++pos) {
        if (tops_[pos].empty()) {
            out.first_unscheduled = order_->name(pos);
            out.first_unscheduled_position = pos;
            break;
        }
    }
    // The reference sums one process-wide cache's counts once per distinct
    // layer; report the same quantity.
    const i64 n = static_cast<i64>(scheds_.size());
    out.cache_stats = {ref_cache_stats_->per_node.hits() * n,
                       ref_cache_stats_->per_node.misses() * n};
    return out;
}

std::vector<double> NNDataflow::layer_work(const std::vector<std::vector<size_t>>& starting) const {
    std::unordered_set<const Scheduling*> searched;
    std::vector<double> work;
    work.reserve(order_->size());
    for (size_t pos = 0; pos < order_->size(); ++pos) {
        work.push_back(layer_search_work(net_[order_->name(pos)], batch_, starting[pos].size(),
                                         searched.insert(sched_at_[pos]).second));
    }
    return work;
}

void NNDataflow::search_ahead(const PipelineSegment& seg, const Option& options,
                              const SearchContext* ctx) {
    // Only the first constraint: a later one may be skipped as dominated.
    // The segment's own search gives gen_constraint's note, if it runs.
    const auto constraints = seg.gen_constraint(options.layer_pipeline_time_ovhd, nullptr, 1);
    if (constraints.empty()) return;
    const SchedulingConstraint& first = constraints.front().first[0][0];
    if (first.has_pending_rule()) return;
    const size_t pos = order_->position(seg.first_layer());
    try {
        sched_at_[pos]->prefetch_per_node(seg.allocation()[0][0], first, options, ctx);
    } catch (const SearchCancelled&) {
        throw;
    } catch (...) {
        // The search meets the same error if it reaches this layer; it may
        // not (an earlier layer with no schedule ends it), and then this
        // one must not change its outcome.
    }
}

std::vector<NNDataflowScheme> NNDataflow::segment_search(const PipelineSegment& seg,
                                                         const Option& options,
                                                         const SearchContext* ctx) {
    const size_t first = order_->position(seg.first_layer());
    NNDF_CHECK(first != ScheduleOrder::npos, "a segment starts with an unknown layer");
    // Layers are searched in order: the tops before the segment are final.
    const std::vector<NNDataflowScheme>& prev = first == 0 ? input_tops_ : tops_[first - 1];
    if (prev.empty()) return {};

    const auto& alloc = seg.allocation();
    const std::map<SchedIndex, NodeRegion> fwd_region = seg.forward_regions();
    const double max_ovhd = options.layer_pipeline_time_ovhd;
    std::vector<std::vector<i64>> frontier;
    std::vector<NNDataflowScheme> out;
    for (auto& [constraint, hints] : seg.gen_constraint(max_ovhd, ctx)) {
        bool dominated = false;
        for (const auto& fh : frontier) {
            bool all_ge = true;
            for (size_t k = 0; k < hints.size(); ++k) all_ge = all_ge && hints[k] >= fh[k];
            dominated = dominated || all_ge;
        }
        if (dominated) continue;
        std::vector<NNDataflowScheme> curr = prev;
        const auto& layers = seg.layers();
        // The segment's layers come one after another in the order.
        size_t pos = first;
        for (size_t sp = 0; sp < layers.size(); ++sp) {
            for (size_t tm = 0; tm < layers[sp].size(); ++tm, ++pos) {
                NNDF_CHECK(order_->name(pos) == layers[sp][tm], "a segment is out of order");
                auto f = fwd_region.find({static_cast<int>(sp), static_cast<int>(tm)});
                curr =
                    layer_search(pos, alloc[sp][tm], constraint[sp][tm], static_cast<int>(sp),
                                 static_cast<int>(tm), f == fwd_region.end() ? nullptr : &f->second,
                                 curr, options, ctx);
            }
        }
        // Every earlier segment of a kept schedule passed this test when it
        // was searched: only the new one needs it.
        std::vector<NNDataflowScheme> kept;
        for (auto& n : curr)
            if (n.last_segment_timing()->time_overhead() <= max_ovhd) kept.push_back(std::move(n));
        if (!kept.empty()) frontier.push_back(hints);
        out.insert(out.end(), kept.begin(), kept.end());
    }
    sort_keep(out, options);
    return out;
}

std::vector<NNDataflowScheme> NNDataflow::layer_search(
    size_t pos, const Resource& resource, SchedulingConstraint constraint, int sp_idx, int tm_idx,
    const NodeRegion* fwd_region, const std::vector<NNDataflowScheme>& prev_tops,
    const Option& options, const SearchContext* ctx) {
    std::vector<NNDataflowScheme> out;
    const std::string& layer = order_->name(pos);
    Scheduling& sched = *sched_at_[pos];
    for (const auto& prev : prev_tops) {
        DataLayout ifmap_layout = prev.next_ifmap_layout();
        if (fwd_region) ifmap_layout = forwarded_layout(ifmap_layout, *fwd_region);
        i64 seg_idx = prev.last_seg_idx();
        if (sp_idx == 0 && tm_idx == 0) ++seg_idx;
        // The lazy rule reads the first previous schedule only, then clears.
        if (constraint.has_pending_rule()) {
            constraint.topofm = prev[constraint.topofm_from].lbs.bl_ts[0][le::OFM];
            constraint.topofm_from.clear();
        }
        SchedulingCondition cond{resource, constraint, ifmap_layout, {seg_idx, sp_idx, tm_idx}};
        // A matmul's right operand, where its producer left it (never
        // forwarded: the producer is in an earlier segment).
        if (const auto rhs = net_.rhs(layer)) {
            cond.rhs_layout = prev.fmap_layout(
                {*rhs == Network::kInputKey ? std::nullopt : std::optional<std::string>(*rhs)});
        }
        std::vector<SchedulingResultPtr> found;
        try {
            found = sched.schedule_search(cond, options, ctx);
        } catch (const InputError& e) {
            throw InputError(e.path(), "layer '" + layer + "': " + e.message());
        }
        for (const auto& t : found) {
            NNDataflowScheme n = prev;
            n.set(layer, t);
            out.push_back(std::move(n));
        }
    }
    sort_keep(out, options);
    return out;
}

}  // namespace nndf
