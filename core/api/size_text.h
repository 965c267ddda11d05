// Sizes as people write them: `131072`, `128kB`, `128 kB`, `1 MiB`. The one
// definition of the units for the CLI and run documents (the page follows
// the same table, docs/run-config.md "Sizes"): binary multiples whatever the
// spelling, as the papers' sizes are (Eyeriss's 108 kB is 110592 B).
#pragma once

#include <string>
#include <string_view>

#include "core/util/math_util.h"

namespace nndf {

/// The unit suffixes a size accepts and what they mean, for help texts.
extern const char* const kSizeUnitsHelp;

/// Reads a size: decimal digits with an optional fraction, optional spaces,
/// then an optional unit, case-insensitive: B; k, kB, KiB (1024); M, MB, MiB
/// (1024^2); G, GB, GiB (1024^3). The bytes must be whole. Throws InputError
/// at `path`.
i64 parse_size_text(std::string_view text, const std::string& path);

}  // namespace nndf
