#include "core/model/cost.h"

#include <cmath>

#include "core/util/error.h"

namespace nndf {

void Cost::validate() const {
    auto check = [](double v, const char* field) {
        NNDF_CHECK(std::isfinite(v) && v >= 0, field << ": must be a finite non-negative number");
    };
    check(mac_op, "mac_op");
    for (int i = 0; i < me::NUM; ++i) {
        static const char* names[] = {"mem_hier[0]", "mem_hier[1]", "mem_hier[2]", "mem_hier[3]"};
        check(mem_hier[i], names[i]);
    }
    check(noc_hop, "noc_hop");
    check(idl_unit, "idl_unit");
}

}  // namespace nndf
