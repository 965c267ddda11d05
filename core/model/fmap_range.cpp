#include "core/model/fmap_range.h"

#include <algorithm>

namespace nndf {

FmapRange::FmapRange(const FmapPosition& beg, const FmapPosition& end) : fp_beg(beg), fp_end(end) {
    for (int i = 0; i < 4; ++i) {
        NNDF_CHECK(beg[i] <= end[i], "FmapRange: begin value > end value");
    }
}

i64 FmapRange::size() const {
    i64 s = 1;
    for (int i = 0; i < 4; ++i) s *= fp_end[i] - fp_beg[i];
    return s;
}

i64 FmapRange::size_of(std::initializer_list<int> dims) const {
    i64 s = 1;
    for (int d : dims) s *= fp_end[d] - fp_beg[d];
    return s;
}

FmapRange FmapRange::overlap(const FmapRange& o) const {
    FmapPosition b, e;
    for (int i = 0; i < 4; ++i) {
        b[i] = std::max(fp_beg[i], o.fp_beg[i]);
        e[i] = std::min(fp_end[i], o.fp_end[i]);
        if (b[i] >= e[i]) return FmapRange();
    }
    return FmapRange(b, e);
}

bool FmapRange::contains(const FmapPosition& p) const {
    for (int i = 0; i < 4; ++i) {
        if (!(fp_beg[i] <= p[i] && p[i] < fp_end[i])) return false;
    }
    return true;
}

int FmapRange::compare(const FmapRange& o) const {
    if (identical(o)) return 0;
    if (size() == 0) return o.size() == 0 ? 0 : -1;
    if (o.size() == 0) return 1;
    NNDF_CHECK(overlap_size(o) == 0, "FmapRange: comparing two overlapping ranges");
    return o.fp_beg < fp_beg ? 1 : -1;
}

bool operator==(const FmapRange& a, const FmapRange& b) {
    // Where compare() answers 0; overlapping different ranges are unequal.
    return a.identical(b) || (a.size() == 0 && b.size() == 0);
}

}  // namespace nndf
