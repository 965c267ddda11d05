#include "core/util/error.h"

namespace nndf::detail {

void fail_check(const char* cond, const char* file, int line, const std::string& msg) {
    std::ostringstream os;
    os << "internal error: " << msg << " (" << cond << " at " << file << ":" << line << ")";
    throw InternalError(os.str());
}

}  // namespace nndf::detail
