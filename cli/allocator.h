// How the tool asks the C library's allocator to grow.
#pragma once

namespace nndf::cli {

/// Lets each of glibc's per-thread heaps grow in steps of megabytes, not
/// pages. Called once, before any thread starts.
void tune_allocator();

}  // namespace nndf::cli
