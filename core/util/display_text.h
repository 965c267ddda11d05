// Text from a person's file (a layer's name, a value) as it may appear in a
// message or a table: one line, no control characters a terminal would act
// on, and a bounded length, so a name with ESC, NUL or a newline, or a name
// of a megabyte, cannot rewrite the terminal, split an error over lines or
// make a 2 MB error line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace nndf {

/// The longest text a message quotes before it shortens it.
constexpr size_t kMaxDisplayBytes = 80;

/// `s` with control characters escaped as in JSON (\n, \t, \u001b; C1 controls
/// too), shortened to `max_bytes` (on a character boundary) followed by
/// "...[N bytes]" when longer.
std::string display_text(std::string_view s, size_t max_bytes = kMaxDisplayBytes);

}  // namespace nndf
