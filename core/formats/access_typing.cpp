#include "core/formats/access_typing.h"

#include "core/util/error.h"

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
    OJson rows = OJson::array();
    for (int m = 0; m < me::NUM; ++m) {
        OJson row = OJson::array();
        for (int d = 0; d < de::NUM; ++d) {
            if (!is_int[m][d]) {
                row.push_back(access[m][d]);
                continue;
            }
            NNDF_CHECK(access[m][d] == 0, "an access the reference holds as the int 0 is not 0");
            row.push_back(0);
        }
        rows.push_back(row);
    }
    return rows;
}

}  // namespace nndf
