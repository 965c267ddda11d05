#include "core/model/resource.h"

#include <cmath>

#include "core/util/error.h"

namespace nndf {

void Resource::validate() const {
    if (proc_region.type != NodeRegion::PROC) {
        throw InputError("proc_region", "must have type PROC");
    }
    if (dram_region.type != NodeRegion::DRAM) {
        throw InputError("dram_region", "must have type DRAM");
    }
    if (!std::isinf(array_bus_width) && array_bus_width != std::floor(array_bus_width)) {
        throw InputError("array_bus_width", "must be an integer or infinity");
    }
    if (!(array_bus_width > 0)) throw InputError("array_bus_width", "must be positive");
    if (!(dram_bandwidth > 0)) throw InputError("dram_bandwidth", "must be positive");
}

}  // namespace nndf
