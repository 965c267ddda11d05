// Two kinds of failure, kept apart as in Halide's Error.h: a user's bad input
// (named field, readable message) and a broken invariant inside the engine.
//
// Which one to throw depends on whose value is wrong, not on where the check
// sits:
// - InputError when a person wrote the value: a network file's layer fields
//   and its structure (Layer's named constructors, Network::add/add_ext), a
//   run's fields (flags, run documents, the page's form), a PE array too large
//   for a layer, a result document read back (result_reader.cpp). It names the
//   field, so the person can fix it.
// - An internal error (NNDF_CHECK, NNDF_FAIL) when the engine made the value:
//   value types the search builds itself (ranges, layouts, partitions, node
//   regions, constraints), lookups the search does by names it took from the
//   network, internal parameters. A failure there is a bug, and it says so.
// Code that takes a person's value into an engine type validates it first and
// throws InputError, so a damaged file never reaches an internal check.
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

/// A broken invariant: a bug in the engine, never the user's fault. what() is
/// one line that says what broke, that it is a bug and how to report it, then
/// the details (the failed condition and its source line).
class InternalError : public std::logic_error {
  public:
    InternalError(const std::string& problem, const std::string& details);
    /// What broke, in the engine's words.
    const std::string& problem() const { return problem_; }
    /// The failed condition and where it is checked (`cond at file:line`).
    const std::string& details() const { return details_; }
    /// what() without the details: for a page that shows no source paths.
    std::string summary() const;

  private:
    std::string problem_;
    std::string details_;
};

namespace detail {
[[noreturn]] void fail_check(const char* cond, const char* file, int line, const std::string& msg);
}  // namespace detail

}  // namespace nndf

/// Checks an invariant of the engine; a failure is a bug (InternalError).
/// `msg` is streamed (`"bad size " << n`), so it costs nothing unless it fails.
#define NNDF_CHECK(cond, msg)                                                            \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            std::ostringstream nndf_check_os_;                                           \
            nndf_check_os_ << msg;                                                       \
            ::nndf::detail::fail_check(#cond, __FILE__, __LINE__, nndf_check_os_.str()); \
        }                                                                                \
    } while (0)

/// A bug found where no single condition states it (e.g. a lookup that fell
/// through): fails like NNDF_CHECK.
#define NNDF_FAIL(msg)                                                                 \
    do {                                                                               \
        std::ostringstream nndf_check_os_;                                             \
        nndf_check_os_ << msg;                                                         \
        ::nndf::detail::fail_check(nullptr, __FILE__, __LINE__, nndf_check_os_.str()); \
    } while (0)
