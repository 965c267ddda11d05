// Reading back what a result document (result_json.h) records of the
// conditions it was searched under: the resource, the cost model, the search
// options, and the data layouts of the input and of every layer's ofmaps.
// With these a layer's search can be run again exactly as the whole search
// ran it (core/api/alternatives.h), from the result file alone. A malformed
// field is the reader's input error, naming its JSON path.
#pragma once

#include <string>

#include "core/formats/py_json.h"
#include "core/model/cost.h"
#include "core/model/data_layout.h"
#include "core/model/option.h"
#include "core/model/resource.h"

namespace nndf {

/// The result's `resource`.
Resource read_result_resource(const OJson& result);
/// The result's `cost`.
Cost read_result_cost(const OJson& result);
/// The result's `options`.
Option read_result_options(const OJson& result);
/// A data layout as result_json writes it: [frngs, regions, parts].
DataLayout read_data_layout(const OJson& j, const std::string& path);

}  // namespace nndf
