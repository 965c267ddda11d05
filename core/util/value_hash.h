// Hashes of the value types that key the search's caches. Equality stays the
// types' own operator==, so a collision can never return another entry (the
// reference's HashableDict bug is not ours).
#pragma once

#include <cstddef>
#include <functional>

#include "core/layer_search/scheduling_constraint.h"
#include "core/model/data_layout.h"
#include "core/model/layer.h"
#include "core/model/resource.h"

namespace nndf {

inline void hash_mix(size_t& h, size_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
}
inline void hash_mix(size_t& h, long long v) {
    hash_mix(h, static_cast<size_t>(v));
}
inline void hash_mix(size_t& h, double v) {
    hash_mix(h, std::hash<double>()(v));
}
inline void hash_mix(size_t& h, PhyDim2 d) {
    hash_mix(h, d.h);
    hash_mix(h, d.w);
}

inline size_t hash_value(const NodeRegion& r) {
    size_t h = 0;
    hash_mix(h, r.dim);
    hash_mix(h, r.origin);
    hash_mix(h, r.dist);
    hash_mix(h, static_cast<long long>(r.type));
    hash_mix(h, r.wtot);
    hash_mix(h, r.wbeg);
    return h;
}

inline size_t hash_value(const PartitionScheme& p) {
    size_t h = 0;
    for (int o : p.order) hash_mix(h, static_cast<long long>(o));
    for (const auto& d : p.pdims) hash_mix(h, d);
    return h;
}

inline size_t hash_value(const Resource& r) {
    size_t h = 0;
    hash_mix(h, hash_value(r.proc_region));
    hash_mix(h, hash_value(r.dram_region));
    hash_mix(h, hash_value(r.src_data_region));
    hash_mix(h, hash_value(r.dst_data_region));
    hash_mix(h, r.dim_array);
    hash_mix(h, r.size_gbuf);
    hash_mix(h, r.size_regf);
    hash_mix(h, r.array_bus_width);
    hash_mix(h, r.dram_bandwidth);
    hash_mix(h, static_cast<long long>(r.no_time_mux));
    return h;
}

inline size_t hash_value(const SchedulingConstraint& c) {
    size_t h = 0;
    hash_mix(h, c.topbat);
    hash_mix(h, c.topifm);
    hash_mix(h, c.topofm);
    hash_mix(h, static_cast<long long>(c.layer_pipeline));
    hash_mix(h, std::hash<std::string>()(c.topofm_from));
    return h;
}

inline size_t hash_value(const FmapRange& f) {
    size_t h = 0;
    for (int i = 0; i < 4; ++i) {
        hash_mix(h, f.fp_beg[i]);
        hash_mix(h, f.fp_end[i]);
    }
    return h;
}

inline size_t hash_value(const DataLayout& dl) {
    size_t h = 0;
    for (const auto& f : dl.frngs) hash_mix(h, hash_value(f));
    for (const auto& r : dl.regions) hash_mix(h, hash_value(r));
    for (const auto& p : dl.parts) hash_mix(h, hash_value(p));
    return h;
}

/// Consistent with Layer's operator== (conv and fc layers compare alike, and
/// only the fields of their family).
inline size_t hash_value(const Layer& l) {
    size_t h = 0;
    const long long family = l.is_matmul() ? 3 : l.is_conv() ? 1 : l.is_local_region() ? 2 : 0;
    for (long long v : {family, l.nofm, l.hofm, l.wofm, l.htrd, l.wtrd, l.nifm_, l.hifm_, l.wifm_})
        hash_mix(h, v);
    if (l.is_conv()) {
        hash_mix(h, static_cast<long long>(l.hfil));
        hash_mix(h, static_cast<long long>(l.wfil));
        // Grouped layers and matmuls only: the hash of an old layer is unchanged.
        if (l.groups != 1) hash_mix(h, static_cast<long long>(l.groups));
        if (l.is_matmul()) {
            hash_mix(h, static_cast<long long>(l.heads));
            hash_mix(h, static_cast<long long>(l.transpose_rhs));
        }
    } else if (l.is_local_region()) {
        for (long long v : {l.nreg, l.hreg, l.wreg, l.ntrd}) hash_mix(h, v);
    }
    return h;
}

/// For unordered containers keyed by the value types above.
struct ValueHash {
    template <typename T>
    size_t operator()(const T& v) const {
        return hash_value(v);
    }
};

}  // namespace nndf
