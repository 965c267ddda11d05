// Two kinds of failure, kept apart as in Halide's Error.h: a user's bad input
// (named field, readable message) and a broken invariant inside the engine.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

namespace nndf {

/// Bad input from a person: a file, a flag or a form field. `path` names the
/// field (a JSON path like `layers[3].nofm` or a flag like `--batch`).
class InputError : public std::runtime_error {
  public:
    InputError(std::string path, const std::string& message)
        : std::runtime_error(path.empty() ? message : path + ": " + message),
          path_(std::move(path)),
          message_(message) {}
    /// The field the error is about; empty if it is about the whole input.
    const std::string& path() const { return path_; }
    /// The problem, without the path.
    const std::string& message() const { return message_; }
    /// The same error, located under an outer field (`outer.path`).
    InputError nested(const std::string& outer) const {
        if (path_.empty()) return InputError(outer, message_);
        bool index = !path_.empty() && path_[0] == '[';
        return InputError(outer + (index ? "" : ".") + path_, message_);
    }

  private:
    std::string path_;
    std::string message_;
};

/// A broken invariant: a bug in the engine, never the user's fault.
class InternalError : public std::logic_error {
  public:
    using std::logic_error::logic_error;
};

namespace detail {
[[noreturn]] void fail_check(const char* cond, const char* file, int line, const std::string& msg);
}  // namespace detail

}  // namespace nndf

/// Checks an invariant of the engine; a failure is a bug (InternalError).
#define NNDF_CHECK(cond, msg)                                                            \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            std::ostringstream nndf_check_os_;                                           \
            nndf_check_os_ << msg;                                                       \
            ::nndf::detail::fail_check(#cond, __FILE__, __LINE__, nndf_check_os_.str()); \
        }                                                                                \
    } while (0)
