// The smallest buffers any schedule of one layer needs on one node: for each
// way the search may split the layer over the nodes (partition scheme) and
// map it on the PE array (row-stationary replication), the blocking that
// keeps every loop at the DRAM level. That blocking buffers one loop body
// only (the nested loop's usize_gbuf and usize_regf), and with no reuse at
// the inner levels nothing that may bypass the GBUF is stored there, so no
// blocking of that mapping needs less of either buffer.
#pragma once

#include <string>
#include <vector>

#include "core/model/layer.h"
#include "core/model/option.h"
#include "core/model/resource.h"

namespace nndf {

/// The words one mapping needs at least, per node.
struct MappingBufferNeed {
    i64 gbuf_words = 0;  ///< Global buffer words (bypassed data excluded, sharing divided).
    i64 regf_words = 0;  ///< Register file words per PE.
};

/// The layer's mappings' needs, in search order, when its data come from and
/// go to DRAM (a layer searched alone). Mappings the search refuses (an
/// array less than half used, data replicated unevenly) are left out.
std::vector<MappingBufferNeed> layer_buffer_needs(const Layer& layer, i64 batch,
                                                  const Resource& resource, const Option& options);

}  // namespace nndf
