// Constraints on a layer's top-level blocking factors and loop order
// (scheduling_constraint.py), used by inter-layer pipelining.
#pragma once

#include <string>
#include <vector>

#include "core/layer_search/loop_blocking_scheme.h"

namespace nndf {

struct SchedulingConstraint {
    i64 topbat = 0;  ///< Required top BAT factor; 0 = free.
    i64 topifm = 0;  ///< Required top IFM factor; 0 = free.
    i64 topofm = 0;  ///< Required top OFM factor; 0 = free.
    /// The pipelining variant: BAT outermost, then IFM or OFM, when constrained.
    bool layer_pipeline = false;
    /// A lazy rule: take topofm from this previous layer's chosen scheme.
    std::string topofm_from;

    /// The pipelining variant with fully-buffered fmaps; validates (the search
    /// makes these, so a broken rule is a bug: InternalError).
    static SchedulingConstraint pipeline(i64 topbat, i64 topifm, i64 topofm, bool fbifm, bool fbofm,
                                         std::string topofm_from = "");

    bool has_pending_rule() const { return !topofm_from.empty(); }
    /// Whether a top-level blocking and order satisfy the constraint.
    bool is_valid_top_bl(const LoopTriple& top_t, const std::array<int, le::NUM>& top_ord) const;
    /// Whether a top factor of loop `lpe` passes the filter.
    bool top_factor_ok(int lpe, i64 t0) const {
        i64 c = lpe == le::IFM ? topifm : lpe == le::OFM ? topofm : topbat;
        return c == 0 || c == t0;
    }

    friend bool operator==(const SchedulingConstraint& a, const SchedulingConstraint& b) {
        return a.topbat == b.topbat && a.topifm == b.topifm && a.topofm == b.topofm &&
               a.layer_pipeline == b.layer_pipeline && a.topofm_from == b.topofm_from;
    }
};

}  // namespace nndf
