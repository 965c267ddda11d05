#include "core/layer_search/buffer_need.h"

#include "core/layer_search/buf_shr_scheme.h"
#include "core/layer_search/map_strategy.h"
#include "core/layer_search/partition.h"
#include "core/util/error.h"

namespace nndf {

std::vector<MappingBufferNeed> layer_buffer_needs(const Layer& layer, i64 batch,
                                                  const Resource& resource, const Option& options) {
    std::vector<MappingBufferNeed> out;
    if (!layer.is_conv() && !layer.is_local_region()) return out;
    for (const auto& part : gen_partition(layer, batch, resource.proc_region.dim, options, true)) {
        if (!replicates_data_evenly(layer, batch, part)) continue;
        const PartitionedLayer pl = part.part_layer(layer, batch);
        std::vector<NestedLoopDesc> nlds;
        try {
            nlds = MapStrategyEyeriss(pl.layer, pl.batch, pl.occupancy, resource.dim_array)
                       .gen_nested_loop_desc();
        } catch (const InputError&) {
            continue;  // the array utilization rule: the search refuses this mapping
        }
        const BufShrScheme bufshr(resource.proc_region, part, pl.layer.data_loops());
        for (const auto& nld : nlds) {
            MappingBufferNeed need;
            for (int d = 0; d < de::NUM; ++d) {
                need.regf_words += nld.usize_regf[d];
                // As LoopBlockingScheme sizes the GBUF: data that may bypass
                // it start bypassed; sharing spreads the rest over the group.
                if (options.sw_gbuf_bypass[d]) continue;
                const i64 group = options.hw_gbuf_sharing ? bufshr.size(d) : 1;
                need.gbuf_words += idivc(nld.usize_gbuf[d], group);
            }
            out.push_back(need);
        }
    }
    return out;
}

}  // namespace nndf
