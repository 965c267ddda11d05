#pragma once

namespace nndf {

/// This tool's version.
constexpr const char* kVersion = "0.1.0";
/// The reference version whose results we reproduce.
constexpr const char* kReferenceVersion = "2.1";

}  // namespace nndf
