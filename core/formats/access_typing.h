// The reference writes a layer's `access` matrix with mixed Python types:
// most entries are floats, a few are the int 0, and json.dump spells them `0`
// and `0.0`. Which ones are ints follows from the layer's family and from
// where its data live, so it is derived here when the document is written
// instead of being tracked through the search. Reasons and the typing of
// every other field: docs/result-format.md.
#pragma once

#include <array>

#include "core/formats/py_json.h"
#include "core/formats/py_json_writer.h"
#include "core/model/enums.h"
#include "core/util/error.h"

namespace nndf {

using AccessMatrix = std::array<std::array<double, de::NUM>, me::NUM>;
using AccessIntMask = std::array<std::array<bool, de::NUM>, me::NUM>;

/// The entries [memory level][data category] the reference holds as the int 0:
/// - GBUF and ITCN filters of a local-region layer (pooling, eltwise):
///   its unit access there is the int product 0 * 0 * prod([]), and the
///   later factors (loop counts, fetches, the stored-in-gbuf bool, node
///   count) are ints too. Its REGF filter access is a float (0 times the
///   float occupancies), and its DRAM one too (true division).
/// - DRAM ifmaps when the source data are not in DRAM, DRAM ofmaps when the
///   destination is not (`is_dram` = {src, dst}): the reference overwrites
///   the access with the literal 0 after moving it to remote GBUF accesses.
AccessIntMask access_int_entries(bool local_region, std::array<bool, 2> is_dram);

/// Writes `access` with a py_json_writer.h writer, the masked entries as
/// ints (they must be exact zeros).
template <typename W>
void write_access(W& w, const AccessMatrix& access, const AccessIntMask& is_int) {
    w.begin_array();
    for (int m = 0; m < me::NUM; ++m) {
        w.begin_array();
        for (int d = 0; d < de::NUM; ++d) {
            if (!is_int[m][d]) {
                w.value(access[m][d]);
                continue;
            }
            NNDF_CHECK(access[m][d] == 0, "an access the reference holds as the int 0 is not 0");
            w.value(0);
        }
        w.end_array();
    }
    w.end_array();
}

/// `access` as JSON (write_access).
OJson access_json(const AccessMatrix& access, const AccessIntMask& is_int);

}  // namespace nndf
