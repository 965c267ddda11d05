#include "core/model/resource.h"

#include <cmath>

#include "core/util/error.h"

namespace nndf {

void Resource::validate() const {
    NNDF_CHECK(proc_region.type == NodeRegion::PROC, "proc_region: must have type PROC");
    NNDF_CHECK(dram_region.type == NodeRegion::DRAM, "dram_region: must have type DRAM");
    NNDF_CHECK(std::isinf(array_bus_width) || array_bus_width == std::floor(array_bus_width),
               "array_bus_width: must be an integer or infinity");
    NNDF_CHECK(array_bus_width > 0, "array_bus_width: must be positive");
    NNDF_CHECK(dram_bandwidth > 0, "dram_bandwidth: must be positive");
}

}  // namespace nndf
