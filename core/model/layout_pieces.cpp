#include "core/model/layout_pieces.h"

#include <algorithm>
#include <array>

#include "core/model/data_layout.h"

namespace nndf {

void LayoutPieces::index(const DataLayout& layout) {
    pieces_.clear();
    for (size_t i = 0; i < layout.frngs.size(); ++i) {
        layout.parts[i].for_each_pidx([&](const PartIndex& pidx) {
            pieces_.push_back({layout.parts[i].fmap_range(layout.frngs[i], pidx),
                               layout.parts[i].coordinate(layout.regions[i], pidx)});
        });
    }
    auto key = [](const Piece& p, int d) { return std::pair(p.frng.fp_beg[d], p.frng.fp_end[d]); };
    // Band along the dimension the partitions split into the most parts
    // (batch, channels, rows, columns). Only speed depends on the choice.
    std::array<i64, 4> splits{0, 0, 0, 0};
    for (const auto& part : layout.parts) {
        splits[0] = std::max(splits[0], part.pdims[pe::BATP].size());
        splits[1] += part.pdims[pe::OUTP].size();
        splits[2] = std::max(splits[2], part.pdims[pe::OFMP].h);
        splits[3] = std::max(splits[3], part.pdims[pe::OFMP].w);
    }
    dim_ = static_cast<int>(std::max_element(splits.begin(), splits.end()) - splits.begin());
    std::sort(pieces_.begin(), pieces_.end(),
              [&](const Piece& a, const Piece& b) { return key(a, dim_) < key(b, dim_); });
    bands_.clear();
    for (size_t i = 0; i < pieces_.size(); ++i) {
        const auto k = key(pieces_[i], dim_);
        if (bands_.empty() || std::pair(bands_.back().beg, bands_.back().end) != k)
            bands_.push_back({k.first, k.second, static_cast<uint32_t>(i), 0});
        bands_.back().last = static_cast<uint32_t>(i + 1);
    }
}

}  // namespace nndf
