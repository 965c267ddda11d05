// Writes JSON text value by value, laid out as Python's json.dump(obj,
// indent=N) lays it out (py_json.h spells the values), with no document
// built first: the result document is printed this way. OJsonBuilder has
// the same calls and builds an OJson instead, so that one description of a
// document (a function template over the two) gives both.
#pragma once

#include <charconv>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/formats/py_json.h"

namespace nndf {

class PyJsonWriter {
  public:
    /// indent < 0: all on one line (", " between items).
    explicit PyJsonWriter(int indent = 2) : indent_(indent) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    /// The key of the next value, inside an object.
    void key(std::string_view k);
    /// A bool, an int (Python int) or a floating-point number (Python float).
    template <typename T>
    std::enable_if_t<std::is_arithmetic_v<T>> value(T v) {
        before_value();
        if constexpr (std::is_same_v<T, bool>) {
            out_ += v ? "true" : "false";
        } else if constexpr (std::is_floating_point_v<T>) {
            append_py_float(out_, static_cast<double>(v));
        } else {
            char buf[24];
            out_.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
        }
    }
    void value(std::string_view s);
    void value(const char* s) { value(std::string_view(s)); }
    void null_value();

    /// The text written so far.
    const std::string& text() const { return out_; }
    std::string take() { return std::move(out_); }

  private:
    void before_value();
    void open(char bracket);
    void close(char bracket);
    void newline(size_t level);

    std::string out_;
    int indent_;
    std::vector<int> counts_;  ///< Items so far in each open container.
    bool after_key_ = false;
};

/// Builds an OJson with PyJsonWriter's calls.
class OJsonBuilder {
  public:
    void begin_object() { open(OJson::object()); }
    void end_object() { stack_.pop_back(); }
    void begin_array() { open(OJson::array()); }
    void end_array() { stack_.pop_back(); }
    void key(std::string_view k) { key_ = k; }
    template <typename T>
    std::enable_if_t<std::is_arithmetic_v<T>> value(T v) {
        put(OJson(v));
    }
    void value(std::string_view s) { put(OJson(std::string(s))); }
    void value(const char* s) { put(OJson(s)); }
    void null_value() { put(OJson(nullptr)); }

    OJson take() { return std::move(root_); }

  private:
    OJson* put(OJson v);
    void open(OJson container) { stack_.push_back(put(std::move(container))); }

    OJson root_;
    /// The open containers, innermost last. Only the innermost grows, so
    /// pointers to the outer ones stay valid.
    std::vector<OJson*> stack_;
    std::string key_;
};

/// The OJson that `write(builder)` describes.
template <typename Write>
OJson build_ojson(Write&& write) {
    OJsonBuilder b;
    write(b);
    return b.take();
}

}  // namespace nndf
