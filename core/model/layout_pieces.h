// The pieces of a data layout, indexed for overlap queries. Counting the hops
// that bring a range to its nodes sums, over every piece, the piece's overlap
// with the range times a distance; on a grid of N nodes a range overlaps a
// few of the N pieces, and testing all N per range was most of the search's
// time on large grids (DataLayout::nhops_to). Pieces are grouped in bands of
// equal extent along the dimension that splits them most, so a query tests
// each band's extent once and the pieces of overlapping bands only (a second
// level of bands was tried: fewer tests, no fewer instructions). The sums are of integers, so their
// order does not matter.
#pragma once

#include <cstdint>
#include <vector>

#include "core/model/fmap_range.h"
#include "core/model/phy_dim2.h"

namespace nndf {

struct DataLayout;

class LayoutPieces {
  public:
    /// One partitioned piece of the layout and the node holding it.
    struct Piece {
        FmapRange frng;
        PhyDim2 coord;
    };

    /// Refills the index with the pieces of `layout`, keeping capacity (a
    /// search reuses one index per thread).
    void index(const DataLayout& layout);

    /// Calls `f(piece, overlap)` for every piece that overlaps `q`.
    template <typename F>
    void for_each_overlap(const FmapRange& q, F f) const {
        const i64 qb = q.fp_beg[dim_], qe = q.fp_end[dim_];
        for (const Band& band : bands_) {
            if (band.beg >= qe || band.end <= qb) continue;
            for (uint32_t i = band.first; i < band.last; ++i) {
                const i64 size = q.overlap_size(pieces_[i].frng);
                if (size != 0) f(pieces_[i], size);
            }
        }
    }

    const std::vector<Piece>& pieces() const { return pieces_; }

  private:
    struct Band {
        i64 beg, end;          ///< The pieces' extent along dim_.
        uint32_t first, last;  ///< Pieces [first, last) of pieces_.
    };
    int dim_ = 0;
    std::vector<Piece> pieces_;  ///< Sorted by band.
    std::vector<Band> bands_;
};

}  // namespace nndf
