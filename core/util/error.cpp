#include "core/util/error.h"

namespace nndf {

namespace {

/// How to report a bug; said after every internal error.
const char* const kReportBug =
    "This is a bug in nndf; please report it with the command or run document that caused it";

/// One line: a message with newlines would break the CLI's one-line report.
std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

}  // namespace

InternalError::InternalError(const std::string& problem, const std::string& details)
    : std::logic_error(one_line("internal error: " + problem + ". " + kReportBug +
                                (details.empty() ? "" : " (details: " + details + ")"))),
      problem_(one_line(problem)),
      details_(one_line(details)) {}

std::string InternalError::summary() const {
    return "internal error: " + problem_ + ". " + kReportBug + ".";
}

namespace detail {

void fail_check(const char* cond, const char* file, int line, const std::string& msg) {
    std::ostringstream where;
    if (cond) where << cond << " at ";
    where << file << ":" << line;
    throw InternalError(msg, where.str());
}

}  // namespace detail

}  // namespace nndf
