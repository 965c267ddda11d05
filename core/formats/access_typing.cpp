#include "core/formats/access_typing.h"

namespace nndf {

AccessIntMask access_int_entries(bool local_region, std::array<bool, 2> is_dram) {
    AccessIntMask m{};
    m[me::GBUF][de::FIL] = local_region;
    m[me::ITCN][de::FIL] = local_region;
    m[me::DRAM][de::IFM] = !is_dram[0];
    m[me::DRAM][de::OFM] = !is_dram[1];
    return m;
}

OJson access_json(const AccessMatrix& access, const AccessIntMask& is_int) {
    return build_ojson([&](OJsonBuilder& b) { write_access(b, access, is_int); });
}

}  // namespace nndf
