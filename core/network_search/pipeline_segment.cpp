#include "core/network_search/pipeline_segment.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/python_compat/cpython_hash.h"
#include "core/python_compat/cpython_set.h"
#include "core/util/error.h"

namespace nndf {

namespace {

const char* kTopBat = "topbat_shr";
const char* kFbofmInit = "fbofm_init";

struct IntTuplePyHash {
    int64_t operator()(const std::vector<int>& t) const { return cpython_int_tuple_hash(t); }
};
/// A Python set of int tuples: spatial indices along a forwarding chain.
using CritPathSet = CPythonSet<std::vector<int>, IntTuplePyHash>;

Sym sym_bool(bool b) {
    return SymExpr::boolean(b);
}

}  // namespace

PipelineSegment::PipelineSegment(Layers seg, const Network& net, i64 batch,
                                 const Resource& resource, double max_util_drop, bool with_opt)
    : seg_(std::move(seg)),
      net_(&net),
      batch_(batch),
      resource_(resource),
      max_util_drop_(max_util_drop),
      with_opt_(with_opt) {
    valid_ = init_deps() && alloc_resource() && init_sym_cstrs();
}

bool PipelineSegment::init_deps() {
    std::map<std::string, SchedIndex> layer2idx;
    for (size_t sp = 0; sp < seg_.size(); ++sp)
        for (size_t tm = 0; tm < seg_[sp].size(); ++tm)
            layer2idx[seg_[sp][tm]] = {static_cast<int>(sp), static_cast<int>(tm)};
    auto idx_of = [&](const std::optional<std::string>& l) -> std::optional<SchedIndex> {
        if (!l) return std::nullopt;
        auto it = layer2idx.find(*l);
        if (it == layer2idx.end()) return std::nullopt;
        return it->second;
    };
    src_.assign(seg_.size(), {});
    dst_.assign(seg_.size(), {});
    ifm_fwd_.clear();
    ofm_fwd_.clear();
    // Layers that read exactly the same memory data: prevs -> first reader.
    std::vector<std::pair<std::vector<std::optional<std::string>>, SchedIndex>> prevs2layer;
    std::vector<std::pair<std::vector<std::optional<std::string>>, size_t>>
        fwd_key;  // prevs -> ifm_fwd_ slot

    for (size_t sp = 0; sp < seg_.size(); ++sp) {
        src_[sp].assign(seg_[sp].size(), {});
        dst_[sp].assign(seg_[sp].size(), {});
        std::optional<SchedIndex> single_nbr_src;
        for (size_t tm = 0; tm < seg_[sp].size(); ++tm) {
            const std::string& l = seg_[sp][tm];
            const SchedIndex me_idx{static_cast<int>(sp), static_cast<int>(tm)};
            const auto prevs = net_->prevs(l);
            // A matmul reads its right operand from memory: its producer is
            // never in the same segment (docs/extensions.md).
            if (const auto rhs = net_->rhs(l); rhs && idx_of(*rhs)) return false;
            std::vector<std::optional<std::string>> mem_src, lcl_src, nbr_src;
            for (const auto& p : prevs) {
                auto pi = idx_of(p);
                if (!pi)
                    mem_src.push_back(p);
                else if (pi->first == me_idx.first)
                    lcl_src.push_back(p);
                else
                    nbr_src.push_back(p);
            }
            if (lcl_src.empty()) {
                NNDF_CHECK(tm == 0, "a later temporal layer without a local source");
            } else {
                NNDF_CHECK(lcl_src.size() == 1 && idx_of(lcl_src[0])->second == me_idx.second - 1,
                           "local source is not the previous temporal layer");
            }
            // One layer cannot read both memory and a neighbour.
            if (!mem_src.empty() && !nbr_src.empty()) return false;
            std::vector<std::optional<SchedIndex>> src;
            if (!mem_src.empty()) src.push_back(std::nullopt);
            if (!nbr_src.empty()) {
                NNDF_CHECK(nbr_src.size() == 1, "several neighbour sources");
                const SchedIndex pidx = *idx_of(nbr_src[0]);
                NNDF_CHECK(pidx.second ==
                               static_cast<int>(seg_[static_cast<size_t>(pidx.first)].size()) - 1,
                           "neighbour source is not a last temporal layer");
                if (single_nbr_src) return false;
                single_nbr_src = pidx;
                src.push_back(pidx);
            }
            if (!mem_src.empty() && lcl_src.empty()) {
                auto it = std::find_if(prevs2layer.begin(), prevs2layer.end(),
                                       [&](const auto& e) { return e.first == prevs; });
                if (it != prevs2layer.end()) {
                    auto ft = std::find_if(fwd_key.begin(), fwd_key.end(),
                                           [&](const auto& e) { return e.first == prevs; });
                    if (ft == fwd_key.end()) {
                        fwd_key.push_back({prevs, ifm_fwd_.size()});
                        ifm_fwd_.push_back({it->second});
                        ft = fwd_key.end() - 1;
                    }
                    ifm_fwd_[ft->second].push_back(me_idx);
                } else {
                    prevs2layer.push_back({prevs, me_idx});
                }
            }

            const auto nexts = net_->nexts(l);
            std::vector<std::optional<std::string>> mem_dst, lcl_dst, nbr_dst;
            for (const auto& n : nexts) {
                auto ni = idx_of(n);
                if (!ni)
                    mem_dst.push_back(n);
                else if (ni->first == me_idx.first)
                    lcl_dst.push_back(n);
                else
                    nbr_dst.push_back(n);
            }
            if (lcl_dst.empty()) {
                // Not using local data is suboptimal.
                if (tm != seg_[sp].size() - 1) return false;
            } else if (lcl_dst.size() != 1 || idx_of(lcl_dst[0])->second != me_idx.second + 1) {
                return false;
            }
            if (!mem_dst.empty() && !nbr_dst.empty()) {
                std::vector<SchedIndex> d;
                for (const auto& n : nbr_dst) d.push_back(*idx_of(n));
                ofm_fwd_.push_back({me_idx, d});
            }
            if (!mem_dst.empty() && !lcl_dst.empty()) {
                ofm_fwd_.push_back({me_idx, {*idx_of(lcl_dst[0])}});
            }
            std::vector<std::optional<SchedIndex>> dst;
            if (!mem_dst.empty()) dst.push_back(std::nullopt);
            for (const auto& n : nbr_dst) dst.push_back(idx_of(n));
            // Basic pipelining needs a linear on-chip chain.
            if (!with_opt_) {
                if (nbr_src.size() + lcl_src.size() > 1 || nbr_dst.size() + lcl_dst.size() > 1 ||
                    ((sp != 0 || tm != 0) && nbr_src.empty() && lcl_src.empty())) {
                    return false;
                }
            }
            src_[sp][tm] = src;
            dst_[sp][tm] = dst;
        }
    }
    return true;
}

std::optional<std::vector<NodeRegion>> PipelineSegment::alloc_proc() const {
    const NodeRegion& proc = resource_.proc_region;
    const PhyDim2 dim = proc.dim;
    const i64 total = dim.size();
    std::vector<i64> ops;
    i64 sum_ops = 0;
    for (const auto& ltpl : seg_) {
        i64 o = 0;
        for (const auto& l : ltpl) o += (*net_)[l].total_ops();
        ops.push_back(o);
        sum_ops += o;
    }
    std::vector<i64> cfs;
    for (const auto& f : factorize<2>(dim.h)) cfs.push_back(f[0]);
    std::sort(cfs.rbegin(), cfs.rend());
    std::vector<i64> nodes;
    bool found = false;
    for (i64 cf : cfs) {
        std::vector<double> raw;
        for (i64 o : ops) {
            raw.push_back(static_cast<double>(o) * 1. / static_cast<double>(sum_ops) *
                          static_cast<double>(total));
        }
        nodes.clear();
        for (double r : raw) {
            nodes.push_back(
                std::max<i64>(1, static_cast<i64>(round_half_even(r / static_cast<double>(cf)))) *
                cf);
        }
        auto sum = [&] {
            i64 s = 0;
            for (i64 n : nodes) s += n;
            return s;
        };
        while (sum() != total) {
            size_t idx = 0;
            const bool over = sum() > total;
            for (size_t k = 1; k < nodes.size(); ++k) {
                const double dk = static_cast<double>(nodes[k]) - raw[k];
                const double di = static_cast<double>(nodes[idx]) - raw[idx];
                if (over ? dk > di : dk < di) idx = k;
            }
            nodes[idx] += over ? -cf : cf;
        }
        if (std::find(nodes.begin(), nodes.end(), 0) != nodes.end()) continue;
        double time = 0;
        for (size_t k = 0; k < ops.size(); ++k) {
            time = std::max(time, static_cast<double>(ops[k]) * 1. / static_cast<double>(nodes[k]));
        }
        const double util = static_cast<double>(sum_ops) / time / static_cast<double>(sum());
        NNDF_CHECK(util < 1 + 1e-6, "utilization above 1");
        if (util >= 1 - max_util_drop_) {
            found = true;
            break;
        }
    }
    if (!found) return std::nullopt;
    auto sub = proc.allocate(nodes);
    NNDF_CHECK(sub.size() == seg_.size(), "allocation failed");
    return sub;
}

bool PipelineSegment::alloc_resource() {
    alloc_.clear();
    const auto subregions = alloc_proc();
    if (!subregions) return false;
    i64 nlayers = 0;
    for (const auto& ltpl : seg_) nlayers += static_cast<i64>(ltpl.size());
    bool no_time_mux = static_cast<i64>(net_->size()) == nlayers;
    // Layers with filters must then each have their own spatial slot.
    if (no_time_mux) {
        for (const auto& ltpl : seg_) {
            int convs = 0;
            for (const auto& l : ltpl)
                if ((*net_)[l].is_conv()) ++convs;
            if (convs > 1) no_time_mux = false;
        }
    }
    for (size_t sp = 0; sp < seg_.size(); ++sp) {
        std::vector<Resource> rtpl;
        for (size_t tm = 0; tm < seg_[sp].size(); ++tm) {
            const NodeRegion& proc = (*subregions)[sp];
            const auto& src = src_[sp][tm];
            NodeRegion src_region;
            const bool src_mem =
                std::any_of(src.begin(), src.end(), [](const auto& s) { return !s; });
            if (src_mem) {
                src_region = resource_.src_data_region;
                for (const auto& sh : ifm_fwd_) {
                    if (std::find(sh.begin() + 1, sh.end(),
                                  SchedIndex{static_cast<int>(sp), static_cast<int>(tm)}) !=
                        sh.end()) {
                        src_region = (*subregions)[static_cast<size_t>(sh[0].first)];
                        break;
                    }
                }
            } else if (!src.empty()) {
                src_region = (*subregions)[static_cast<size_t>(src[0]->first)];
            } else {
                src_region = proc;
            }
            const auto& dst = dst_[sp][tm];
            const bool dst_mem =
                std::any_of(dst.begin(), dst.end(), [](const auto& d) { return !d; });
            const NodeRegion dst_region = dst_mem ? resource_.dst_data_region : proc;
            Resource r = resource_;
            r.proc_region = proc;
            r.src_data_region = src_region;
            r.dst_data_region = dst_region;
            r.no_time_mux = no_time_mux;
            rtpl.push_back(r);
        }
        alloc_.push_back(std::move(rtpl));
    }
    return true;
}

std::vector<SymValue> PipelineSegment::layer_top_vals(const std::string& layer, bool ofm) const {
    // A multi-pass layer's constraints bind each pass (its unit layer).
    const Layer l = (*net_)[layer].unit_layer();
    // The fmaps must take at least 5% of one node's GBUF per group.
    const double tmax =
        static_cast<double>(ofm ? l.total_ofmap_size(batch_) : l.total_ifmap_size(batch_)) /
        (0.05 * static_cast<double>(resource_.size_gbuf));
    std::vector<SymValue> vals;
    for (const auto& f : factorize<2>(ofm ? l.nofm : l.nifm())) {
        if (static_cast<double>(f[0]) <= tmax || f[0] == 1) vals.push_back({false, f[0]});
    }
    NNDF_CHECK(!vals.empty(), "no top factor candidates");
    return vals;
}

PipelineSegment::SymArgList PipelineSegment::subs(const SymArgList& args, const std::string& name,
                                                  const Sym& value) {
    SymArgList out = args;
    for (auto& atpl : out)
        for (auto& a : atpl)
            for (auto& v : a.v)
                if (v) v = v->subs(name, value);
    return out;
}

bool PipelineSegment::simplify_one_pass(SymArgList& args, SymVals& vals) {
    for (auto& atpl : args) {
        for (auto& a : atpl) {
            // Only literal true/false count, as Python's `== True` on sympy.
            const Sym fbifm = a.v[FBIFM], fbofm = a.v[FBOFM];
            if (fbifm && fbifm->is_true()) a.v[TOPIFM] = nullptr;
            if (fbifm && fbifm->is_false()) a.v[FBIFM] = nullptr;
            if (fbofm && fbofm->is_true()) a.v[TOPOFM] = nullptr;
            if (fbofm && fbofm->is_false()) a.v[FBOFM] = nullptr;
        }
    }
    // Substitutions in the reference's dict-update order: single-valued
    // symbols, then unused ones, then symbols in at most one argument.
    std::map<std::string, std::optional<Sym>> subs_dict;
    for (const auto& [s, v] : vals)
        if (v.size() == 1) subs_dict[s] = SymExpr::constant(v[0]);
    std::map<std::string, int> counts;
    for (const auto& atpl : args) {
        for (const auto& a : atpl) {
            for (const auto& v : a.v) {
                if (!v) continue;
                std::set<std::string> fs;
                v->free_symbols(fs);
                for (const auto& s : fs) ++counts[s];
            }
        }
    }
    for (const auto& [s, _] : counts) NNDF_CHECK(vals.count(s), "unknown symbol " << s);
    for (const auto& [s, _] : vals)
        if (!counts.count(s)) subs_dict[s] = std::nullopt;
    for (const auto& [s, c] : counts) {
        if (c <= 1) {
            subs_dict[s] = s.rfind("top", 0) == 0 ? SymExpr::integer(0) : SymExpr::boolean(false);
        }
    }
    for (const auto& [s, val] : subs_dict) {
        if (!val) continue;  // unused: nothing to replace
        for (auto& atpl : args)
            for (auto& a : atpl)
                for (auto& v : a.v)
                    if (v) v = v->subs(s, *val);
    }
    for (const auto& [s, _] : subs_dict) vals.erase(s);
    return subs_dict.empty();
}

void PipelineSegment::simplify(SymArgList& args, SymVals& vals) {
    while (!simplify_one_pass(args, vals)) {
    }
    std::set<std::string> used;
    for (const auto& atpl : args)
        for (const auto& a : atpl)
            for (const auto& v : a.v)
                if (v) v->free_symbols(used);
    NNDF_CHECK(used.size() == vals.size(), "symbols and values disagree");
}

void PipelineSegment::lazify_topofm(SymArgList& args, SymVals& vals) const {
    // A symbol used as topofm by one conv layer and by local-region layers
    // becomes a rule: those layers copy the conv layer's chosen top factor.
    std::map<std::string, std::string> sym2conv;
    std::map<std::string, std::vector<std::string>> sym2lrs;
    std::set<std::string> unqual;
    for (size_t sp = 0; sp < seg_.size(); ++sp) {
        for (size_t tm = 0; tm < seg_[sp].size(); ++tm) {
            const std::string& l = seg_[sp][tm];
            const SymArgs& a = args[sp][tm];
            const Sym topofm = a.v[TOPOFM] ? a.v[TOPOFM] : SymExpr::integer(0);
            if ((*net_)[l].is_conv()) {
                std::set<std::string> fs;
                topofm->free_symbols(fs);
                if (a.v[TOPIFM]) a.v[TOPIFM]->free_symbols(fs);
                for (const auto& s : fs) {
                    if (unqual.count(s)) continue;
                    if (sym2conv.count(s)) {
                        sym2conv.erase(s);
                        sym2lrs.erase(s);
                        unqual.insert(s);
                    } else if (topofm->kind() == SymExpr::Kind::Symbol && topofm->name() == s) {
                        sym2conv[s] = l;
                    }
                }
            } else if (topofm->kind() == SymExpr::Kind::Symbol && sym2conv.count(topofm->name())) {
                sym2lrs[topofm->name()].push_back(l);
            }
        }
    }
    std::map<std::string, std::string> lr2conv;
    for (const auto& [s, conv] : sym2conv)
        for (const auto& lr : sym2lrs[s]) lr2conv[lr] = conv;
    std::set<std::string> lconvs;
    for (const auto& [_, conv] : lr2conv) lconvs.insert(conv);
    for (size_t sp = 0; sp < seg_.size(); ++sp) {
        for (size_t tm = 0; tm < seg_[sp].size(); ++tm) {
            const std::string& l = seg_[sp][tm];
            SymArgs& a = args[sp][tm];
            if (lconvs.count(l)) {
                a.v[TOPOFM] = nullptr;
            } else if (lr2conv.count(l)) {
                a.v[TOPOFM] = nullptr;
                a.update_topofm_from = lr2conv[l];
            }
        }
    }
    for (const auto& [s, _] : sym2conv) vals.erase(s);
}

bool PipelineSegment::init_sym_cstrs() {
    if (seg_.size() == 1 && seg_[0].size() == 1) {
        // One layer: each symbol occurs once and simplifies away, leaving one
        // free constraint (the reference's dummy symbol, hint 1).
        cstr_symargs_ = {{SymArgs{}}};
        cstr_symvals_ = {{"_dummy", {}}};
        cstr_num_sp_fbs_ = 0;
        cstr_topbat_idx_ = -1;
        return true;
    }
    SymVals symvals;
    const Sym topbat = SymExpr::symbol(kTopBat);
    for (const auto& f : factorize<2>(batch_)) symvals[kTopBat].push_back({false, f[0]});
    const Sym fbofm_init = SymExpr::symbol(kFbofmInit);
    symvals[kFbofmInit] = {{true, 0}, {true, 1}};

    SymArgList symargs(seg_.size());
    for (size_t sp = 0; sp < seg_.size(); ++sp) {
        symargs[sp].resize(seg_[sp].size());
        for (auto& a : symargs[sp]) a.v[TOPBAT] = topbat;
    }
    // Critical-path candidates between spatial slots (chains of forwarding
    // neighbours). The reference keeps them in a set and takes the first
    // longest in the set's order, so two equally long chains tie by CPython's
    // set order; that decides which slots count as fully buffering and hence
    // fbofm_init (min_fanout3: (0, 2) comes before (0, 1)). The set is
    // replayed as built: add((0,)), then |= a set of extended chains, added
    // in the current iteration order.
    CritPathSet crit_cands;
    crit_cands.add({0});
    SchedIndex last_conv{-1, 0};
    std::optional<Sym> curr_fbofm;  // nullopt: Python False (no pending rule)

    for (size_t sp = 0; sp < seg_.size(); ++sp) {
        const std::string name_s = "topofm_" + std::to_string(sp) + "_s";
        Sym curr_topofm = SymExpr::symbol(name_s);
        symvals[name_s] = layer_top_vals(seg_[sp][0], true);
        for (size_t tm = 0; tm < seg_[sp].size(); ++tm) {
            const std::string& l = seg_[sp][tm];
            const bool is_conv = (*net_)[l].is_conv();
            SymArgs* nsrc = nullptr;
            const auto& srcs = src_[sp][tm];
            if (std::any_of(srcs.begin(), srcs.end(),
                            [](const auto& s) { return s.has_value(); })) {
                NNDF_CHECK(srcs.size() == 1, "several sources with a neighbour");
                const SchedIndex ns = *srcs[0];
                nsrc = &symargs[static_cast<size_t>(ns.first)][static_cast<size_t>(ns.second)];
                CritPathSet added;
                for (const auto& c : crit_cands.items()) {
                    if (c.back() == ns.first) {
                        auto n = c;
                        n.push_back(static_cast<int>(sp));
                        added.add(n);
                    }
                }
                crit_cands.update(added);
            }
            SymArgs& cur = symargs[sp][tm];
            auto nsrc_fbofm = [&]() { return nsrc->v[FBOFM] ? nsrc->v[FBOFM] : sym_bool(false); };
            if (is_conv) {
                // The last group's delayed rule lands on the layer before this one.
                if (curr_fbofm) {
                    NNDF_CHECK(last_conv.first >= 0, "pending rule without a conv layer");
                    SymArgs& lsrc = last_conv.first == static_cast<int>(sp)
                                        ? symargs[sp][tm - 1]
                                        : symargs[static_cast<size_t>(last_conv.first)].back();
                    lsrc.v[FBOFM] = *curr_fbofm;
                }
                curr_fbofm.reset();
                const std::string name_t =
                    "topofm_" + std::to_string(sp) + "_" + std::to_string(tm);
                curr_topofm = SymExpr::symbol(name_t);
                symvals[name_t] = layer_top_vals(l, true);
                cur.v[TOPOFM] = curr_topofm;
                if (static_cast<int>(sp) == last_conv.first) {
                    // Inter-temporal: fully buffer between the two groups.
                    cur.v[FBIFM] = sym_bool(true);
                    symargs[sp][static_cast<size_t>(last_conv.second)].v[FBOFM] = sym_bool(true);
                    symargs[sp][tm - 1].v[FBOFM] = sym_bool(true);
                } else if (nsrc) {
                    // Inter-spatial: fully buffer ifmaps if the source fully
                    // buffers its ofmaps; else forward groups and fully buffer ofmaps.
                    if (!with_opt_) nsrc->v[FBOFM] = sym_bool(true);
                    const Sym nf = nsrc_fbofm();
                    cur.v[FBIFM] = nf;
                    cur.v[FBOFM] = SymExpr::negate(nf);
                    curr_fbofm = SymExpr::negate(nf);
                    NNDF_CHECK(nsrc->v[TOPOFM], "neighbour source without topofm");
                    cur.v[TOPIFM] =
                        SymExpr::piecewise(nsrc->v[TOPOFM], SymExpr::negate(nf),
                                           cur.v[TOPIFM] ? cur.v[TOPIFM] : SymExpr::integer(0));
                } else if (last_conv.first < 0) {
                    // The first conv layer may choose.
                    cur.v[FBOFM] = fbofm_init;
                    curr_fbofm = fbofm_init;
                }
                last_conv = {static_cast<int>(sp), static_cast<int>(tm)};
            } else {
                if (nsrc) {
                    const Sym nf = nsrc_fbofm();
                    NNDF_CHECK(nsrc->v[TOPOFM], "neighbour source without topofm");
                    curr_topofm =
                        SymExpr::piecewise(nsrc->v[TOPOFM], SymExpr::negate(nf), curr_topofm);
                    for (int bt = last_conv.second; bt < static_cast<int>(tm); ++bt)
                        symargs[sp][static_cast<size_t>(bt)].v[TOPOFM] = curr_topofm;
                }
                cur.v[TOPOFM] = curr_topofm;
            }
            // Without on-chip destinations there is nothing to fully buffer.
            const auto& dsts = dst_[sp][tm];
            if (std::all_of(dsts.begin(), dsts.end(),
                            [](const auto& d) { return !d.has_value(); }) &&
                tm == seg_[sp].size() - 1) {
                cur.v[FBOFM] = nullptr;
            }
        }
    }
    simplify(symargs, symvals);

    // max(set, key=len): the first longest in iteration order.
    const std::vector<std::vector<int>> crit_order = crit_cands.items();
    const std::vector<int>* crit = &crit_order.front();
    for (const auto& c : crit_order)
        if (c.size() > crit->size()) crit = &c;

    // Choose fbofm_init: fewer fully-buffered pairs on the critical path,
    // then the smaller largest fully-buffered size; both must fit.
    std::optional<SymValue> opt_val;
    std::pair<double, double> opt_key{kInf, kInf};
    i64 num_sp_fbs = 0;
    std::vector<SymValue> init_vals =
        symvals.count(kFbofmInit) ? symvals[kFbofmInit] : std::vector<SymValue>{{true, 0}};
    for (const auto& val : init_vals) {
        const SymArgList sa = subs(symargs, kFbofmInit, SymExpr::constant(val));
        i64 maxsz = 0, numfb = 0;
        bool fits = true;
        for (size_t sp = 0; sp < seg_.size(); ++sp) {
            i64 ms = 0;
            for (size_t tm = 0; tm < seg_[sp].size(); ++tm) {
                const Layer& layer = (*net_)[seg_[sp][tm]];
                const SymArgs& a = sa[sp][tm];
                const i64 s =
                    (a.v[FBOFM] && sym_truthy(a.v[FBOFM]) ? layer.total_ofmap_size() : 0) +
                    (a.v[FBIFM] && sym_truthy(a.v[FBIFM]) ? layer.total_ifmap_size() : 0);
                ms = std::max(ms, s);
            }
            const Resource& r0 = alloc_[sp][0];
            if (ms > r0.proc_region.dim.size() * r0.size_gbuf) {
                fits = false;
                break;
            }
            maxsz = std::max(maxsz, ms);
            const SymArgs& last = sa[sp].back();
            if (std::find(crit->begin(), crit->end(), static_cast<int>(sp)) != crit->end() &&
                last.v[FBOFM] && sym_truthy(last.v[FBOFM])) {
                ++numfb;
            }
        }
        if (!fits) continue;
        const std::pair<double, double> key{static_cast<double>(numfb), static_cast<double>(maxsz)};
        if (key < opt_key) {
            opt_val = val;
            opt_key = key;
            num_sp_fbs = numfb;
        }
    }
    if (!opt_val) return false;
    symvals[kFbofmInit] = {*opt_val};
    simplify(symargs, symvals);

    // Layers sharing memory data share their top ifmap factor (or fully buffer).
    for (const auto& sh : ifm_fwd_) {
        NNDF_CHECK(sh.size() > 1, "a shared source with one reader");
        const int fet_sp = sh[0].first;
        bool any = false;
        for (const auto& idx : sh) {
            const SymArgs& a = symargs[static_cast<size_t>(idx.first)][0];
            NNDF_CHECK(!(a.v[FBIFM] && sym_truthy(a.v[FBIFM])) &&
                           !(a.v[TOPIFM] && sym_truthy(a.v[TOPIFM])),
                       "shared memory source already constrained");
            if ((a.v[FBOFM] && sym_truthy(a.v[FBOFM])) || (a.v[TOPOFM] && sym_truthy(a.v[TOPOFM])))
                any = true;
        }
        Sym topifm;
        if (!any) {
            const std::string name = "topifm_" + std::to_string(fet_sp);
            topifm = SymExpr::symbol(name);
            symvals[name] = layer_top_vals(seg_[static_cast<size_t>(fet_sp)][0], false);
        }
        for (const auto& idx : sh) {
            SymArgs& a = symargs[static_cast<size_t>(idx.first)][0];
            if (any) {
                a.v[FBIFM] = sym_bool(true);
            } else {
                a.v[TOPIFM] = topifm;
            }
        }
    }
    simplify(symargs, symvals);
    lazify_topofm(symargs, symvals);

    cstr_symargs_ = symargs;
    cstr_symvals_.assign(symvals.begin(), symvals.end());  // std::map: sorted by name
    if (cstr_symvals_.empty()) cstr_symvals_.push_back({"_dummy", {}});
    cstr_num_sp_fbs_ = num_sp_fbs;
    cstr_topbat_idx_ = -1;
    for (size_t k = 0; k < cstr_symvals_.size(); ++k)
        if (cstr_symvals_[k].first == kTopBat) cstr_topbat_idx_ = static_cast<int>(k);
    return true;
}

std::vector<std::pair<PipelineSegment::Constraints, std::vector<i64>>>
PipelineSegment::gen_constraint(double max_time_overhead, const SearchContext* ctx,
                                size_t limit) const {
    std::vector<std::pair<Constraints, std::vector<i64>>> out;
    const bool dummy = cstr_symvals_.size() == 1 && cstr_symvals_[0].first == "_dummy";
    std::vector<std::vector<SymValue>> vals;
    for (const auto& [_, v] : cstr_symvals_) {
        auto s = v;
        std::stable_sort(s.begin(), s.end());
        vals.push_back(s);
    }
    if (dummy) vals[0] = {{false, 0}};
    if (cstr_topbat_idx_ >= 0) {
        // Time overhead >= fully-buffered pairs / topbat.
        double min_topbat = 1. * static_cast<double>(cstr_num_sp_fbs_) / max_time_overhead;
        if (max_time_overhead == 0) {
            // The reference divides by zero here (ZeroDivisionError). We take
            // the bound's limit as the overhead limit goes to 0: with a fully
            // buffered pair no top batch factor is large enough, without one
            // every factor passes (the overhead filter then keeps only
            // schedules with no overhead at all).
            min_topbat = cstr_num_sp_fbs_ > 0 ? kInf : 0.;
            if (ctx) {
                ctx->note(
                    "inter-layer pipelining: a time-overhead limit of 0 allows no fully-buffered "
                    "pair between spatial layers (the reference stops with ZeroDivisionError)");
            }
        }
        auto& v = vals[static_cast<size_t>(cstr_topbat_idx_)];
        v.erase(std::remove_if(
                    v.begin(), v.end(),
                    [&](const SymValue& x) { return static_cast<double>(x.v) < min_topbat; }),
                v.end());
    }
    for (const auto& v : vals)
        if (v.empty()) return out;
    std::vector<size_t> pos(vals.size(), 0);
    while (true) {
        SymArgList sa = cstr_symargs_;
        std::vector<i64> hints;
        for (size_t k = 0; k < vals.size(); ++k) {
            const SymValue& v = vals[k][pos[k]];
            hints.push_back(v.v);
            if (!dummy) sa = subs(sa, cstr_symvals_[k].first, SymExpr::constant(v));
        }
        if (dummy) hints = {1};
        Constraints c(seg_.size());
        for (size_t sp = 0; sp < seg_.size(); ++sp) {
            for (const auto& a : sa[sp]) {
                auto as_int = [&](ArgKey k) -> i64 {
                    if (!a.v[k]) return 0;
                    NNDF_CHECK(a.v[k]->is_const(), "a constraint keeps a free symbol");
                    return a.v[k]->value();
                };
                auto as_bool = [&](ArgKey k) -> bool {
                    if (!a.v[k]) return false;
                    NNDF_CHECK(a.v[k]->is_const(), "a constraint keeps a free symbol");
                    return a.v[k]->value() != 0;
                };
                const bool fbifm = as_bool(FBIFM), fbofm = as_bool(FBOFM);
                c[sp].push_back(SchedulingConstraint::pipeline(
                    as_int(TOPBAT), fbifm ? 0 : as_int(TOPIFM), fbofm ? 0 : as_int(TOPOFM), fbifm,
                    fbofm, a.update_topofm_from));
            }
        }
        out.push_back({std::move(c), std::move(hints)});
        if (out.size() >= limit) return out;
        // itertools.product: the last varies fastest.
        size_t k = vals.size();
        while (k > 0) {
            --k;
            if (++pos[k] < vals[k].size()) break;
            pos[k] = 0;
            if (k == 0) return out;
        }
        if (vals.empty()) return out;
    }
}

std::map<SchedIndex, NodeRegion> PipelineSegment::forward_regions() const {
    std::map<SchedIndex, NodeRegion> out;
    for (const auto& sh : ifm_fwd_) {
        const NodeRegion& r =
            alloc_[static_cast<size_t>(sh[0].first)][static_cast<size_t>(sh[0].second)].proc_region;
        for (size_t k = 1; k < sh.size(); ++k) out[sh[k]] = r;
    }
    for (const auto& [src, dsts] : ofm_fwd_) {
        const NodeRegion& r =
            alloc_[static_cast<size_t>(src.first)][static_cast<size_t>(src.second)].proc_region;
        for (const auto& d : dsts) out[d] = r;
    }
    return out;
}

}  // namespace nndf
