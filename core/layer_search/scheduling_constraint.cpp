#include "core/layer_search/scheduling_constraint.h"

#include "core/util/error.h"

namespace nndf {

SchedulingConstraint SchedulingConstraint::pipeline(i64 topbat, i64 topifm, i64 topofm, bool fbifm,
                                                    bool fbofm, std::string topofm_from) {
    NNDF_CHECK(topbat >= 0 && topifm >= 0 && topofm >= 0,
               "SchedulingConstraint: constrained factors must be non-negative");
    if (fbifm) {
        NNDF_CHECK(topifm == 0 || topifm == 1,
                   "SchedulingConstraint: fully-buffered IFM implies topifm = 1");
        topifm = 1;
    }
    if (fbofm) {
        NNDF_CHECK(topofm == 0 || topofm == 1,
                   "SchedulingConstraint: fully-buffered OFM implies topofm = 1");
        topofm = 1;
    }
    NNDF_CHECK(topifm <= 1 || topofm <= 1,
               "SchedulingConstraint: topifm and topofm cannot both be above 1");
    SchedulingConstraint c;
    c.topbat = topbat;
    c.topifm = topifm;
    c.topofm = topofm;
    c.layer_pipeline = true;
    c.topofm_from = std::move(topofm_from);
    return c;
}

bool SchedulingConstraint::is_valid_top_bl(const LoopTriple& t,
                                           const std::array<int, le::NUM>& ord) const {
    NNDF_CHECK(!has_pending_rule(), "constraint rules have not been updated");
    if (topbat && topbat != t[le::BAT]) return false;
    if (topifm && topifm != t[le::IFM]) return false;
    if (topofm && topofm != t[le::OFM]) return false;
    if (!layer_pipeline) return true;
    if (topbat <= 1 && topifm <= 1 && topofm <= 1) return true;  // no loop must be outermost
    // Batch outermost, then the forwarded fmap loop.
    OrderedLoops ol = ordered_loops(t, ord);
    int k = 0;
    auto pop = [&]() { return k < ol.n ? ol.lpe[k++] : -1; };
    if (topbat > 1 && pop() != le::BAT) return false;
    if (topifm > 1 && pop() != le::IFM) return false;
    if (topofm > 1 && pop() != le::OFM) return false;
    return true;
}

}  // namespace nndf
