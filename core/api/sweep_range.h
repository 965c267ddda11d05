// An axis's range (docs/sweep.md) as its list of values: `steps` values from
// `from` to `to`, spaced evenly (linear) or by a constant ratio (geometric),
// or `from`, `from`*`times`, ... up to `to`. Values are rounded to the
// field's kind: whole numbers for an integer field (repeats that rounding
// makes are dropped), 12 significant digits for a number field, so that a
// range of 0.1 to 0.5 gives 0.3 and not 0.30000000000000004.
#pragma once

#include <vector>

#include "core/api/run_schema.h"

namespace nndf {

/// The values of `range` (the axis's "range" object) for `field`, in JSON
/// form, not yet checked against the field's bounds. InputError at `path`
/// (e.g. `axes[1].range`) for a malformed or empty range, or a range on a
/// field that is not a number.
std::vector<OJson> range_values(const RunField& field, const OJson& range, const std::string& path);

}  // namespace nndf
