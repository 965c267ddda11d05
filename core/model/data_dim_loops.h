// The loops (IFM, OFM, BAT) that are the dimensions of one data category.
#pragma once

#include <array>
#include <initializer_list>
#include <vector>

#include "core/model/enums.h"
#include "core/util/error.h"

namespace nndf {

struct DataDimLoops {
    /// Bit i set when loop i (le::IFM, le::OFM, le::BAT) is a dimension.
    unsigned mask = 0;

    DataDimLoops() = default;
    DataDimLoops(std::initializer_list<int> loops) {
        for (int l : loops) {
            NNDF_CHECK(l >= 0 && l < le::NUM, "DataDimLoops: arguments must be LoopEnum");
            mask |= 1u << l;
        }
    }
    bool has(int lpe) const { return (mask >> lpe) & 1u; }
    /// The dimension loops in ascending order.
    std::vector<int> loops() const {
        std::vector<int> v;
        for (int l = 0; l < le::NUM; ++l)
            if (has(l)) v.push_back(l);
        return v;
    }
    /// The product of the entries of `per_loop` at the dimension loops.
    template <typename T>
    T take_prod(const T* per_loop) const {
        // Multiplies by 1 rather than branching: the search calls this
        // millions of times, and the branches do not predict.
        T p = 1;
        for (int l = 0; l < le::NUM; ++l) p = p * (has(l) ? per_loop[l] : T(1));
        return p;
    }
    /// The product of the entries of `per_loop` at the other loops.
    template <typename T>
    T drop_prod(const T* per_loop) const {
        T p = 1;
        for (int l = 0; l < le::NUM; ++l)
            if (!has(l)) p = p * per_loop[l];
        return p;
    }
    friend bool operator==(DataDimLoops a, DataDimLoops b) { return a.mask == b.mask; }
    friend bool operator!=(DataDimLoops a, DataDimLoops b) { return a.mask != b.mask; }
};

/// Data loops of one layer kind, indexed by data category.
using DataLoops = std::array<DataDimLoops, de::NUM>;

}  // namespace nndf
