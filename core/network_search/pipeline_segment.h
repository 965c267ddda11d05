// One pipeline segment (pipeline_segment.py): layers scheduled together, as
// spatial slots each holding temporally scheduled layers, with the node
// region, data regions and scheduling constraints of every layer.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/layer_search/scheduling_constraint.h"
#include "core/model/network.h"
#include "core/model/resource.h"
#include "core/python_compat/sym_expr.h"
#include "core/util/search_context.h"

namespace nndf {

/// (spatial, temporal) index of a layer in a segment.
using SchedIndex = std::pair<int, int>;

class PipelineSegment {
  public:
    using Layers = std::vector<std::vector<std::string>>;
    using Constraints = std::vector<std::vector<SchedulingConstraint>>;

    PipelineSegment(Layers seg, const Network& net, i64 batch, const Resource& resource,
                    double max_util_drop = 0.05, bool with_opt = true);

    bool valid() const { return valid_; }
    const Layers& layers() const { return seg_; }
    const Network& network() const { return *net_; }
    i64 batch_size() const { return batch_; }
    const Resource& resource() const { return resource_; }
    double max_util_drop() const { return max_util_drop_; }
    bool with_opt() const { return with_opt_; }
    const std::string& first_layer() const { return seg_.front().front(); }
    const std::string& last_layer() const { return seg_.back().back(); }
    /// Resources per (spatial, temporal) index.
    const std::vector<std::vector<Resource>>& allocation() const { return alloc_; }
    /// Constraint tuples with their pruning hints, in generation order, at
    /// most `limit` of them (the first ones). A time-overhead limit of 0
    /// allows no fully-buffered pair (see the .cpp); `ctx` then gets a note.
    std::vector<std::pair<Constraints, std::vector<i64>>> gen_constraint(
        double max_time_overhead, const SearchContext* ctx = nullptr,
        size_t limit = static_cast<size_t>(-1)) const;

    /// Layers that read the same memory data: the first fetches and forwards.
    const std::vector<std::vector<SchedIndex>>& ifm_fwd() const { return ifm_fwd_; }
    /// Layers whose ofmaps go to memory and to neighbours, with those neighbours.
    const std::vector<std::pair<SchedIndex, std::vector<SchedIndex>>>& ofm_fwd() const {
        return ofm_fwd_;
    }
    /// Where the layers that get their ifmaps forwarded read them: the
    /// processing region of the first reader of the same memory data, or of
    /// the neighbour whose ofmaps they take. Layers not listed read memory.
    std::map<SchedIndex, NodeRegion> forward_regions() const;

    /// Equal in everything it was made from (the same network object).
    friend bool operator==(const PipelineSegment& a, const PipelineSegment& b) {
        return a.seg_ == b.seg_ && a.net_ == b.net_ && a.batch_ == b.batch_ &&
               a.resource_ == b.resource_ && a.max_util_drop_ == b.max_util_drop_ &&
               a.with_opt_ == b.with_opt_;
    }
    friend bool operator!=(const PipelineSegment& a, const PipelineSegment& b) { return !(a == b); }

    /// Keyword arguments of one layer's constraint, symbolically.
    enum ArgKey { TOPBAT = 0, TOPIFM, TOPOFM, FBIFM, FBOFM, NUM_ARGS };
    struct SymArgs {
        std::array<Sym, NUM_ARGS> v{};   ///< Absent where null.
        std::string update_topofm_from;  ///< Lazy rule: topofm of this layer's scheme.
        bool has(ArgKey k) const { return static_cast<bool>(v[k]); }
    };
    using SymArgList = std::vector<std::vector<SymArgs>>;
    /// Symbol name -> candidate values, kept sorted by name.
    using SymVals = std::map<std::string, std::vector<SymValue>>;

    /// The symbolic constraint arguments per (spatial, temporal) index, after
    /// simplification, as gen_constraint substitutes them (empty if invalid).
    const SymArgList& symbolic_args() const { return cstr_symargs_; }

  private:
    bool init_deps();
    bool alloc_resource();
    std::optional<std::vector<NodeRegion>> alloc_proc() const;
    bool init_sym_cstrs();
    std::vector<SymValue> layer_top_vals(const std::string& layer, bool ofm) const;
    static void simplify(SymArgList& args, SymVals& vals);
    static bool simplify_one_pass(SymArgList& args, SymVals& vals);
    static SymArgList subs(const SymArgList& args, const std::string& name, const Sym& value);
    void lazify_topofm(SymArgList& args, SymVals& vals) const;

    Layers seg_;
    const Network* net_;
    i64 batch_;
    Resource resource_;
    double max_util_drop_;
    bool with_opt_;
    bool valid_ = false;
    /// Sources/destinations per index: nullopt = memory, else a neighbour.
    std::vector<std::vector<std::vector<std::optional<SchedIndex>>>> src_, dst_;
    std::vector<std::vector<SchedIndex>> ifm_fwd_;
    std::vector<std::pair<SchedIndex, std::vector<SchedIndex>>> ofm_fwd_;
    std::vector<std::vector<Resource>> alloc_;
    SymArgList cstr_symargs_;
    std::vector<std::pair<std::string, std::vector<SymValue>>> cstr_symvals_;  // sorted by name
    i64 cstr_num_sp_fbs_ = 0;
    int cstr_topbat_idx_ = -1;
};

}  // namespace nndf
