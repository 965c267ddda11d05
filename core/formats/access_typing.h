// The reference writes a layer's `access` matrix with mixed Python types:
// most entries are floats, a few are the int 0, and json.dump spells them `0`
// and `0.0`. Which ones are ints follows from the layer's family and from
// where its data live, so it is derived here when the document is written
// instead of being tracked through the search. Reasons and the typing of
// every other field: docs/result-format.md.
#pragma once

#include <array>

#include "core/formats/py_json.h"
#include "core/model/enums.h"

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

/// `access` as JSON, the masked entries as ints (they must be exact zeros).
OJson access_json(const AccessMatrix& access, const AccessIntMask& is_int);

}  // namespace nndf
