// `nndf search`: placeholder until the search lands (issue 3).
#include "cli/commands.h"
#include "core/error.h"

namespace nndf::cli {

int cmd_search(const std::vector<std::string>&) {
    throw InputError("search", "not yet supported");
}

}  // namespace nndf::cli
