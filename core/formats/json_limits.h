// The limits of every JSON text the engine reads (parse_json_text,
// py_json_reader.cpp; docs/run-config.md, "Input limits").
#pragma once

#include <cstddef>

namespace nndf {

/// The largest JSON text read (a result of the largest network is about
/// 100 MB, docs/scaling.md): `nndf layers /dev/zero` must end, not fill memory.
constexpr size_t kMaxJsonTextBytes = size_t{256} << 20;
/// The deepest nesting of lists and objects read. Our formats need fewer than
/// 10 levels; the limit is checked before parsing, so 100,000 `[` cannot
/// exhaust the stack of any code that walks the document (wasm has only a
/// small one).
constexpr int kMaxJsonDepth = 64;

}  // namespace nndf
